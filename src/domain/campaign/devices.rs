//! Where each device of a campaign stands — worked out from the campaign and its calls'
//! runs, never saved — with the counts, filters and retry candidates made of that.

use std::collections::HashMap;
use std::fmt;

use super::{CallState, Campaign, CampaignState};
use crate::domain::attempt::{Attempt, Attempts, Outcome};
use crate::domain::batch::LeftOut;
use crate::domain::call::wave_name;
use crate::domain::call::{CampaignCall, NotFollowed, describe};
use crate::domain::codes::Catalogue;
use crate::domain::order;
use crate::domain::run::{Run, StartRecord};
use crate::domain::tracking::Tracked;

/// Where one device of the campaign stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStage {
    /// Planned for this wave, not sent yet.
    Waiting(usize),
    /// Its call is on its way (or its answer is awaited).
    Sending,
    /// Followed in its run.
    Tracked(Tracked),
    /// Its call's answer was lost and no poll has shown anything of it yet: it may be
    /// upgrading or not. Followed, never resent by itself.
    OutcomeUnknown,
    /// Named in a call, not started: why (the Cloud's refusal, or its run was deleted).
    NotStarted(Outcome),
    LeftOut(LeftOut),
    /// Its wave never came: the campaign was aborted.
    NotSent,
}

impl DeviceStage {
    /// The device's state in words, install failures through the catalogue.
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        match self {
            DeviceStage::Waiting(wave) => format!("waiting for {}", wave_name(*wave)),
            DeviceStage::Sending => "being sent".into(),
            DeviceStage::Tracked(state) => describe(state, catalogue),
            DeviceStage::OutcomeUnknown => {
                "outcome unknown: the answer to its call was lost; following it to learn what happened"
                    .into()
            }
            DeviceStage::NotStarted(why) => why.describe(catalogue),
            DeviceStage::LeftOut(why) => format!("left out: {why}"),
            DeviceStage::NotSent => "not sent: the campaign was aborted".into(),
        }
    }

    /// Which of the view's filters lists it.
    pub fn kind(&self) -> StatusKind {
        match self {
            DeviceStage::Tracked(Tracked::Verified) => StatusKind::Verified,
            DeviceStage::Tracked(state) if state.is_final() => StatusKind::NeedsAttention,
            DeviceStage::NotStarted(_) => StatusKind::NeedsAttention,
            DeviceStage::Tracked(_) | DeviceStage::Sending | DeviceStage::OutcomeUnknown => {
                StatusKind::InProgress
            }
            DeviceStage::Waiting(_) => StatusKind::Waiting,
            DeviceStage::LeftOut(_) | DeviceStage::NotSent => StatusKind::LeftOut,
        }
    }
}

/// The campaign's device filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusKind {
    #[default]
    All,
    NeedsAttention,
    InProgress,
    Waiting,
    Verified,
    LeftOut,
}

impl StatusKind {
    pub const ALL: [StatusKind; 6] = [
        StatusKind::All,
        StatusKind::NeedsAttention,
        StatusKind::InProgress,
        StatusKind::Waiting,
        StatusKind::Verified,
        StatusKind::LeftOut,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusKind::All => "All devices",
            StatusKind::NeedsAttention => "Needs attention",
            StatusKind::InProgress => "In progress",
            StatusKind::Waiting => "Waiting for their wave",
            StatusKind::Verified => "Verified",
            StatusKind::LeftOut => "Left out",
        }
    }

    pub fn admits(self, status: &DeviceStage) -> bool {
        self == StatusKind::All || status.kind() == self
    }
}

/// One device of the campaign, for its table and export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDevice {
    pub sn: String,
    pub key: usize,
    pub wave: Option<usize>,
    pub run: Option<u64>,
    pub status: DeviceStage,
}

/// Counts that always add up to the scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CampaignCounts {
    pub verified: usize,
    pub failed: usize,
    pub in_progress: usize,
    pub waiting: usize,
    pub not_started: usize,
    pub left_out: usize,
    pub not_sent: usize,
    /// Sent in a call whose answer was lost, nothing seen of them since.
    pub unknown: usize,
}

impl CampaignCounts {
    /// The counts that are not zero, for a line: "18 verified · 2 not verified".
    pub fn compact(&self) -> String {
        crate::domain::text::nonzero(&[
            (self.verified, "verified"),
            (self.failed, "not verified"),
            (self.unknown, "outcome unknown"),
            (self.in_progress, "in progress"),
            (self.waiting, "waiting for their wave"),
            (self.not_started, "not started"),
            (self.not_sent, "not sent"),
            (self.left_out, "left out"),
        ])
    }

    pub fn total(&self) -> usize {
        self.unknown
            + self.verified
            + self.failed
            + self.in_progress
            + self.waiting
            + self.not_started
            + self.left_out
            + self.not_sent
    }
}

impl fmt::Display for CampaignCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} verified · {} failed, timed out or lost · {} in progress · {} waiting for their wave · {} not started · {} left out",
            self.verified,
            self.failed,
            self.in_progress,
            self.waiting,
            self.not_started,
            self.left_out
        )?;
        if self.unknown > 0 {
            write!(f, " · {} outcome unknown", self.unknown)?;
        }
        if self.not_sent > 0 {
            write!(f, " · {} not sent (aborted)", self.not_sent)?;
        }
        Ok(())
    }
}

