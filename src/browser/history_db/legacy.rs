//! The one-time move of the history that earlier versions kept in localStorage.

use super::runs::{Writes, put};
use super::{HistoryDb, key, rw};
use crate::browser::idb::{self, IdbError};
use crate::domain::history::UnreadRecord;
use crate::domain::history::legacy::{self, STORAGE_KEY};
use crate::domain::history::{DEVICES, META, NEXT_RUN_ID, RUNS};
use crate::domain::run::Run;

/// What the move of an earlier version's history did.
#[derive(Debug, Default)]
pub struct Moved {
    /// Runs moved, per owner.
    pub runs: Vec<(String, usize)>,
    /// Records kept aside in `user`'s history, unreadable.
    pub set_aside: Vec<UnreadRecord>,
}

/// Moves the history an earlier version kept in localStorage into each owner's database
/// (runs without an owner go to `user`, who is starting the console), then removes it
/// from localStorage — only once everything is written. Unreadable records go to
/// `user`'s set-aside store. `None`: nothing to move.
pub async fn move_legacy(user: &str, now: i64) -> Result<Option<Moved>, IdbError> {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let Some(storage) = storage else {
        return Ok(None);
    };
    let Some(text) = storage.get_item(STORAGE_KEY).ok().flatten() else {
        return Ok(None);
    };
    let found = legacy::decode(&text, now);
    let mut by_owner: Vec<(String, Vec<Run>)> = Vec::new();
    for run in found.runs {
        let owner = run.user.clone().unwrap_or_else(|| user.to_string());
        match by_owner.iter_mut().find(|(o, _)| *o == owner) {
            Some((_, runs)) => runs.push(run),
            None => by_owner.push((owner, vec![run])),
        }
    }
    let mut moved = Moved::default();
    for (owner, runs) in by_owner {
        let db = HistoryDb::open(&owner).await?;
        let tx = idb::transaction(&db.db, &[META, RUNS, DEVICES], rw())?;
        let next = runs.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        let meta = idb::store(&tx, META)?;
        let counter = idb::finish(&meta.get(&NEXT_RUN_ID.into()).map_err(idb::thrown)?).await?;
        let next = next.max(counter.as_f64().unwrap_or(1.0) as u64);
        meta.put_with_key(&key(next), &NEXT_RUN_ID.into()).map_err(idb::thrown)?;
        let mut writes = Writes::default();
        for run in &runs {
            writes.run(run);
        }
        put(&tx, writes)?;
        idb::committed(&tx).await?;
        db.close();
        moved.runs.push((owner, runs.len()));
    }
    if !found.set_aside.is_empty() {
        let db = HistoryDb::open(user).await?;
        db.keep_aside(&found.set_aside).await?;
        db.close();
    }
    moved.set_aside = found.set_aside;
    // Nothing is removed before everything was written.
    let _ = storage.remove_item(STORAGE_KEY);
    Ok(Some(moved))
}
