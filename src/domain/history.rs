//! Runs saved in the browser (localStorage) as versioned JSON. Reading is forgiving: a
//! corrupt or old-format entry is reported and skipped, never fatal. Nothing secret is
//! ever part of a run (no password, hash or session id).

use serde::Serialize;
use serde_json::Value;

use super::run::{Run, StartRecord};

/// The localStorage key of the saved runs.
pub const STORAGE_KEY: &str = "mwcloud-console.runs";
/// Where unreadable saved data is kept aside rather than overwritten.
pub const SET_ASIDE_KEY: &str = "mwcloud-console.runs.unreadable";
/// The format written today.
pub const FORMAT: u64 = 1;

#[derive(Serialize)]
struct Stored<'a> {
    format: u64,
    runs: &'a [Run],
}

/// The saved form of `runs`.
pub fn encode(runs: &[Run]) -> String {
    // Runs are plain data; encoding cannot fail, and an empty list is the safe fallback.
    serde_json::to_string(&Stored {
        format: FORMAT,
        runs,
    })
    .unwrap_or_else(|_| "{\"format\":1,\"runs\":[]}".into())
}

/// What could be read back, and what could not (in words).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub runs: Vec<Run>,
    pub problems: Vec<String>,
    /// The saved text as a whole was unreadable (keep a copy before overwriting it).
    pub unreadable: bool,
}

/// Reads saved runs. A run that was still being sent when the page closed is marked as
/// of unknown outcome, so its devices get followed.
pub fn decode(text: &str, now: i64) -> Loaded {
    let mut loaded = Loaded::default();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            loaded.unreadable = true;
            loaded.problems.push(format!(
                "The saved upgrade history is unreadable ({error}); it was set aside."
            ));
            return loaded;
        }
    };
    let format = value.get("format").and_then(Value::as_u64);
    if format != Some(FORMAT) {
        loaded.unreadable = true;
        loaded.problems.push(format!(
            "The saved upgrade history has an unknown format ({}); it was set aside.",
            format.map_or("none".to_string(), |f| f.to_string())
        ));
        return loaded;
    }
    let Some(entries) = value.get("runs").and_then(Value::as_array) else {
        loaded.unreadable = true;
        loaded
            .problems
            .push("The saved upgrade history has no list of runs; it was set aside.".into());
        return loaded;
    };
    for (index, entry) in entries.iter().enumerate() {
        match serde_json::from_value::<Run>(entry.clone()) {
            Ok(mut run) => {
                if run.start == StartRecord::Sending {
                    run.unknown(
                        "The page was closed before the Cloud answered.".into(),
                        String::new(),
                        now,
                    );
                }
                loaded.runs.push(run);
            }
            Err(error) => loaded.problems.push(format!(
                "Saved run {} could not be read and was skipped: {error}",
                index + 1
            )),
        }
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::run::tests::{context, plan};

    #[test]
    fn runs_survive_a_round_trip() {
        let mut run = Run::begin(&plan(&["A", "B"]), context(3));
        run.unknown("lost".into(), "detail".into(), 9);
        let loaded = decode(&encode(std::slice::from_ref(&run)), 10);
        assert_eq!(loaded.runs, [run]);
        assert!(loaded.problems.is_empty());
    }

    #[test]
    fn corrupt_or_foreign_data_is_reported_not_fatal() {
        for text in [
            "{not json",
            "{\"format\":99,\"runs\":[]}",
            "[1,2]",
            "{\"format\":1}",
        ] {
            let loaded = decode(text, 0);
            assert!(loaded.runs.is_empty());
            assert!(loaded.unreadable, "{text}");
            assert_eq!(loaded.problems.len(), 1, "{text}");
        }
    }

    #[test]
    fn one_bad_run_is_skipped_and_the_rest_kept() {
        let run = Run::begin(&plan(&["A"]), context(1));
        let mut value: Value = serde_json::from_str(&encode(&[run.clone(), run])).unwrap();
        value["runs"][0] = serde_json::json!({"id": "not a run"});
        let loaded = decode(&value.to_string(), 5);
        assert_eq!(loaded.runs.len(), 1);
        assert!(!loaded.unreadable);
        assert!(loaded.problems[0].starts_with("Saved run 1 could not be read"));
        assert!(
            matches!(loaded.runs[0].start, StartRecord::Unknown { .. }),
            "an interrupted send"
        );
    }

    #[test]
    fn nothing_secret_is_saved() {
        let saved = encode(&[Run::begin(&plan(&["A"]), context(1))]).to_lowercase();
        for secret in ["pass", "sid", "md5", "e3afed0047b08059d0fada10f400c1e5"] {
            assert!(!saved.contains(secret), "{secret}");
        }
    }
}
