//! Fuzzing every reply decoder (and the other readers of outside data) with arbitrary
//! bytes and arbitrary JSON: each returns a value or an error, never panics.

use proptest::prelude::*;
use serde_json::Value;

use super::{RawReply, decode};
use crate::domain::codes::{Catalogue, Context};
use crate::domain::session::{CookieHint, parse_cookies};
use crate::domain::version::Version;
use crate::domain::{history, library};

/// Arbitrary JSON, biased towards the shapes the Cloud sends.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z0-9 .\\-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("result".to_string()),
            Just("devs".to_string()),
            Just("sn".to_string()),
            Just("status".to_string()),
            Just("details".to_string()),
            Just("firmwares".to_string()),
            Just("firmware-info".to_string()),
            "[a-z\\-]{1,10}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Runs every reply decoder on one body.
fn decode_all(status: u16, body: &str) {
    let raw = RawReply { status, content_type: "application/json".into(), body: body.to_string() };
    let catalogue = Catalogue::builtin();
    let _ = decode::<sc_wire::LoginReply>(&raw, &catalogue, Some(Context::Login));
    let _ = decode::<sc_wire::LogoutReply>(&raw, &catalogue, None);
    let _ = decode::<sc_wire::DevsReply>(&raw, &catalogue, None);
    let _ = super::lists::devices(&raw, &catalogue);
    let _ = super::lists::firmwares(&raw, &catalogue);
    let _ = super::lists::groups(&raw, &catalogue);
    let _ = decode::<sc_wire::DevReply>(&raw, &catalogue, None);
    let _ = decode::<sc_wire::FirmwaresReply>(&raw, &catalogue, None);
    let _ = decode::<sc_wire::UpgradeStartReply>(&raw, &catalogue, None);
    let _ = decode::<sc_wire::UploadFirmwareReply>(&raw, &catalogue, None);
    let _ = decode::<sc_wire::AddFirmwareReply>(&raw, &catalogue, None);
    if let Err(error) = decode::<sc_wire::DevsReply>(&raw, &catalogue, None) {
        let _ = (error.message(), error.detail());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_survive_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), status in 0u16..600) {
        decode_all(status, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn decoders_survive_arbitrary_json(value in json(), result in prop::option::of(any::<i64>())) {
        let mut value = value;
        if let (Some(result), Value::Object(map)) = (result, &mut value) {
            map.insert("result".into(), Value::from(result));
        }
        decode_all(200, &value.to_string());
    }

    #[test]
    fn list_records_from_arbitrary_json_are_read_or_set_aside(value in json()) {
        let raw = |list: &str| RawReply {
            status: 200,
            content_type: String::new(),
            body: serde_json::json!({"result": 0, list: [value.clone(), value.clone()]}).to_string(),
        };
        let catalogue = Catalogue::builtin();
        // Two copies of one record: read (then set aside as a repeated serial number), or
        // set aside each; never an error for the whole list, never lost without a word.
        let listed = super::lists::devices(&raw("devs"), &catalogue).unwrap();
        prop_assert!(listed.items.is_empty());
        prop_assert!(!listed.reading.set_aside.is_empty());
        for device in &listed.items {
            let _ = (device.activity.to_string(), device.model_label());
        }
        let list = super::lists::firmwares(&raw("firmwares"), &catalogue).unwrap();
        prop_assert_eq!(list.firmwares.len() + list.unreadable(), 2);
        let groups = super::lists::groups(&raw("dev-catalogs"), &catalogue).unwrap();
        let _ = groups.items.entries().count();
    }

    #[test]
    fn other_readers_survive_arbitrary_text(text in "\\PC{0,200}") {
        let _ = Catalogue::parse(&text);
        let _ = history::legacy::decode(&text, 0);
        let _ = history::assemble(vec![(1, text.clone())], vec![(history::chunk_key(1, 0), text.clone())]);
        let _ = parse_cookies(&text);
        let _ = CookieHint::read(&text);
        let _ = Version::parse(&text);
        let _ = library::check_file(&text, 1.0);
    }

    #[test]
    fn history_reader_survives_arbitrary_json(value in json()) {
        let _ = history::legacy::decode(&serde_json::json!({"format": 1, "runs": [value]}).to_string(), 0);
        let _ = history::assemble(vec![(1, value.to_string())], Vec::new());
        let _ = Catalogue::parse(&serde_json::json!({"codes": [value]}).to_string());
    }
}
