//! The batch being prepared: the selection (one batch key), the firmware on offer for
//! that key, the chosen firmware, the review with its risks and deadline, and the run it
//! retries. Everything that changes it is here, except sending it ([`super::Workflows`]).

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

use super::announce::Announcer;
use super::cloud::Cloud;
use super::fleet::Fleet;
use super::session::Session;
use crate::api::ApiError;
use crate::browser::perf;
use crate::domain::attempt::Attempts;
use crate::domain::batch::{BatchPlan, DEFAULT_DEADLINE_SECS, PlanError, read_deadline};
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{FirmwareEntry, FirmwareRef, KeyOffer};
use crate::domain::selection::Selection;
use crate::domain::session::SessionStatus;

/// The firmware on offer for the batch key, as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// Nothing selected: no key, nothing to offer.
    NoKey,
    Loading,
    Ready(KeyOffer),
    Failed(ApiError),
}

/// A run being retried, with its devices' attempts so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    /// The run retried.
    pub run: u64,
    pub attempts: Attempts,
}

/// What the Cloud answered for one key: the key travels with the answer, so an answer
/// for a key no longer selected is never shown as the offer (it shows as loading).
type KeyedOffer = Option<(CompatKey, Result<KeyOffer, ApiError>)>;

#[derive(Clone, Copy)]
pub struct Batch {
    pub selection: ReadSignal<Selection>,
    set_selection: WriteSignal<Selection>,
    pub chosen: ReadSignal<Option<FirmwareRef>>,
    set_chosen: WriteSignal<Option<FirmwareRef>>,
    pub reviewing: ReadSignal<bool>,
    set_reviewing: WriteSignal<bool>,
    /// The administrator ticked "I understand" for a test build or downgrade.
    pub risks_accepted: ReadSignal<bool>,
    set_risks_accepted: WriteSignal<bool>,
    /// The devices on air the administrator included with "I understand" (none by
    /// default: on-air devices are left out). Only these: one that goes on air later is
    /// left out all the same.
    pub on_air_included: ReadSignal<BTreeSet<String>>,
    set_on_air_included: WriteSignal<BTreeSet<String>>,
    /// Seconds a device may show no change before it counts as timed out or lost.
    pub deadline_secs: ReadSignal<u32>,
    set_deadline_secs: WriteSignal<u32>,
    /// The run the current selection retries, with its devices' earlier attempts.
    pub retrying: ReadSignal<Option<Retry>>,
    set_retrying: WriteSignal<Option<Retry>>,
    /// Why the last confirm sent nothing (the fleet could not be read just before).
    pub send_problem: ReadSignal<Option<String>>,
    set_send_problem: WriteSignal<Option<String>>,
    key: Memo<Option<CompatKey>>,
    /// The Cloud's answer for the latest key asked about.
    offer: RwSignal<KeyedOffer>,
    cloud: Cloud,
    session: Session,
    fleet: Fleet,
    announcer: Announcer,
}

impl Batch {
    pub fn new(fleet: Fleet, cloud: Cloud, session: Session, announcer: Announcer) -> Self {
        let (selection, set_selection) = signal(Selection::default());
        let key = Memo::new(move |_| selection.with(|s| s.key().cloned()));
        let offer = RwSignal::new(None);
        let (chosen, set_chosen) = signal(None);
        let (reviewing, set_reviewing) = signal(false);
        let (risks_accepted, set_risks_accepted) = signal(false);
        let (on_air_included, set_on_air_included) = signal(BTreeSet::new());
        let (deadline_secs, set_deadline_secs) = signal(DEFAULT_DEADLINE_SECS);
        let (retrying, set_retrying) = signal(None);
        let (send_problem, set_send_problem) = signal(None);
        Batch {
            selection,
            set_selection,
            chosen,
            set_chosen,
            reviewing,
            set_reviewing,
            risks_accepted,
            set_risks_accepted,
            on_air_included,
            set_on_air_included,
            deadline_secs,
            set_deadline_secs,
            retrying,
            set_retrying,
            send_problem,
            set_send_problem,
            key,
            offer,
            cloud,
            session,
            fleet,
            announcer,
        }
    }

