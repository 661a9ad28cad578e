use super::*;
use crate::domain::attempt::{Attempt, Attempts, Outcome};
use crate::domain::device::Presence;
use crate::domain::tracking::Tracked;
use crate::domain::version::Version;

#[test]
fn a_typed_deadline_is_whole_seconds_never_below_the_minimum() {
    assert_eq!(read_deadline(" 120 "), Some(120));
    assert_eq!(read_deadline("1"), Some(MIN_DEADLINE_SECS));
    assert_eq!(read_deadline("ten"), None);
    assert_eq!(read_deadline("-3"), None);
}

use crate::domain::device::Activity;
use crate::domain::firmware::FirmwareRef;
use crate::testing::wire;

pub(super) fn dev(sn: &str, hw: &str, fw: &str) -> FleetDevice {
    FleetDevice::from_wire(&wire(sn, 1, 770, hw, fw))
}

fn firmware(v: &str, test: bool) -> FirmwareEntry {
    FirmwareEntry {
        reference: FirmwareRef(21),
        version: Version::parse(v).unwrap(),
        is_test_build: test,
        uploaded: 0,
        model: 770,
        hardware: "A".into(),
    }
}

#[test]
fn a_retry_carries_the_earlier_attempts_of_the_devices_it_sends_only() {
    let fleet = [dev("A", "A", "1.5.79"), dev("B", "A", "1.5.178")];
    let mut selection = Selection::default();
    for d in &fleet {
        selection.toggle(d).unwrap();
    }
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let plan = BatchPlan::new(&selection, find, &firmware("1.5.178", false)).unwrap();
    let attempt = |state| Attempt {
        run: Some(1),
        campaign: None,
        target: Some(Version::parse("1.5.178").unwrap()),
        outcome: Outcome::Ended(state),
    };
    let earlier = Attempts::from([
        ("A".to_string(), vec![attempt(Tracked::TimedOut)]),
        ("B".to_string(), vec![attempt(Tracked::Lost)]),
        ("Z".to_string(), vec![attempt(Tracked::TimedOut)]),
    ]);
    assert_eq!(
        plan.earlier_attempts(&earlier),
        Attempts::from([("A".to_string(), vec![attempt(Tracked::TimedOut)])]),
        "B is already on the target, Z is not in the plan"
    );
}

/// Devices A (idle), B (`b`) and C (`c`) of one key on 1.5.79, all three selected.
fn selected_on_air(
    b: crate::domain::device::OnAir,
    c: crate::domain::device::OnAir,
) -> ([FleetDevice; 3], Selection) {
    let mut fleet = [dev("A", "A", "1.5.79"), dev("B", "A", "1.5.79"), dev("C", "A", "1.5.79")];
    (fleet[1].on_air, fleet[2].on_air) = (Some(b), Some(c));
    let mut selection = Selection::default();
    for d in &fleet {
        selection.toggle(d).unwrap();
    }
    (fleet, selection)
}

#[test]
fn on_air_devices_are_left_out_unless_included_and_only_those_included() {
    use crate::domain::device::OnAir;
    let (fleet, selection) = selected_on_air(OnAir::Live, OnAir::Recording);
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let target = firmware("1.5.178", false);
    let plan = BatchPlan::new(&selection, find, &target).unwrap();
    assert_eq!(plan.request().sn, ["A"]);
    assert_eq!(plan.on_air_left_out(), BTreeSet::from(["B".into(), "C".into()]));
    // "I understand" for B only (C went on air after the review): C stays out.
    let included = BTreeSet::from(["B".to_string()]);
    let plan = BatchPlan::with_on_air(&selection, find, &target, &included).unwrap();
    assert_eq!(plan.request().sn, ["A", "B"]);
    assert_eq!(plan.left_out, [("C".to_string(), LeftOut::OnAir)]);
    assert_eq!(plan.on_air_included(), included);
    // Every device on air, none included: nothing to send, each with its reason.
    let mut only_live = Selection::default();
    only_live.toggle(&fleet[1]).unwrap();
    assert_eq!(
        BatchPlan::new(&only_live, find, &target),
        Err(PlanError::NothingToSend { left_out: vec![("B".into(), LeftOut::OnAir)] })
    );
}

#[test]
fn a_device_whose_on_air_state_is_unknown_is_held_with_its_reason_until_included() {
    use crate::domain::device::OnAir;
    let (fleet, selection) = selected_on_air(OnAir::Unknown, OnAir::Live);
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let target = firmware("1.5.178", false);
    let plan = BatchPlan::new(&selection, find, &target).unwrap();
    assert_eq!(plan.request().sn, ["A"], "never sent as idle");
    assert_eq!(
        plan.left_out,
        [("B".to_string(), LeftOut::OnAirUnknown), ("C".to_string(), LeftOut::OnAir)]
    );
    assert_eq!(
        LeftOut::OnAirUnknown.to_string(),
        "on-air state unknown (the Cloud did not report it)"
    );
    assert_eq!(plan.on_air_left_out(), BTreeSet::from(["B".into(), "C".into()]));
    let included = BTreeSet::from(["B".to_string()]);
    let plan = BatchPlan::with_on_air(&selection, find, &target, &included).unwrap();
    assert_eq!(plan.request().sn, ["A", "B"], "exactly the one acknowledged");
    assert_eq!(plan.left_out, [("C".to_string(), LeftOut::OnAir)]);
}

