use super::*;
use crate::domain::device::Presence;
use crate::domain::firmware::FirmwareList;
use crate::testing::wire;

fn fleet() -> Vec<FleetDevice> {
    let mut offline = FleetDevice::from_wire(&wire("A3X", 1, 770, "B", "1.5.178"));
    offline.presence = Presence::Offline;
    vec![
        FleetDevice::from_wire(&wire("A3Y", 1, 770, "A", "1.5.79")),
        offline,
        FleetDevice::from_wire(&wire("B1Z", 2, 800, "A", "2.2.8")),
    ]
}

#[test]
fn text_matches_serial_or_name_case_insensitively() {
    let devices = fleet();
    let filter = FleetFilter { text: "a3".into(), ..FleetFilter::default() };
    assert_eq!(
        shown(&devices, &filter, Sort::default(), &FilterContext::default()),
        [1, 0],
        "by serial number"
    );
    let filter = FleetFilter { text: "MODEL 800".into(), ..FleetFilter::default() };
    assert_eq!(shown(&devices, &filter, Sort::default(), &FilterContext::default()), [2]);
}

#[test]
fn letters_beyond_ascii_match_as_typed_and_a_to_z_in_either_case() {
    assert!(contains_folded("Bühne Nord", b"b\xc3\xbchne"));
    assert!(contains_folded("Bühne Nord", "NORD".as_bytes()));
    assert!(contains_folded("Bühne Nord", b""));
    assert!(!contains_folded("bühne", "BÜHNE".as_bytes()));
    assert!(!contains_folded("Bühne", b"hx"));
}

#[test]
fn facets_and_online_only_narrow_the_rows() {
    let devices = fleet();
    let filter =
        FleetFilter { hardware: Some("A".into()), online_only: true, ..FleetFilter::default() };
    assert_eq!(shown(&devices, &filter, Sort::default(), &FilterContext::default()), [0, 2]);
    let filter = FleetFilter { family: Some(1), online_only: true, ..FleetFilter::default() };
    assert_eq!(shown(&devices, &filter, Sort::default(), &FilterContext::default()), [0]);
}

#[test]
fn firmware_sorts_by_version_and_flips() {
    let devices = fleet();
    let sort = Sort::default().toggled(Column::Firmware);
    let none = FilterContext::default();
    assert_eq!(shown(&devices, &FleetFilter::default(), sort, &none), [0, 1, 2]);
    assert_eq!(
        shown(&devices, &FleetFilter::default(), sort.toggled(Column::Firmware), &none),
        [2, 1, 0]
    );
}

#[test]
fn group_takes_its_subgroups_and_behind_needs_the_firmware_list() {
    let mut devices = fleet();
    devices[0].group = 5;
    devices[1].group = 9;
    devices[2].group = 2;
    let tree: Vec<sc_wire::Group> = serde_json::from_value(serde_json::json!([
        {"id": 5, "name": "North", "childs": [{"id": 9, "name": "Stage"}]},
        {"id": 2, "name": "Studios"}
    ]))
    .unwrap();
    let mut context = FilterContext { groups: Groups::from_wire(&tree), releases: None };
    let north = FleetFilter { group: Some(5), ..FleetFilter::default() };
    assert_eq!(shown(&devices, &north, Sort::default(), &context), [1, 0]);
    let behind = FleetFilter { release: Some(ReleaseFilter::Behind), ..FleetFilter::default() };
    assert!(shown(&devices, &behind, Sort::default(), &context).is_empty());
    let list = FirmwareList::from_wire(
        &serde_json::from_value::<Vec<sc_wire::Firmware>>(serde_json::json!([
            {"id": 1, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1,
             "minor-ver": 5, "build-number": 178, "firmware-id": 0},
            {"id": 2, "product-id": 770, "hardware-ver": "B", "marjor-ver": 1,
             "minor-ver": 6, "build-number": 0, "firmware-id": 1}
        ]))
        .unwrap(),
    );
    context.releases = Some(Releases::of(&list));
    assert_eq!(
        shown(&devices, &behind, Sort::default(), &context),
        [0],
        "770/A on 1.5.79 is behind 1.5.178; a test build is not a release"
    );
    let by_group = Sort::default().toggled(Column::Group);
    assert_eq!(
        shown(&devices, &FleetFilter::default(), by_group, &context),
        [0, 1, 2],
        "North, North / Stage, Studios"
    );
}

#[test]
fn facets_list_what_the_fleet_has() {
    let facets = Facets::of(&fleet(), &FacetScope { family: Some(1), ..FacetScope::default() });
    assert_eq!(facets.families.len(), 2);
    assert_eq!(facets.models.keys().copied().collect::<Vec<_>>(), [770]);
    assert_eq!(facets.hardware, ["A", "B"]);
    assert_eq!(facets.firmware, ["1.5.178", "1.5.79"], "the family's versions only");
    let all = Facets::of(&fleet(), &FacetScope::default());
    assert_eq!(all.firmware, ["2.2.8", "1.5.178", "1.5.79"]);
    let hardware_a = FacetScope { model: Some(770), hardware: Some("A".into()), family: None };
    assert_eq!(Facets::of(&fleet(), &hardware_a).firmware, ["1.5.79"]);
}

/// The hand-written search against a model: ASCII case folding of both sides, then
/// `str::contains` (natively: proptest needs an OS random source).
#[cfg(not(target_arch = "wasm32"))]
mod against_a_model {
    use proptest::prelude::*;

    use super::super::contains_folded;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[a-zA-Z0-9 äÄüÜßé-]{0,12}",]
    }

    proptest! {
        #[test]
        fn search_is_ascii_case_folding_and_nothing_else(haystack in text(), needle in text()) {
            let model = haystack
                .to_ascii_lowercase()
                .contains(&needle.to_ascii_lowercase());
            prop_assert_eq!(contains_folded(&haystack, needle.as_bytes()), model);
        }

        #[test]
        fn a_part_of_a_name_typed_in_any_ascii_case_finds_it(
            haystack in text(),
            from in 0usize..12,
            len in 0usize..6,
            upper in any::<bool>(),
        ) {
            let chars: Vec<char> = haystack.chars().collect();
            let from = from.min(chars.len());
            let part: String = chars[from..(from + len).min(chars.len())].iter().collect();
            let typed = if upper { part.to_ascii_uppercase() } else { part.to_ascii_lowercase() };
            prop_assert!(contains_folded(&haystack, typed.as_bytes()));
        }
    }
}

#[test]
fn condition_and_firmware_narrow_the_fleet_as_the_overview_counts_them() {
    let mut devices = fleet();
    devices[2].no_signal = true;
    let context = FilterContext::default();
    let only = |filter: FleetFilter| shown(&devices, &filter, Sort::default(), &context);
    let offline = FleetFilter { condition: Some(Condition::Offline), ..FleetFilter::default() };
    assert_eq!(only(offline), [1]);
    let warning = FleetFilter { condition: Some(Condition::Warning), ..FleetFilter::default() };
    assert_eq!(only(warning), [2]);
    let on = FleetFilter { firmware: Some("1.5.79".into()), ..FleetFilter::default() };
    assert_eq!(only(on), [0]);
    let newest = FleetFilter { release: Some(ReleaseFilter::Newest), ..FleetFilter::default() };
    assert!(only(newest).is_empty(), "no standing is known before the firmware list is read");
}
