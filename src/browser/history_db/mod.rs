//! One Cloud user's run history in IndexedDB (records as in [`crate::domain::history`]):
//! read it, give a new run its id and save it in one transaction, write what changed,
//! read back what another tab wrote, delete, and set aside what cannot be read. Campaigns
//! live beside the runs; a campaign's call gets its run in the same transaction that marks
//! the call made, so no tab can make it twice. Also the one-time move of the history that
//! earlier versions kept in localStorage.

use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransactionMode};

use super::idb::{self, IdbError};
use super::perf;
use crate::domain::history::{
    self, CAMPAIGNS, DEVICES, META, RUNS, RecordKey, SCHEMA, SET_ASIDE, UnreadRecord, chunk_range,
};

mod campaigns;
mod lease;
mod legacy;
mod runs;

pub use legacy::{Moved, move_legacy};
pub use runs::Writes;

/// An open history database.
#[derive(Clone)]
pub struct HistoryDb {
    db: IdbDatabase,
    /// Closes this connection when a newer version of the console asks; held as long as
    /// any handle to the connection is, and unset with the last one (not leaked per open).
    _on_version_change: Rc<VersionChange>,
}

/// The connection's `onversionchange` handler, unset when dropped: the browser must not
/// call a closure that is gone.
struct VersionChange {
    db: IdbDatabase,
    _handler: Closure<dyn FnMut()>,
}

impl Drop for VersionChange {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
    }
}

/// Creates the stores missing from `old_version`: schema 1's, then schema 2's campaigns.
pub(super) fn create_stores(db: &IdbDatabase, old_version: u32) {
    if old_version < 1 {
        for name in [RUNS, DEVICES, META] {
            let _ = db.create_object_store(name);
        }
        let aside = IdbObjectStoreParameters::new();
        aside.set_auto_increment(true);
        let _ = db.create_object_store_with_optional_parameters(SET_ASIDE, &aside);
    }
    if old_version < 2 {
        let _ = db.create_object_store(CAMPAIGNS);
    }
}

/// Raises the counter `name` of `meta` in `tx`, returning the id it gave.
pub(super) async fn next_id(tx: &web_sys::IdbTransaction, name: &str) -> Result<u64, IdbError> {
    let meta = idb::store(tx, META)?;
    let counter = idb::finish(&meta.get(&name.into()).map_err(idb::thrown)?).await?;
    // The counter starts with the history (or with the records moved into it).
    let id = counter.as_f64().map_or(1, |n| n as u64).max(1);
    meta.put_with_key(&key(id + 1), &name.into()).map_err(idb::thrown)?;
    Ok(id)
}

pub(super) fn rw() -> IdbTransactionMode {
    IdbTransactionMode::Readwrite
}

pub(super) fn key(id: u64) -> JsValue {
    JsValue::from_f64(id as f64)
}

