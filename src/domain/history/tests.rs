//! The history's records, tested natively: round trips, keys, and what is set aside.

use super::*;
use crate::domain::attempt::tests::lost_in_run;
use crate::domain::outcome::{Outcomes, Reported};
use crate::domain::run::RunContext;
use crate::domain::tracking::Tracked;
use crate::testing::{context, plan};

/// Run `id` of `sns`, answered with `codes` (0 = started).
fn answered(id: u64, sns: &[&str], codes: &[i64]) -> Run {
    let mut run = Run::begin(&plan(sns), context(id));
    let sent: Vec<(String, String)> =
        run.sent.iter().map(|s| (s.sn.clone(), s.name.clone())).collect();
    let reported: Vec<Reported> = sns
        .iter()
        .zip(codes)
        .map(|(sn, code)| Reported { sn: sn.to_string(), code: *code })
        .collect();
    run.answered(&Outcomes::match_reply(&sent, &reported), 7);
    run
}

/// The records a run is saved as.
fn records(run: &Run) -> ((u64, String), Vec<(String, String)>) {
    (
        (run.id, encode_run(run)),
        encode_chunks(run)
            .into_iter()
            .map(|(chunk, text)| (chunk_key(run.id, chunk), text))
            .collect(),
    )
}

/// A run of `n` devices.
fn big(id: u64, n: usize) -> Run {
    let sns: Vec<String> = (0..n).map(|i| format!("S{i:05}")).collect();
    let sns: Vec<&str> = sns.iter().map(String::as_str).collect();
    answered(id, &sns, &vec![0; n])
}

#[test]
fn a_run_survives_its_records_whatever_order_they_come_in() {
    let run = big(3, CHUNK * 2 + 7);
    let (head, mut chunks) = records(&run);
    assert_eq!(chunks.len(), 3, "devices go in chunks of {CHUNK}");
    chunks.reverse();
    let loaded = assemble(vec![head], chunks);
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs, [run]);
}

#[test]
fn a_device_is_in_the_chunk_of_its_position() {
    assert_eq!(chunk_of(0), 0);
    assert_eq!(chunk_of(CHUNK - 1), 0);
    assert_eq!(chunk_of(CHUNK), 1);
}

#[test]
fn a_run_record_holds_no_devices_and_no_secret() {
    let run = answered(1, &["A"], &[0]);
    let record = encode_run(&run);
    assert!(!record.contains("\"devices\""), "{record}");
    assert!(!record.contains("timeline"), "{record}");
    for secret in ["pass", "sid", "md5", "e3afed0047b08059d0fada10f400c1e5"] {
        assert!(!record.to_lowercase().contains(secret), "{secret}");
    }
}

#[test]
fn runs_come_back_newest_first_each_with_its_own_devices() {
    let one = answered(1, &["A", "B"], &[0, 0]);
    let two = answered(2, &["C"], &[0]);
    let ten = answered(10, &["D"], &[0]);
    let mut heads = Vec::new();
    let mut devices = Vec::new();
    for run in [&one, &two, &ten] {
        let (head, mut own) = records(run);
        heads.push(head);
        devices.append(&mut own);
    }
    let loaded = assemble(heads, devices);
    let ids: Vec<u64> = loaded.runs.iter().map(|r| r.id).collect();
    assert_eq!(ids, [10, 2, 1]);
    assert_eq!(loaded.runs[2].devices.len(), 2);
    assert_eq!(loaded.runs[0].devices[0].sn, "D");
}

#[test]
fn chunk_keys_sort_by_run_and_fall_inside_their_run_range() {
    let (low, high) = chunk_range(2);
    for chunk in [0, 1, 99_999_999] {
        let key = chunk_key(2, chunk);
        assert!(low <= key && key < high, "{key}");
        assert_eq!(run_of(&key), Some(2));
    }
    assert!(chunk_key(2, 99_999_999) < chunk_key(10, 0));
    assert!(chunk_key(9, 1) < chunk_key(9, 2));
    assert!(chunk_range(1).1 < chunk_range(2).0);
    assert_eq!(run_of("garbage"), None);
}

#[test]
fn an_unreadable_record_is_set_aside_and_the_rest_load() {
    let good = big(1, CHUNK + 1);
    let (head, mut chunks) = records(&good);
    chunks[1].1 = "[{\"sn\":".into();
    let heads = vec![head, (2, "{not json".into())];
    chunks.push((chunk_key(2, 0), chunks[0].1.clone()));
    let loaded = assemble(heads, chunks);
    assert_eq!(loaded.runs.len(), 1);
    assert_eq!(loaded.runs[0].devices.len(), CHUNK, "the readable chunk of run 1");
    let what: Vec<(&RecordKey, &str)> =
        loaded.set_aside.iter().map(|(key, aside)| (key, aside.from.as_str())).collect();
    assert_eq!(
        what,
        [
            (&RecordKey::Run(2), "saved run 2"),
            (&RecordKey::Chunk(chunk_key(1, 1)), "saved devices of run 1"),
            (&RecordKey::Chunk(chunk_key(2, 0)), "saved devices of run 2"),
        ]
    );
    assert_eq!(loaded.set_aside[1].1.raw, "[{\"sn\":");
    assert_eq!(loaded.set_aside[2].1.problem, "its run could not be read");
    assert!(loaded.orphans.is_empty());
    assert!(
        loaded.set_aside[0]
            .1
            .said()
            .starts_with("The saved run 2 could not be read and was set aside: "),
        "{}",
        loaded.set_aside[0].1.said()
    );
}