    /// Reads the offer whenever the batch key changes, and only then. (A `LocalResource`
    /// would do the same, but costs ~10 KB of compressed wasm for this one use; the one
    /// thing it adds, dropping a stale answer, is the key check in [`Batch::read_offer`].)
    ///
    /// And once more when a login follows an offer that could not be read (the session had
    /// ended): the administrator logged in again to carry on. Watched here, in the
    /// workspace's start, rather than by the login itself, so that reading the firmware
    /// list stays out of the login screen's code.
    pub fn follow_key(self) {
        Effect::new(move |_| {
            if self.key.get().is_some() {
                self.read_offer();
            }
        });
        let session = self.session;
        Effect::new(move |was_active: Option<bool>| {
            let active = session.status.with(|s| matches!(s, SessionStatus::Active { .. }));
            if active && was_active == Some(false) && self.offer_failed() {
                self.reload_offer();
            }
            active
        });
    }

    /// The firmware on offer for the current key (tracked).
    pub fn offer(&self) -> Offer {
        let Some(key) = self.key.get() else {
            return Offer::NoKey;
        };
        self.offer.with(|answer| match answer {
            Some((answered, result)) if *answered == key => match result {
                Ok(offer) => Offer::Ready(offer.clone()),
                Err(error) => Offer::Failed(error.clone()),
            },
            _ => Offer::Loading,
        })
    }

    /// Reads the offer for the current key (again, after a failure or a new login). An
    /// answer that arrives after the key changed is dropped: a stale reply never wins.
    pub fn reload_offer(&self) {
        self.read_offer();
    }

    fn read_offer(&self) {
        let Some(key) = self.key.get_untracked() else {
            return;
        };
        let (batch, client) = (*self, self.cloud.client());
        leptos::task::spawn_local(async move {
            // The whole list, not the key's: an id the Cloud also lists for another model
            // is ambiguous, and only the whole list shows it.
            let result = batch.session.noticed(client.all_firmwares().await);
            if batch.key.get_untracked().as_ref() != Some(&key) {
                return;
            }
            let offer = result.map(|list| KeyOffer::of(&key, &list));
            let newest = offer.as_ref().ok().and_then(|o| o.newest_release().map(|e| e.reference));
            batch.offer.set(Some((key, offer)));
            // The newest release is chosen for the administrator — never a test build, and
            // nothing when which release is newest is not decided; another is one click away.
            if let Some(newest) = newest
                && batch.chosen.get_untracked().is_none()
            {
                batch.choose(newest);
            }
        });
    }

    /// The offer for the batch's key as `list` would give it, without the Cloud, its newest
    /// release chosen as [`Batch::read_offer`] does: for the browser tests only.
    #[cfg(feature = "testing")]
    pub fn offer_from(&self, list: &crate::domain::firmware::FirmwareList) {
        if let Some(key) = self.key.get_untracked() {
            let offer = KeyOffer::of(&key, list);
            let newest = offer.newest_release().map(|e| e.reference);
            self.offer.set(Some((key, Ok(offer))));
            if let Some(newest) = newest {
                self.choose(newest);
            }
        }
    }

    /// Whether the offer could not be read (not tracked).
    pub fn offer_failed(&self) -> bool {
        self.offer.with_untracked(|answer| matches!(answer, Some((_, Err(_)))))
    }

    /// The chosen firmware's entry, if it is on offer (tracked).
    pub fn chosen_entry(&self) -> Option<FirmwareEntry> {
        let chosen = self.chosen.get()?;
        let key = self.key.get()?;
        // Looked up in place: the offer's other entries are not copied.
        self.offer.with(|answer| match answer {
            Some((answered, Ok(offer))) if *answered == key => {
                offer.entries.iter().find(|e| e.reference == chosen).cloned()
            }
            _ => None,
        })
    }

