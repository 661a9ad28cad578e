//! A campaign: a mixed fleet brought to its targets in waves, canary first, one
//! `upgrade/start` per batch key in each wave, halting when too many devices of a wave end
//! other than verified. Each call is a [`Run`](super::run::Run) (saved before it leaves, followed like any
//! run); the campaign keeps the plan, the waves, which run each call became, and its log.

mod devices;
mod gate;
pub mod matrix;
pub mod plan;
pub mod rollback;
pub mod schedule;
mod steer;
#[cfg(test)]
pub(crate) mod tests;
pub mod way_back;

use super::text;

use super::attempt::Attempts;
use super::batch::LeftOut;
use super::call::wave_name;
use super::device::CompatKey;
use super::firmware::FirmwareEntry;
use super::text::devices;
pub use devices::{CampaignCounts, CampaignDevice, DeviceStage, StatusKind, count, shown};
pub use gate::{Step, WaveCallPlan};
use matrix::WaveStage;
use plan::{CampaignPlan, WaveSettings};
use schedule::{Schedule, Waiting};
pub use steer::FailingKey;

/// A batch key of the campaign and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignKey {
    pub key: CompatKey,
    pub label: String,
    /// `None`: no firmware on the Cloud for this key (its devices are all left out).
    pub firmware: Option<FirmwareEntry>,
    pub in_scope: usize,
}

/// What became of one call of a wave.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveCall {
    /// Index into [`Campaign::keys`].
    pub key: usize,
    pub sns: Vec<String>,
    pub state: CallState,
}

/// One wave (0 is the canary).
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred {
    pub sn: String,
    pub from: usize,
    /// `None`: there was no later wave, so it is left out.
    pub to: Option<usize>,
}