#[test]
fn a_device_the_answer_left_out_or_written_twice_is_followed_once_or_not_at_all() {
    // Another tab followed every device before this tab's answer left B out, and wrote
    // its chunk after this tab's.
    let run = answered(4, &["A", "B", "C"], &[0, 2, 0]);
    let (head, mut chunks) = records(&run);
    let track = |sn: &str| {
        crate::domain::tracking::DeviceTrack::new(sn, sn, "1.5.79", 0, run.firmware.version, 7)
    };
    chunks.push((chunk_key(4, 1), encode_chunk(&[track("C"), track("B"), track("A")])));
    let loaded = assemble(vec![head], chunks);
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs, [run]);
}

#[test]
fn a_send_is_settled_only_once_no_tab_can_still_await_it() {
    let mut run = Run::begin(&plan(&["A"]), context(1));
    assert!(!send_interrupted(&run, SEND_OUTLIVED_MS, None));
    assert!(send_interrupted(&run, SEND_OUTLIVED_MS + 1, None));
    // The sending tab's lock says at once whether it still waits.
    assert!(send_interrupted(&run, 1, Some(false)), "no tab holds it: settled at once");
    assert!(!send_interrupted(&run, 1, Some(true)), "a tab waits for the answer");
    assert!(
        send_interrupted(&run, SEND_OUTLIVED_MS + 1, Some(true)),
        "never past the longest wait"
    );
    assert_eq!(sending_lock(&run), format!("mwcloud-console.sending.1.{}", run.created_at));
    interrupted_send(&mut run, SEND_OUTLIVED_MS + 1);
    assert!(matches!(run.start, StartRecord::Unknown { .. }));
    assert_eq!(run.devices.len(), 1, "its device is followed");
}

#[test]
fn progress_another_tab_wrote_lands_on_its_device_wherever_it_is() {
    let mut theirs = answered(5, &["A", "B", "C"], &[0, 0, 0]);
    let reach = |track: &mut crate::domain::tracking::DeviceTrack, state: Tracked, at: i64| {
        track.state = state.clone();
        track.last_change = at;
        track.saw_activity = true;
        track.timeline.push(crate::domain::tracking::Moment { at, state });
    };
    reach(&mut theirs.devices[1], Tracked::Installing { step: 2 }, 99);
    reach(&mut theirs.devices[2], Tracked::Verified, 120);
    let chunk = decode_chunk(&encode_chunk(&theirs.devices)).unwrap();

    let mut ours = answered(5, &["A", "B", "C"], &[0, 0, 0]);
    apply_chunk(&mut ours, 0, chunk.clone());
    assert_eq!(ours, theirs);

    // Positions that differ (an older copy of the run) are found by serial number.
    let mut shuffled = answered(5, &["A", "B", "C"], &[0, 0, 0]);
    shuffled.devices.reverse();
    apply_chunk(&mut shuffled, 0, chunk);
    assert_eq!(shuffled.devices[0].state, Tracked::Verified);
    assert_eq!(shuffled.devices[1].last_change, 99);
}

#[test]
fn a_retried_device_comes_back_with_its_attempt_and_earlier_tries() {
    let mut run = Run::begin(
        &plan(&["A"]),
        RunContext { earlier: [("A".to_string(), vec![lost_in_run(1)])].into(), ..context(2) },
    );
    run.unknown("lost".into(), String::new(), 3);
    assert_eq!(run.devices[0].attempt, 2);
    let (head, chunks) = records(&run);
    assert_eq!(assemble(vec![head], chunks).runs, [run]);
}

#[test]
fn chunks_of_a_deleted_run_are_dropped_without_a_word() {
    // One tab deleted run 9 while another wrote its progress.
    let run = answered(9, &["A"], &[0]);
    let (_, chunks) = records(&run);
    let loaded = assemble(Vec::new(), chunks);
    assert!(loaded.runs.is_empty());
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.orphans, [chunk_key(9, 0)]);
}

#[test]
fn a_saved_run_whose_attempts_are_words_loads_them_as_data_and_saves_data() {
    // Saved before attempts were data (schema 2 and earlier): the words it wrote.
    let mut run = Run::begin(&plan(&["A"]), context(2));
    run.unknown("lost".into(), String::new(), 3);
    let (head, chunks) = records(&run);
    let mut saved: serde_json::Value = serde_json::from_str(&head.1).unwrap();
    saved["earlier"] = serde_json::json!({"A": ["run 1: lost: offline past the deadline"]});
    let loaded = assemble(vec![(head.0, saved.to_string())], chunks);
    let attempts = &loaded.runs[0].earlier["A"];
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].run, Some(1));
    assert_eq!(attempts[0].outcome, crate::domain::attempt::Outcome::Ended(Tracked::Lost));
    assert_eq!(loaded.runs[0].devices[0].attempt, 2);
    // Saved again, it is data.
    let again: serde_json::Value = serde_json::from_str(&encode_run(&loaded.runs[0])).unwrap();
    assert_eq!(again["earlier"]["A"][0]["outcome"]["Ended"], "Lost");
}

#[test]
fn a_chunk_of_another_shape_is_refused_with_its_reason() {
    let error = decode_chunk(r#"[["A1", true, [[1, "Exploded"]]]]"#).unwrap_err();
    assert!(error.contains("Exploded"), "{error}");
    assert_eq!(decode_chunk(r#"[["A1", true, [[1, "Verified"]]]]"#).unwrap()[0].sn(), "A1");
}
