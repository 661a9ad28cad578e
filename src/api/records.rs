//! Reading the Cloud's lists record by record: a record that cannot be understood is set
//! aside and named, never a reason to drop its neighbours. Pure.
//!
//! Each record is first read as the contract says (the fast path, which every record of a
//! faithful Cloud takes); only a record that fails is read again field by field, where the
//! unambiguous forms a server may send are accepted and noted and the rest is set aside.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::domain::reading::{Form, Reading};

/// What the console does with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Identity or batch key: without it the record cannot be used at all.
    Required,
    /// The console decides on it: absent or `null` reads as the contract's default, a value
    /// of another type sets the record aside (guessing would make a decision unsafe).
    Decides,
    /// Like `Decides`, but absent or `null` reads as empty text, noted (a firmware version
    /// the console does not know is "unknown", not a reason to hide the device).
    DecidesText,
    /// Only shown: a value of another type is left out, noted.
    Shown,
    /// A state the console holds a device for when it is not known (on air, online):
    /// absent, `null` or of another type reads as absent — "not reported", noted — never
    /// as the contract's default (which would say idle, or offline) and never a reason to
    /// hide the device.
    Unknown,
}

/// The JSON type the contract gives a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    TextList,
    Object,
}

/// One field of a record, by its wire path (`status.product-id`).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub path: &'static str,
    pub kind: Kind,
    pub need: Need,
}

const fn field(path: &'static str, kind: Kind, need: Need) -> Field {
    Field { path, kind, need }
}

/// The device object of `get-devs` / `get-dev`. A parent object comes before its fields.
pub const DEVICE: &[Field] = &[
    field("sn", Kind::Text, Need::Required),
    field("module", Kind::Int, Need::Required),
    field("status", Kind::Object, Need::Required),
    field("status.product-id", Kind::Int, Need::Required),
    field("status.hardware-ver", Kind::Text, Need::Required),
    field("status.firmware-ver", Kind::Text, Need::DecidesText),
    field("catalog-id", Kind::Int, Need::Decides),
    field("dev-warning", Kind::Int, Need::Decides),
    field("online-date", Kind::Int, Need::Unknown),
    field("is-upload-file", Kind::Int, Need::Decides),
    field("upload-file-pos", Kind::Int, Need::Decides),
    field("status.cur-status", Kind::Int, Need::Unknown),
    field("status.upgrade-ret", Kind::Int, Need::Decides),
    field("status.upgrade-step", Kind::Int, Need::Decides),
    field("is-everyone", Kind::Int, Need::Shown),
    field("users", Kind::TextList, Need::Shown),
    field("apply-date", Kind::Int, Need::Shown),
    field("status.name", Kind::Text, Need::Shown),
    field("status.module-name", Kind::Text, Need::Shown),
    field("status.up-time", Kind::Int, Need::Shown),
    field("status.eth", Kind::Text, Need::Shown),
    field("status.wifi", Kind::Text, Need::Shown),
    field("status.rndis", Kind::Text, Need::Shown),
];

/// An entry of `get-all-firmwares`.
pub const FIRMWARE: &[Field] = &[
    field("id", Kind::Int, Need::Required),
    field("product-id", Kind::Int, Need::Required),
    field("hardware-ver", Kind::Text, Need::Required),
    field("marjor-ver", Kind::Int, Need::Required),
    field("minor-ver", Kind::Int, Need::Required),
    field("build-number", Kind::Int, Need::Required),
    field("firmware-id", Kind::Int, Need::Decides),
    field("upload-date", Kind::Int, Need::Shown),
    field("file-path", Kind::Text, Need::Shown),
];

/// A group of `get-dev-catalogs` (its `childs` are read as groups of their own).
pub const GROUP: &[Field] = &[
    field("id", Kind::Int, Need::Required),
    field("name", Kind::Text, Need::Shown),
    field("is-everyone", Kind::Int, Need::Shown),
    field("users", Kind::TextList, Need::Shown),
];

/// Longest text of a value quoted in a notice.
const ARRIVED_LIMIT: usize = 60;

