use super::*;
use crate::domain::device::Presence;
use crate::domain::releases::Standing;
use crate::testing::{device, library};

/// The library holds 1.5.79 and 1.5.178 for 770/A (and the test build 1.6.0), 1.6.12 for
/// 770/B, 1.5.178 for 771/A.
#[test]
fn each_model_and_hardware_counts_its_devices_on_behind_and_ahead_of_the_newest_release() {
    let mut offline = device("A5", 770, "A", "1.5.178");
    offline.presence = Presence::Offline;
    let fleet = vec![
        device("A1", 770, "A", "1.5.178"),
        device("A2", 770, "A", "1.5.79"),
        device("A3", 770, "A", "1.4.120"),
        device("A4", 770, "A", "1.6.0"),
        offline,
        device("A6", 770, "A", "not a version"),
        device("B1", 770, "B", "1.6.12"),
        device("Z1", 999, "A", "1.0.0"),
    ];
    let overview = Overview::of(&fleet, &library());
    assert_eq!(overview.devices, 8);
    let keys = &overview.families[0].keys;
    let a = keys.iter().find(|k| k.key.model == 770 && k.key.hardware == "A").expect("770/A");
    assert_eq!(a.newest.map(|v| v.to_string()).as_deref(), Some("1.5.178"));
    assert_eq!(a.devices, 6);
    assert_eq!(a.on_newest, 2);
    assert_eq!(
        a.behind,
        BTreeMap::from([(1, 1), (2, 1)]),
        "1.5.79 one release behind, 1.4.120 two"
    );
    assert_eq!(a.test_build, 1);
    assert_eq!(a.unknown, 1, "a version that is not one is not counted behind");
    assert_eq!(a.offline, 1);
    // Newest first, each with its standing: its colour, the same in every row.
    assert_eq!(a.versions[0], ("1.6.0".to_string(), 1, Standing::TestBuild), "newest first");
    assert_eq!(a.versions[1], ("1.5.178".to_string(), 2, Standing::Newest));
    assert_eq!(a.versions[2].2.shade(), "behind-1");
    assert_eq!(a.versions[3].2.shade(), "behind-2");
    let last = a.versions.last().expect("a version");
    assert_eq!((last.0.as_str(), last.2.shade()), ("not a version", "unknown"));
    assert!(!a.not_comparable());
    assert_eq!(a.devices, a.on_newest + a.behind_total() + a.test_build + a.unknown);
    let z = keys.iter().find(|k| k.key.model == 999).expect("a model without firmware");
    assert_eq!((z.newest, z.unknown), (None, 1), "nothing to compare with");
    assert!(z.not_comparable(), "said, rather than 0 on it and 0 behind");
}

#[test]
fn compliance_is_the_share_on_the_newest_of_those_that_can_be_compared() {
    assert_eq!(Overview::default().compliance_permille(), None);
    let fleet = vec![
        device("A1", 770, "A", "1.5.178"),
        device("A2", 770, "A", "1.5.79"),
        device("A3", 770, "A", "1.5.79"),
        device("A4", 770, "A", "garbled"),
    ];
    assert_eq!(Overview::of(&fleet, &library()).compliance_permille(), Some(333));
}

#[test]
fn the_overview_exports_one_row_per_model_and_hardware_with_the_same_numbers() {
    let fleet = vec![
        device("A1", 770, "A", "1.5.178"),
        device("A2", 770, "A", "1.4.0"),
        device("B1", 770, "B", "=1.6.12"),
    ];
    let overview = Overview::of(&fleet, &library());
    let text = crate::domain::export::overview_csv(&overview);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!((&a[1], &a[2], &a[4], &a[5], &a[6], &a[7]), ("770", "A", "2", "1.5.178", "1", "1"));
    assert_eq!(&a[8], "2:1", "1.4.0 is two releases behind");
    assert_eq!(&rows[1][14], "'=1.6.12:1", "Cloud text neutralised for spreadsheets");
}

#[test]
fn the_unreported_states_it_says_are_those_of_the_fleet() {
    use crate::domain::device::{OnAir, Unreported};
    let mut air = device("A1", 770, "A", "1.5.178");
    air.on_air = Some(OnAir::Unknown);
    let mut online = device("A2", 771, "A", "1.5.178");
    online.presence = Presence::Unknown;
    let fleet = vec![air, online, device("A3", 770, "A", "1.5.79")];
    let overview = Overview::of(&fleet, &library());
    assert_eq!(overview.unreported(), Unreported::of(&fleet));
    assert_eq!(overview.unreported(), Unreported { on_air: 1, online: 1 });
}
