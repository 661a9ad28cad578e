//! The Cloud's lists as the console reads them — the fleet, the firmware library, the
//! group tree — each record on its own, with what was set aside. Pure.

use sc_wire::{Device, DevsReply, Firmware, Group};
use serde_json::Value;

use super::decode::exact;
use super::records::{self, DEVICE, FIRMWARE, GROUP};
use super::{ApiError, RawReply, decode, decode_list};
use crate::domain::codes::Catalogue;
use crate::domain::device::{DeviceDetails, FleetDevice};
use crate::domain::firmware::FirmwareList;
use crate::domain::groups::Groups;
use crate::domain::reading::Reading;

/// What the console can use of one list (the devices, the group tree), and the notes of
/// its reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed<T> {
    pub items: T,
    pub reading: Reading,
}

impl<T> From<T> for Listed<T> {
    /// A list read with nothing set aside.
    fn from(items: T) -> Self {
        Listed { items, reading: Reading::default() }
    }
}

/// A device that has a serial number and a batch key (serde lets empty text through).
fn batchable(device: &Device) -> bool {
    !device.sn.trim().is_empty() && !device.status.hardware_ver.trim().is_empty()
}

/// `get-devs` (and a progress poll): every device that can be read; a serial number
/// listed twice is set aside, not merged.
pub fn devices(
    raw: &RawReply,
    catalogue: &Catalogue,
) -> Result<Listed<Vec<FleetDevice>>, ApiError> {
    let mut reading = Reading::default();
    // A reply exactly as the contract says (the usual case, and every 3 s while runs are
    // followed) is read whole in one pass, its `result` with it. Any other is read again,
    // once, record by record ([`decode_list`] finds the result and each record's text in
    // that one pass) — so an odd record costs one more pass, not two. An empty list is read
    // the careful way too: a reply without its list must not pass for an empty fleet.
    let whole = exact::<DevsReply>(raw)
        .filter(|reply| reply.result == 0 && !reply.devs.is_empty())
        .filter(|reply| reply.devs.iter().all(batchable));
    let mut devices = match whole {
        Some(reply) => reply.devs,
        None => {
            let items = decode_list(raw, catalogue, "devs")?;
            records::read(&items, DEVICE, batchable, &mut reading)
        }
    };
    records::drop_repeated(&mut devices, |d: &Device| d.sn.as_str(), &mut reading);
    Ok(Listed { items: devices.into_iter().map(FleetDevice::from_owned).collect(), reading })
}

/// What `get-dev` answered about the device asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum OneDevice {
    /// Its record, read as a record of the fleet is.
    Read(Box<FleetDevice>, DeviceDetails),
    /// A `dev` that cannot be read as a device at all.
    Unreadable,
    /// Another device's record (this serial number): nothing of it may be shown as the
    /// device asked for.
    Another(String),
}

/// `get-dev`: the one device, read as a record of the fleet is (what differs from the
/// contract noted), and checked to be the one `asked` for.
pub fn device(
    raw: &RawReply,
    catalogue: &Catalogue,
    asked: &str,
) -> Result<Listed<OneDevice>, ApiError> {
    let mut reply: Value = decode(raw, catalogue, None)?;
    let Some(dev) = reply.as_object_mut().and_then(|o| o.remove("dev")) else {
        return Err(ApiError::Decode {
            error: "the reply has no `dev`".into(),
            body: super::error::clip(&raw.body),
        });
    };
    let mut reading = Reading::default();
    let device: Option<Device> = records::read_value(dev, DEVICE, batchable, &mut reading);
    let items = match device {
        None => OneDevice::Unreadable,
        // Serial numbers are compared as the Cloud writes them: one that differs even in
        // case may be another device.
        Some(d) if d.sn.trim() != asked.trim() => OneDevice::Another(d.sn),
        Some(d) => {
            OneDevice::Read(Box::new(FleetDevice::from_wire(&d)), DeviceDetails::from_wire(&d))
        }
    };
    Ok(Listed { items, reading })
}

fn has_hardware(firmware: &Firmware) -> bool {
    !firmware.hardware_ver.trim().is_empty()
}

/// `get-all-firmwares`: every entry that can be read and is a version, with no id listed
/// for two firmwares. An entry set aside whose model and hardware can still be read leaves
/// that key's newest release undecided: the entry may be the newest.
pub fn firmwares(raw: &RawReply, catalogue: &Catalogue) -> Result<FirmwareList, ApiError> {
    let items = decode_list(raw, catalogue, "firmwares")?;
    let mut reading = Reading::default();
    let mut entries = Vec::with_capacity(items.len());
    let mut lost_keys = Vec::new();
    for item in &items {
        let before = reading.set_aside.len();
        entries.extend(records::read(
            std::slice::from_ref(item),
            FIRMWARE,
            has_hardware,
            &mut reading,
        ));
        if let Some(aside) = reading.set_aside.get(before)
            && let Some((model, hardware)) = key_of(item)
        {
            let name = aside.name.as_deref().unwrap_or("without an id");
            let why = format!("firmware entry {name} could not be read ({})", aside.field);
            lost_keys.push((model, hardware, why));
        }
    }
    let mut list = FirmwareList::from_wire(&entries);
    for (model, hardware, why) in lost_keys {
        list.doubt(model, &hardware, why);
    }
    reading.merge(std::mem::take(&mut list.reading));
    list.reading = reading;
    Ok(list)
}

