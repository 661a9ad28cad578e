//! The faults the simulator can inject, and how each damages a reply. The HTTP side
//! (control endpoints, the middleware that applies them) is in `control`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultMode {
    /// HTTP 500 with a plain-text body.
    Http500,
    /// An HTML error page instead of JSON (status 200 unless `status` says otherwise).
    Html,
    /// A body that is not valid JSON.
    Malformed,
    /// The first half of the real body.
    Truncated,
    /// The real body with every number turned into a string.
    WrongType,
    /// The real `upgrade/start` reply without its last `details` entry.
    DetailsMissing,
    /// The real `upgrade/start` reply with its first `details` entry twice.
    DetailsRepeat,
    /// No reply at all, ever (the client has to time out).
    Hang,
    /// The real reply with a share of the records of its list (`devs`, `firmwares`,
    /// `dev-catalogs`) damaged as [`Fault::records`] says; the rest untouched.
    Records,
}

/// How `records` damages each chosen record of a list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RecordDamage {
    /// The field, by its path in the record: `online-date`, `status.hardware-ver`.
    pub field: String,
    pub how: Damage,
    /// Share of the list's records damaged, 0 to 1 (spread evenly); absent: the first one.
    #[serde(default)]
    pub share: Option<f64>,
    /// Only the records named here — by `sn` (devices) or `id` (firmware, groups) — instead
    /// of a share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    /// For `set`: the value the field is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// What happens to the field of a damaged record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Damage {
    /// Set to `null`.
    #[default]
    Null,
    /// Removed.
    Missing,
    /// A number turned into its decimal text (`5` → `"5"`).
    Text,
    /// The record is listed twice (the field is not used).
    Repeat,
    /// Set to [`RecordDamage::value`] (`null` when absent): a value of another form, or
    /// another record's (a firmware `id` listed for two firmwares).
    Set,
}

/// The fault in force. Every field is optional in the JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Fault {
    pub mode: Option<FaultMode>,
    /// Added before every affected reply.
    pub latency_ms: u64,
    /// Only paths starting with this are affected (all of `/sc_cloud` when absent).
    pub path: Option<String>,
    /// Affect only this many more requests, then lift the fault.
    pub times: Option<u32>,
    /// For `http500`, `html` and `hang`: let the call take effect first.
    pub after: bool,
    /// Status code for `html` and the corrupting modes (default 200).
    pub status: Option<u16>,
    /// For `records`: which field of which records, and how — one damage, or a list
    /// applied in order.
    #[serde(deserialize_with = "one_or_many")]
    pub records: Vec<RecordDamage>,
}

/// `records` as one damage (`{…}`) or several (`[{…}, …]`); absent or `null`: none.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<RecordDamage>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(RecordDamage),
        Many(Vec<RecordDamage>),
    }
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(one)) => vec![one],
        Some(OneOrMany::Many(many)) => many,
    })
}

/// The fault currently set, if any.
#[derive(Debug, Default)]
pub struct Faults {
    current: Option<Fault>,
}

impl Faults {
    /// Sets the fault in force (what `POST /__sim/faults` does).
    pub fn set(&mut self, fault: Fault) {
        self.current = Some(fault);
    }

    /// The fault in force, if any.
    pub fn current(&self) -> Option<&Fault> {
        self.current.as_ref()
    }

    /// Lifts any fault.
    pub fn clear(&mut self) {
        self.current = None;
    }

    /// The fault to apply to a request for `path`, counting it against `times`.
    pub fn take(&mut self, path: &str) -> Option<Fault> {
        let fault = self.current.as_mut()?;
        if fault.path.as_deref().is_some_and(|prefix| !path.starts_with(prefix)) {
            return None;
        }
        let applied = fault.clone();
        if let Some(times) = fault.times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                self.current = None;
            }
        }
        Some(applied)
    }
}

