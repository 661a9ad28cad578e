//! The history as versions before IndexedDB saved it: one localStorage value holding every
//! run (format 1). Read once, to move it; a record that cannot be read is kept aside as
//! it was, never dropped, and never takes the other runs down with it.

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{UnreadRecord, interrupted_send};
use crate::domain::run::Run;

/// The localStorage key of the saved runs, format 1.
pub const STORAGE_KEY: &str = "mwcloud-console.runs";
/// The format 1 wrote.
pub const FORMAT: u64 = 1;

/// What a format-1 history holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Legacy {
    pub runs: Vec<Run>,
    /// Records (or the whole text) that could not be read, as they were.
    pub set_aside: Vec<UnreadRecord>,
}

/// The saved runs, each as its text.
#[derive(Deserialize)]
struct SavedRuns<'a> {
    #[serde(borrow)]
    runs: Vec<&'a RawValue>,
}

/// Reads a format-1 history. A run still being sent when its page closed is marked as of
/// unknown outcome, so its devices get followed.
pub fn decode(text: &str, now: i64) -> Legacy {
    let mut legacy = Legacy::default();
    let whole = |problem: String| UnreadRecord {
        from: "the history saved by an earlier version".into(),
        problem,
        raw: text.to_string(),
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            legacy.set_aside.push(whole(format!("it is unreadable ({error})")));
            return legacy;
        }
    };
    let format = value.get("format").and_then(Value::as_u64);
    if format != Some(FORMAT) {
        let format = format.map_or("none".to_string(), |f| f.to_string());
        legacy.set_aside.push(whole(format!("it has an unknown format ({format})")));
        return legacy;
    }
    let Some(entries) = value.get("runs").and_then(Value::as_array) else {
        legacy.set_aside.push(whole("it has no list of runs".into()));
        return legacy;
    };
    // Each run as its own text, exactly as saved, read as the database's records are: a
    // run that cannot be read is kept as it was. (Written out again from the parsed value,
    // it also took serde_json's writer for `Value` into the wasm: 1 KB gzip.)
    let texts = match serde_json::from_str::<SavedRuns>(text) {
        Ok(saved) if saved.runs.len() == entries.len() => saved.runs,
        _ => {
            legacy.set_aside.push(whole("it has no list of runs".into()));
            return legacy;
        }
    };
    for (index, entry) in texts.into_iter().enumerate() {
        let entry = entry.get().to_string();
        match super::read_run(&entry) {
            Ok(mut run) => {
                interrupted_send(&mut run, now);
                legacy.runs.push(run);
            }
            Err(error) => legacy.set_aside.push(UnreadRecord {
                from: format!("saved run {} of an earlier version", index + 1),
                problem: error,
                raw: entry,
            }),
        }
    }
    legacy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::run::StartRecord;

    /// A history written by format 1 (captured from the console before IndexedDB): run 1
    /// of three devices (verified, failed, lost), run 2 retrying the failed one.
    const CAPTURED: &str = include_str!("../../../tests/fixtures/history-format-1.json");

    #[test]
    fn a_captured_history_reads_whole() {
        let legacy = decode(CAPTURED, 0);
        assert!(legacy.set_aside.is_empty(), "{:?}", legacy.set_aside);
        let ids: Vec<u64> = legacy.runs.iter().map(|r| r.id).collect();
        assert_eq!(ids, [2, 1]);
        assert_eq!(legacy.runs[1].devices.len(), 3);
        assert_eq!(legacy.runs[0].retry_of, Some(1));
        assert_eq!(
            legacy.runs[1].counts().to_string(),
            "1 verified · 1 failed · 0 timed out · 1 lost · 0 in progress · 0 left out"
        );
    }

    #[test]
    fn corrupt_or_foreign_data_is_set_aside_whole_not_fatal() {
        for text in ["{not json", "{\"format\":99,\"runs\":[]}", "[1,2]", "{\"format\":1}"] {
            let legacy = decode(text, 0);
            assert!(legacy.runs.is_empty());
            assert_eq!(legacy.set_aside.len(), 1, "{text}");
            assert_eq!(legacy.set_aside[0].raw, text);
        }
    }

    #[test]
    fn one_bad_run_is_set_aside_and_the_rest_kept() {
        let mut value: Value = serde_json::from_str(CAPTURED).unwrap();
        value["runs"][0] = serde_json::json!({"id": "not a run"});
        value["runs"][1]["start"] = serde_json::json!("Sending");
        value["runs"][1]["devices"] = serde_json::json!([]);
        let legacy = decode(&value.to_string(), 5);
        assert_eq!(legacy.runs.len(), 1);
        assert_eq!(legacy.set_aside.len(), 1);
        assert_eq!(legacy.set_aside[0].from, "saved run 1 of an earlier version");
        assert_eq!(legacy.set_aside[0].raw, "{\"id\":\"not a run\"}");
        assert!(matches!(legacy.runs[0].start, StartRecord::Unknown { .. }), "an interrupted send");
    }
}
