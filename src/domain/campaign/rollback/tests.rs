use super::*;
use crate::domain::call::CampaignCall;
use crate::testing::{device, firmware, started_run};

/// 770/A holds 1.5.79 and 1.5.178 (and the test build 1.6.0); 770/B holds 1.6.12 only.
fn cloud() -> FirmwareList {
    FirmwareList::from_wire(&[
        firmware(1, 770, "A", (1, 5, 79), false),
        firmware(2, 770, "A", (1, 5, 178), false),
        firmware(3, 770, "A", (1, 6, 0), true),
        firmware(4, 770, "B", (1, 6, 12), false),
    ])
}

/// After an upgrade: A1 and A2 on 1.5.178 (from 1.5.79 and 1.5.120), A3 on 1.5.178 (from
/// 1.5.79), B1 on 1.6.12 (from 1.5.120).
fn upgraded() -> (Vec<FleetDevice>, Rollback) {
    let fleet = vec![
        device("A1", 770, "A", "1.5.178"),
        device("A2", 770, "A", "1.5.178"),
        device("A3", 770, "A", "1.5.178"),
        device("B1", 770, "B", "1.6.12"),
    ];
    let from = [
        ("A1", "1.5.79"),
        ("A2", "1.5.120"),
        ("A3", "1.5.79"),
        ("B1", "1.5.120"),
        ("GONE", "1.5.79"),
    ]
    .map(|(sn, v)| (sn.to_string(), v.to_string()));
    (fleet, Rollback { undoes: Undoes::Campaign(1), from: BTreeMap::from(from) })
}

#[test]
fn devices_of_one_model_from_different_versions_become_separate_calls_each_one_model() {
    let (fleet, rollback) = upgraded();
    let planned = plan(&rollback, &fleet, &cloud(), &PlanChoices::default());
    let rows: Vec<(i64, &str, &str)> = planned
        .keys
        .iter()
        .map(|k| {
            (k.key.model, k.key.hardware.as_str(), k.way_back.as_ref().unwrap().wanted.as_str())
        })
        .collect();
    assert_eq!(rows, [(770, "A", "1.5.120"), (770, "A", "1.5.79"), (770, "B", "1.5.120")]);
    let back = &planned.keys[1];
    assert_eq!(back.target.as_ref().map(|t| t.version.to_string()).as_deref(), Some("1.5.79"));
    assert_eq!(back.included.iter().map(|d| d.sn.as_str()).collect::<Vec<_>>(), ["A1", "A3"]);
    assert!(!back.way_back.as_ref().unwrap().missing);
    assert_eq!(back.risks().len(), 1, "a downgrade, to acknowledge: {:?}", back.risks());
    // Canary first: one device of each row that sends anything, each call one row.
    assert_eq!(planned.waves[0], [(1, vec!["A1".to_string()])]);
    assert_eq!(planned.undoes, Some(Undoes::Campaign(1)));
    assert_eq!(planned.in_scope(), 4, "a device the fleet no longer lists is not planned");
}

#[test]
fn a_version_the_cloud_no_longer_holds_is_said_and_its_nearest_release_offered() {
    let (fleet, rollback) = upgraded();
    let planned = plan(&rollback, &fleet, &cloud(), &PlanChoices::default());
    let gone = &planned.keys[0];
    let way_back = gone.way_back.as_ref().unwrap();
    assert!(way_back.missing && gone.target.is_none());
    assert_eq!(way_back.nearest.as_ref().map(|n| n.version.to_string()).as_deref(), Some("1.5.79"));
    assert_eq!(
        gone.left_out,
        [("A2".to_string(), LeftOut::PreviousVersionGone)],
        "left out by default"
    );
    let b = &planned.keys[2];
    assert_eq!(
        b.way_back.as_ref().unwrap().nearest.as_ref().map(|n| n.version.to_string()).as_deref(),
        Some("1.6.12"),
        "nothing older: the oldest newer release"
    );

    let mut choices = PlanChoices::default();
    choices.nearest.insert((gone.key.clone(), "1.5.120".into()));
    let taken = plan(&rollback, &fleet, &cloud(), &choices);
    assert_eq!(
        taken.keys[0].target.as_ref().map(|t| t.version.to_string()).as_deref(),
        Some("1.5.79")
    );
    assert_eq!(taken.keys[0].included.len(), 1);
    assert_eq!(taken.keys[2].target, None, "only the row chosen takes its nearest");
}

#[test]
fn a_rollback_starts_from_what_each_device_ran_before_the_calls_it_undoes() {
    let mut first = started_run(1, &["A1", "A2"], 1_000);
    first.campaign = Some(CampaignCall { campaign: 4, wave: 0 });
    let mut retry = started_run(2, &["A2"], 2_000);
    retry.campaign = Some(CampaignCall { campaign: 4, wave: 1 });
    retry.sent[0].from = "1.5.150".into();
    let single = started_run(3, &["A1"], 3_000);
    let runs = vec![first, retry, single];
    let campaign = Rollback::of_campaign(4, &runs);
    assert_eq!(campaign.from.get("A2").map(String::as_str), Some("1.5.79"), "its first call's");
    assert_eq!(campaign.from.len(), 2);
    let one = Rollback::of_device("A1", &runs).expect("A1 was sent");
    assert_eq!(one.undoes, Undoes::Device { sn: "A1".into(), run: 3 }, "the latest call");
    assert_eq!(Rollback::of_run(&runs[1]).from.len(), 1);
    assert!(Rollback::of_device("nobody", &runs).is_none());
}

