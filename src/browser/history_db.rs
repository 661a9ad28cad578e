//! One Cloud user's run history in IndexedDB (records as in [`crate::domain::history`]):
//! read it, give a new run its id and save it in one transaction, write what changed,
//! read back what another tab wrote, delete, and set aside what cannot be read. Campaigns
//! live beside the runs; a campaign's call gets its run in the same transaction that marks
//! the call made, so no tab can make it twice. Also the one-time move of the history that
//! earlier versions kept in localStorage.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransactionMode};

use super::idb::{self, IdbError};
use super::perf;
use crate::domain::campaign::Campaign;
use crate::domain::history::lease::{self, LEASE};
use crate::domain::history::legacy::{self, STORAGE_KEY};
use crate::domain::history::{
    self, CAMPAIGNS, DEVICES, META, NEXT_CAMPAIGN_ID, NEXT_RUN_ID, Progress, RUNS, RecordKey,
    SCHEMA, SET_ASIDE, SetAside, chunk_key, chunk_range, decode_chunk, encode_campaign,
    encode_chunk, encode_chunks, encode_run,
};
use crate::domain::run::Run;
use crate::domain::tracking::DeviceTrack;

/// A record's key and its text.
type Record = (String, String);

/// What to write in one transaction.
#[derive(Debug, Default)]
pub struct Writes {
    /// Runs written whole: their record, and their device chunks replacing any saved.
    pub runs: Vec<(u64, String, Vec<Record>)>,
    /// Chunks written on their own (a poll's changes).
    pub chunks: Vec<Record>,
    /// Devices in the chunks written (for the benchmark's marks).
    pub devices: usize,
}

impl Writes {
    /// Adds a run, whole.
    pub fn run(&mut self, run: &Run) {
        let chunks = encode_chunks(run)
            .into_iter()
            .map(|(chunk, text)| (chunk_key(run.id, chunk), text))
            .collect();
        self.devices += run.devices.len();
        self.runs.push((run.id, encode_run(run), chunks));
    }

    /// Adds chunk `chunk` of a run: its devices `tracks`.
    pub fn chunk(&mut self, run: u64, chunk: usize, tracks: &[DeviceTrack]) {
        self.devices += tracks.len();
        self.chunks
            .push((chunk_key(run, chunk), encode_chunk(tracks)));
    }
}

/// An open history database.
#[derive(Clone)]
pub struct HistoryDb {
    db: IdbDatabase,
}

