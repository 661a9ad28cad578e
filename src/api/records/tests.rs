use super::*;
use crate::testing::record;
use sc_wire::Device;
use serde_json::json;

fn devices(list: Value) -> (Vec<Device>, Reading) {
    let text = list.to_string();
    let items: Vec<&RawValue> = serde_json::from_str(&text).unwrap();
    let mut reading = Reading::default();
    let usable = |d: &Device| !d.sn.is_empty() && !d.status.hardware_ver.is_empty();
    let records = read(&items, DEVICE, usable, &mut reading);
    (records, reading)
}

#[test]
fn numbers_sent_as_text_are_read_and_noted() {
    let mut odd = record("A2");
    odd["online-date"] = json!("7");
    odd["status"]["cur-status"] = json!("4");
    odd["status"]["product-id"] = json!("770");
    let (records, reading) = devices(json!([record("A1"), odd]));
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].online_date, Some(7));
    assert_eq!(records[1].status.cur_status, Some(4));
    assert_eq!(records[1].status.product_id, 770);
    assert!(reading.set_aside.is_empty());
    let fields: Vec<&str> = reading.accepted.iter().map(|a| a.field.as_str()).collect();
    assert_eq!(fields, ["status.product-id", "online-date", "status.cur-status"]);
}

#[test]
fn a_record_without_its_batch_key_is_set_aside_by_name_and_field() {
    let mut no_hw = record("A2");
    no_hw["status"]["hardware-ver"] = Value::Null;
    let mut no_sn = record("A3");
    no_sn.as_object_mut().unwrap().remove("sn");
    let mut empty_sn = record("");
    empty_sn["module"] = json!(2);
    let mut no_status = record("A5");
    no_status["status"] = json!("up");
    let (records, reading) = devices(json!([record("A1"), no_hw, no_sn, empty_sn, 7, no_status]));
    assert_eq!(records.len(), 1);
    let lines: Vec<String> = reading.set_aside.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "A2: status.hardware-ver — null",
            "(no name): sn — missing",
            "(no name): sn — empty text",
            "(no name): record — not an object: 7",
            "A5: status — \"up\"",
        ]
    );
}

#[test]
fn a_value_the_console_decides_on_sets_the_record_aside_when_unreadable() {
    let mut odd = record("A2");
    odd["status"]["upgrade-step"] = json!("two");
    let mut shown_only = record("A3");
    shown_only["status"]["name"] = json!(42);
    let mut unknown_version = record("A4");
    unknown_version["status"].as_object_mut().unwrap().remove("firmware-ver");
    let (records, reading) = devices(json!([odd, shown_only, unknown_version]));
    let sns: Vec<&str> = records.iter().map(|d| d.sn.as_str()).collect();
    assert_eq!(sns, ["A3", "A4"], "an unreadable upgrade step: never guessed");
    assert_eq!(reading.set_aside[0].to_string(), "A2: status.upgrade-step — \"two\"");
    assert_eq!(records[1].status.firmware_ver, "");
    let accepted: Vec<String> = reading.accepted.iter().map(ToString::to_string).collect();
    assert_eq!(
        accepted,
        [
            "status.name: of another type, ignored (1 record)",
            "status.firmware-ver: missing (1 record)"
        ]
    );
}

#[test]
fn an_on_air_or_online_state_not_reported_keeps_the_device_as_not_reported() {
    let mut text = record("A1");
    text["status"]["cur-status"] = json!("live");
    let mut nulled = record("A2");
    nulled["status"]["cur-status"] = Value::Null;
    let mut missing = record("A3");
    missing["status"].as_object_mut().unwrap().remove("cur-status");
    let mut float = record("A4");
    float["status"]["cur-status"] = json!(4.5);
    let mut no_online = record("A5");
    no_online["online-date"] = Value::Null;
    let mut online_missing = record("A6");
    online_missing.as_object_mut().unwrap().remove("online-date");
    let (records, reading) =
        devices(json!([text, nulled, missing, float, no_online, online_missing]));
    assert_eq!(records.len(), 6, "none hidden");
    assert!(reading.set_aside.is_empty());
    let air: Vec<Option<i64>> = records.iter().map(|d| d.status.cur_status).collect();
    assert_eq!(air, [None, None, None, None, Some(0), Some(0)], "never read as idle (0)");
    let online: Vec<Option<i64>> = records.iter().map(|d| d.online_date).collect();
    assert_eq!(online, [Some(5), Some(5), Some(5), Some(5), None, None], "never read as 0");
    let accepted: Vec<String> = reading.accepted.iter().map(ToString::to_string).collect();
    // Null and missing take the contract's fast path (both are `None` there); the fleet
    // and the overview count the devices whose state is not reported.
    assert_eq!(accepted, ["status.cur-status: of another type, read as not reported (2 records)"]);
}

#[test]
fn a_serial_number_listed_twice_is_set_aside_not_merged() {
    let (mut records, mut reading) =
        devices(json!([record("A1"), record("A2"), record("A1"), record("A1")]));
    drop_repeated(&mut records, |d| d.sn.as_str(), &mut reading);
    assert_eq!(records.len(), 1);
    assert_eq!(reading.set_aside[0].to_string(), "A1: sn — listed 3 times");
    assert_eq!(reading.set_aside.len(), 1);
}

#[test]
fn long_values_are_clipped_in_the_notice() {
    let mut odd = record("A2");
    odd["status"]["hardware-ver"] = json!(["x".repeat(200)]);
    let (_, reading) = devices(json!([odd]));
    assert!(reading.set_aside[0].arrived.chars().count() <= ARRIVED_LIMIT + 1);
    assert!(reading.set_aside[0].arrived.ends_with('…'));
}
