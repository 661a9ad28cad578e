//! A run's devices' progress as saved apart from the run, a chunk of devices a record:
//! what a poll writes, and how a run's devices are rebuilt from it.

use std::collections::{HashMap, HashSet};

use super::CHUNK;
use super::stored::{read, v1, write};
use crate::domain::run::{Run, SentDevice};
use crate::domain::tracking::{DeviceTrack, Moment, Tracked};

/// A device's progress read back from a chunk: `[sn, saw_activity, timeline]`. Its state
/// and the time of its last change are its timeline's last moment; the rest (name,
/// versions, attempt) is the run's, and is rebuilt from it — a poll writes a third of
/// the bytes a whole device would take, and a start reads that much less.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress(String, bool, Vec<Moment>);

impl From<v1::Progress> for Progress {
    fn from(v1::Progress(sn, saw_activity, timeline): v1::Progress) -> Self {
        let timeline = timeline.into_iter().map(|(at, state)| Moment { at, state: state.into() });
        Progress(sn, saw_activity, timeline.collect())
    }
}

impl Progress {
    pub fn sn(&self) -> &str {
        &self.0
    }

    /// Puts this progress on the device it is of.
    pub fn apply(self, track: &mut DeviceTrack) {
        let Progress(_, saw_activity, timeline) = self;
        if let Some(last) = timeline.last() {
            track.state = last.state.clone();
            track.last_change = last.at;
        }
        track.saw_activity = saw_activity;
        track.timeline = timeline;
    }

    /// The device of `run` this is the progress of, as `sent`.
    fn into_track(self, run: &Run, sent: &SentDevice) -> DeviceTrack {
        let Progress(sn, saw_activity, timeline) = self;
        let (state, last_change) =
            timeline.last().map_or((Tracked::Waiting, run.created_at), |m| (m.state.clone(), m.at));
        DeviceTrack {
            attempt: 1 + run.earlier.get(&sn).map_or(0, |e| e.len() as u32),
            sn,
            name: sent.name.clone(),
            from: sent.from.clone(),
            target: run.firmware.version,
            state,
            ret_before: sent.ret_before,
            saw_activity,
            last_change,
            timeline,
        }
    }
}

/// Puts a chunk's progress, as another tab wrote it, on the run's devices: found at their
/// positions (every tab holds a run's devices in the same order), by serial number if not.
pub fn apply_chunk(run: &mut Run, chunk: usize, progress: Vec<Progress>) {
    for (i, read) in progress.into_iter().enumerate() {
        let at = chunk * CHUNK + i;
        let track = match run.devices.get_mut(at) {
            Some(track) if track.sn == read.sn() => Some(track),
            _ => run.devices.iter_mut().find(|d| d.sn == read.sn()),
        };
        if let Some(track) = track {
            read.apply(track);
        }
    }
}

/// A chunk's record: the progress of the devices at its positions, in order.
pub fn encode_chunk(tracks: &[DeviceTrack]) -> String {
    let progress: Vec<v1::Progress> = tracks
        .iter()
        .map(|t| {
            let timeline = t.timeline.iter().map(|m| (m.at, m.state.clone().into())).collect();
            v1::Progress(t.sn.clone(), t.saw_activity, timeline)
        })
        .collect();
    write(&progress)
}

/// Reads a chunk's devices' progress.
pub fn decode_chunk(text: &str) -> Result<Vec<Progress>, String> {
    let stored: Vec<v1::Progress> = read(text)?;
    Ok(stored.into_iter().map(Progress::from).collect())
}

/// A run's chunks, every one: (chunk number, record).
pub fn encode_chunks(run: &Run) -> Vec<(usize, String)> {
    run.devices.chunks(CHUNK).enumerate().map(|(i, tracks)| (i, encode_chunk(tracks))).collect()
}

/// Rebuilds a run's devices from their progress: each device once, in the order it was
/// sent, none the run left out (written by a tab that had not yet heard the Cloud's
/// answer), none it never sent; dates the run by its latest device change.
pub(super) fn rebuild_devices(run: &mut Run, progress: Vec<Progress>) {
    let mut slots: Vec<Option<Progress>> = run.sent.iter().map(|_| None).collect();
    {
        let order: HashMap<&str, usize> =
            run.sent.iter().enumerate().map(|(i, d)| (d.sn.as_str(), i)).collect();
        let left_out: HashSet<&str> = run.left_out.iter().map(|d| d.sn.as_str()).collect();
        for read in progress {
            if let Some(&at) = order.get(read.sn())
                && !left_out.contains(read.sn())
                && slots[at].is_none()
            {
                slots[at] = Some(read);
            }
        }
    }
    let mut devices = Vec::new();
    for (sent, slot) in run.sent.iter().zip(slots) {
        if let Some(read) = slot {
            devices.push(read.into_track(run, sent));
        }
    }
    run.updated_at = devices.iter().map(|d| d.last_change).fold(run.updated_at, i64::max);
    run.devices = devices;
}
