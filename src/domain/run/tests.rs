//! The run's rules, tested natively: answers, progress, reasons and retries.

use super::*;
use crate::domain::attempt::{Attempt, Outcome};
use crate::domain::codes::Catalogue;
use crate::domain::outcome::Reported;
use crate::domain::tracking::Tracked;
use crate::testing::{context, plan, wire};

#[test]
fn answers_decide_who_is_followed() {
    let mut run = Run::begin(&plan(&["A", "B", "C", "D"]), context(1));
    assert_eq!(run.counts().in_progress, 4);
    let sent: Vec<(String, String)> =
        run.sent.iter().map(|s| (s.sn.clone(), s.name.clone())).collect();
    let outcomes = Outcomes::match_reply(
        &sent,
        &[
            Reported { sn: "A".into(), code: 0 },
            Reported { sn: "B".into(), code: 1 },
            Reported { sn: "C".into(), code: -9007 },
        ],
    );
    run.answered(&outcomes, 10);
    let followed: Vec<&str> = run.devices.iter().map(|d| d.sn.as_str()).collect();
    assert_eq!(followed, ["A", "D"], "started, and unanswered (to learn what happened)");
    assert_eq!(run.left_out.len(), 2);
    let counts = run.counts();
    assert_eq!((counts.in_progress, counts.left_out, counts.total()), (2, 2, 4));
    assert!(run.is_active());
}

#[test]
fn a_refused_call_follows_nobody_and_an_unknown_one_follows_everybody() {
    let mut refused = Run::begin(&plan(&["A", "B"]), context(1));
    refused.refused("no".into(), "".into(), 5);
    assert_eq!(refused.counts().left_out, 2);
    assert!(!refused.is_active());
    let mut unknown = Run::begin(&plan(&["A", "B"]), context(2));
    unknown.unknown("timeout".into(), "".into(), 5);
    assert_eq!(unknown.counts().in_progress, 2);
}

#[test]
fn reasons_group_and_retries_carry_history() {
    let mut run = Run::begin(&plan(&["A", "B", "C"]), context(7));
    run.unknown("x".into(), "".into(), 0);
    run.devices[0].state = Tracked::InstallFailed { code: 103, step: 3 };
    run.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
    run.devices[2].state = Tracked::Verified;
    let catalogue = Catalogue::builtin();
    assert_eq!(
        run.failure_reasons(&catalogue),
        [("install failed at step 3: flash write failed (code 103)".to_string(), 2)]
    );
    assert_eq!(run.retry_candidates(), ["A", "B"]);
    let history = run.attempts_for_retry();
    assert_eq!(
        history["A"],
        [Attempt {
            run: Some(7),
            campaign: None,
            target: Some(run.firmware.version),
            outcome: Outcome::Ended(Tracked::InstallFailed { code: 103, step: 3 }),
        }]
    );
    assert_eq!(
        history["A"][0].describe(&catalogue),
        "run 7 to 1.5.178: install failed at step 3: flash write failed (code 103)"
    );
    let mut retry_context = context(8);
    retry_context.earlier = history;
    let mut retry = Run::begin(&plan(&["A", "B"]), retry_context);
    retry.unknown("x".into(), "".into(), 0);
    assert_eq!(retry.devices[0].attempt, 2);
}

#[test]
fn the_title_counts_the_run_and_names_what_it_retries() {
    let mut run = Run::begin(&plan(&["A", "B"]), context(3));
    assert_eq!(run.title(), "Run 3 · 2 devices to 1.5.178");
    assert_eq!(run.status_word(), "following");
    let mut refused = run.clone();
    refused.refused("not allowed".into(), String::new(), 1);
    assert_eq!(refused.status_word(), "refused: nothing started");
    run.retry_of = Some(1);
    assert_eq!(run.title(), "Run 3 · 2 devices to 1.5.178 · retry of run 1");
}

#[test]
fn the_title_counts_what_was_sent_not_what_was_selected() {
    let mut run = Run::begin(&plan(&["A", "B", "C"]), context(1));
    // C was selected but left out when planning (offline): never sent.
    run.sent.retain(|d| d.sn != "C");
    run.left_out.push(LeftOutDevice {
        sn: "C".into(),
        reason: NotFollowed::Plan(crate::domain::batch::LeftOut::Offline),
    });
    assert_eq!(run.title(), "Run 1 · 2 devices to 1.5.178");
    assert_eq!(run.counts().total(), 3, "the counts still add up to the selection");
    run.sent.truncate(1);
    assert_eq!(run.title(), "Run 1 · 1 device to 1.5.178");
}