/// The damaged version of a JSON body.
pub fn corrupt(mode: FaultMode, records: &[RecordDamage], body: &[u8]) -> Vec<u8> {
    match mode {
        FaultMode::Records => {
            let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
                return body.to_vec();
            };
            for list in ["devs", "firmwares", "dev-catalogs"] {
                if let Some(items) = value.get_mut(list).and_then(Value::as_array_mut) {
                    for damage in records {
                        damage_records(items, damage);
                    }
                }
            }
            // `get-dev`'s one device, damaged as it would be in the list (a repeat aside).
            if let Some(dev) = value.get_mut("dev").filter(|d| d.is_object()) {
                let mut one = vec![dev.take()];
                for damage in records.iter().filter(|d| d.how != Damage::Repeat) {
                    damage_records(&mut one, damage);
                }
                *dev = one.swap_remove(0);
            }
            serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
        }
        FaultMode::Malformed => {
            let mut damaged = b"{,,".to_vec();
            damaged.extend_from_slice(body.strip_prefix(b"{").unwrap_or(body));
            damaged
        }
        FaultMode::Truncated => body[..body.len() / 2].to_vec(),
        FaultMode::WrongType | FaultMode::DetailsMissing | FaultMode::DetailsRepeat => {
            let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
                return body.to_vec();
            };
            match mode {
                FaultMode::WrongType => numbers_to_strings(&mut value),
                FaultMode::DetailsMissing => {
                    if let Some(details) = value.get_mut("details").and_then(Value::as_array_mut) {
                        details.pop();
                    }
                }
                _ => {
                    if let Some(details) = value.get_mut("details").and_then(Value::as_array_mut)
                        && let Some(first) = details.first().cloned()
                    {
                        details.push(first);
                    }
                }
            }
            serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
        }
        FaultMode::Http500 | FaultMode::Html | FaultMode::Hang => body.to_vec(),
    }
}

/// Whether record `i` is among the damaged: an even spread of `share`, or the first.
fn chosen(i: usize, share: Option<f64>) -> bool {
    match share {
        None => i == 0,
        Some(share) => {
            let share = share.clamp(0.0, 1.0);
            ((i + 1) as f64 * share).floor() > (i as f64 * share).floor()
        }
    }
}

/// Whether `item` is among the records `names` lists (by `sn`, else `id`).
fn named(item: &Value, names: &[String]) -> bool {
    let name = match item.get("sn").or_else(|| item.get("id")) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => return false,
    };
    names.contains(&name)
}

fn damage_records(items: &mut Vec<Value>, damage: &RecordDamage) {
    let mut repeats = Vec::new();
    for (i, item) in items.iter_mut().enumerate() {
        let picked = match &damage.names {
            Some(names) => named(item, names),
            None => chosen(i, damage.share),
        };
        if !picked {
            continue;
        }
        if damage.how == Damage::Repeat {
            repeats.push(item.clone());
            continue;
        }
        let (parent, key) = match damage.field.split_once('.') {
            Some((parent, key)) => (item.get_mut(parent), key),
            None => (Some(item), damage.field.as_str()),
        };
        let Some(Value::Object(object)) = parent else {
            continue;
        };
        match damage.how {
            Damage::Null => {
                object.insert(key.to_string(), Value::Null);
            }
            Damage::Missing => {
                object.remove(key);
            }
            Damage::Text => {
                if let Some(number @ Value::Number(_)) = object.get(key) {
                    let text = number.to_string();
                    object.insert(key.to_string(), Value::String(text));
                }
            }
            Damage::Set => {
                object.insert(key.to_string(), damage.value.clone().unwrap_or(Value::Null));
            }
            Damage::Repeat => {}
        }
    }
    items.extend(repeats);
}

