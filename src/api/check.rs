//! The Cloud check: one reply of each endpoint the console reads, compared with what the
//! console expects — fields missing, extra or of another type, records set aside, forms
//! accepted, result codes the catalogue does not know. Pure: a reply in, a report out.

use crate::domain::text;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::records::{self, DEVICE, FIRMWARE, Field, GROUP, Kind, Need};
use super::{ApiError, RawReply, lists};
use crate::domain::codes::{Catalogue, Context};
use crate::domain::reading::Reading;

/// What the console reads, and so what the check reads (never `upgrade/start`, upload,
/// add or logout: the check changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `get-devs?id=0&module=0`: the fleet and every progress poll.
    Devices,
    /// `get-dev-catalogs`: the group tree.
    Groups,
    /// `get-all-firmwares?dev-type=0`: the library.
    Library,
    /// `get-all-firmwares` for one batch key: the firmware offer.
    Offer,
    /// `get-dev?sn=`: one device.
    Device,
}

impl Endpoint {
    /// Its list (or, for one device, its record) in the reply.
    fn list(self) -> &'static str {
        match self {
            Endpoint::Devices => "devs",
            Endpoint::Groups => "dev-catalogs",
            Endpoint::Library | Endpoint::Offer => "firmwares",
            Endpoint::Device => "dev",
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Endpoint::Devices | Endpoint::Device => DEVICE,
            Endpoint::Groups => GROUP,
            Endpoint::Library | Endpoint::Offer => FIRMWARE,
        }
    }

    /// What the console uses it for, as the report says.
    pub fn purpose(self) -> &'static str {
        match self {
            Endpoint::Devices => "the fleet, and every progress poll",
            Endpoint::Groups => "the group filter and campaign scopes",
            Endpoint::Library => "the firmware library",
            Endpoint::Offer => "the firmware offered for a batch",
            Endpoint::Device => "one device",
        }
    }
}

/// A field seen in an unexpected way, in how many records, with one example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldNote {
    pub field: String,
    pub records: usize,
    pub example: String,
}

/// What one endpoint answered against what the console expects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EndpointReport {
    /// `GET /sc_cloud/scapi/get-devs?id=0&module=0`.
    pub request: String,
    pub purpose: String,
    /// The call failed as a whole (network, HTTP, not JSON, refused, shape).
    pub failure: Option<String>,
    pub http_status: Option<u16>,
    pub content_type: String,
    pub records: usize,
    /// Records the console sets aside: "A302…: status.hardware-ver — null".
    pub set_aside: Vec<String>,
    /// Forms accepted other than the contract's: "online-date: a number sent as text (3 records)".
    pub accepted: Vec<String>,
    /// Fields the contract has that some records lack (the console reads them as absent).
    pub missing: Vec<FieldNote>,
    /// Fields the contract does not have (the console ignores them).
    pub extra: Vec<FieldNote>,
    /// Fields of another JSON type than the contract's.
    pub other_type: Vec<FieldNote>,
    /// Result codes the catalogue does not describe: "status.upgrade-ret 205 (2 records)".
    pub unknown_codes: Vec<String>,
}

/// How an endpoint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Exactly as the console expects.
    Clear,
    /// Usable; something differs (extra fields, accepted forms, optional fields absent).
    Notes,
    /// Something the console cannot use, or a call that failed.
    Problems,
}

impl EndpointReport {
    pub fn verdict(&self) -> Verdict {
        if self.failure.is_some()
            || !self.set_aside.is_empty()
            || !self.other_type.is_empty()
            || !self.unknown_codes.is_empty()
        {
            Verdict::Problems
        } else if self.accepted.is_empty() && self.missing.is_empty() && self.extra.is_empty() {
            Verdict::Clear
        } else {
            Verdict::Notes
        }
    }
}

/// The check's report of one endpoint, from its reply (or the reason there was none).
pub fn check(
    endpoint: Endpoint,
    request: &str,
    reply: Result<&RawReply, &ApiError>,
    catalogue: &Catalogue,
) -> EndpointReport {
    let mut report = EndpointReport {
        request: format!("GET {request}"),
        purpose: endpoint.purpose().to_string(),
        ..EndpointReport::default()
    };
    let raw = match reply {
        Ok(raw) => raw,
        Err(error) => {
            report.failure = Some(error.message());
            return report;
        }
    };
    report.http_status = Some(raw.status);
    report.content_type = raw.content_type.clone();
    // What the console itself makes of the reply: accepted, set aside, or refused whole.
    let reading = match endpoint {
        Endpoint::Devices => lists::devices(raw, catalogue).map(|l| l.reading),
        Endpoint::Groups => lists::groups(raw, catalogue).map(|l| l.reading),
        Endpoint::Library | Endpoint::Offer => lists::firmwares(raw, catalogue).map(|l| l.reading),
        Endpoint::Device => device_reading(raw, catalogue),
    };
    match reading {
        Ok(reading) => {
            report.set_aside = reading.set_aside.iter().map(ToString::to_string).collect();
            report.accepted = reading.accepted.iter().map(ToString::to_string).collect();
        }
        Err(error) => {
            report.failure = Some(error.message());
            return report;
        }
    }
    let records = records_of(endpoint, &raw.body);
    report.records = records.len();
    compare(&records, endpoint.fields(), endpoint == Endpoint::Groups, &mut report);
    if matches!(endpoint, Endpoint::Devices | Endpoint::Device) {
        report.unknown_codes = unknown_install_codes(&records, catalogue);
    }
    report
}