/// The model and hardware of a firmware entry that could not be read, when those two can.
fn key_of(item: &serde_json::value::RawValue) -> Option<(i64, String)> {
    let value: Value = serde_json::from_str(item.get()).ok()?;
    let model = match value.get("product-id")? {
        Value::Number(n) => n.as_i64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    let hardware = value.get("hardware-ver")?.as_str().filter(|h| !h.trim().is_empty())?;
    Some((model, hardware.to_string()))
}

/// `get-dev-catalogs`: every group that can be read, with its readable sub-groups; a group
/// set aside takes its sub-groups with it (their paths would be wrong).
pub fn groups(raw: &RawReply, catalogue: &Catalogue) -> Result<Listed<Groups>, ApiError> {
    let items = decode_list(raw, catalogue, "dev-catalogs")?;
    let mut reading = Reading::default();
    let mut unknown = Vec::new();
    let tree: Vec<Group> = items
        .iter()
        .filter_map(|item| {
            let value = serde_json::from_str(item.get()).unwrap_or(Value::Null);
            group(value, 0, &mut reading, &mut unknown)
        })
        .collect();
    Ok(Listed { items: Groups::from_wire(&tree).with_children_unknown(&unknown), reading })
}

/// Deeper than the Cloud's 4 levels is not followed (a cycle must not hang the page).
const MAX_DEPTH: usize = 8;

/// One group and its sub-groups; `unknown` gathers the groups whose sub-groups were not
/// given (`childs` absent, not `null`) or could not be read.
fn group(
    mut value: Value,
    depth: usize,
    reading: &mut Reading,
    unknown: &mut Vec<i64>,
) -> Option<Group> {
    let childs = value.as_object_mut().map(|o| o.remove("childs"));
    let mut read: Group = records::read_value(value, GROUP, |_| true, reading)?;
    read.childs = match childs.flatten() {
        Some(Value::Array(children)) if depth < MAX_DEPTH => Some(
            children
                .into_iter()
                .filter_map(|child| group(child, depth + 1, reading, unknown))
                .collect(),
        ),
        Some(Value::Null) | Some(Value::Array(_)) => None,
        None => {
            unknown.push(read.id);
            None
        }
        Some(other) => {
            reading.set_aside(Some(read.id.to_string()), "childs", records::quote(&other));
            unknown.push(read.id);
            None
        }
    };
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::record;
    use serde_json::json;

    fn raw(body: Value) -> RawReply {
        RawReply { status: 200, content_type: "application/json".into(), body: body.to_string() }
    }

    #[test]
    fn one_odd_device_never_empties_the_fleet() {
        let mut odd = record("A2");
        odd["status"]["hardware-ver"] = json!("");
        let listed = devices(
            &raw(json!({"result": 0, "devs": [record("A1"), odd, record("A3")]})),
            &Catalogue::builtin(),
        )
        .unwrap();
        let sns: Vec<&str> = listed.items.iter().map(|d| d.sn.as_str()).collect();
        assert_eq!(sns, ["A1", "A3"]);
        assert_eq!(listed.reading.set_aside[0].to_string(), "A2: status.hardware-ver — empty text");
    }

    #[test]
    fn the_envelope_is_strict() {
        let catalogue = Catalogue::builtin();
        let error = devices(&raw(json!({"result": 0})), &catalogue).unwrap_err();
        assert_eq!(
            error,
            ApiError::Decode {
                error: "the reply has no `devs` list".into(),
                body: r#"{"result":0}"#.into()
            }
        );
        assert!(matches!(
            devices(&raw(json!({"result": 0, "devs": {"sn": "A1"}})), &catalogue),
            Err(ApiError::Decode { .. })
        ));
        let empty = devices(&raw(json!({"result": 0, "devs": null})), &catalogue).unwrap();
        assert!(empty.items.is_empty() && empty.reading.is_clean());
        assert!(matches!(
            devices(&raw(json!({"result": -9001})), &catalogue),
            Err(ApiError::Session { .. })
        ));
    }

    #[test]
    fn firmware_entries_are_read_one_by_one() {
        let entry = |id: Value, major: Value| {
            json!({"id": id, "product-id": 770, "hardware-ver": "A", "marjor-ver": major,
                "minor-ver": 5, "build-number": 178, "firmware-id": 2})
        };
        let list = firmwares(
            &raw(json!({"result": 0, "firmwares": [
                entry(json!(21), json!(1)),
                entry(json!("7"), json!("3")),
                entry(json!(8), Value::Null),
                entry(json!(9), json!(-1)),
            ]})),
            &Catalogue::builtin(),
        )
        .unwrap();
        let versions: Vec<String> = list
            .firmwares
            .iter()
            .map(|f| format!("{} {}", f.entry.reference.0, f.entry.version))
            .collect();
        assert_eq!(versions, ["21 1.5.178", "7 3.5.178"]);
        let aside: Vec<String> = list.reading.set_aside.iter().map(ToString::to_string).collect();
        assert_eq!(
            aside,
            ["8: marjor-ver — null", "9: marjor-ver.minor-ver.build-number — -1.5.178"]
        );
        assert_eq!(list.unreadable(), 2);
        assert_eq!(list.reading.accepted.len(), 2, "id and marjor-ver as text");
        let key = crate::domain::device::CompatKey { family: 1, model: 770, hardware: "A".into() };
        assert_eq!(
            list.undecided_for(&key).map(|u| u.why.clone()),
            Some(vec![
                "firmware id 9 has no readable version (-1.5.178)".to_string(),
                "firmware entry 8 could not be read (marjor-ver)".to_string(),
            ]),
            "an entry set aside may be the newest: never decided by omission"
        );
    }

    #[test]
    fn a_group_set_aside_keeps_its_neighbours() {
        let listed = groups(
            &raw(json!({"result": 0, "dev-catalogs": [
                {"id": 2, "name": "Arena", "childs": [
                    {"id": "3", "name": "North", "childs": null},
                    {"id": null, "name": "Broken", "childs": [{"id": 9, "name": "Lost"}]}
                ]},
                {"id": 4, "name": 5, "childs": null}
            ]})),
            &Catalogue::builtin(),
        )
        .unwrap();
        let paths: Vec<(i64, &str)> = listed.items.entries().map(|(id, _, p)| (id, p)).collect();
        assert_eq!(paths, [(2, "Arena"), (3, "Arena / North"), (4, "group 4")]);
        assert_eq!(listed.reading.set_aside[0].to_string(), "(no name): id — null");
    }

    #[test]
    fn one_device_reads_as_a_fleet_record_does() {
        let catalogue = Catalogue::builtin();
        let read = |body: Value, asked: &str| device(&raw(body), &catalogue, asked);
        let one = read(json!({"result": 0, "dev": record("A1")}), "A1").unwrap();
        assert!(matches!(one.items, OneDevice::Read(d, _) if d.sn == "A1"));
        let mut odd = record("A2");
        odd["online-date"] = json!("1700000000");
        let odd = read(json!({"result": 0, "dev": odd}), "A2").unwrap();
        let OneDevice::Read(odd, details) = odd.items else { panic!("read") };
        assert_eq!(odd.sn, "A2", "liberal per field");
        assert_eq!(details.online_since, Some(1_700_000_000));
        assert_eq!(
            read(json!({"result": 0, "dev": {"sn": 5}}), "A2").unwrap().items,
            OneDevice::Unreadable
        );
        assert!(matches!(read(json!({"result": 0}), "A1"), Err(ApiError::Decode { .. })));
        assert!(matches!(read(json!({"result": -9001}), "A1"), Err(ApiError::Session { .. })));
    }

    #[test]
    fn another_devices_record_is_never_taken_for_the_one_asked() {
        let catalogue = Catalogue::builtin();
        let answered = device(&raw(json!({"result": 0, "dev": record("B7")})), &catalogue, "A1");
        assert_eq!(answered.unwrap().items, OneDevice::Another("B7".into()));
        let case = device(&raw(json!({"result": 0, "dev": record("a1")})), &catalogue, "A1");
        assert_eq!(case.unwrap().items, OneDevice::Another("a1".into()));
    }

    #[test]
    fn groups_given_without_their_subgroups_are_named_and_nothing_below_them_is_guessed() {
        let listed = groups(
            &raw(json!({"result": 0, "dev-catalogs": [
                {"id": 2, "name": "Arena"},
                {"id": 4, "name": "Studio", "childs": 7},
                {"id": 5, "name": "Lobby", "childs": null}
            ]})),
            &Catalogue::builtin(),
        )
        .unwrap();
        assert_eq!(listed.items.children_unknown(), ["Arena", "Studio"]);
        assert_eq!(listed.items.path(14), "group 14 (not in the groups read)");
        assert_eq!(listed.reading.set_aside.len(), 1, "only the unreadable `childs` is noted");
    }
}