/// Creates the stores missing from `old_version`: schema 1's, then schema 2's campaigns.
fn create_stores(db: &IdbDatabase, old_version: u32) {
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
async fn next_id(tx: &web_sys::IdbTransaction, name: &str) -> Result<u64, IdbError> {
    let meta = idb::store(tx, META)?;
    let counter = idb::finish(&meta.get(&name.into()).map_err(idb::thrown)?).await?;
    // The counter starts with the history (or with the records moved into it).
    let id = counter.as_f64().map_or(1, |n| n as u64).max(1);
    meta.put_with_key(&key(id + 1), &name.into())
        .map_err(idb::thrown)?;
    Ok(id)
}

/// Reads campaign `id` in `tx`.
async fn campaign_in(tx: &web_sys::IdbTransaction, id: u64) -> Result<Option<Campaign>, IdbError> {
    let store = idb::store(tx, CAMPAIGNS)?;
    let value = idb::finish(&store.get(&key(id)).map_err(idb::thrown)?).await?;
    Ok(value.as_string().and_then(|t| history::read(&t).ok()))
}

fn put_campaign(tx: &web_sys::IdbTransaction, campaign: &Campaign) -> Result<(), IdbError> {
    idb::store(tx, CAMPAIGNS)?
        .put_with_key(
            &JsValue::from_str(&encode_campaign(campaign)),
            &key(campaign.id),
        )
        .map_err(idb::thrown)?;
    Ok(())
}

fn rw() -> IdbTransactionMode {
    IdbTransactionMode::Readwrite
}

fn key(id: u64) -> JsValue {
    JsValue::from_f64(id as f64)
}

impl HistoryDb {
    /// Opens `user`'s history, creating it on first use. When a newer version of the
    /// console opens it in another tab, this connection closes so that one can proceed;
    /// the writes that follow here fail and are said.
    pub async fn open(user: &str) -> Result<HistoryDb, IdbError> {
        let db = idb::open(&history::database_name(user), SCHEMA, create_stores).await?;
        let closing = db.clone();
        let on_version_change =
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_version_change.as_ref(),
        )));
        // Lives as long as the page, as the connection does.
        on_version_change.forget();
        Ok(HistoryDb { db })
    }

    /// Closes the connection (a test, or another user's turn).
    pub fn close(&self) {
        self.db.close();
    }

    /// Every run, newest first; unreadable records are moved aside (and returned, to say).
    pub async fn load(&self) -> Result<history::Loaded, IdbError> {
        let tx = idb::transaction(
            &self.db,
            &[RUNS, DEVICES, CAMPAIGNS],
            IdbTransactionMode::Readonly,
        )?;
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
            run_keys
                .into_iter()
                .map(|k| k as u64)
                .zip(run_values)
                .collect(),
            device_keys.into_iter().zip(device_values).collect(),
        );
        let (campaigns, unreadable) = history::read_campaigns(
            campaign_keys
                .into_iter()
                .map(|k| k as u64)
                .zip(campaign_values)
                .collect(),
        );
        loaded.campaigns = campaigns;
        loaded.set_aside.extend(unreadable);
        perf::measure_now("history-assemble");
        if !loaded.set_aside.is_empty() || !loaded.orphans.is_empty() {
            self.set_aside(&loaded.set_aside, &loaded.orphans).await?;
        }
        Ok(loaded)
    }

    /// Runs read again whole, as another tab wrote them (absent ones are not returned).
    pub async fn read_runs(&self, ids: &[u64]) -> Result<history::Loaded, IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES], IdbTransactionMode::Readonly)?;
        let runs = idb::store(&tx, RUNS)?;
        let devices = idb::store(&tx, DEVICES)?;
        let mut requests = Vec::new();
        for &id in ids {
            let (low, high) = chunk_range(id);
            let range = idb::range(&low.into(), &high.into())?;
            requests.push((
                id,
                runs.get(&key(id)).map_err(idb::thrown)?,
                devices.get_all_keys_with_key(&range).map_err(idb::thrown)?,
                devices.get_all_with_key(&range).map_err(idb::thrown)?,
            ));
        }
        let mut heads = Vec::new();
        let mut tracks = Vec::new();
        for (id, head, keys, values) in requests {
            let head = idb::finish(&head).await?;
            let keys = idb::strings(&idb::finish(&keys).await?);
            let values = idb::strings(&idb::finish(&values).await?);
            if let Some(text) = head.as_string() {
                heads.push((id, text));
                tracks.extend(keys.into_iter().zip(values));
            }
        }
        Ok(history::assemble(heads, tracks))
    }

    /// The progress of the devices of some chunks of a run, as another tab wrote them (absent or
    /// unreadable chunks are skipped: the next load sets them aside).
    pub async fn read_chunks(
        &self,
        run: u64,
        chunks: &[usize],
    ) -> Result<Vec<(usize, Vec<Progress>)>, IdbError> {
        let tx = idb::transaction(&self.db, &[DEVICES], IdbTransactionMode::Readonly)?;
        let devices = idb::store(&tx, DEVICES)?;
        let requests = chunks
            .iter()
            .map(|&chunk| devices.get(&chunk_key(run, chunk).into()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(idb::thrown)?;
        let mut read = Vec::new();
        for (&chunk, request) in chunks.iter().zip(requests) {
            let value = idb::finish(&request).await?;
            if let Some(progress) = value.as_string().and_then(|t| decode_chunk(&t).ok()) {
                read.push((chunk, progress));
            }
        }
        Ok(read)
    }

    /// Gives `run` the next id of this history — unique across every tab, as the counter
    /// is read and raised in the same transaction that saves the run — and saves it.
    pub async fn begin(&self, run: &mut Run) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[META, RUNS, DEVICES], rw())?;
        run.id = next_id(&tx, NEXT_RUN_ID).await?;
        let mut writes = Writes::default();
        writes.run(run);
        put(&tx, writes)?;
        idb::committed(&tx).await
    }

    /// Gives `campaign` the next campaign id and saves it, in one transaction.
    pub async fn begin_campaign(&self, campaign: &mut Campaign) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[META, CAMPAIGNS], rw())?;
        campaign.id = next_id(&tx, NEXT_CAMPAIGN_ID).await?;
        put_campaign(&tx, campaign)?;
        idb::committed(&tx).await
    }

    /// Campaigns read again, as another tab wrote them (absent or unreadable ones are
    /// skipped: the next load sets them aside).
    pub async fn read_campaigns(&self, ids: &[u64]) -> Result<Vec<Campaign>, IdbError> {
        let tx = idb::transaction(&self.db, &[CAMPAIGNS], IdbTransactionMode::Readonly)?;
        let mut read = Vec::new();
        for &id in ids {
            read.extend(campaign_in(&tx, id).await?);
        }
        Ok(read)
    }

    /// Changes campaign `id` as saved now (whatever another tab wrote last), in one
    /// transaction: `change` gets the latest record. `None` when it is not saved.
    pub async fn change_campaign<T>(
        &self,
        id: u64,
        change: impl FnOnce(&mut Campaign) -> T,
    ) -> Result<Option<(Campaign, T)>, IdbError> {
        let tx = idb::transaction(&self.db, &[CAMPAIGNS], rw())?;
        let Some(mut campaign) = campaign_in(&tx, id).await? else {
            return Ok(None);
        };
        let result = change(&mut campaign);
        put_campaign(&tx, &campaign)?;
        idb::committed(&tx).await?;
        Ok(Some((campaign, result)))
    }

    /// Makes call `call` of wave `wave` of campaign `campaign` into `run`, in one
    /// transaction: the run gets the next run id and is saved, and the call is marked made
    /// with it — unless it was made already (by this tab or another), then nothing is
    /// written and `None` is returned. The call goes out only after this.
    pub async fn begin_call(
        &self,
        campaign: u64,
        wave: usize,
        call: usize,
        run: &mut Run,
    ) -> Result<Option<Campaign>, IdbError> {
        let tx = idb::transaction(&self.db, &[META, RUNS, DEVICES, CAMPAIGNS], rw())?;
        let Some(mut saved) = campaign_in(&tx, campaign).await? else {
            return Ok(None);
        };
        run.id = next_id(&tx, NEXT_RUN_ID).await?;
        if !saved.is_running() || !saved.record_call(wave, call, run.id) {
            // Nothing was written but the counter: give the transaction up.
            let _ = tx.abort();
            return Ok(None);
        }
        let mut writes = Writes::default();
        writes.run(run);
        put(&tx, writes)?;
        put_campaign(&tx, &saved)?;
        idb::committed(&tx).await?;
        Ok(Some(saved))
    }

    /// Writes runs whole and devices on their own, in one transaction. The writes are
    /// issued at once, before the first await — a page being hidden or closed still gets
    /// them out — and the future says whether they were committed.
    pub fn write(&self, writes: Writes) -> impl Future<Output = Result<(), IdbError>> + use<> {
        let issued = idb::transaction(&self.db, &[RUNS, DEVICES], rw())
            .and_then(|tx| put(&tx, writes).map(|()| tx));
        async move { idb::committed(&issued?).await }
    }

    /// Deletes runs and their devices.
    pub async fn delete(&self, ids: &[u64]) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES], rw())?;
        let runs = idb::store(&tx, RUNS)?;
        let devices = idb::store(&tx, DEVICES)?;
        for &id in ids {
            runs.delete(&key(id)).map_err(idb::thrown)?;
            let (low, high) = chunk_range(id);
            devices
                .delete(&idb::range(&low.into(), &high.into())?.into())
                .map_err(idb::thrown)?;
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

    /// Renews or takes the polling lease for `tab` (see [`lease`]); whether it holds it.
    pub async fn claim_lease(&self, tab: &str, now: i64, for_ms: i64) -> Result<bool, IdbError> {
        let tx = idb::transaction(&self.db, &[META], rw())?;
        let meta = idb::store(&tx, META)?;
        let current = idb::finish(&meta.get(&LEASE.into()).map_err(idb::thrown)?).await?;
        let Some(lease) = lease::claim(current.as_string().as_deref(), tab, now, for_ms) else {
            return Ok(false);
        };
        meta.put_with_key(&lease.encode().into(), &LEASE.into())
            .map_err(idb::thrown)?;
        idb::committed(&tx).await.map(|()| true)
    }

    /// Gives the polling lease up, if `tab` holds it (a hidden or closing tab).
    pub async fn drop_lease(&self, tab: &str) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[META], rw())?;
        let meta = idb::store(&tx, META)?;
        let current = idb::finish(&meta.get(&LEASE.into()).map_err(idb::thrown)?).await?;
        if lease::held_by(current.as_string().as_deref(), tab) {
            meta.delete(&LEASE.into()).map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }

    /// Moves unreadable records to the set-aside store, as they were, and deletes the
    /// chunks of runs no longer saved.
    async fn set_aside(
        &self,
        records: &[(RecordKey, SetAside)],
        orphans: &[String],
    ) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[RUNS, DEVICES, CAMPAIGNS, SET_ASIDE], rw())?;
        for key in orphans {
            idb::store(&tx, DEVICES)?
                .delete(&key.into())
                .map_err(idb::thrown)?;
        }
        let aside = idb::store(&tx, SET_ASIDE)?;
        for (record, what) in records {
            aside
                .add(&JsValue::from_str(&what.encode()))
                .map_err(idb::thrown)?;
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
    async fn keep_aside(&self, records: &[SetAside]) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[SET_ASIDE], rw())?;
        let aside = idb::store(&tx, SET_ASIDE)?;
        for what in records {
            aside
                .add(&JsValue::from_str(&what.encode()))
                .map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }
}

