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
}

/// The fault in force. Every field is optional in the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
        if fault
            .path
            .as_deref()
            .is_some_and(|prefix| !path.starts_with(prefix))
        {
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
pub fn corrupt(mode: FaultMode, body: &[u8]) -> Vec<u8> {
    match mode {
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
        assert!(serde_json::from_slice::<Value>(&corrupt(FaultMode::Malformed, body)).is_err());
        assert!(serde_json::from_slice::<Value>(&corrupt(FaultMode::Truncated, body)).is_err());
        let wrong: Value = serde_json::from_slice(&corrupt(FaultMode::WrongType, body)).unwrap();
        assert_eq!(wrong["result"], "0");
        let missing: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsMissing, body)).unwrap();
        assert_eq!(missing["details"].as_array().unwrap().len(), 1);
        let repeat: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsRepeat, body)).unwrap();
        assert_eq!(repeat["details"][2]["sn"], "A");
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
        assert!(
            faults.take("/sc_cloud/scapi/get-devs").is_none(),
            "other paths untouched"
        );
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_none());
    }
}
