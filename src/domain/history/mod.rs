//! The run history as the browser keeps it (IndexedDB, one database per Cloud user): one
//! record per run holding everything but its devices, and one record per followed device,
//! so a poll writes only the devices that changed, never the whole history. Reading is
//! forgiving: a record that cannot be read is set aside and said; the others load. Nothing
//! secret is ever part of a run (no password, hash or session id).

pub mod lease;
pub mod legacy;
pub mod news;
pub mod space;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::run::{Run, StartRecord};
use super::tracking::DeviceTrack;

/// The schema version of the history database.
pub const SCHEMA: u32 = 1;
/// Run records, keyed by run id (a number).
pub const RUNS: &str = "runs";
/// Device records, keyed by [`device_key`].
pub const DEVICES: &str = "devices";
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

/// A device record's key: the run id, zero-padded so keys sort by run, then the serial
/// number. All of a run's devices lie between the two ends of [`device_range`].
pub fn device_key(run: u64, sn: &str) -> String {
    format!("{run:016}|{sn}")
}

/// The first and last possible keys of a run's device records (`}` sorts after `|`).
pub fn device_range(run: u64) -> (String, String) {
    (format!("{run:016}|"), format!("{run:016}}}"))
}

/// The run a device record belongs to.
pub fn run_of(device_key: &str) -> Option<u64> {
    device_key.split_once('|')?.0.parse().ok()
}

/// A run as its own record: every field but the devices (the reference fields keep the
/// run from being copied to save it).
#[derive(Serialize)]
struct RunRecord<'a> {
    id: u64,
    user: &'a Option<String>,
    created_at: i64,
    key: &'a super::device::CompatKey,
    batch: &'a str,
    firmware: &'a super::firmware::FirmwareEntry,
    deadline_secs: u32,
    sent: &'a [super::run::SentDevice],
    start: &'a StartRecord,
    left_out: &'a [super::run::LeftOutDevice],
    retry_of: Option<u64>,
    earlier: &'a BTreeMap<String, Vec<String>>,
    updated_at: i64,
}

/// The run's own record (its devices are records of their own).
pub fn encode_run(run: &Run) -> String {
    let record = RunRecord {
        id: run.id,
        user: &run.user,
        created_at: run.created_at,
        key: &run.key,
        batch: &run.batch,
        firmware: &run.firmware,
        deadline_secs: run.deadline_secs,
        sent: &run.sent,
        start: &run.start,
        left_out: &run.left_out,
        retry_of: run.retry_of,
        earlier: &run.earlier,
        updated_at: run.updated_at,
    };
    // Plain data with string keys: encoding cannot fail.
    serde_json::to_string(&record).unwrap_or_default()
}

/// A device's record.
pub fn encode_device(track: &DeviceTrack) -> String {
    serde_json::to_string(track).unwrap_or_default()
}

/// A record that could not be read, kept as it was rather than lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// What it was: "saved run 3", "device C2210 of run 3".
    pub from: String,
    /// Why it could not be read.
    pub problem: String,
    pub raw: String,
}

impl SetAside {
    /// The sentence the history shows about it.
    pub fn said(&self) -> String {
        format!(
            "The {} could not be read and was set aside: {}",
            self.from, self.problem
        )
    }
}

/// Which stored record a set-aside one was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKey {
    Run(u64),
    Device(String),
}

/// The history read back.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Newest first.
    pub runs: Vec<Run>,
    /// Records to move aside, with what they were.
    pub set_aside: Vec<(RecordKey, SetAside)>,
}

/// How long after its start a run may still be waiting for the Cloud's answer in some tab:
/// longer than the 30 s the client gives an upgrade call, with room to spare.
pub const SEND_OUTLIVED_MS: i64 = 60_000;

/// Whether a run marked as being sent can no longer be waiting for its answer anywhere.
pub fn send_interrupted(run: &Run, now: i64) -> bool {
    run.start == StartRecord::Sending && now - run.created_at > SEND_OUTLIVED_MS
}

/// A run that was still being sent when its page closed: its outcome is unknown, so its
/// devices get followed to learn it.
pub fn interrupted_send(run: &mut Run, now: i64) {
    if run.start == StartRecord::Sending {
        run.unknown(
            "The page was closed before the Cloud answered.".into(),
            String::new(),
            now,
        );
    }
}

/// Puts runs together from their records: devices join their run in the order they were
/// sent; a device the run left out (written by a tab that had not yet heard the Cloud's
/// answer) is not followed. Runs still marked as being sent are *not* changed here — the
/// tab that sends may still be waiting for the answer (see [`interrupted_send`]).
pub fn assemble(runs: Vec<(u64, String)>, devices: Vec<(String, String)>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut by_id: BTreeMap<u64, Run> = BTreeMap::new();
    for (id, text) in runs {
        match serde_json::from_str::<Run>(&text) {
            Ok(run) if run.id == id => {
                by_id.insert(id, run);
            }
            Ok(run) => loaded.set_aside.push((
                RecordKey::Run(id),
                SetAside {
                    from: format!("saved run {id}"),
                    problem: format!("it names itself run {}", run.id),
                    raw: text,
                },
            )),
            Err(error) => loaded.set_aside.push((
                RecordKey::Run(id),
                SetAside {
                    from: format!("saved run {id}"),
                    problem: error.to_string(),
                    raw: text,
                },
            )),
        }
    }
    for (key, text) in devices {
        let sn = key.split_once('|').map_or("", |(_, sn)| sn).to_string();
        let run = run_of(&key).and_then(|id| by_id.get_mut(&id));
        let parsed = serde_json::from_str::<DeviceTrack>(&text);
        match (run, parsed) {
            (Some(run), Ok(track)) if track.sn == sn => {
                if !run.left_out.iter().any(|d| d.sn == sn) {
                    run.devices.push(track);
                }
            }
            (run, parsed) => {
                let problem = match (run.is_some(), parsed) {
                    (false, _) => "its run could not be read".to_string(),
                    (true, Err(error)) => error.to_string(),
                    (true, Ok(track)) => format!("it names device {}", track.sn),
                };
                let id = run_of(&key).unwrap_or_default();
                loaded.set_aside.push((
                    RecordKey::Device(key),
                    SetAside {
                        from: format!("device {sn} of run {id}"),
                        problem,
                        raw: text,
                    },
                ));
            }
        }
    }
    for mut run in by_id.into_values().rev() {
        let order: HashMap<&str, usize> = run
            .sent
            .iter()
            .enumerate()
            .map(|(i, d)| (d.sn.as_str(), i))
            .collect();
        let mut devices = std::mem::take(&mut run.devices);
        super::order::sort(&mut devices, &|a, b| {
            order.get(a.sn.as_str()).cmp(&order.get(b.sn.as_str()))
        });
        drop(order);
        run.updated_at = devices
            .iter()
            .map(|d| d.last_change)
            .fold(run.updated_at, i64::max);
        run.devices = devices;
        loaded.runs.push(run);
    }
    loaded
}

#[cfg(test)]
mod tests;
