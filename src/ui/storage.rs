//! The browser's localStorage, for the run history. Failures (storage disabled, full)
//! never break the console; they are reported through the history problems.

use crate::domain::history::{self, Loaded, SET_ASIDE_KEY, STORAGE_KEY};
use crate::domain::run::Run;

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

/// Saves every run; returns false if the browser refused.
pub fn save(runs: &[Run]) -> bool {
    local_storage().is_some_and(|s| s.set_item(STORAGE_KEY, &history::encode(runs)).is_ok())
}
