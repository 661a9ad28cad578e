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

/// Every field path of `value`, parents before their fields ("status", "status.name").
fn paths(value: &Value, above: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (key, inner) in map {
            let path = if above.is_empty() { key.clone() } else { format!("{above}.{key}") };
            out.push(path.clone());
            paths(inner, &path, out);
        }
    }
}

/// The contract is written twice, on purpose — the wire types of `sc-wire` (what the
/// simulator sends and the fast path reads) and the field tables here (what the slow
/// path accepts per field) — so this holds them to the same fields. The records are
/// struct literals: a field added to a wire type fails to compile here until it is.
#[test]
fn the_field_tables_name_every_field_of_the_wire_types() {
    let status = sc_wire::DeviceStatus {
        name: String::new(),
        product_id: 770,
        module_name: String::new(),
        hardware_ver: "A".into(),
        firmware_ver: "1.5.79".into(),
        up_time: Some(1),
        cur_status: Some(0),
        eth: Some(String::new()),
        wifi: Some(String::new()),
        rndis: Some(String::new()),
        upgrade_ret: Some(0),
        upgrade_step: Some(0),
    };
    let device = Device {
        catalog_id: 0,
        sn: "A1".into(),
        module: 1,
        dev_warning: 0,
        is_everyone: 1,
        users: Vec::new(),
        apply_date: 0,
        online_date: Some(1),
        is_upload_file: 0,
        upload_file_pos: 0,
        status,
    };
    let firmware = sc_wire::Firmware {
        id: 1,
        file_path: String::new(),
        upload_date: 0,
        product_id: 770,
        version_type: 0,
        hardware_ver: "A".into(),
        major_ver: 1,
        minor_ver: 5,
        build_number: 79,
    };
    let group =
        sc_wire::Group { id: 1, name: String::new(), is_everyone: 1, users: None, childs: None };
    let table = |fields: &[Field]| {
        let mut paths: Vec<String> = fields.iter().map(|f| f.path.to_string()).collect();
        paths.sort();
        paths
    };
    let wire = |value: Value, apart: &[&str]| {
        let mut out = Vec::new();
        paths(&value, "", &mut out);
        out.retain(|p| !apart.contains(&p.as_str()));
        out.sort();
        out
    };
    assert_eq!(wire(serde_json::to_value(&device).unwrap(), &[]), table(DEVICE));
    assert_eq!(wire(serde_json::to_value(&firmware).unwrap(), &[]), table(FIRMWARE));
    // A group's `childs` are read as groups of their own, not as a field.
    assert_eq!(wire(serde_json::to_value(&group).unwrap(), &["childs"]), table(GROUP));
}