/// A value as the notice quotes it: its JSON text, clipped.
pub fn quote(value: &Value) -> String {
    clip(&value.to_string())
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(ARRIVED_LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The name a record is listed by in a notice: its `sn`, else its `id`.
fn name_of(record: &Value) -> Option<String> {
    let name = record.get("sn").or_else(|| record.get("id"))?;
    match name {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Why a record is set aside: the field and what arrived.
type Refusal = (&'static str, String);

/// Reads every record of a list as `T`: the records that could be read, in order; the
/// others are set aside in `reading`. `usable` is a check serde cannot make (an empty
/// serial number decodes, but cannot be batched): a record failing it takes the slow path,
/// whose field rules say why.
pub fn read<T: DeserializeOwned>(
    items: &[&RawValue],
    fields: &[Field],
    usable: fn(&T) -> bool,
    reading: &mut Reading,
) -> Vec<T> {
    let mut records = Vec::with_capacity(items.len());
    for item in items {
        match serde_json::from_str::<T>(item.get()) {
            Ok(record) if usable(&record) => records.push(record),
            _ => {
                let value = serde_json::from_str::<Value>(item.get()).unwrap_or(Value::Null);
                if let Some(record) = read_value(value, fields, usable, reading) {
                    records.push(record);
                }
            }
        }
    }
    records
}

/// Reads one record from its JSON value, field by field (the slow path).
pub fn read_value<T: DeserializeOwned>(
    value: Value,
    fields: &[Field],
    usable: fn(&T) -> bool,
    reading: &mut Reading,
) -> Option<T> {
    let name = name_of(&value);
    let mut notes = Reading::default();
    // Read back from its text rather than `from_value`: the fast path's reader already
    // exists for each record type, a second (from a `Value`) would add to the bundle, and
    // this path is taken only by records that differ from the contract.
    let refused = match normalize(value, fields, &mut notes) {
        Ok(value) => match serde_json::from_str::<T>(&value.to_string()) {
            Ok(record) if usable(&record) => {
                reading.merge(notes);
                return Some(record);
            }
            Ok(_) => ("record", "not usable".to_string()),
            Err(error) => ("record", clip(&error.to_string())),
        },
        Err(refusal) => refusal,
    };
    reading.set_aside(name, refused.0, refused.1);
    None
}

/// Brings a record's accepted forms to the contract's, or says which field refuses it.
fn normalize(mut record: Value, fields: &[Field], notes: &mut Reading) -> Result<Value, Refusal> {
    let Value::Object(map) = &mut record else {
        return Err(("record", format!("not an object: {}", quote(&record))));
    };
    for field in fields {
        let (object, key) = match field.path.split_once('.') {
            None => (&mut *map, field.path),
            Some((parent, key)) => match map.get_mut(parent) {
                Some(Value::Object(object)) => (object, key),
                // The parent's own rule already refused or dropped it.
                _ => continue,
            },
        };
        settle(object, key, field, notes)?;
    }
    Ok(record)
}

/// Settles one field of `object`: keeps it, converts it, drops it (noted), or refuses.
fn settle(
    object: &mut Map<String, Value>,
    key: &str,
    field: &Field,
    notes: &mut Reading,
) -> Result<(), Refusal> {
    let refuse = |arrived: String| Err((field.path, arrived));
    let Some(value) = object.get(key) else {
        return match field.need {
            Need::Required => refuse("missing".into()),
            Need::DecidesText => {
                notes.accept(field.path, Form::Missing);
                object.insert(key.to_string(), Value::String(String::new()));
                Ok(())
            }
            Need::Unknown => {
                notes.accept(field.path, Form::Missing);
                Ok(())
            }
            Need::Decides | Need::Shown => Ok(()),
        };
    };
    if value.is_null() {
        // The contract's own way of saying "no list" (`users`, `childs`): nothing to note.
        if field.kind == Kind::TextList {
            object.remove(key);
            return Ok(());
        }
        return match field.need {
            Need::Required => refuse("null".into()),
            Need::DecidesText => {
                notes.accept(field.path, Form::Null);
                object.insert(key.to_string(), Value::String(String::new()));
                Ok(())
            }
            Need::Decides | Need::Shown | Need::Unknown => {
                notes.accept(field.path, Form::Null);
                object.remove(key);
                Ok(())
            }
        };
    }
    let fits = match (field.kind, value) {
        (Kind::Int, Value::Number(n)) => n.as_i64().is_some(),
        (Kind::Int, Value::String(text)) => {
            if let Ok(number) = text.parse::<i64>() {
                notes.accept(field.path, Form::NumberAsText);
                object.insert(key.to_string(), Value::from(number));
                return Ok(());
            }
            false
        }
        (Kind::Text, Value::String(text)) => {
            if field.need == Need::Required && text.trim().is_empty() {
                return refuse("empty text".into());
            }
            true
        }
        (Kind::TextList, Value::Array(items)) => items.iter().all(Value::is_string),
        (Kind::Object, Value::Object(_)) => true,
        _ => false,
    };
    if fits {
        return Ok(());
    }
    match field.need {
        Need::Shown => {
            notes.accept(field.path, Form::Ignored);
            object.remove(key);
            return Ok(());
        }
        Need::Unknown => {
            notes.accept(field.path, Form::NotUnderstood);
            object.remove(key);
            return Ok(());
        }
        Need::Required | Need::Decides | Need::DecidesText => {}
    }
    refuse(quote(value))
}

/// Sets aside every record whose serial number is listed more than once: which of the
/// copies is the device is anyone's guess, and a guess must not decide an upgrade.
pub fn drop_repeated<T>(records: &mut Vec<T>, sn: fn(&T) -> &str, reading: &mut Reading) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for record in records.iter() {
        *seen.entry(sn(record)).or_default() += 1;
    }
    let repeated: HashMap<String, usize> =
        seen.into_iter().filter(|(_, n)| *n > 1).map(|(sn, n)| (sn.to_string(), n)).collect();
    if repeated.is_empty() {
        return;
    }
    let mut named = Vec::new();
    records.retain(|record| match repeated.get(sn(record)) {
        Some(times) => {
            if !named.contains(&sn(record).to_string()) {
                named.push(sn(record).to_string());
                reading.set_aside(
                    Some(sn(record).to_string()),
                    "sn",
                    format!("listed {times} times"),
                );
            }
            false
        }
        None => true,
    });
}

#[cfg(test)]
mod tests;
