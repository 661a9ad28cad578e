//! The campaign being planned: its scope of any batch keys, targets, waves and on-air
//! choice, and the plan made of them. Running campaigns is [`super::CampaignRunner`]'s.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::api::record::{ScheduleAnswer, ScheduleQuestion};
use crate::domain::attempt::Attempts;
use crate::domain::campaign::plan::{CampaignPlan, PlanChoices};
use crate::domain::campaign::rollback::{self, Rollback};
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{FirmwareList, FirmwareRef};

/// A campaign being retried, with its devices' attempts so far.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRetry {
    /// The campaign retried.
    pub campaign: u64,
    pub attempts: Attempts,
}

#[derive(Clone, Copy)]
pub struct Campaigns {
    /// Serial numbers in the scope of the campaign being planned (any batch keys).
    pub scope: ReadSignal<BTreeSet<String>>,
    set_scope: WriteSignal<BTreeSet<String>>,
    /// Targets other than the default, on-air devices included or not, the waves.
    pub choices: ReadSignal<PlanChoices>,
    set_choices: WriteSignal<PlanChoices>,
    /// "I understand" for test builds and downgrades in the plan.
    pub risks_accepted: ReadSignal<bool>,
    set_risks_accepted: WriteSignal<bool>,
    /// "I understand" for sending devices that are on air.
    pub on_air_accepted: ReadSignal<bool>,
    set_on_air_accepted: WriteSignal<bool>,
    /// The campaign is being saved and started (the start button waits).
    pub starting: ReadSignal<bool>,
    set_starting: WriteSignal<bool>,
    /// Why the last start did not happen (its record could not be saved), until the next.
    pub not_started: ReadSignal<Option<String>>,
    set_not_started: WriteSignal<Option<String>>,
    /// The campaign whose failed devices the scope retries, with their earlier attempts.
    pub retrying: ReadSignal<Option<CampaignRetry>>,
    set_retrying: WriteSignal<Option<CampaignRetry>>,
    /// The rollback being planned: the version each device came from.
    pub rollback: ReadSignal<Option<Rollback>>,
    set_rollback: WriteSignal<Option<Rollback>>,
    /// When it may send, as typed (offered only when the service drives campaigns).
    pub schedule: ReadSignal<ScheduleQuestion>,
    set_schedule: WriteSignal<ScheduleQuestion>,
    /// How the service read [`Campaigns::schedule`].
    pub schedule_read: ReadSignal<ScheduleRead>,
    set_schedule_read: WriteSignal<ScheduleRead>,
    /// A drive is under way in this tab (one at a time).
    pub(super) driving: StoredValue<bool>,
}

/// The service's reading of the schedule typed in the planner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleRead {
    /// Nothing typed: the campaign sends at once, at any time.
    Unscheduled,
    Reading,
    Read(ScheduleAnswer),
    /// What is wrong with it (or why the service could not read it).
    Refused(String),
}

impl ScheduleRead {
    /// Why the campaign cannot start with this schedule yet.
    pub fn blocks_start(&self) -> Option<String> {
        match self {
            ScheduleRead::Unscheduled | ScheduleRead::Read(_) => None,
            ScheduleRead::Reading => Some("The service is reading the schedule…".into()),
            ScheduleRead::Refused(why) => Some(format!("Fix the schedule first: {why}")),
        }
    }
}

/// Whether anything of a schedule was typed (a zone alone is no schedule).
pub fn is_scheduled(question: &ScheduleQuestion) -> bool {
    !question.start.trim().is_empty()
        || !question.end.trim().is_empty()
        || !question.windows.is_empty()
}

impl Default for Campaigns {
    fn default() -> Self {
        let (scope, set_scope) = signal(BTreeSet::new());
        let (choices, set_choices) = signal(PlanChoices::default());
        let (risks_accepted, set_risks_accepted) = signal(false);
        let (on_air_accepted, set_on_air_accepted) = signal(false);
        let (starting, set_starting) = signal(false);
        let (not_started, set_not_started) = signal(None);
        let (retrying, set_retrying) = signal(None);
        let (rollback, set_rollback) = signal(None);
        let (schedule, set_schedule) = signal(ScheduleQuestion {
            zone: crate::browser::time_zone(),
            ..ScheduleQuestion::default()
        });
        let (schedule_read, set_schedule_read) = signal(ScheduleRead::Unscheduled);
        Campaigns {
            scope,
            set_scope,
            choices,
            set_choices,
            risks_accepted,
            set_risks_accepted,
            on_air_accepted,
            set_on_air_accepted,
            starting,
            set_starting,
            not_started,
            set_not_started,
            retrying,
            set_retrying,
            rollback,
            set_rollback,
            schedule,
            set_schedule,
            schedule_read,
            set_schedule_read,
            driving: StoredValue::new(false),
        }
    }
}

