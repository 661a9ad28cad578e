//! The history's records, tested natively: round trips, keys, and what is set aside.

use super::*;
use crate::domain::outcome::{Outcomes, Reported};
use crate::domain::run::tests::{context, plan};

/// Run `id` of `sns`, answered with `codes` (0 = started).
fn answered(id: u64, sns: &[&str], codes: &[i64]) -> Run {
    let mut run = Run::begin(&plan(sns), context(id));
    let sent: Vec<(String, String)> = run
        .sent
        .iter()
        .map(|s| (s.sn.clone(), s.name.clone()))
        .collect();
    let reported: Vec<Reported> = sns
        .iter()
        .zip(codes)
        .map(|(sn, code)| Reported {
            sn: sn.to_string(),
            code: *code,
        })
        .collect();
    run.answered(&Outcomes::match_reply(&sent, &reported), 7);
    run
}

/// The records a run is saved as.
fn records(run: &Run) -> ((u64, String), Vec<(String, String)>) {
    (
        (run.id, encode_run(run)),
        run.devices
            .iter()
            .map(|d| (device_key(run.id, &d.sn), encode_device(d)))
            .collect(),
    )
}

#[test]
fn a_run_survives_its_records_whatever_order_they_come_in() {
    let run = answered(3, &["A", "B", "C"], &[0, 0, 0]);
    let (head, mut devices) = records(&run);
    devices.reverse();
    let loaded = assemble(vec![head], devices);
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs, [run]);
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
fn device_keys_sort_by_run_and_fall_inside_their_run_range() {
    let (low, high) = device_range(2);
    for sn in ["", "A", "zzz", "~~~", "B|C"] {
        let key = device_key(2, sn);
        assert!(low <= key && key < high, "{key}");
        assert_eq!(run_of(&key), Some(2));
    }
    assert!(device_key(2, "~") < device_key(10, ""));
    assert!(device_range(1).1 < device_range(2).0);
    assert_eq!(run_of("garbage"), None);
}

#[test]
fn an_unreadable_record_is_set_aside_and_the_rest_load() {
    let good = answered(1, &["A", "B"], &[0, 0]);
    let (head, mut devices) = records(&good);
    devices[1].1 = "{\"sn\":".into();
    let heads = vec![head, (2, "{not json".into())];
    devices.push((device_key(2, "Z"), encode_device(&good.devices[0])));
    let loaded = assemble(heads, devices);
    assert_eq!(loaded.runs.len(), 1);
    assert_eq!(
        loaded.runs[0].devices.len(),
        1,
        "the readable device of run 1"
    );
    let what: Vec<(&RecordKey, &str)> = loaded
        .set_aside
        .iter()
        .map(|(key, aside)| (key, aside.from.as_str()))
        .collect();
    assert_eq!(
        what,
        [
            (&RecordKey::Run(2), "saved run 2"),
            (&RecordKey::Device(device_key(1, "B")), "device B of run 1"),
            (&RecordKey::Device(device_key(2, "Z")), "device Z of run 2"),
        ]
    );
    assert_eq!(loaded.set_aside[1].1.raw, "{\"sn\":");
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
fn a_device_the_answer_left_out_is_not_followed() {
    // Another tab followed every device before this tab's answer left B out.
    let run = answered(4, &["A", "B"], &[0, 2]);
    let (head, mut devices) = records(&run);
    let stale =
        crate::domain::tracking::DeviceTrack::new("B", "B", "1.5.79", 0, run.firmware.version, 7);
    devices.push((device_key(4, "B"), encode_device(&stale)));
    let loaded = assemble(vec![head], devices);
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs, [run]);
}

#[test]
fn a_send_is_settled_only_once_no_tab_can_still_await_it() {
    let mut run = Run::begin(&plan(&["A"]), context(1));
    assert!(!send_interrupted(&run, SEND_OUTLIVED_MS));
    assert!(send_interrupted(&run, SEND_OUTLIVED_MS + 1));
    interrupted_send(&mut run, SEND_OUTLIVED_MS + 1);
    assert!(matches!(run.start, StartRecord::Unknown { .. }));
    assert_eq!(run.devices.len(), 1, "its device is followed");
}
