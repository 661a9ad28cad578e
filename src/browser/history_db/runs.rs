//! Runs in the database: a new run saved under its id, a poll's changes written, and runs
//! and device chunks read back as another tab wrote them.

use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use super::{HistoryDb, key, next_id, rw};
use crate::browser::idb::{self, IdbError};
use crate::domain::history::{
    self, DEVICES, META, NEXT_RUN_ID, Progress, RUNS, chunk_key, chunk_range, decode_chunk,
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
        self.chunks.push((chunk_key(run, chunk), encode_chunk(tracks)));
    }
}

impl HistoryDb {
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

    /// Writes runs whole and devices on their own, in one transaction. The writes are
    /// issued at once, before the first await — a page being hidden or closed still gets
    /// them out — and the future says whether they were committed.
    pub fn write(&self, writes: Writes) -> impl Future<Output = Result<(), IdbError>> + use<> {
        let issued = idb::transaction(&self.db, &[RUNS, DEVICES], rw())
            .and_then(|tx| put(&tx, writes).map(|()| tx));
        async move { idb::committed(&issued?).await }
    }
}

/// Issues every write of `writes` in `tx` (without waiting: the caller awaits the commit).
pub(super) fn put(tx: &web_sys::IdbTransaction, writes: Writes) -> Result<(), IdbError> {
    let runs = idb::store(tx, RUNS)?;
    let devices = idb::store(tx, DEVICES)?;
    for (id, record, tracks) in writes.runs {
        runs.put_with_key(&JsValue::from_str(&record), &key(id)).map_err(idb::thrown)?;
        let (low, high) = chunk_range(id);
        devices.delete(&idb::range(&low.into(), &high.into())?.into()).map_err(idb::thrown)?;
        for (k, v) in tracks {
            devices.put_with_key(&JsValue::from_str(&v), &k.into()).map_err(idb::thrown)?;
        }
    }
    for (k, v) in writes.chunks {
        devices.put_with_key(&JsValue::from_str(&v), &k.into()).map_err(idb::thrown)?;
    }
    Ok(())
}
