//! How one device is followed to a verified end, tested natively over scripted polls.

use super::*;
use crate::testing::snapshot;

const DEADLINE: i64 = 60_000;

fn track() -> DeviceTrack {
    DeviceTrack::new("A1", "Ultra Stream HDMI", "1.5.79", 0, Version::new(1, 5, 178), 0)
}

/// Feeds snapshots one second apart and returns the states passed through.
fn run(track: &mut DeviceTrack, snapshots: &[Option<FleetDevice>]) -> Vec<Tracked> {
    for (i, snapshot) in snapshots.iter().enumerate() {
        track.observe(snapshot.as_ref(), (i as i64 + 1) * 1000, DEADLINE);
    }
    track.timeline.iter().map(|m| m.state.clone()).collect()
}

#[test]
fn results_come_first_and_filters_pick_a_kind_of_state() {
    let failed = Tracked::InstallFailed { code: 103, step: 3 };
    let busy = Tracked::Installing { step: 1 };
    assert!(failed.attention_rank() < busy.attention_rank());
    assert!(busy.attention_rank() < Tracked::Verified.attention_rank());
    assert_eq!(Tracked::Lost.attention_rank(), failed.attention_rank());
    let admitted = |filter: StateFilter| {
        [&failed, &busy, &Tracked::Verified, &Tracked::TimedOut]
            .into_iter()
            .filter(|s| filter.admits(s))
            .count()
    };
    assert_eq!(admitted(StateFilter::All), 4);
    assert_eq!(admitted(StateFilter::NeedsAttention), 2);
    assert_eq!(admitted(StateFilter::InProgress), 1);
    assert_eq!(admitted(StateFilter::Verified), 1);
}

#[test]
fn push_steps_reboot_then_verified() {
    let mut t = track();
    let states = run(
        &mut t,
        &[
            Some(snapshot("A1", true, None, 0, 0, "1.5.79")),
            Some(snapshot("A1", true, Some(30), 0, 0, "1.5.79")),
            Some(snapshot("A1", true, Some(100), 0, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 1, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 4, 0, "1.5.79")),
            Some(snapshot("A1", false, None, 4, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 0, 0, "1.5.178")),
        ],
    );
    assert_eq!(
        states,
        [
            Tracked::Waiting,
            Tracked::Pushing { percent: 100 },
            Tracked::Installing { step: 1 },
            Tracked::Installing { step: 4 },
            Tracked::Rebooting,
            Tracked::Verified,
        ]
    );
    assert_eq!(t.timeline[1].at, 3_000, "the push's moment is its latest reading");
    assert!(t.state.is_final());
}

#[test]
fn failure_at_a_step_is_reported_with_its_code() {
    let mut t = track();
    run(
        &mut t,
        &[
            Some(snapshot("A1", true, Some(50), 0, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 3, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 3, 103, "1.5.79")),
        ],
    );
    assert_eq!(t.state, Tracked::InstallFailed { code: 103, step: 3 });
    assert_eq!(t.state.to_string(), "install failed at step 3 (code 103)");
    assert_eq!(t.reached_percent(), 80, "the bar stops where the install did");
}

#[test]
fn back_online_on_the_old_version_is_a_failure() {
    let mut t = track();
    run(
        &mut t,
        &[
            Some(snapshot("A1", true, None, 2, 0, "1.5.79")),
            Some(snapshot("A1", false, None, 4, 0, "1.5.79")),
            Some(snapshot("A1", true, None, 0, 0, "1.5.79")),
        ],
    );
    assert_eq!(t.state, Tracked::WrongVersion { version: "1.5.79".into() });
}

#[test]
fn a_device_that_never_returns_is_lost_after_the_deadline() {
    let mut t = track();
    run(
        &mut t,
        &[
            Some(snapshot("A1", true, Some(10), 0, 0, "1.5.79")),
            Some(snapshot("A1", false, None, 4, 0, "1.5.79")),
        ],
    );
    assert_eq!(t.state, Tracked::Rebooting);
    t.observe(Some(&snapshot("A1", false, None, 4, 0, "1.5.79")), 30_000, DEADLINE);
    assert_eq!(t.state, Tracked::Rebooting, "not yet");
    t.observe(None, 2_000 + DEADLINE + 1, DEADLINE);
    assert_eq!(t.state, Tracked::Lost);
}

#[test]
fn no_progress_while_online_times_out() {
    let mut t = track();
    let idle = snapshot("A1", true, None, 0, 0, "1.5.79");
    t.observe(Some(&idle), 10_000, DEADLINE);
    assert_eq!(t.state, Tracked::Waiting);
    t.observe(Some(&idle), DEADLINE + 1, DEADLINE);
    assert_eq!(t.state, Tracked::TimedOut);
}

#[test]
fn a_stale_failure_code_from_an_earlier_upgrade_is_not_this_one() {
    let mut t = DeviceTrack::new("A1", "x", "1.5.79", 103, Version::new(1, 5, 178), 0);
    t.observe(Some(&snapshot("A1", true, None, 3, 103, "1.5.79")), 1000, DEADLINE);
    assert_eq!(t.state, Tracked::Waiting);
    t.observe(Some(&snapshot("A1", true, Some(20), 0, 0, "1.5.79")), 2000, DEADLINE);
    assert_eq!(t.state, Tracked::Pushing { percent: 20 });
}

#[test]
fn an_upgrade_finished_between_two_polls_is_still_verified() {
    let mut t = track();
    t.observe(Some(&snapshot("A1", true, None, 0, 0, "1.5.178")), 1000, DEADLINE);
    assert_eq!(t.state, Tracked::Verified);
}

#[test]
fn final_states_do_not_change() {
    let mut t = track();
    t.observe(Some(&snapshot("A1", true, None, 0, 0, "1.5.178")), 1000, DEADLINE);
    t.observe(Some(&snapshot("A1", false, None, 0, 0, "1.5.79")), 1_000_000, DEADLINE);
    assert_eq!(t.state, Tracked::Verified);
}

#[test]
fn a_runs_devices_list_what_needs_attention_first_then_in_the_order_sent() {
    let track = |sn: &str, state: Tracked| {
        let mut track =
            DeviceTrack::new(sn, "", "1.5.79", 0, Version::parse("1.5.178").unwrap(), 0);
        track.state = state;
        track
    };
    let devices = [
        track("A", Tracked::Verified),
        track("B", Tracked::Installing { step: 2 }),
        track("C", Tracked::Lost),
        track("D", Tracked::Verified),
        track("E", Tracked::TimedOut),
    ];
    assert_eq!(shown(&devices, StateFilter::All), [2, 4, 1, 0, 3]);
    assert_eq!(shown(&devices, StateFilter::NeedsAttention), [2, 4]);
}
