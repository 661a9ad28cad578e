//! A run: one upgrade call and everything that followed, kept for good — who, when, the
//! batch, the firmware, what the Cloud answered, and each device's path to its end.

use std::collections::{HashMap, HashSet};

use sc_wire::code;

use super::attempt::Attempts;
use super::batch::BatchPlan;
use super::call::{CampaignCall, NotFollowed};
use super::device::{CompatKey, FleetDevice};
use super::firmware::FirmwareEntry;
use super::outcome::{Answer, DeviceOutcome, Outcomes};
use super::text::devices;
use super::tracking::DeviceTrack;

mod summary;
pub use summary::RunCounts;

/// What became of the upgrade call itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartRecord {
    Sending,
    /// The Cloud answered, per device.
    Answered {
        rows: Vec<DeviceOutcome>,
    },
    /// The whole call was refused; nothing started.
    Refused {
        message: String,
        detail: String,
    },
    /// No usable answer; the devices are followed anyway to learn what happened.
    Unknown {
        message: String,
        detail: String,
    },
}

/// A device of the batch that is not followed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOutDevice {
    pub sn: String,
    pub reason: NotFollowed,
}

/// A device named in the call, as it was when sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentDevice {
    pub sn: String,
    pub name: String,
    pub from: String,
    pub ret_before: i64,
}

/// One upgrade call and its aftermath.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// 1, 2, 3… in this browser.
    pub id: u64,
    pub user: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub key: CompatKey,
    /// "Ultra Stream · Ultra Stream HDMI (model 770) · hardware A"
    pub batch: String,
    pub firmware: FirmwareEntry,
    /// How long a device may show no change before it is timed out or lost.
    pub deadline_secs: u32,
    pub sent: Vec<SentDevice>,
    pub start: StartRecord,
    /// Saved apart from the rest of the run, one record per device (see
    /// [`super::history`]); absent from a run record.
    pub devices: Vec<DeviceTrack>,
    pub left_out: Vec<LeftOutDevice>,
    /// The run this one retries.
    pub retry_of: Option<u64>,
    /// Earlier attempts per serial number (saved histories may hold them in words).
    pub earlier: Attempts,
    /// Epoch milliseconds of the last device snapshot taken in.
    pub updated_at: i64,
    /// When the administrator stopped following it (epoch ms): its devices keep their
    /// last known state.
    pub stopped_at: Option<i64>,
    /// The campaign call this run is, if any.
    pub campaign: Option<CampaignCall>,
}

/// Who and what a new run is about, besides the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunContext {
    pub id: u64,
    pub user: Option<String>,
    pub batch: String,
    pub deadline_secs: u32,
    pub retry_of: Option<u64>,
    pub earlier: Attempts,
    pub now: i64,
}

impl Run {
    /// A run for a plan about to be sent.
    pub fn begin(plan: &BatchPlan, context: RunContext) -> Run {
        let sent = plan
            .included
            .iter()
            .map(|d| SentDevice {
                sn: d.sn.clone(),
                name: d.name.clone(),
                from: d.firmware.clone(),
                ret_before: match d.activity {
                    super::device::Activity::LastInstallFailed(code) => code,
                    _ => 0,
                },
            })
            .collect();
        let left_out = plan
            .left_out
            .iter()
            .map(|(sn, why)| LeftOutDevice { sn: sn.clone(), reason: NotFollowed::Plan(*why) })
            .collect();
        Run {
            id: context.id,
            user: context.user,
            created_at: context.now,
            key: plan.key.clone(),
            batch: context.batch,
            firmware: plan.firmware.clone(),
            deadline_secs: context.deadline_secs,
            sent,
            start: StartRecord::Sending,
            devices: Vec::new(),
            left_out,
            retry_of: context.retry_of,
            earlier: context.earlier,
            updated_at: context.now,
            stopped_at: None,
            campaign: None,
        }
    }

    /// A device of this run as following it begins (what the saved history rebuilds its
    /// devices from: only their progress is saved apart).
    pub fn track_for(&self, sent: &SentDevice, now: i64) -> DeviceTrack {
        let mut track = DeviceTrack::new(
            &sent.sn,
            &sent.name,
            &sent.from,
            sent.ret_before,
            self.firmware.version,
            now,
        );
        track.attempt = 1 + self.earlier.get(&sent.sn).map_or(0, |e| e.len() as u32);
        track
    }

    fn follow(&mut self, sent: &SentDevice, now: i64) {
        let track = self.track_for(sent, now);
        self.devices.push(track);
    }

