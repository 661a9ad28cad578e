//! The run history as the browser keeps it (IndexedDB, one database per Cloud user): one
//! record per run holding everything but its devices, and its followed devices in chunks
//! of [`CHUNK`], so a poll writes only the chunks whose devices changed, never the whole
//! history — and a start reads a few hundred records, not one per device. Reading is
//! forgiving: a record that cannot be read is set aside and said; the others load. Nothing
//! secret is ever part of a run (no password, hash or session id).

pub mod lease;
pub mod legacy;
pub mod news;
mod progress;
pub mod renumber;
pub mod space;
pub mod stored;

use std::collections::HashMap;

use serde::Serialize;

use super::campaign::Campaign;
use super::run::{Run, StartRecord};
use progress::rebuild_devices;
pub use progress::{Progress, apply_chunk, decode_chunk, encode_chunk, encode_chunks};

/// The schema version of the history database (2 added campaigns).
pub const SCHEMA: u32 = 2;
/// Campaign records, keyed by campaign id (a number).
pub const CAMPAIGNS: &str = "campaigns";
/// The counter of campaign ids, shared by every tab.
pub const NEXT_CAMPAIGN_ID: &str = "next_campaign_id";
/// Run records, keyed by run id (a number).
pub const RUNS: &str = "runs";
/// Chunks of a run's devices, keyed by [`chunk_key`].
pub const DEVICES: &str = "devices";
/// Devices per chunk record: big enough that a start reads few records, small enough
/// that a poll which moved a few devices rewrites little.
pub const CHUNK: usize = 250;
/// Counters and the polling lease, keyed by name.
pub const META: &str = "meta";
/// Records that could not be read, as they were (auto-numbered).
pub const SET_ASIDE: &str = "set_aside";
/// The counter of run ids, shared by every tab.
pub const NEXT_RUN_ID: &str = "next_run_id";

/// The database of one Cloud user's history. IndexedDB is per origin already, so each
/// Cloud (served from its own origin) has its own; the name keeps its users apart.
pub fn database_name(user: &str) -> String {
    format!("mwcloud-console.history.{user}")
}

/// The key of chunk `chunk` (devices `chunk * CHUNK ..`) of a run: the run id zero-padded
/// so keys sort by run. All of a run's chunks lie between the two ends of [`chunk_range`].
pub fn chunk_key(run: u64, chunk: usize) -> String {
    format!("{run:016}|{chunk:08}")
}

/// The first and last possible keys of a run's chunks (`}` sorts after `|`).
pub fn chunk_range(run: u64) -> (String, String) {
    (format!("{run:016}|"), format!("{run:016}}}"))
}

/// The run a chunk belongs to.
pub fn run_of(chunk_key: &str) -> Option<u64> {
    chunk_key.split_once('|')?.0.parse().ok()
}

/// The chunk holding the device at `position` of its run.
pub fn chunk_of(position: usize) -> usize {
    position / CHUNK
}

pub use stored::{encode_campaign, encode_run, read, read_campaign, read_run};

/// A record that could not be read, kept as it was rather than lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadRecord {
    /// What it was: "saved run 3", "saved devices of run 3 (chunk 2)".
    pub from: String,
    /// Why it could not be read.
    pub problem: String,
    pub raw: String,
}

impl UnreadRecord {
    /// As the set-aside store keeps it.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The sentence the history shows about it.
    pub fn said(&self) -> String {
        format!("The {} could not be read and was set aside: {}", self.from, self.problem)
    }
}

/// Which stored record a set-aside one was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKey {
    Run(u64),
    Chunk(String),
    Campaign(u64),
}

/// The history read back.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Newest first.
    pub runs: Vec<Run>,
    /// Newest first.
    pub campaigns: Vec<Campaign>,
    /// Records to move aside, with what they were.
    pub set_aside: Vec<(RecordKey, UnreadRecord)>,
    /// Chunks of a run no longer saved (deleted in one tab while another wrote its
    /// progress): nothing was lost, so they are deleted without a word.
    pub orphans: Vec<String>,
}

/// How long after its start a run may still be waiting for the Cloud's answer in some tab:
/// longer than the 30 s the client gives an upgrade call, with room to spare.
pub const SEND_OUTLIVED_MS: i64 = 60_000;