/// `get-dev`'s one device, read as the fleet reads each of its records.
fn device_reading(raw: &RawReply, catalogue: &Catalogue) -> Result<Reading, ApiError> {
    let body: Value = super::decode(raw, catalogue, None)?;
    let mut reading = Reading::default();
    match body.get("dev") {
        Some(dev) => {
            records::read_value::<sc_wire::Device>(dev.clone(), DEVICE, |_| true, &mut reading);
        }
        None => reading.set_aside(None, "dev", "missing"),
    }
    Ok(reading)
}

/// The records of the reply's list, groups with their sub-groups.
fn records_of(endpoint: Endpoint, body: &str) -> Vec<Value> {
    let Ok(mut body) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let list = body.get_mut(endpoint.list()).map(Value::take).unwrap_or(Value::Null);
    let mut out = Vec::new();
    match list {
        Value::Array(items) if endpoint == Endpoint::Groups => flatten_groups(items, &mut out, 0),
        Value::Array(items) => out = items,
        Value::Object(_) => out.push(list),
        _ => {}
    }
    out
}

fn flatten_groups(items: Vec<Value>, out: &mut Vec<Value>, depth: usize) {
    for mut group in items {
        if let Some(Value::Array(children)) = group.get_mut("childs").map(Value::take)
            && depth < 8
        {
            flatten_groups(children, out, depth + 1);
        }
        out.push(group);
    }
}

/// Fields missing, extra and of another type, over every record.
fn compare(records: &[Value], fields: &[Field], groups: bool, report: &mut EndpointReport) {
    let mut missing: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    let mut other: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    let mut extra: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let known: BTreeSet<&str> = fields.iter().map(|f| f.path).collect();
    for record in records {
        let Value::Object(map) = record else { continue };
        let name = map.get("sn").or_else(|| map.get("id")).map(records::quote).unwrap_or_default();
        for field in fields {
            match lookup(record, field.path) {
                None if field.need != Need::Required => {
                    let seen = missing.entry(field.path).or_insert((0, name.clone()));
                    seen.0 += 1;
                }
                // Required and absent: the record is set aside, said there.
                None | Some(Value::Null) => {}
                Some(value) if !of_kind(value, field.kind) => {
                    let seen = other.entry(field.path).or_insert((0, records::quote(value)));
                    seen.0 += 1;
                }
                Some(_) => {}
            }
        }
        let mut note_extra = |path: String, value: &Value| {
            // A group's `childs` are groups, checked as records of their own.
            let expected = known.contains(path.as_str()) || (groups && path == "childs");
            if !expected {
                let seen = extra.entry(path).or_insert((0, records::quote(value)));
                seen.0 += 1;
            }
        };
        for (key, value) in map {
            match value {
                Value::Object(inner) if known.contains(key.as_str()) => {
                    for (inner_key, inner_value) in inner {
                        note_extra(format!("{key}.{inner_key}"), inner_value);
                    }
                }
                _ => note_extra(key.clone(), value),
            }
        }
    }
    let notes = |map: BTreeMap<String, (usize, String)>| -> Vec<FieldNote> {
        map.into_iter()
            .map(|(field, (records, example))| FieldNote { field, records, example })
            .collect()
    };
    let owned = |map: BTreeMap<&str, (usize, String)>| {
        map.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<BTreeMap<_, _>>()
    };
    report.missing = notes(owned(missing));
    report.other_type = notes(owned(other));
    report.extra = notes(extra);
}

fn lookup<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    match path.split_once('.') {
        Some((parent, key)) => record.get(parent)?.get(key),
        None => record.get(path),
    }
}

/// Whether a (non-null) value is of the contract's JSON type.
fn of_kind(value: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Int => value.as_i64().is_some(),
        Kind::Text => value.is_string(),
        Kind::TextList => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        Kind::Object => value.is_object(),
    }
}

/// Install codes (`status.upgrade-ret`) the catalogue does not describe, with how often.
fn unknown_install_codes(records: &[Value], catalogue: &Catalogue) -> Vec<String> {
    let mut unknown: BTreeMap<i64, usize> = BTreeMap::new();
    for record in records {
        if let Some(code) = lookup(record, "status.upgrade-ret").and_then(Value::as_i64)
            && code != 0
            && !catalogue.describe(Some(Context::DeviceInstall), code).recognised
        {
            *unknown.entry(code).or_default() += 1;
        }
    }
    unknown
        .into_iter()
        .map(|(code, n)| {
            format!("status.upgrade-ret {code} ({})", text::count(n, "record", "records"))
        })
        .collect()
}

#[cfg(test)]
mod tests;