#[test]
fn a_retry_that_verified_the_failures_supersedes_them() {
    let sns = ["A", "B", "C", "D"];
    let mut first = Run::begin(&plan(&sns), context(1));
    first.unknown("x".into(), String::new(), 0);
    first.devices[0].state = Tracked::Verified;
    first.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
    first.devices[2].state = Tracked::Lost;
    first.devices[3].state = Tracked::TimedOut;
    assert_eq!(first.still_to_retry(&[]), ["B", "C", "D"]);

    // Run 3 retried B and C: B verified, C failed again; run 5 then verified D.
    let mut retry = Run::begin(&plan(&["B", "C"]), context(3));
    retry.unknown("x".into(), String::new(), 0);
    retry.retry_of = Some(1);
    retry.devices[0].state = Tracked::Verified;
    retry.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
    let mut later = Run::begin(&plan(&["D"]), context(5));
    later.unknown("x".into(), String::new(), 0);
    later.devices[0].state = Tracked::Verified;
    let runs = [later.clone(), retry.clone(), first.clone()];
    assert_eq!(first.verified_later(&runs), [("B".to_string(), 3), ("D".to_string(), 5)]);
    assert_eq!(
        first.superseded_text(&runs),
        "1 failed → verified in run 3 · 1 failed → verified in run 5"
    );
    assert_eq!(first.still_to_retry(&runs), ["C"]);
    assert!(retry.verified_later(&runs).is_empty(), "an earlier run supersedes nothing");

    // Another target does not count.
    let mut other = later.clone();
    other.id = 6;
    other.firmware.version = crate::domain::version::Version::new(1, 6, 0);
    other.devices[0].sn = "C".into();
    assert_eq!(first.still_to_retry(&[other, retry, later]), ["C"]);
}

#[test]
fn a_run_no_longer_followed_keeps_each_device_where_it_was() {
    let mut run = Run::begin(&plan(&["A", "B"]), context(2));
    run.unknown("x".into(), String::new(), 0);
    run.devices[0].state = Tracked::Verified;
    run.devices[1].state = Tracked::Installing { step: 2 };
    assert!(run.is_active());
    assert_eq!(run.status_word(), "outcome unknown: following the devices to learn it");
    run.stop_following(9);
    assert!(!run.is_active(), "nothing polls for it any more");
    assert_eq!(run.status_word(), "no longer followed");
    assert_eq!(run.devices[1].state, Tracked::Installing { step: 2 });
    assert_eq!(
        run.counts().to_string(),
        "1 verified · 0 failed · 0 timed out · 0 lost · 1 no longer followed · 0 left out"
    );
    assert!(run.may_follow_again());
    let mut again = run.clone();
    again.follow_again();
    assert!(again.is_active() && !again.may_follow_again(), "followed again");
    let mut finished = run.clone();
    finished.stopped_at = None;
    finished.devices[1].state = Tracked::Verified;
    finished.stop_following(10);
    assert_eq!(finished.stopped_at, None, "a finished run has nothing to stop");
}

#[test]
fn a_device_whose_record_was_set_aside_is_never_lost_for_it() {
    let mut run = Run::begin(&plan(&["A", "B"]), context(1));
    run.unknown("no answer".into(), String::new(), 0);
    let b = FleetDevice::from_wire(&wire("B", 1, 770, "A", "1.5.79"));
    let listed: HashMap<&str, &FleetDevice> = HashMap::from([("B", &b)]);
    // Past the 60 s deadline: A's record was set aside in this poll, B's was read.
    let unreadable = HashSet::from(["A"]);
    run.observe_poll(&listed, &unreadable, 61_000);
    let state = |run: &Run, sn: &str| {
        run.devices.iter().find(|d| d.sn == sn).map(|d| d.state.clone()).unwrap()
    };
    assert_eq!(state(&run, "A"), Tracked::Waiting, "not readable this time");
    assert_eq!(state(&run, "B"), Tracked::TimedOut);
    // Not listed at all, past the deadline: that is lost.
    run.observe(&HashMap::new(), 122_000);
    assert_eq!(state(&run, "A"), Tracked::Lost);
}

#[test]
fn a_retry_sends_the_runs_unsuccessful_devices_of_its_key_not_those_verified_since() {
    use crate::testing::{device, snapshot};
    let mut run = Run::begin(&plan(&["A", "B", "C", "D"]), context(1));
    run.unknown("x".into(), String::new(), 0);
    run.devices[0].state = Tracked::InstallFailed { code: 103, step: 3 };
    run.devices[1].state = Tracked::TimedOut;
    run.devices[2].state = Tracked::Verified;
    run.devices[3].state = Tracked::Lost;
    // A later run verified D.
    let mut later = Run::begin(&plan(&["D"]), context(2));
    later.created_at = run.created_at + 1;
    later.unknown("x".into(), String::new(), 0);
    later.devices[0].state = Tracked::Verified;
    let fleet = vec![
        snapshot("A", true, None, 0, 0, "1.5.79"),
        snapshot("B", true, None, 0, 0, "1.5.79"),
        snapshot("C", true, None, 0, 0, "1.5.178"),
        snapshot("D", true, None, 0, 0, "1.5.178"),
        device("E", 771, "A", "1.5.79"),
    ];
    let runs = [run.clone(), later];
    let sns = |devices: Vec<FleetDevice>| devices.into_iter().map(|d| d.sn).collect::<Vec<_>>();
    assert_eq!(sns(run.retry_devices(&runs, &fleet, None)), ["A", "B"]);
    assert_eq!(sns(run.retry_devices(&runs, &fleet, Some("B"))), ["B"]);
    assert!(run.retry_devices(&runs, &fleet, Some("C")).is_empty(), "C verified");
    assert_eq!(sns(run.sent_devices(&fleet)), ["A", "B", "C", "D"], "E is another key");
}
