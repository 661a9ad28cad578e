//! The campaign being planned: its scope of any batch keys, targets, waves and on-air
//! choice, and the plan made of them. Running campaigns is [`super::CampaignRunner`]'s.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::record::{ScheduleAnswer, ScheduleQuestion};
use crate::domain::attempt::Attempts;
use crate::domain::campaign::plan::{CampaignPlan, PlanChoices};
use crate::domain::campaign::rollback::{self, Rollback};
use crate::domain::device::FleetDevice;
use crate::domain::firmware::FirmwareList;

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
    pub scope: RwSignal<BTreeSet<String>>,
    /// Targets other than the default, on-air devices included or not, the waves.
    pub choices: RwSignal<PlanChoices>,
    /// "I understand" for test builds and downgrades in the plan.
    pub risks_accepted: RwSignal<bool>,
    /// "I understand" for sending devices that are on air.
    pub on_air_accepted: RwSignal<bool>,
    /// The campaign is being saved and started (the start button waits).
    pub starting: RwSignal<bool>,
    /// Why the last start did not happen (its record could not be saved), until the next.
    pub not_started: RwSignal<Option<String>>,
    /// The campaign whose failed devices the scope retries, with their earlier attempts.
    pub retrying: RwSignal<Option<CampaignRetry>>,
    /// The rollback being planned: the version each device came from.
    pub rollback: RwSignal<Option<Rollback>>,
    /// When it may send, as typed (offered only when the service drives campaigns).
    pub schedule: RwSignal<ScheduleQuestion>,
    /// How the service read [`Campaigns::schedule`].
    pub schedule_read: RwSignal<ScheduleRead>,
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
        Campaigns {
            scope: RwSignal::new(BTreeSet::new()),
            choices: RwSignal::new(PlanChoices::default()),
            risks_accepted: RwSignal::new(false),
            on_air_accepted: RwSignal::new(false),
            starting: RwSignal::new(false),
            not_started: RwSignal::new(None),
            retrying: RwSignal::new(None),
            rollback: RwSignal::new(None),
            schedule: RwSignal::new(ScheduleQuestion {
                zone: crate::browser::time_zone(),
                ..ScheduleQuestion::default()
            }),
            schedule_read: RwSignal::new(ScheduleRead::Unscheduled),
            driving: StoredValue::new(false),
        }
    }
}

impl Campaigns {
    /// Adds or removes one device of the scope.
    pub fn toggle(&self, sn: &str) {
        self.scope.update(|scope| {
            if !scope.remove(sn) {
                scope.insert(sn.to_string());
            }
        });
    }

    /// Adds every device shown (the fleet's filters: family, group, release…).
    pub fn add_all(&self, sns: impl IntoIterator<Item = String>) {
        self.scope.update(|scope| scope.extend(sns));
    }

    pub fn clear(&self) {
        self.scope.update(BTreeSet::clear);
        self.retrying.set(None);
        self.rollback.set(None);
        self.risks_accepted.set(false);
        self.on_air_accepted.set(false);
        self.schedule.update(|s| {
            s.start.clear();
            s.end.clear();
            s.windows.clear();
        });
        self.schedule_read.set(ScheduleRead::Unscheduled);
    }

    /// Plans returning `rollback`'s devices to the versions they came from (the planner
    /// shows it; nothing is sent until it is started).
    pub fn plan_rollback(&self, rollback: Rollback) {
        self.clear();
        self.choices.set(PlanChoices::default());
        self.scope.set(rollback.from.keys().cloned().collect());
        self.rollback.set(Some(rollback));
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