impl Campaign {
    /// Every device in scope, where it stands.
    pub fn devices(&self, runs: &HashMap<u64, &Run>) -> Vec<CampaignDevice> {
        let mut out = Vec::new();
        let stopped = !matches!(self.state, CampaignState::Running | CampaignState::Halted { .. });
        for (wave_index, wave) in self.waves.iter().enumerate() {
            for call in &wave.calls {
                let device = |sn: &String, run: Option<u64>, status| CampaignDevice {
                    sn: sn.clone(),
                    key: call.key,
                    wave: Some(wave_index),
                    run,
                    status,
                };
                match &call.state {
                    CallState::Pending => out.extend(call.sns.iter().map(|sn| {
                        let status = if stopped {
                            DeviceStage::NotSent
                        } else {
                            DeviceStage::Waiting(wave_index)
                        };
                        device(sn, None, status)
                    })),
                    CallState::NothingToSend(left) => out.extend(
                        left.iter().map(|(sn, why)| device(sn, None, DeviceStage::LeftOut(*why))),
                    ),
                    CallState::Run(id) => match runs.get(id) {
                        None => out.extend(call.sns.iter().map(|sn| {
                            device(sn, Some(*id), DeviceStage::NotStarted(Outcome::RunDeleted))
                        })),
                        Some(run) => out.extend(
                            run_devices(run)
                                .into_iter()
                                .map(|(sn, status)| device(&sn, Some(*id), status)),
                        ),
                    },
                }
            }
        }
        out.extend(self.left_out.iter().map(|(key, sn, why)| CampaignDevice {
            sn: sn.clone(),
            key: *key,
            wave: None,
            run: None,
            status: DeviceStage::LeftOut(*why),
        }));
        out
    }

    pub fn counts(&self, runs: &HashMap<u64, &Run>) -> CampaignCounts {
        count(&self.devices(runs))
    }

    /// Of its `devices` (as [`Campaign::devices`] gives them), those worth a retry: failed,
    /// timed out, lost, or named in a call but not started (refused), with their earlier
    /// attempts and this campaign's.
    pub fn retry_candidates(&self, devices: &[CampaignDevice]) -> Attempts {
        let mut out = Attempts::new();
        for device in devices {
            let outcome = match &device.status {
                DeviceStage::Tracked(state) if state.is_unsuccessful() => {
                    Outcome::Ended(state.clone())
                }
                DeviceStage::NotStarted(why) => why.clone(),
                _ => continue,
            };
            let mut theirs = self.earlier.get(&device.sn).cloned().unwrap_or_default();
            theirs.push(Attempt {
                run: device.run,
                campaign: Some(CampaignCall { campaign: self.id, wave: device.wave.unwrap_or(0) }),
                target: self
                    .keys
                    .get(device.key)
                    .and_then(|k| k.firmware.as_ref())
                    .map(|f| f.version),
                outcome,
            });
            out.insert(device.sn.clone(), theirs);
        }
        out
    }
}

/// Counts of a device list.
pub fn count(devices: &[CampaignDevice]) -> CampaignCounts {
    let mut counts = CampaignCounts::default();
    for device in devices {
        match &device.status {
            DeviceStage::Waiting(_) => counts.waiting += 1,
            DeviceStage::Sending => counts.in_progress += 1,
            DeviceStage::OutcomeUnknown => counts.unknown += 1,
            DeviceStage::Tracked(Tracked::Verified) => counts.verified += 1,
            DeviceStage::Tracked(state) if state.is_final() => counts.failed += 1,
            DeviceStage::Tracked(_) => counts.in_progress += 1,
            DeviceStage::NotStarted(_) => counts.not_started += 1,
            DeviceStage::LeftOut(_) => counts.left_out += 1,
            DeviceStage::NotSent => counts.not_sent += 1,
        }
    }
    counts
}

/// The positions of the `devices` that `kind` admits, as the campaign page lists them: what
/// needs attention first, then by serial number.
pub fn shown(devices: &[CampaignDevice], kind: StatusKind) -> Vec<usize> {
    let mut rows: Vec<usize> =
        (0..devices.len()).filter(|&i| kind.admits(&devices[i].status)).collect();
    let calm = |i: usize| devices[i].status.kind() != StatusKind::NeedsAttention;
    order::sort_positions(&mut rows, &|a, b| {
        calm(a).cmp(&calm(b)).then_with(|| devices[a].sn.cmp(&devices[b].sn))
    });
    rows
}

/// The devices of one call's run, where each stands.
fn run_devices(run: &Run) -> Vec<(String, DeviceStage)> {
    let mut out: Vec<(String, DeviceStage)> = Vec::new();
    if run.start == StartRecord::Sending {
        out.extend(run.sent.iter().map(|d| (d.sn.clone(), DeviceStage::Sending)));
    }
    let lost_answer = matches!(run.start, StartRecord::Unknown { .. });
    out.extend(run.devices.iter().map(|d| {
        let status = if lost_answer && d.state == Tracked::Waiting {
            DeviceStage::OutcomeUnknown
        } else {
            DeviceStage::Tracked(d.state.clone())
        };
        (d.sn.clone(), status)
    }));
    out.extend(run.left_out.iter().map(|l| {
        let status = match &l.reason {
            NotFollowed::Plan(why) => DeviceStage::LeftOut(*why),
            other => DeviceStage::NotStarted(Outcome::NotStarted(other.clone())),
        };
        (l.sn.clone(), status)
    }));
    out
}