/// Whether a run marked as being sent can no longer be waiting for its answer anywhere:
/// the tab that sends holds a lock named for the run ([`sending_lock`]) while it waits, so
/// when the browser says no tab holds it (`sender_alive` is `Some(false)`) the send was
/// interrupted at once — a reload does not leave "Sending…" for a minute; without locks,
/// once the longest wait for an answer has passed.
pub fn send_interrupted(run: &Run, now: i64, sender_alive: Option<bool>) -> bool {
    run.start == StartRecord::Sending
        && (sender_alive == Some(false) || now - run.created_at > SEND_OUTLIVED_MS)
}

/// The lock the sending tab holds while it waits for run `run`'s answer (named for the run
/// and its start, so another user's run of the same number in this browser differs).
pub fn sending_lock(run: &Run) -> String {
    format!("mwcloud-console.sending.{}.{}", run.id, run.created_at)
}

/// A run that was still being sent when its page closed: its outcome is unknown, so its
/// devices get followed to learn it.
pub fn interrupted_send(run: &mut Run, now: i64) {
    interrupted_send_because(run, now, "The page was closed before the Cloud answered.");
}

/// As [`interrupted_send`], saying what stopped the sender (the service's driver stopped
/// before the Cloud answered): the call is never made again, its outcome read from the
/// devices.
pub fn interrupted_send_because(run: &mut Run, now: i64, why: &str) {
    if run.start == StartRecord::Sending {
        run.unknown(why.into(), String::new(), now);
    }
}

/// Puts runs together from their records: devices join their run in the order they were
/// sent, each once; a device the run left out (written by a tab that had not yet heard
/// the Cloud's answer) is not followed. Runs still marked as being sent are *not* changed
/// here — the tab that sends may still be waiting for the answer (see
/// [`interrupted_send`]).
pub fn assemble(runs: Vec<(u64, String)>, chunks: Vec<(String, String)>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut found: Vec<Run> = Vec::new();
    for (id, text) in runs {
        let problem = match read_run(&text) {
            Ok(run) if run.id == id => {
                found.push(run);
                continue;
            }
            Ok(run) => format!("it names itself run {}", run.id),
            Err(error) => error,
        };
        loaded.set_aside.push((
            RecordKey::Run(id),
            UnreadRecord { from: format!("saved run {id}"), problem, raw: text },
        ));
    }
    let position: HashMap<u64, usize> = found.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut progress: Vec<Vec<Progress>> = found.iter().map(|_| Vec::new()).collect();
    for (key, text) in chunks {
        let id = run_of(&key).unwrap_or_default();
        let at = position.get(&id).copied();
        let unreadable_run =
            loaded.set_aside.iter().any(|(record, _)| *record == RecordKey::Run(id));
        let problem = match (at, decode_chunk(&text)) {
            (Some(at), Ok(mut read)) => {
                progress[at].append(&mut read);
                continue;
            }
            (None, _) if !unreadable_run => {
                loaded.orphans.push(key);
                continue;
            }
            (None, _) => "its run could not be read".to_string(),
            (Some(_), Err(error)) => error,
        };
        loaded.set_aside.push((
            RecordKey::Chunk(key),
            UnreadRecord { from: format!("saved devices of run {id}"), problem, raw: text },
        ));
    }
    drop(position);
    for (run, progress) in found.iter_mut().zip(progress) {
        rebuild_devices(run, progress);
    }
    // Newest first.
    super::order::sort(&mut found, &|a, b| b.id.cmp(&a.id));
    loaded.runs = found;
    loaded
}

/// Reads campaign records (newest first); one that cannot be read is set aside.
pub fn read_campaigns(
    records: Vec<(u64, String)>,
) -> (Vec<Campaign>, Vec<(RecordKey, UnreadRecord)>) {
    let mut campaigns = Vec::new();
    let mut aside = Vec::new();
    for (id, text) in records {
        let problem = match read_campaign(&text) {
            Ok(campaign) if campaign.id == id => {
                campaigns.push(campaign);
                continue;
            }
            Ok(campaign) => format!("it names itself campaign {}", campaign.id),
            Err(error) => error,
        };
        aside.push((
            RecordKey::Campaign(id),
            UnreadRecord { from: format!("saved campaign {id}"), problem, raw: text },
        ));
    }
    super::order::sort(&mut campaigns, &|a, b| b.id.cmp(&a.id));
    (campaigns, aside)
}

#[cfg(test)]
mod tests;