/// Issues every write of `writes` in `tx` (without waiting: the caller awaits the commit).
fn put(tx: &web_sys::IdbTransaction, writes: Writes) -> Result<(), IdbError> {
    let runs = idb::store(tx, RUNS)?;
    let devices = idb::store(tx, DEVICES)?;
    for (id, record, tracks) in writes.runs {
        runs.put_with_key(&JsValue::from_str(&record), &key(id))
            .map_err(idb::thrown)?;
        let (low, high) = chunk_range(id);
        devices
            .delete(&idb::range(&low.into(), &high.into())?.into())
            .map_err(idb::thrown)?;
        for (k, v) in tracks {
            devices
                .put_with_key(&JsValue::from_str(&v), &k.into())
                .map_err(idb::thrown)?;
        }
    }
    for (k, v) in writes.chunks {
        devices
            .put_with_key(&JsValue::from_str(&v), &k.into())
            .map_err(idb::thrown)?;
    }
    Ok(())
}

/// What the move of an earlier version's history did.
#[derive(Debug, Default)]
pub struct Moved {
    /// Runs moved, per owner.
    pub runs: Vec<(String, usize)>,
    /// Records kept aside in `user`'s history, unreadable.
    pub set_aside: Vec<SetAside>,
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
        meta.put_with_key(&key(next), &NEXT_RUN_ID.into())
            .map_err(idb::thrown)?;
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
