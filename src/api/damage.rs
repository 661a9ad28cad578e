//! Property: one damaged record of a 10,000-device reply costs nothing but itself — the
//! other 9,999 are shown, and the one is named (or, in an accepted form, noted).

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

use super::RawReply;
use super::lists::devices;
use crate::domain::codes::Catalogue;
use crate::domain::reading::Form;
use crate::testing::record;

const FLEET: usize = 10_000;

/// Every record's text, made once.
fn fleet() -> &'static [String] {
    static FLEET_TEXT: OnceLock<Vec<String>> = OnceLock::new();
    FLEET_TEXT.get_or_init(|| (0..FLEET).map(|i| record(&format!("A{i:05}")).to_string()).collect())
}

/// The ways a real Cloud was seen (or may be expected) to differ, as the issue lists them.
#[derive(Debug, Clone, Copy)]
enum Damage {
    /// A number field as decimal text: accepted and noted.
    AsText(&'static str),
    /// A field the console cannot do without, null or missing: set aside.
    Gone(&'static str, bool),
    /// The firmware version null or missing: shown as unknown, noted.
    NoVersion(bool),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        prop_oneof![
            Just("online-date"),
            Just("catalog-id"),
            Just("status.cur-status"),
            Just("status.product-id"),
        ]
        .prop_map(Damage::AsText),
        (prop_oneof![Just("status"), Just("sn"), Just("status.hardware-ver")], any::<bool>())
            .prop_map(|(field, null)| Damage::Gone(field, null)),
        any::<bool>().prop_map(Damage::NoVersion),
    ]
}

fn apply(
    record: &mut Value,
    path: &str,
    change: impl FnOnce(&mut serde_json::Map<String, Value>, &str),
) {
    let (object, key) = match path.split_once('.') {
        Some((parent, key)) => (record[parent].as_object_mut().unwrap(), key),
        None => (record.as_object_mut().unwrap(), path),
    };
    change(object, key);
}

fn gone(record: &mut Value, path: &str, null: bool) {
    apply(record, path, |object, key| {
        if null {
            object.insert(key.into(), Value::Null);
        } else {
            object.remove(key);
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn one_damaged_record_costs_only_itself(at in 0..FLEET, damage in damage()) {
        let mut record = record(&format!("A{at:05}"));
        match damage {
            Damage::AsText(path) => apply(&mut record, path, |object, key| {
                let text = object[key].to_string();
                object.insert(key.into(), Value::String(text));
            }),
            Damage::Gone(path, null) => gone(&mut record, path, null),
            Damage::NoVersion(null) => gone(&mut record, "status.firmware-ver", null),
        }
        let mut records: Vec<&str> = fleet().iter().map(String::as_str).collect();
        let damaged = record.to_string();
        records[at] = &damaged;
        let raw = RawReply {
            status: 200,
            content_type: "application/json".into(),
            body: format!(r#"{{"result":0,"devs":[{}]}}"#, records.join(",")),
        };
        let listed = devices(&raw, &Catalogue::builtin()).unwrap();
        let sn = format!("A{at:05}");
        match damage {
            Damage::AsText(path) => {
                prop_assert_eq!(listed.items.len(), FLEET);
                prop_assert!(listed.reading.set_aside.is_empty());
                prop_assert_eq!(&listed.reading.accepted[0].field, path);
                prop_assert_eq!(listed.reading.accepted[0].form, Form::NumberAsText);
            }
            Damage::Gone(path, _) => {
                prop_assert_eq!(listed.items.len(), FLEET - 1);
                prop_assert!(listed.items.iter().all(|d| d.sn != sn));
                let aside = &listed.reading.set_aside;
                prop_assert_eq!(aside.len(), 1);
                prop_assert_eq!(&aside[0].field, path);
                let named = (path != "sn").then_some(sn);
                prop_assert_eq!(&aside[0].name, &named);
            }
            Damage::NoVersion(_) => {
                prop_assert_eq!(listed.items.len(), FLEET);
                let shown = listed.items.iter().find(|d| d.sn == sn).unwrap();
                prop_assert_eq!(shown.version, None);
                prop_assert_eq!(&listed.reading.accepted[0].field, "status.firmware-ver");
            }
        }
    }
}
