//! A campaign: a mixed fleet brought to its targets in waves, canary first, one
//! `upgrade/start` per batch key in each wave, halting when too many devices of a wave end
//! other than verified. Each call is a [`Run`] (saved before it leaves, followed like any
//! run); the campaign keeps the plan, the waves, which run each call became, and its log.

mod gate;
pub mod plan;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::attempt::{Attempt, Attempts, Outcome};
use super::batch::{LeftOut, devices};
use super::codes::Catalogue;
use super::device::CompatKey;
use super::firmware::FirmwareEntry;
use super::run::{CampaignCall, NotFollowed, Run, StartRecord};
use super::tracking::Tracked;
pub use gate::{Step, WaveCallPlan};
use plan::{CampaignPlan, WaveSettings};

/// A batch key of the campaign and its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignKey {
    pub key: CompatKey,
    pub label: String,
    /// `None`: no firmware on the Cloud for this key (its devices are all left out).
    pub firmware: Option<FirmwareEntry>,
    pub in_scope: usize,
}

/// What became of one call of a wave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallState {
    /// Not made yet.
    Pending,
    /// Made (or being made): its run. Once set, the call is never made again.
    Run(u64),
    /// Nothing left to send when the wave came: each device with its reason (none when
    /// every device was moved to a later wave).
    NothingToSend(Vec<(String, LeftOut)>),
}

/// One call of a wave: the devices of one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaveCall {
    /// Index into [`Campaign::keys`].
    pub key: usize,
    pub sns: Vec<String>,
    pub state: CallState,
}

/// One wave (0 is the canary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wave {
    pub calls: Vec<WaveCall>,
    /// When its calls were made.
    pub started_at: Option<i64>,
    /// When every device had ended and the share not verified was within the threshold
    /// (or the administrator acknowledged it).
    pub passed_at: Option<i64>,
    /// The administrator resumed after this wave halted the campaign.
    pub acknowledged: bool,
}

/// Where the campaign stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignState {
    Running,
    /// Wave `wave` ended with too many devices not verified: (serial number, why).
    Halted {
        wave: usize,
        failures: Vec<(String, String)>,
    },
    /// No further waves; calls already made go on and are followed.
    Aborted {
        at: i64,
    },
    Finished {
        at: i64,
    },
}

/// A device moved out of the wave it was planned in, because it went on air.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deferred {
    pub sn: String,
    pub from: usize,
    /// `None`: there was no later wave, so it is left out.
    pub to: Option<usize>,
}

/// The campaign as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// 1, 2, 3… in this history.
    pub id: u64,
    pub user: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub settings: WaveSettings,
    pub include_on_air: bool,
    /// The deadline each call's run follows its devices with.
    pub deadline_secs: u32,
    pub keys: Vec<CampaignKey>,
    /// Left out when planning or when a wave came: (key, serial number, reason).
    pub left_out: Vec<(usize, String, LeftOut)>,
    pub waves: Vec<Wave>,
    pub deferred: Vec<Deferred>,
    pub state: CampaignState,
    /// What happened, in order: (epoch ms, words).
    pub log: Vec<(i64, String)>,
    /// The campaign this one retries.
    #[serde(default)]
    pub retry_of: Option<u64>,
    /// Earlier attempts per serial number, carried into each call's run.
    #[serde(default)]
    pub earlier: Attempts,
}

/// Who starts a campaign, and how long each device may show no change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignContext {
    pub id: u64,
    pub user: Option<String>,
    pub deadline_secs: u32,
    pub retry_of: Option<u64>,
    pub earlier: Attempts,
    pub now: i64,
}

/// Where one device of the campaign stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStatus {
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

