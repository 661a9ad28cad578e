//! The browser's localStorage, for the run history. Failures (storage disabled, full)
//! never break the console; they are reported through the history problems.

use std::fmt;

use crate::domain::history::{self, Loaded, SET_ASIDE_KEY, STORAGE_KEY};
use crate::domain::run::Run;

/// Why the history could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    /// The browser offers no localStorage (disabled, or a private mode that refuses it).
    Unavailable,
    /// The browser refused the write: its storage for this site is full.
    Refused,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SaveError::Unavailable => "this browser does not allow saving it",
            SaveError::Refused => "the browser's storage for this site is full",
        })
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saved runs; unreadable saved data is copied aside before anything overwrites it.
pub fn load(now: i64) -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded {
            problems: vec!["This browser does not allow saving the upgrade history.".into()],
            ..Loaded::default()
        };
    };
    let Some(text) = storage.get_item(STORAGE_KEY).ok().flatten() else {
        return Loaded::default();
    };
    let loaded = history::decode(&text, now);
    if loaded.unreadable {
        let _ = storage.set_item(SET_ASIDE_KEY, &text);
        let _ = storage.remove_item(STORAGE_KEY);
    }
    loaded
}

/// Saves every run, or says why the browser would not keep them.
pub fn save(runs: &[Run]) -> Result<(), SaveError> {
    let storage = local_storage().ok_or(SaveError::Unavailable)?;
    storage
        .set_item(STORAGE_KEY, &history::encode(runs))
        .map_err(|_| SaveError::Refused)
}