impl HistoryDb {
    /// Opens `user`'s history, creating it on first use. When a newer version of the
    /// console opens it in another tab, this connection closes so that one can proceed;
    /// the writes that follow here fail and are said.
    pub async fn open(user: &str) -> Result<HistoryDb, IdbError> {
        let db = idb::open(&history::database_name(user), SCHEMA, create_stores).await?;
        let closing = db.clone();
        let handler = Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(handler.as_ref().unchecked_ref()));
        Ok(HistoryDb {
            _on_version_change: Rc::new(VersionChange { db: db.clone(), _handler: handler }),
            db,
        })
    }

    /// Closes the connection (a test, or another user's turn).
    pub fn close(&self) {
        self.db.close();
    }

    /// Every run, newest first; unreadable records are moved aside (and returned, to say).
    pub async fn load(&self) -> Result<history::Loaded, IdbError> {
        let tx =
            idb::transaction(&self.db, &[RUNS, DEVICES, CAMPAIGNS], IdbTransactionMode::Readonly)?;
        let runs = idb::store(&tx, RUNS)?;
        let devices = idb::store(&tx, DEVICES)?;
        let campaigns = idb::store(&tx, CAMPAIGNS)?;
        let run_keys = runs.get_all_keys().map_err(idb::thrown)?;
        let run_values = runs.get_all().map_err(idb::thrown)?;
        let device_keys = devices.get_all_keys().map_err(idb::thrown)?;
        let device_values = devices.get_all().map_err(idb::thrown)?;
        let campaign_keys = campaigns.get_all_keys().map_err(idb::thrown)?;
        let campaign_values = campaigns.get_all().map_err(idb::thrown)?;
        let run_keys = idb::numbers(&idb::finish(&run_keys).await?);
        let run_values = idb::strings(&idb::finish(&run_values).await?);
        let device_keys = idb::strings(&idb::finish(&device_keys).await?);
        let device_values = idb::strings(&idb::finish(&device_values).await?);
        let campaign_keys = idb::numbers(&idb::finish(&campaign_keys).await?);
        let campaign_values = idb::strings(&idb::finish(&campaign_values).await?);
        // The benchmark's parts of a start: reading the records, then making runs of them.
        perf::measure_since("history-read", "history-load");
        perf::start("history-assemble");
        let mut loaded = history::assemble(
            run_keys.into_iter().map(|k| k as u64).zip(run_values).collect(),
            device_keys.into_iter().zip(device_values).collect(),
        );
        let (campaigns, unreadable) = history::read_campaigns(
            campaign_keys.into_iter().map(|k| k as u64).zip(campaign_values).collect(),
        );
        loaded.campaigns = campaigns;
        loaded.set_aside.extend(unreadable);
        perf::measure_now("history-assemble");
        if !loaded.set_aside.is_empty() || !loaded.orphans.is_empty() {
            self.set_aside(&loaded.set_aside, &loaded.orphans).await?;
        }
        Ok(loaded)
    }

    /// Deletes runs and their devices.
    pub async fn delete(&self, ids: &[u64]) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES], rw())?;
        let runs = idb::store(&tx, RUNS)?;
        let devices = idb::store(&tx, DEVICES)?;
        for &id in ids {
            runs.delete(&key(id)).map_err(idb::thrown)?;
            let (low, high) = chunk_range(id);
            devices.delete(&idb::range(&low.into(), &high.into())?.into()).map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }

    /// Deletes every run (the id counter goes on: a number is never given twice).
    pub async fn clear(&self) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES, CAMPAIGNS], rw())?;
        idb::store(&tx, RUNS)?.clear().map_err(idb::thrown)?;
        idb::store(&tx, DEVICES)?.clear().map_err(idb::thrown)?;
        idb::store(&tx, CAMPAIGNS)?.clear().map_err(idb::thrown)?;
        idb::committed(&tx).await
    }
}

impl HistoryDb {
    /// Moves unreadable records to the set-aside store, as they were, and deletes the
    /// chunks of runs no longer saved.
    async fn set_aside(
        &self,
        records: &[(RecordKey, UnreadRecord)],
        orphans: &[String],
    ) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES, CAMPAIGNS, SET_ASIDE], rw())?;
        for key in orphans {
            idb::store(&tx, DEVICES)?.delete(&key.into()).map_err(idb::thrown)?;
        }
        let aside = idb::store(&tx, SET_ASIDE)?;
        for (record, what) in records {
            aside.add(&JsValue::from_str(&what.encode())).map_err(idb::thrown)?;
            match record {
                RecordKey::Run(id) => idb::store(&tx, RUNS)?.delete(&key(*id)),
                RecordKey::Chunk(k) => idb::store(&tx, DEVICES)?.delete(&k.into()),
                RecordKey::Campaign(id) => idb::store(&tx, CAMPAIGNS)?.delete(&key(*id)),
            }
            .map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }

    /// Keeps what could not be read, without deleting anything.
    async fn keep_aside(&self, records: &[UnreadRecord]) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[SET_ASIDE], rw())?;
        let aside = idb::store(&tx, SET_ASIDE)?;
        for what in records {
            aside.add(&JsValue::from_str(&what.encode())).map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }
}