#[test]
fn a_device_whose_online_state_is_unknown_is_left_out_saying_so_not_as_offline() {
    let mut unknown = dev("B", "A", "1.5.79");
    unknown.presence = Presence::Unknown;
    let fleet = [dev("A", "A", "1.5.79"), unknown];
    let mut selection = Selection::default();
    selection.toggle(&fleet[0]).unwrap();
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let plan = BatchPlan::for_key(
        &fleet[0].key,
        ["A", "B"],
        find,
        &firmware("1.5.178", false),
        OnAirRule::LeaveOut,
    )
    .unwrap();
    assert_eq!(plan.left_out, [("B".to_string(), LeftOut::OnlineUnknown)]);
    assert_eq!(
        LeftOut::OnlineUnknown.to_string(),
        "online state unknown (the Cloud did not report it)"
    );
}

#[test]
fn plan_leaves_out_offline_upgrading_and_already_current_devices() {
    let mut offline = dev("B", "A", "1.5.79");
    offline.presence = Presence::Offline;
    let mut busy = dev("C", "A", "1.5.79");
    busy.activity = Activity::Installing(2);
    let fleet = [dev("A", "A", "1.5.79"), offline, busy, dev("D", "A", "1.5.178")];
    let mut selection = Selection::default();
    for d in &fleet {
        selection.toggle(d).unwrap();
    }
    selection.toggle(&dev("E", "A", "1.5.79")).unwrap(); // not in the fleet any more
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let plan = BatchPlan::new(&selection, find, &firmware("1.5.178", false)).unwrap();
    assert_eq!(plan.request(), UpgradeStartRequest { sn: vec!["A".into()], firmware: 21 });
    assert_eq!(
        plan.left_out,
        [
            ("B".into(), LeftOut::Offline),
            ("C".into(), LeftOut::AlreadyUpgrading),
            ("D".into(), LeftOut::AlreadyOnTarget),
            ("E".into(), LeftOut::NotInFleet),
        ]
    );
    assert_eq!(plan.confirm_label(), "Upgrade 1 device to 1.5.178");
    assert!(plan.risks().is_empty());
}

#[test]
fn test_builds_and_downgrades_are_named_as_risks() {
    let fleet = [dev("A", "A", "1.5.79"), dev("B", "A", "1.6.0")];
    let mut selection = Selection::default();
    selection.select_all_compatible(&fleet);
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let plan = BatchPlan::new(&selection, find, &firmware("1.5.178", true)).unwrap();
    assert_eq!(plan.confirm_label(), "Upgrade 2 devices to 1.5.178");
    assert_eq!(
        plan.risks(),
        ["1.5.178 is a test build, not a release", "1 device to an older version than it now runs"]
    );
    assert_eq!(
        plan.from_versions().into_iter().collect::<Vec<_>>(),
        [("1.5.79".to_string(), 1), ("1.6.0".to_string(), 1)]
    );
}

#[test]
fn firmware_for_another_key_or_nothing_to_send_is_refused() {
    let fleet = [dev("A", "B", "1.5.79")];
    let mut selection = Selection::default();
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let fw = firmware("1.5.178", false);
    assert_eq!(BatchPlan::new(&selection, find, &fw), Err(PlanError::NothingSelected));
    selection.toggle(&fleet[0]).unwrap();
    assert_eq!(BatchPlan::new(&selection, find, &fw), Err(PlanError::FirmwareDoesNotFit));
}

#[test]
fn a_plan_that_cannot_send_says_why_for_each_device() {
    let mut offline = dev("B", "A", "1.5.79");
    offline.presence = Presence::Offline;
    let fleet = [dev("A", "A", "1.5.178"), offline, dev("C", "A", "1.5.178")];
    let mut selection = Selection::default();
    for d in &fleet {
        selection.toggle(d).unwrap();
    }
    let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
    let Err(PlanError::NothingToSend { left_out }) =
        BatchPlan::new(&selection, find, &firmware("1.5.178", false))
    else {
        panic!("nothing to send");
    };
    let groups = group_left_out(left_out.iter().map(|(sn, why)| (sn.clone(), why.to_string())));
    assert_eq!(left_out_summary(&groups), "2 × already on the target version · 1 × offline");
    assert_eq!(groups[0].sns, ["A", "C"]);
    assert_eq!(groups[1].sns, ["B"]);
}

#[test]
fn the_on_air_consent_names_devices_on_air_and_those_whose_state_is_unknown_apart() {
    let hold =
        AirHold::of([LeftOut::OnAir, LeftOut::OnAirUnknown, LeftOut::Offline, LeftOut::OnAir]);
    assert_eq!(hold, AirHold { on_air: 2, unknown: 1 });
    assert_eq!(
        hold.who(),
        "2 devices recording or streaming live and 1 whose on-air state the Cloud did not \
         report (possibly on air)"
    );
    assert_eq!(hold.consent(), "I understand: include the 3 devices on air or possibly on air");
    let live = AirHold { on_air: 1, unknown: 0 };
    assert_eq!(live.who(), "1 device recording or streaming live");
    assert_eq!(live.consent(), "I understand: include the 1 device on air");
    let unknown = AirHold { on_air: 0, unknown: 4 };
    assert_eq!(
        unknown.who(),
        "4 devices whose on-air state the Cloud did not report (possibly on air)"
    );
    assert_eq!(unknown.consent(), "I understand: include the 4 devices possibly on air");
}