impl Campaigns {
    /// Adds or removes one device of the scope.
    pub fn toggle(&self, sn: &str) {
        self.set_scope.update(|scope| {
            if !scope.remove(sn) {
                scope.insert(sn.to_string());
            }
        });
    }

    /// Adds every device shown (the fleet's filters: family, group, release…).
    pub fn add_all(&self, sns: impl IntoIterator<Item = String>) {
        self.set_scope.update(|scope| scope.extend(sns));
    }

    /// Changes the plan's choices. An "I understand" given for other targets (or for
    /// including the devices on air) does not carry over to the new ones.
    pub fn change_plan(&self, change: impl FnOnce(&mut PlanChoices)) {
        let before = self.choices.get_untracked();
        self.set_choices.update(change);
        self.choices.with_untracked(|after| {
            if after.targets != before.targets || after.nearest != before.nearest {
                self.set_risks_accepted.set(false);
            }
            if after.include_on_air != before.include_on_air {
                self.set_on_air_accepted.set(false);
            }
        });
    }

    /// The administrator's answer to the plan's risks (test builds, downgrades).
    pub fn accept_risks(&self, accepted: bool) {
        self.set_risks_accepted.set(accepted);
    }

    /// The administrator's answer to sending devices that are on air.
    pub fn accept_on_air(&self, accepted: bool) {
        self.set_on_air_accepted.set(accepted);
    }

    /// Changes when the campaign may send, as typed.
    pub fn change_schedule(&self, change: impl FnOnce(&mut ScheduleQuestion)) {
        self.set_schedule.update(change);
    }

    /// How the service read the schedule typed.
    pub fn schedule_read_as(&self, read: ScheduleRead) {
        self.set_schedule_read.set(read);
    }

    /// Plans retrying `retry`'s devices with the `targets` the campaign retried had.
    pub fn plan_retry(&self, retry: CampaignRetry, targets: BTreeMap<CompatKey, FirmwareRef>) {
        self.clear();
        self.add_all(retry.attempts.keys().cloned());
        self.set_retrying.set(Some(retry));
        self.set_choices.update(|choices| choices.targets = targets);
    }

    /// The campaign is being saved and started: the start button waits.
    pub(super) fn start_begins(&self) {
        self.set_starting.set(true);
        self.set_not_started.set(None);
    }

    /// The start is over (`refused`: why it did not happen, until the next).
    pub(super) fn start_ends(&self, refused: Option<String>) {
        self.set_starting.set(false);
        self.set_not_started.set(refused);
    }

    pub fn clear(&self) {
        self.set_scope.update(BTreeSet::clear);
        self.set_retrying.set(None);
        self.set_rollback.set(None);
        self.set_risks_accepted.set(false);
        self.set_on_air_accepted.set(false);
        self.set_schedule.update(|s| {
            s.start.clear();
            s.end.clear();
            s.windows.clear();
        });
        self.set_schedule_read.set(ScheduleRead::Unscheduled);
    }

    /// Plans returning `rollback`'s devices to the versions they came from (the planner
    /// shows it; nothing is sent until it is started).
    pub fn plan_rollback(&self, rollback: Rollback) {
        self.clear();
        self.set_choices.set(PlanChoices::default());
        self.set_scope.set(rollback.from.keys().cloned().collect());
        self.set_rollback.set(Some(rollback));
    }

    /// The plan for the scope, from the fleet as last read and the Cloud's firmware list.
    pub fn plan_of(&self, fleet: &[FleetDevice], list: &FirmwareList) -> CampaignPlan {
        if let Some(rollback) = self.rollback.get() {
            // The scope as ticked now: a device added has no version to return to.
            let from = self.scope.with(|scope| {
                scope
                    .iter()
                    .map(|sn| (sn.clone(), rollback.from.get(sn).cloned().unwrap_or_default()))
                    .collect()
            });
            let rollback = Rollback { from, ..rollback };
            return self.choices.with(|choices| rollback::plan(&rollback, fleet, list, choices));
        }
        self.scope.with(|scope| {
            let devices: Vec<&FleetDevice> =
                fleet.iter().filter(|d| scope.contains(&d.sn)).collect();
            self.choices
                .with(|choices| crate::domain::campaign::plan::plan(&devices, list, choices))
        })
    }
}