    /// The upgrade call the current selection and firmware would make (tracked).
    pub fn plan(&self) -> Option<Result<BatchPlan, PlanError>> {
        let firmware = self.chosen_entry()?;
        let selection = self.selection.get();
        Some(self.fleet.devices.with(|fleet| {
            // Indexed once: a 6,000-device batch looked up one by one in a 10,000-device
            // fleet would be 60 million comparisons.
            let by_sn: HashMap<&str, &FleetDevice> =
                fleet.iter().map(|d| (d.sn.as_str(), d)).collect();
            self.on_air_included.with(|on_air| {
                BatchPlan::with_on_air(&selection, |sn| by_sn.get(sn).copied(), &firmware, on_air)
            })
        }))
    }

    /// The batch's name, or `None` before the first device is selected (tracked).
    pub fn label(&self) -> Option<String> {
        self.selection.with(|s| s.anchor().map(|a| a.label()))
    }

    /// Replaces the selection; an empty one drops the firmware choice and the review.
    pub fn select(&self, selection: Selection) {
        let empty = selection.is_empty();
        self.set_selection.set(selection);
        if empty {
            self.reset();
        }
    }

    /// Selects or unselects a device, announcing a refusal.
    pub fn toggle(&self, sn: &str) {
        let Some(device) = self.fleet.device(sn) else {
            return;
        };
        let mut refusal = None;
        self.set_selection.update(|s| refusal = s.toggle(&device).err());
        if let Some(reason) = refusal {
            self.announcer.say(format!("{} cannot join this batch: {reason}", device.sn));
        }
        if self.selection.with_untracked(Selection::is_empty) {
            self.reset();
        }
    }

    /// Adds every shown device of the batch key (`rows`: positions in the fleet).
    pub fn select_all_compatible(&self, rows: &[usize]) {
        perf::start("select-all");
        let mut added = 0;
        let key = self.selection.with_untracked(|s| s.key().cloned());
        let rows = self.fleet.key_index.with_untracked(|index| index.narrow(rows, key.as_ref()));
        self.fleet.devices.with_untracked(|fleet| {
            self.set_selection
                .update(|s| added = s.select_all_compatible(rows.iter().map(|&i| &fleet[i])))
        });
        perf::measure_since("select-all-update", "select-all");
        perf::measure_after_render("select-all", false);
        self.announcer.say(format!(
            "{} added to the batch.",
            crate::domain::text::count(added, "compatible device", "compatible devices")
        ));
    }

    pub fn clear(&self) {
        self.select(Selection::default());
        self.announcer.say("Selection cleared.");
    }

    /// Chooses a firmware; a risk accepted for another one does not carry over.
    pub fn choose(&self, firmware: FirmwareRef) {
        self.set_chosen.set(Some(firmware));
        self.set_risks_accepted.set(false);
        self.set_on_air_included.set(BTreeSet::new());
    }

    /// Takes the deadline as typed; anything unreadable keeps the current value.
    pub fn set_deadline(&self, text: &str) {
        if let Some(secs) = read_deadline(text) {
            self.set_deadline_secs.set(secs);
        }
    }

    /// Opens the review of the batch as chosen (or, `false`, goes back from it).
    pub fn review(&self, open: bool) {
        self.set_reviewing.set(open);
    }

    /// The administrator's answer to the review's risks.
    pub fn accept_risks(&self, accepted: bool) {
        self.set_risks_accepted.set(accepted);
    }

    /// Sends to the devices on air in `devices` too (an empty set: to none of them).
    pub fn include_on_air(&self, devices: BTreeSet<String>) {
        self.set_on_air_included.set(devices);
    }

    /// What the batch retries (`None`: a new batch, not a retry).
    pub fn retry(&self, retry: Option<Retry>) {
        self.set_retrying.set(retry);
    }

    /// Why nothing can be sent now, said before the button (`None`: nothing stands in the
    /// way).
    pub fn cannot_send(&self, why: Option<String>) {
        self.set_send_problem.set(why);
    }

    fn reset(&self) {
        self.set_chosen.set(None);
        self.set_reviewing.set(false);
        self.set_risks_accepted.set(false);
        self.set_on_air_included.set(BTreeSet::new());
        self.set_send_problem.set(None);
    }
}