#[test]
fn a_version_whose_firmware_id_is_listed_twice_is_never_the_way_back() {
    let (fleet, rollback) = upgraded();
    // Id 1 (1.5.79 for 770/A) is also listed for another model's 3.5.0.
    let list = FirmwareList::from_wire(&[
        firmware(1, 770, "A", (1, 5, 79), false),
        firmware(1, 900, "A", (3, 5, 0), false),
        firmware(2, 770, "A", (1, 5, 178), false),
        firmware(4, 770, "B", (1, 6, 12), false),
    ]);
    let planned = plan(&rollback, &fleet, &list, &PlanChoices::default());
    let back = planned.keys.iter().find(|k| k.way_back.as_ref().unwrap().wanted == "1.5.79");
    let back = back.unwrap();
    assert_eq!(back.target, None, "id 1 never sent");
    assert!(back.way_back.as_ref().unwrap().ambiguous);
    assert!(back.left_out.iter().all(|(_, why)| *why == LeftOut::PreviousVersionAmbiguous));
    let sent: Vec<&String> = planned.waves.iter().flatten().flat_map(|(_, sns)| sns).collect();
    assert!(!sent.iter().any(|sn| *sn == "A1" || *sn == "A3"));
}

#[test]
fn the_button_names_the_version_and_says_this_device_for_one() {
    let (_, rollback) = upgraded();
    assert_eq!(rollback.button_text(), "Return these 5 devices to the versions they had…");
    let one = Rollback {
        undoes: Undoes::Device { sn: "A1".into(), run: 3 },
        from: BTreeMap::from([("A1".to_string(), "1.5.120".to_string())]),
    };
    assert_eq!(one.button_text(), "Return this device to 1.5.120…");
    let same = Rollback {
        undoes: Undoes::Run(2),
        from: BTreeMap::from(["A1", "A2"].map(|sn| (sn.to_string(), "1.5.79".to_string()))),
    };
    assert_eq!(same.button_text(), "Return these 2 devices to 1.5.79…");
}

#[test]
fn a_rollback_split_by_version_says_versions_not_pairs() {
    use crate::domain::campaign::{Campaign, CampaignContext};
    let (fleet, rollback) = upgraded();
    let planned = plan(&rollback, &fleet, &cloud(), &PlanChoices::default());
    let context = CampaignContext {
        id: 4,
        user: None,
        deadline_secs: 60,
        retry_of: None,
        earlier: BTreeMap::new(),
        now: 0,
    };
    // Only 1.5.79 is held: the rows that go back somewhere all go back to it.
    let campaign = Campaign::begin(&planned, context.clone());
    assert_eq!(
        campaign.title(),
        "Campaign 4 · rollback of campaign 1 · 4 devices · 2 model and hardware pairs · back to 1.5.79"
    );
    // With 1.5.120 held for 770/A too, one model and hardware goes back to two versions.
    let mut wire = vec![firmware(5, 770, "A", (1, 5, 120), false)];
    wire.extend([
        firmware(1, 770, "A", (1, 5, 79), false),
        firmware(2, 770, "A", (1, 5, 178), false),
        firmware(4, 770, "B", (1, 6, 12), false),
    ]);
    let planned = plan(&rollback, &fleet, &FirmwareList::from_wire(&wire), &PlanChoices::default());
    let campaign = Campaign::begin(&planned, context);
    assert_eq!(
        campaign.title(),
        "Campaign 4 · rollback of campaign 1 · 4 devices · 2 model and hardware pairs · back to 2 versions"
    );
}

#[test]
fn undoing_a_rollback_is_an_upgrade_with_no_downgrade_to_acknowledge() {
    // A rollback took A1 and A3 from 1.5.178 back to 1.5.79; its own way back returns them up.
    let fleet = vec![device("A1", 770, "A", "1.5.79"), device("A3", 770, "A", "1.5.79")];
    let from =
        [("A1", "1.5.178"), ("A3", "1.5.178")].map(|(sn, v)| (sn.to_string(), v.to_string()));
    let rollback = Rollback { undoes: Undoes::Campaign(2), from: BTreeMap::from(from) };
    let planned = plan(&rollback, &fleet, &cloud(), &PlanChoices::default());
    let row = &planned.keys[0];
    assert_eq!(row.target.as_ref().map(|t| t.version.to_string()).as_deref(), Some("1.5.178"));
    assert_eq!(row.changes().to_string(), "upgrades 2 · unchanged 0 · downgrades 0");
    assert!(planned.risks().is_empty(), "nothing to acknowledge: {:?}", planned.risks());
    assert_eq!(rollback.button_text(), "Return these 2 devices to 1.5.178…");
}