    /// The Cloud answered: follow every device it started, or did not answer for.
    pub fn answered(&mut self, outcomes: &Outcomes, now: i64) {
        let by_sn: HashMap<&str, &Answer> =
            outcomes.rows.iter().map(|r| (r.sn.as_str(), &r.answer)).collect();
        for sent in self.sent.clone() {
            match by_sn.get(sent.sn.as_str()) {
                Some(Answer::Code(code::OK)) | Some(Answer::NoAnswer) | None => {
                    self.follow(&sent, now)
                }
                Some(Answer::Code(code::REPEAT_OPERATION)) => self.left_out.push(LeftOutDevice {
                    sn: sent.sn.clone(),
                    reason: NotFollowed::AlreadyUpgrading,
                }),
                Some(
                    Answer::Code(code)
                    | Answer::Conflicting { first: code, .. }
                    | Answer::NotSent(code),
                ) => self.left_out.push(LeftOutDevice {
                    sn: sent.sn.clone(),
                    reason: NotFollowed::Refused(*code),
                }),
            }
        }
        self.start = StartRecord::Answered { rows: outcomes.rows.clone() };
        self.updated_at = now;
    }

    /// The Cloud refused the call as a whole.
    pub fn refused(&mut self, message: String, detail: String, now: i64) {
        for sent in &self.sent {
            self.left_out
                .push(LeftOutDevice { sn: sent.sn.clone(), reason: NotFollowed::CallRefused });
        }
        self.start = StartRecord::Refused { message, detail };
        self.updated_at = now;
    }

    /// No usable answer: follow every device sent, to learn what happened.
    pub fn unknown(&mut self, message: String, detail: String, now: i64) {
        for sent in self.sent.clone() {
            self.follow(&sent, now);
        }
        self.start = StartRecord::Unknown { message, detail };
        self.updated_at = now;
    }

    /// Takes in the devices as the Cloud lists them now; returns the positions of the
    /// devices whose track changed (what a save must write).
    pub fn observe(&mut self, devices: &HashMap<&str, &FleetDevice>, now: i64) -> Vec<usize> {
        self.observe_poll(devices, &HashSet::new(), now)
    }

    /// As [`Run::observe`], where the records of `unreadable` were set aside in this poll:
    /// their devices are not readable this time — neither "not listed" (which ends as
    /// lost) nor anything else; their tracks wait for a poll that can read them.
    pub fn observe_poll(
        &mut self,
        devices: &HashMap<&str, &FleetDevice>,
        unreadable: &HashSet<&str>,
        now: i64,
    ) -> Vec<usize> {
        let deadline = i64::from(self.deadline_secs) * 1000;
        let mut changed = Vec::new();
        for (index, track) in self.devices.iter_mut().enumerate() {
            if unreadable.contains(track.sn.as_str()) {
                continue;
            }
            if track.observe(devices.get(track.sn.as_str()).copied(), now, deadline) {
                changed.push(index);
            }
        }
        self.updated_at = now;
        changed
    }

    /// "Run 3 · 12 devices to 1.5.178 · retry of run 2": the run as its view heads it,
    /// counting the devices the call named (not the selection: left-out devices were never
    /// sent).
    pub fn title(&self) -> String {
        let retry = self.retry_of.map(|r| format!(" · retry of run {r}")).unwrap_or_default();
        format!(
            "Run {} · {} to {}{retry}",
            self.id,
            devices(self.sent.len()),
            self.firmware.version
        )
    }

    /// "following" while anything is left to learn (saying so when the call's outcome is
    /// unknown), "refused" when the Cloud refused the call as a whole (nothing started: not
    /// a finished run of left-out devices), "no longer followed" once stopped, then
    /// "finished".
    pub fn status_word(&self) -> &'static str {
        if matches!(self.start, StartRecord::Refused { .. }) {
            "refused: nothing started"
        } else if self.stopped_at.is_some() {
            "no longer followed"
        } else if matches!(self.start, StartRecord::Unknown { .. }) && self.is_active() {
            "outcome unknown: following the devices to learn it"
        } else if self.is_active() {
            "following"
        } else {
            "finished"
        }
    }

    /// Whether anything is still to be learnt by polling (and the administrator has not
    /// stopped following).
    pub fn is_active(&self) -> bool {
        self.stopped_at.is_none()
            && (self.start == StartRecord::Sending
                || self.devices.iter().any(|d| !d.state.is_final()))
    }

    /// The serial numbers this run still follows (none once it is no longer followed).
    pub fn followed(&self) -> impl Iterator<Item = &str> {
        let active = self.is_active();
        self.devices.iter().filter(move |d| active && !d.state.is_final()).map(|d| d.sn.as_str())
    }

    /// Stops following: no more polling for this run; each device keeps its last known
    /// state (the upgrades themselves go on — the Cloud has no cancel).
    pub fn stop_following(&mut self, now: i64) {
        if self.is_active() {
            self.stopped_at = Some(now);
        }
    }

    /// Follows again after [`Run::stop_following`]: the devices not at an end are read on
    /// the next poll (those that ended meanwhile are taken as they are then).
    pub fn follow_again(&mut self) {
        self.stopped_at = None;
    }

    /// Whether following was stopped with devices not at an end ("Follow again" applies).
    pub fn may_follow_again(&self) -> bool {
        self.stopped_at.is_some() && self.devices.iter().any(|d| !d.state.is_final())
    }
}

#[cfg(test)]
pub(crate) mod tests;