impl DeviceStatus {
    /// The device's state in words, install failures through the catalogue.
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        match self {
            DeviceStatus::Waiting(wave) => format!("waiting for {}", wave_name(*wave)),
            DeviceStatus::Sending => "being sent".into(),
            DeviceStatus::Tracked(state) => super::run::describe(state, catalogue),
            DeviceStatus::OutcomeUnknown => {
                "outcome unknown: the answer to its call was lost; following it to learn what happened"
                    .into()
            }
            DeviceStatus::NotStarted(why) => why.describe(catalogue),
            DeviceStatus::LeftOut(why) => format!("left out: {why}"),
            DeviceStatus::NotSent => "not sent: the campaign was aborted".into(),
        }
    }

    /// Which of the view's filters lists it.
    pub fn kind(&self) -> StatusKind {
        match self {
            DeviceStatus::Tracked(Tracked::Verified) => StatusKind::Verified,
            DeviceStatus::Tracked(state) if state.is_final() => StatusKind::NeedsAttention,
            DeviceStatus::NotStarted(_) => StatusKind::NeedsAttention,
            DeviceStatus::Tracked(_) | DeviceStatus::Sending | DeviceStatus::OutcomeUnknown => {
                StatusKind::InProgress
            }
            DeviceStatus::Waiting(_) => StatusKind::Waiting,
            DeviceStatus::LeftOut(_) | DeviceStatus::NotSent => StatusKind::LeftOut,
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

    pub fn admits(self, status: &DeviceStatus) -> bool {
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
    pub status: DeviceStatus,
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
    /// A campaign for a plan about to start.
    pub fn begin(plan: &CampaignPlan, context: CampaignContext) -> Campaign {
        let keys = plan
            .keys
            .iter()
            .map(|k| CampaignKey {
                key: k.key.clone(),
                label: k.label.clone(),
                firmware: k.target.clone(),
                in_scope: k.in_scope,
            })
            .collect();
        let left_out = plan
            .keys
            .iter()
            .enumerate()
            .flat_map(|(row, k)| {
                k.left_out
                    .iter()
                    .map(move |(sn, why)| (row, sn.clone(), *why))
            })
            .collect();
        let waves = plan
            .waves
            .iter()
            .map(|calls| Wave {
                calls: calls
                    .iter()
                    .map(|(key, sns)| WaveCall {
                        key: *key,
                        sns: sns.clone(),
                        state: CallState::Pending,
                    })
                    .collect(),
                started_at: None,
                passed_at: None,
                acknowledged: false,
            })
            .collect();
        let mut campaign = Campaign {
            id: context.id,
            user: context.user,
            created_at: context.now,
            updated_at: context.now,
            settings: plan.settings.clone(),
            include_on_air: plan.on_air == super::batch::OnAirRule::Include,
            deadline_secs: context.deadline_secs,
            keys,
            left_out,
            waves,
            deferred: Vec::new(),
            state: CampaignState::Running,
            log: Vec::new(),
            retry_of: context.retry_of,
            earlier: context.earlier,
        };
        let summary = format!(
            "Planned: {} in scope, {} to send in {} wave{}.",
            devices(plan.in_scope()),
            devices(plan.to_send()),
            campaign.waves.len(),
            if campaign.waves.len() == 1 { "" } else { "s" }
        );
        campaign.note(context.now, summary);
        campaign
    }

    /// Says in the log that a call's answer was lost (its devices are followed to learn
    /// what happened; none is resent).
    pub fn lost_answer(&mut self, wave: usize, run: u64, message: &str, now: i64) {
        self.note(
            now,
            format!(
                "{}: the answer to run {run}'s call was lost ({message}); its devices are followed to learn what happened, never resent.",
                super::text::capitalised(&wave_name(wave))
            ),
        );
    }

    fn note(&mut self, now: i64, text: String) {
        self.log.push((now, text));
        self.updated_at = now;
    }

    /// "Campaign 2 · 240 devices · 3 models".
    pub fn title(&self) -> String {
        let keys = self.keys.len();
        format!(
            "Campaign {} · {} · {keys} batch key{}",
            self.id,
            devices(self.keys.iter().map(|k| k.in_scope).sum()),
            if keys == 1 { "" } else { "s" }
        )
    }

    /// Whether the campaign may still make calls or wait for its waves.
    pub fn is_running(&self) -> bool {
        matches!(self.state, CampaignState::Running)
    }

    /// "running: wave 2", "halted after the canary", "aborted: no further waves", "finished".
    pub fn status_word(&self) -> String {
        match &self.state {
            CampaignState::Running => match self.current_wave() {
                Some(w) => format!("running: {}", wave_name(w)),
                None => "running".into(),
            },
            CampaignState::Halted { wave, .. } => format!("halted after {}", wave_name(*wave)),
            CampaignState::Aborted { .. } => "aborted: no further waves".into(),
            CampaignState::Finished { .. } => "finished".into(),
        }
    }

    /// The first wave not passed yet.
    pub fn current_wave(&self) -> Option<usize> {
        self.waves.iter().position(|w| w.passed_at.is_none())
    }

    /// The runs its calls became.
    pub fn run_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.waves
            .iter()
            .flat_map(|w| &w.calls)
            .filter_map(|c| match c.state {
                CallState::Run(id) => Some(id),
                _ => None,
            })
    }

    /// Every device in scope, where it stands.
    pub fn devices(&self, runs: &HashMap<u64, &Run>) -> Vec<CampaignDevice> {
        let mut out = Vec::new();
        let stopped = !matches!(
            self.state,
            CampaignState::Running | CampaignState::Halted { .. }
        );
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
                            DeviceStatus::NotSent
                        } else {
                            DeviceStatus::Waiting(wave_index)
                        };
                        device(sn, None, status)
                    })),
                    CallState::NothingToSend(left) => out.extend(
                        left.iter()
                            .map(|(sn, why)| device(sn, None, DeviceStatus::LeftOut(*why))),
                    ),
                    CallState::Run(id) => match runs.get(id) {
                        None => out.extend(call.sns.iter().map(|sn| {
                            device(sn, Some(*id), DeviceStatus::NotStarted(Outcome::RunDeleted))
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
            status: DeviceStatus::LeftOut(*why),
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
                DeviceStatus::Tracked(state) if state.is_unsuccessful() => {
                    Outcome::Ended(state.clone())
                }
                DeviceStatus::NotStarted(why) => why.clone(),
                _ => continue,
            };
            let mut theirs = self.earlier.get(&device.sn).cloned().unwrap_or_default();
            theirs.push(Attempt {
                run: device.run,
                campaign: Some(CampaignCall {
                    campaign: self.id,
                    wave: device.wave.unwrap_or(0),
                }),
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
            DeviceStatus::Waiting(_) => counts.waiting += 1,
            DeviceStatus::Sending => counts.in_progress += 1,
            DeviceStatus::OutcomeUnknown => counts.unknown += 1,
            DeviceStatus::Tracked(Tracked::Verified) => counts.verified += 1,
            DeviceStatus::Tracked(state) if state.is_final() => counts.failed += 1,
            DeviceStatus::Tracked(_) => counts.in_progress += 1,
            DeviceStatus::NotStarted(_) => counts.not_started += 1,
            DeviceStatus::LeftOut(_) => counts.left_out += 1,
            DeviceStatus::NotSent => counts.not_sent += 1,
        }
    }
    counts
}

/// The positions of the `devices` that `kind` admits, as the campaign page lists them: what
/// needs attention first, then by serial number.
pub fn shown(devices: &[CampaignDevice], kind: StatusKind) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..devices.len())
        .filter(|&i| kind.admits(&devices[i].status))
        .collect();
    let calm = |i: usize| devices[i].status.kind() != StatusKind::NeedsAttention;
    super::order::sort_positions(&mut rows, &|a, b| {
        calm(a)
            .cmp(&calm(b))
            .then_with(|| devices[a].sn.cmp(&devices[b].sn))
    });
    rows
}

/// The devices of one call's run, where each stands.
fn run_devices(run: &Run) -> Vec<(String, DeviceStatus)> {
    let mut out: Vec<(String, DeviceStatus)> = Vec::new();
    if run.start == StartRecord::Sending {
        out.extend(
            run.sent
                .iter()
                .map(|d| (d.sn.clone(), DeviceStatus::Sending)),
        );
    }
    let lost_answer = matches!(run.start, StartRecord::Unknown { .. });
    out.extend(run.devices.iter().map(|d| {
        let status = if lost_answer && d.state == Tracked::Waiting {
            DeviceStatus::OutcomeUnknown
        } else {
            DeviceStatus::Tracked(d.state.clone())
        };
        (d.sn.clone(), status)
    }));
    out.extend(run.left_out.iter().map(|l| {
        let status = match &l.reason {
            NotFollowed::Plan(why) => DeviceStatus::LeftOut(*why),
            other => DeviceStatus::NotStarted(Outcome::NotStarted(other.clone())),
        };
        (l.sn.clone(), status)
    }));
    out
}

/// "the canary", "wave 2".
pub fn wave_name(wave: usize) -> String {
    if wave == 0 {
        "the canary".into()
    } else {
        format!("wave {}", wave + 1)
    }
}
