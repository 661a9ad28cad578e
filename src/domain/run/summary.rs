//! What a run came to: its counts, why devices did not end verified, what later runs
//! made of its failures, and what a retry of it carries.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use super::{Run, StartRecord};
use crate::domain::attempt::{Attempt, Attempts, Outcome};
use crate::domain::call::describe;
use crate::domain::codes::Catalogue;
use crate::domain::device::FleetDevice;
use crate::domain::order;
use crate::domain::tracking::Tracked;

/// Counts that always add up to the batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub verified: usize,
    pub failed: usize,
    pub timed_out: usize,
    pub lost: usize,
    pub in_progress: usize,
    pub left_out: usize,
    /// Following was stopped: the devices "in progress" are no longer followed.
    pub stopped: bool,
}

impl RunCounts {
    pub fn total(&self) -> usize {
        self.verified + self.failed + self.timed_out + self.lost + self.in_progress + self.left_out
    }

    /// The counts that are not zero, for a line or a cell: "18 verified · 2 failed".
    pub fn compact(&self) -> String {
        let open = if self.stopped { "no longer followed" } else { "in progress" };
        crate::domain::text::nonzero(&[
            (self.verified, "verified"),
            (self.failed, "failed"),
            (self.timed_out, "timed out"),
            (self.lost, "lost"),
            (self.in_progress, open),
            (self.left_out, "left out"),
        ])
    }
}

impl Run {
    pub fn counts(&self) -> RunCounts {
        let mut counts = RunCounts {
            left_out: self.left_out.len(),
            stopped: self.stopped_at.is_some(),
            ..RunCounts::default()
        };
        if self.start == StartRecord::Sending {
            counts.in_progress += self.sent.len();
        }
        for device in &self.devices {
            match device.state {
                Tracked::Verified => counts.verified += 1,
                Tracked::InstallFailed { .. } | Tracked::WrongVersion { .. } => counts.failed += 1,
                Tracked::TimedOut => counts.timed_out += 1,
                Tracked::Lost => counts.lost += 1,
                _ => counts.in_progress += 1,
            }
        }
        counts
    }

    /// Why devices did not end verified, grouped: ("install failed at step 3: flash write
    /// failed (code 103)", 3).
    pub fn failure_reasons(&self, catalogue: &Catalogue) -> Vec<(String, usize)> {
        let mut groups: BTreeMap<String, usize> = BTreeMap::new();
        for device in self.devices.iter().filter(|d| d.state.is_unsuccessful()) {
            *groups.entry(describe(&device.state, catalogue)).or_default() += 1;
        }
        let mut reasons: Vec<(String, usize)> = groups.into_iter().collect();
        order::sort(&mut reasons, &|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        reasons
    }

    /// This run's unsuccessful devices that a later run then brought to this run's target,
    /// verified: (serial number, that run's id), in this run's order. A retry (or any later
    /// run on the same batch key and version) supersedes the failure.
    pub fn verified_later(&self, runs: &[Run]) -> Vec<(String, u64)> {
        // Where each device was first verified later: one pass over the later runs, not
        // one per failed device (this is read again on every poll of the open run).
        let mut first_verified: HashMap<&str, u64> = HashMap::new();
        for run in runs.iter().filter(|r| {
            r.id > self.id && r.key == self.key && r.firmware.version == self.firmware.version
        }) {
            for track in run.devices.iter().filter(|t| t.state == Tracked::Verified) {
                let id = first_verified.entry(track.sn.as_str()).or_insert(run.id);
                *id = (*id).min(run.id);
            }
        }
        self.devices
            .iter()
            .filter(|d| d.state.is_unsuccessful())
            .filter_map(|d| first_verified.get(d.sn.as_str()).map(|&id| (d.sn.clone(), id)))
            .collect()
    }

    /// "4 failed → verified in run 3 · 1 failed → verified in run 5": what later runs made
    /// of this one's failures (empty when nothing was superseded).
    pub fn superseded_text(&self, runs: &[Run]) -> String {
        let mut by_run: Vec<(u64, usize)> = Vec::new();
        for (_, id) in self.verified_later(runs) {
            match by_run.iter_mut().find(|(r, _)| *r == id) {
                Some((_, n)) => *n += 1,
                None => by_run.push((id, 1)),
            }
        }
        order::sort(&mut by_run, &|a, b| a.0.cmp(&b.0));
        by_run
            .iter()
            .map(|(id, n)| format!("{n} failed → verified in run {id}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Devices still worth retrying: failed, timed out or lost, and not verified since by a
    /// later run.
    pub fn still_to_retry(&self, runs: &[Run]) -> Vec<String> {
        let done: std::collections::HashSet<String> =
            self.verified_later(runs).into_iter().map(|(sn, _)| sn).collect();
        self.retry_candidates().into_iter().filter(|sn| !done.contains(sn)).collect()
    }

    /// The devices of `fleet` a retry of this run sends: still to retry (no later run
    /// verified them), of this run's model and hardware, and only `only` when given.
    pub fn retry_devices(
        &self,
        runs: &[Run],
        fleet: &[FleetDevice],
        only: Option<&str>,
    ) -> Vec<FleetDevice> {
        let wanted: HashSet<String> = self.still_to_retry(runs).into_iter().collect();
        fleet
            .iter()
            .filter(|d| {
                wanted.contains(&d.sn) && only.is_none_or(|o| o == d.sn) && d.key == self.key
            })
            .cloned()
            .collect()
    }

    /// The devices of `fleet` this run sent, of its model and hardware: to select again.
    pub fn sent_devices(&self, fleet: &[FleetDevice]) -> Vec<FleetDevice> {
        let sent: HashSet<&str> = self.sent.iter().map(|d| d.sn.as_str()).collect();
        fleet
            .iter()
            .filter(|d| d.key == self.key && sent.contains(d.sn.as_str()))
            .cloned()
            .collect()
    }

    /// Devices worth retrying: failed, timed out or lost.
    pub fn retry_candidates(&self) -> Vec<String> {
        self.devices.iter().filter(|d| d.state.is_unsuccessful()).map(|d| d.sn.clone()).collect()
    }

    /// The attempts to carry into a retry of this run: its failed devices' earlier ones
    /// and this one.
    pub fn attempts_for_retry(&self) -> Attempts {
        let mut attempts = Attempts::new();
        for device in self.devices.iter().filter(|d| d.state.is_unsuccessful()) {
            let mut theirs = self.earlier.get(&device.sn).cloned().unwrap_or_default();
            theirs.push(Attempt {
                run: Some(self.id),
                campaign: self.campaign,
                target: Some(self.firmware.version),
                outcome: Outcome::Ended(device.state.clone()),
            });
            attempts.insert(device.sn.clone(), theirs);
        }
        attempts
    }
}

impl fmt::Display for RunCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let open = if self.stopped { "no longer followed" } else { "in progress" };
        write!(
            f,
            "{} verified · {} failed · {} timed out · {} lost · {} {open} · {} left out",
            self.verified, self.failed, self.timed_out, self.lost, self.in_progress, self.left_out
        )
    }
}