fn numbers_to_strings(value: &mut Value) {
    match value {
        Value::Number(n) => *value = Value::String(n.to_string()),
        Value::Array(items) => items.iter_mut().for_each(numbers_to_strings),
        Value::Object(fields) => fields.values_mut().for_each(numbers_to_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corruptions_damage_the_body_as_named() {
        let body = br#"{"result":0,"details":[{"sn":"A","result":0},{"sn":"B","result":1}]}"#;
        assert!(
            serde_json::from_slice::<Value>(&corrupt(FaultMode::Malformed, &[], body)).is_err()
        );
        assert!(
            serde_json::from_slice::<Value>(&corrupt(FaultMode::Truncated, &[], body)).is_err()
        );
        let wrong: Value =
            serde_json::from_slice(&corrupt(FaultMode::WrongType, &[], body)).unwrap();
        assert_eq!(wrong["result"], "0");
        assert_eq!(corrupt(FaultMode::Malformed, &[], body).len(), body.len() + 2);
        let missing: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsMissing, &[], body)).unwrap();
        assert_eq!(missing["details"].as_array().unwrap().len(), 1);
        let repeat: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsRepeat, &[], body)).unwrap();
        assert_eq!(repeat["details"][2]["sn"], "A");
    }

    #[test]
    fn record_damage_touches_only_the_chosen_share() {
        let devs: Vec<Value> = (0..100)
            .map(|i| {
                serde_json::json!({"sn": format!("A{i}"), "online-date": 5,
                "status": {"hardware-ver": "A"}})
            })
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({"result": 0, "devs": devs})).unwrap();
        let damaged = |field: &str, how: Damage, share: Option<f64>| -> Vec<Value> {
            let damage =
                RecordDamage { field: field.into(), how, share, ..RecordDamage::default() };
            let out = corrupt(FaultMode::Records, &[damage], &body);
            let value: Value = serde_json::from_slice(&out).unwrap();
            value["devs"].as_array().unwrap().clone()
        };
        let text = damaged("online-date", Damage::Text, Some(0.1));
        assert_eq!(text.iter().filter(|d| d["online-date"] == "5").count(), 10);
        let null = damaged("status.hardware-ver", Damage::Null, None);
        assert!(null[0]["status"]["hardware-ver"].is_null());
        assert_eq!(null[1]["status"]["hardware-ver"], "A");
        let missing = damaged("sn", Damage::Missing, Some(0.5));
        assert_eq!(missing.iter().filter(|d| d.get("sn").is_none()).count(), 50);
        let repeat = damaged("sn", Damage::Repeat, Some(0.02));
        assert_eq!(repeat.len(), 102);
    }

    #[test]
    fn record_damage_can_name_its_records_set_any_value_and_come_as_a_list() {
        let fault: Fault = serde_json::from_value(serde_json::json!({"mode": "records",
        "records": [
            {"field": "status.cur-status", "how": "null", "names": ["A2"]},
            {"field": "status.cur-status", "how": "missing", "names": ["A3"]},
            {"field": "id", "how": "set", "value": 21, "names": ["22"]}
        ]}))
        .unwrap();
        assert_eq!(fault.records.len(), 3);
        let one: Fault = serde_json::from_value(serde_json::json!({"mode": "records",
            "records": {"field": "sn", "how": "repeat"}}))
        .unwrap();
        assert_eq!(one.records.len(), 1, "one damage, as before");
        let body = serde_json::to_vec(&serde_json::json!({"result": 0,
            "devs": [{"sn": "A1", "status": {"cur-status": 4}}, {"sn": "A2", "status": {"cur-status": 4}},
                     {"sn": "A3", "status": {"cur-status": 4}}],
            "firmwares": [{"id": 21}, {"id": 22}]}))
        .unwrap();
        let out: Value =
            serde_json::from_slice(&corrupt(FaultMode::Records, &fault.records, &body)).unwrap();
        assert_eq!(out["devs"][0]["status"]["cur-status"], 4, "not named: untouched");
        assert!(out["devs"][1]["status"]["cur-status"].is_null());
        assert!(out["devs"][2]["status"].get("cur-status").is_none());
        assert_eq!(out["firmwares"][1]["id"], 21);
        let one = serde_json::to_vec(&serde_json::json!({"result": 0,
            "dev": {"sn": "A2", "status": {"cur-status": 4}}}))
        .unwrap();
        let out: Value =
            serde_json::from_slice(&corrupt(FaultMode::Records, &fault.records, &one)).unwrap();
        assert!(out["dev"]["status"]["cur-status"].is_null(), "get-dev's device as the list's");
    }

    #[test]
    fn a_counted_fault_lifts_itself() {
        let mut faults = Faults {
            current: Some(Fault {
                times: Some(2),
                path: Some("/sc_cloud/upgrade".into()),
                ..Fault::default()
            }),
        };
        assert!(faults.take("/sc_cloud/scapi/get-devs").is_none(), "other paths untouched");
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_none());
    }
}