/// The campaign as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub retry_of: Option<u64>,
    /// Earlier attempts per serial number, carried into each call's run.
    pub earlier: Attempts,
    /// Keys (into [`Campaign::keys`]) the administrator left out after they failed.
    pub stopped_keys: Vec<usize>,
    /// What this campaign returns devices from, when it is a rollback.
    pub undoes: Option<way_back::Undoes>,
    /// When it may send (empty: at once, at any time).
    pub schedule: Schedule,
    /// Why its next wave waits for the schedule, as its driver last found.
    pub waiting: Option<Waiting>,
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
            .flat_map(|(row, k)| k.left_out.iter().map(move |(sn, why)| (row, sn.clone(), *why)))
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
            stopped_keys: Vec::new(),
            undoes: plan.undoes.clone(),
            schedule: Schedule::default(),
            waiting: None,
        };
        let summary = format!(
            "Planned: {} in scope, {} to send in {}.",
            devices(plan.in_scope()),
            devices(plan.to_send()),
            text::count(campaign.waves.len(), "wave", "waves")
        );
        campaign.note(context.now, summary);
        campaign
    }

    /// Keeps the campaign to `schedule` (read by the service, said in `summary`), noting who
    /// scheduled it. An empty schedule changes nothing.
    pub fn set_schedule(&mut self, schedule: Schedule, summary: &str, now: i64) {
        if schedule.is_empty() {
            return;
        }
        self.schedule = schedule;
        let who = self.user.clone().unwrap_or_else(|| "an administrator".into());
        self.note(now, format!("Scheduled by {who}: {summary}."));
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

    /// A line of what whoever drives it says (waiting for a Cloud session, going on);
    /// false, and nothing added, when it is the last line already (a driver that restarts
    /// says it once).
    pub fn say(&mut self, now: i64, text: &str) -> bool {
        if self.log.last().is_some_and(|(_, last)| last == text) {
            return false;
        }
        self.note(now, text.to_string());
        true
    }

    fn note(&mut self, now: i64, text: String) {
        self.log.push((now, text));
        self.updated_at = now;
    }

    /// "Campaign 2 · 240 devices · 3 model and hardware pairs".
    pub fn title(&self) -> String {
        format!("Campaign {} · {}", self.id, self.scope_text())
    }

    /// "120 devices · 12 model and hardware pairs"; a rollback says so, and — its rows split
    /// a model and hardware by the version its devices go back to — to which versions:
    /// "rollback of campaign 1 · 19 devices · 1 model and hardware pair · back to 3
    /// versions" (or "back to 1.5.120").
    pub fn scope_text(&self) -> String {
        let mut pairs: Vec<&CompatKey> = self.keys.iter().map(|k| &k.key).collect();
        pairs.sort_by(|a, b| {
            (a.family, a.model, &a.hardware).cmp(&(b.family, b.model, &b.hardware))
        });
        pairs.dedup();
        let scope = format!(
            "{} · {}",
            devices(self.keys.iter().map(|k| k.in_scope).sum()),
            text::count(pairs.len(), "model and hardware pair", "model and hardware pairs")
        );
        let Some(undoes) = &self.undoes else {
            return scope;
        };
        let scope = format!("rollback of {} · {scope}", undoes.describe());
        let mut versions: Vec<String> = self
            .keys
            .iter()
            .filter_map(|k| k.firmware.as_ref().map(|f| f.version.to_string()))
            .collect();
        versions.sort();
        versions.dedup();
        match versions.as_slice() {
            [] => scope,
            [one] => format!("{scope} · back to {one}"),
            many => format!("{scope} · back to {} versions", many.len()),
        }
    }

    /// Whether the campaign may still make calls or wait for its waves.
    pub fn is_running(&self) -> bool {
        matches!(self.state, CampaignState::Running)
    }

    /// "running: wave 2", "halted after the canary", "aborted: no further waves", "finished".
    pub fn status_word(&self) -> String {
        match &self.state {
            CampaignState::Running => match (self.current_wave(), self.holding()) {
                (Some(w), Some(WaveStage::WaitsForWindow)) => {
                    format!("scheduled: {} waits for its window", wave_name(w))
                }
                (Some(w), Some(WaveStage::WaitsForStart)) => {
                    format!("scheduled: {} waits for its start", wave_name(w))
                }
                (Some(w), Some(_)) => format!("running: pause before {}", wave_name(w)),
                (Some(w), None) => format!("running: {}", wave_name(w)),
                (None, _) => "running".into(),
            },
            CampaignState::Halted { wave, .. } => format!("halted after {}", wave_name(*wave)),
            CampaignState::Aborted { .. } => "aborted: no further waves".into(),
            CampaignState::Finished { .. } => "finished".into(),
        }
    }

    /// The wave waiting out the pause after the one before it passed, and when it may go
    /// (epoch ms); `None` when no pause is under way.
    pub fn pausing(&self) -> Option<(usize, i64)> {
        if !self.is_running() || self.settings.pause_secs == 0 {
            return None;
        }
        let wave = self.current_wave().filter(|w| *w > 0)?;
        if self.waves[wave].started_at.is_some() {
            return None;
        }
        let passed = self.waves[wave - 1].passed_at?;
        Some((wave, passed + i64::from(self.settings.pause_secs) * 1000))
    }

    /// The first wave not passed yet.
    pub fn current_wave(&self) -> Option<usize> {
        self.waves.iter().position(|w| w.passed_at.is_none())
    }

    /// Where the devices of key `key` are sent, short enough never to be cut: "1.5.178", or
    /// "back to 1.5.120" in a rollback; "none" when the Cloud had no firmware for it.
    pub fn target_text(&self, key: usize) -> String {
        match (&self.keys[key].firmware, &self.undoes) {
            (Some(target), Some(_)) => format!("back to {}", target.version),
            (Some(target), None) => target.version.to_string(),
            (None, _) => "none".into(),
        }
    }

    /// The runs its calls became.
    pub fn run_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.waves.iter().flat_map(|w| &w.calls).filter_map(|c| match c.state {
            CallState::Run(id) => Some(id),
            _ => None,
        })
    }
}
