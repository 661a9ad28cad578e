//! The few workflows that cross concerns, in one place: logging in and out, sending the
//! reviewed batch (batch → history → tracking), retrying a run's failed devices, and
//! upgrading devices to a firmware of the library.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::batch::Retry;
use super::{Announcer, Batch, Cloud, ConsoleState, Fleet, History, Nav, Session, Tracking};
use crate::api::ApiError;
use crate::browser::{now_ms, perf};
use crate::domain::address::Place;
use crate::domain::batch::BatchPlan;
use crate::domain::firmware::FirmwareEntry;
use crate::domain::fleet_view::FleetFilter;
use crate::domain::library;
use crate::domain::outcome::Outcomes;
use crate::domain::run::{Run, RunContext};
use crate::domain::selection::Selection;
use crate::state::nav::{FIRMWARE, REVIEW, RUN};

#[derive(Clone, Copy)]
pub struct Workflows {
    cloud: Cloud,
    session: Session,
    fleet: Fleet,
    batch: Batch,
    history: History,
    tracking: Tracking,
    nav: Nav,
    announcer: Announcer,
    /// A login is on its way.
    logging_in: RwSignal<bool>,
    /// The last login's result.
    login_result: RwSignal<Option<Result<(), ApiError>>>,
    /// An `upgrade/start` is on its way: the never-send-twice guard.
    sending: RwSignal<bool>,
}

impl Workflows {
    // `Action::new_local` would hold the pending flag and the result for us, at ~2.5 KB
    // of compressed wasm per action; two signals per flow do the same here.
    pub fn new(all: ConsoleState) -> Self {
        Workflows {
            cloud: all.cloud,
            session: all.session,
            fleet: all.fleet,
            batch: all.batch,
            history: all.history,
            tracking: all.tracking,
            nav: all.nav,
            announcer: all.announcer,
            logging_in: RwSignal::new(false),
            login_result: RwSignal::new(None),
            sending: RwSignal::new(false),
        }
    }

    /// Logs in, unless an attempt is on its way; on success the console continues where
    /// it was.
    pub fn log_in(&self, user: String, password: String) {
        if self.logging_in.get_untracked() {
            return;
        }
        self.logging_in.set(true);
        let flows = *self;
        spawn_local(async move {
            let result = flows.log_in_now(user, password).await;
            flows.login_result.set(Some(result));
            flows.logging_in.set(false);
        });
    }

    /// A login is on its way (tracked).
    pub fn logging_in(&self) -> bool {
        self.logging_in.get()
    }

    /// The last login's result (tracked).
    pub fn login_result(&self) -> Option<Result<(), ApiError>> {
        self.login_result.get()
    }

    /// Logs out and starts afresh (results of this visit stay listed).
    pub fn log_out(&self) {
        let all = *self;
        spawn_local(async move {
            // Logging out locally matters more than the Cloud's answer.
            let _ = all.cloud.client().logout().await;
            all.batch.select(Selection::default());
            all.fleet.forget();
            all.session.ended();
        });
    }

    /// An upgrade call is on its way (tracked; the confirm button is then disabled).
    pub fn sending(&self) -> bool {
        self.sending.get()
    }

    /// Sends the reviewed plan, once, from this tab only. A second click while sending
    /// does nothing, and a failed call is never resent by the console. Just before the call
    /// leaves, the fleet is read again and the plan worked out from that reading: a device
    /// that went on air (or offline, or started upgrading) since the review is left out and
    /// named in the run; if the fleet cannot be read, nothing is sent. The run is saved
    /// (and given an id no other tab gives) before the call goes out.
    pub fn submit(&self) {
        let Workflows { batch, announcer, .. } = *self;
        // Never twice: a second click while the first call is out does nothing.
        if self.sending.get_untracked() {
            return;
        }
        let Some(Ok(plan)) = batch.plan() else { return };
        if !plan.risks().is_empty() && !batch.risks_accepted.get_untracked() {
            return;
        }
        batch.cannot_send(None);
        announcer.say("Checking the devices once more before sending…");
        self.sending.set(true);
        let flows = *self;
        spawn_local(async move {
            if flows.read_fleet_before_sending().await {
                flows.send_reviewed().await;
            }
            flows.sending.set(false);
        });
    }

    /// Reads the fleet for the last check before a call; whether it could be read (if
    /// not, the review says why and nothing is sent).
    async fn read_fleet_before_sending(&self) -> bool {
        let Workflows { batch, session, tracking, cloud, announcer, .. } = *self;
        match session.noticed(cloud.client().devices().await) {
            Ok(listed) => {
                tracking.take_in(listed);
                true
            }
            Err(ApiError::Session { .. }) => false,
            Err(error) => {
                let why = format!(
                    "Nothing was sent: the devices could not be read just before sending, to check that none went on air since the review. {}",
                    error.message()
                );
                announcer.say(why.clone());
                batch.cannot_send(Some(why));
                false
            }
        }
    }

    /// The reviewed batch, planned again from the fleet as just read, saved and sent.
    async fn send_reviewed(&self) {
        let Workflows { batch, history, session, announcer, nav, .. } = *self;
        // Everything may have changed: nothing left to send, or a new risk to accept.
        let Some(Ok(plan)) = batch.plan() else {
            announcer.say("Nothing was sent: none of the devices can take this upgrade now.");
            return;
        };
        if !plan.risks().is_empty() && !batch.risks_accepted.get_untracked() {
            announcer.say("Nothing was sent: the devices changed since the review; review again.");
            return;
        }
        let (retry_of, earlier) =
            batch.retrying.get_untracked().map(|r| (r.run, r.attempts)).unzip();
        let context = RunContext {
            // Given by the history when it saves the run: unique across tabs.
            id: 0,
            user: session.user(),
            batch: batch.label().unwrap_or_default(),
            deadline_secs: batch.deadline_secs.get_untracked(),
            retry_of,
            earlier: earlier.map(|e| plan.earlier_attempts(&e)).unwrap_or_default(),
            now: now_ms(),
        };
        let run = Run::begin(&plan, context);
        batch.retry(None);
        announcer.say(format!("Sending: {}.", plan.confirm_label()));
        // Saved before the call goes out: a closed tab cannot lose it.
        let Some(id) = history.begin(run).await else {
            announcer.say(
                "Nothing was sent: the run could not be saved first (see the notice), and a run is saved before its call goes out.",
            );
            return;
        };
        nav.go(Place::Run(id), RUN);
        self.send(id, plan).await;
    }

    /// Opens the review of the chosen firmware for the selection, and brings it into view.
    pub fn review(&self) {
        let Workflows { batch, nav, announcer, .. } = *self;
        batch.review(true);
        nav.show(REVIEW);
        if let Some(Ok(plan)) = batch.plan() {
            announcer.say(format!("Review: {}.", plan.confirm_label()));
        }
    }

    /// Prepares a retry of a run's failed, timed-out and lost devices: same batch key and
    /// firmware, through the same review.
    pub fn retry_failed(&self, id: u64) {
        self.retry(id, None);
    }

    /// The same for one device of the run (from its page).
    pub fn retry_device(&self, id: u64, sn: &str) {
        self.retry(id, Some(sn));
    }

    fn retry(&self, id: u64, only: Option<&str>) {
        let Workflows { batch, fleet, history, announcer, .. } = *self;
        let Some(run) = history.with_run_untracked(id, Run::clone) else {
            return;
        };
        // Devices a later run verified since are not sent again.
        let devices = history.with_all_untracked(|runs| {
            fleet.devices.with_untracked(|fleet| run.retry_devices(runs, fleet, only))
        });
        let mut selection = Selection::default();
        selection.select_all_compatible(&devices);
        batch.select(selection);
        batch.choose(run.firmware.reference);
        let mut attempts = run.attempts_for_retry();
        attempts.retain(|sn, _| only.is_none_or(|o| o == sn));
        batch.retry(Some(Retry { run: run.id, attempts }));
        batch.review(true);
        // The review is on the fleet page.
        self.nav.go(Place::Fleet, REVIEW);
        announcer.say(format!(
            "Retry of run {}: {} selected with firmware {}. Review and confirm.",
            run.id,
            crate::domain::text::devices(devices.len()),
            run.firmware.version
        ));
    }

    /// Selects one device (from its page), shown in the fleet, and continues to its
    /// firmware.
    pub fn upgrade_device(&self, sn: &str) {
        let Workflows { batch, fleet, announcer, .. } = *self;
        let Some(device) = fleet.device(sn) else {
            return;
        };
        let mut selection = Selection::default();
        selection.select_all_compatible(std::slice::from_ref(&device));
        batch.select(selection);
        let only_it = FleetFilter { text: sn.to_string(), ..Default::default() };
        self.nav.go_to_fleet(only_it, FIRMWARE);
        announcer.say(format!("{sn} selected: choose its firmware."));
    }

    /// Selects run `id`'s devices again (those the fleet still lists with the run's model
    /// and hardware), its firmware chosen, and continues on the fleet.
    pub fn select_again(&self, id: u64) {
        let Workflows { batch, fleet, history, announcer, .. } = *self;
        let Some((devices, firmware)) = history.with_run_untracked(id, |run| {
            (fleet.devices.with_untracked(|fleet| run.sent_devices(fleet)), run.firmware.reference)
        }) else {
            return;
        };
        let mut selection = Selection::default();
        selection.select_all_compatible(&devices);
        let count = selection.len();
        batch.select(selection);
        if count > 0 {
            batch.choose(firmware);
        }
        self.nav.go(Place::Fleet, FIRMWARE);
        announcer
            .say(format!("{} of run {id} selected again.", crate::domain::text::devices(count)));
    }

    /// Opens the upgrade flow for a firmware of the library: its model and hardware
    /// shown, the devices it would upgrade selected, the firmware chosen.
    pub fn upgrade_to(&self, family: i64, entry: FirmwareEntry) {
        let Workflows { batch, fleet, nav, announcer, .. } = *self;
        let (filter, selection) = fleet
            .devices
            .with_untracked(|devices| library::upgrade_preset(devices, family, &entry));
        let count = selection.len();
        batch.select(selection);
        batch.choose(entry.reference);
        batch.review(count > 0);
        nav.go_to_fleet(filter, if count > 0 { REVIEW } else { "fleet-title" });
        announcer.say(format!(
            "{} selected for firmware {}.",
            crate::domain::text::devices(count),
            entry.version
        ));
    }
}

/// The call itself, and what its answer means for the run (saved already, as
/// [`StartRecord::Sending`](crate::domain::run::StartRecord)). Used by single batches and
/// by each call of a campaign.
pub(super) async fn make_call(
    history: History,
    cloud: Cloud,
    id: u64,
    plan: &BatchPlan,
) -> Result<(), ApiError> {
    // Held while the answer is awaited: a reload or another tab sees at once whether some
    // tab still waits for it (see `settle_interrupted`).
    let lock = history
        .with_run_untracked(id, crate::domain::history::sending_lock)
        .and_then(|name| crate::browser::locks::Lock::request(&name, || {}));
    let result = cloud.client().start_upgrade(plan).await;
    if let Some(lock) = lock {
        lock.release();
    }
    let now = now_ms();
    history.update_run(id, |run| match &result {
        Ok(reported) => {
            let sent: Vec<(String, String)> =
                run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
            perf::start("outcomes-render");
            run.answered(&Outcomes::match_reply(&sent, reported), now);
            perf::measure_after_render("outcomes-render", false);
        }
        Err(error) if error.outcome_unknown() => run.unknown(error.message(), error.detail(), now),
        Err(error) => run.refused(error.message(), error.detail(), now),
    });
    result.map(|_| ())
}

impl Workflows {
    /// Logs in; on success the fleet is read again, and a firmware offer that failed for want
    /// of a session is read again too.
    async fn log_in_now(self, user: String, password: String) -> Result<(), ApiError> {
        let name = self.cloud.client().login(&user, &password).await?;
        self.session.logged_in(name.unwrap_or(user));
        // (An offer the ended session could not read is read again by the batch itself,
        // `Batch::follow_key`.)
        self.fleet.refresh();
        Ok(())
    }

    /// A reviewed batch's call, and what the administrator is told of it.
    async fn send(self, id: u64, plan: BatchPlan) {
        let Workflows { batch, history, session, tracking, announcer, .. } = self;
        let result = make_call(self.history, self.cloud, id, &plan).await;
        match &result {
            Ok(_) => {
                let counts = history.with_run_untracked(id, Run::counts).unwrap_or_default();
                announcer.say(format!(
                    "Upgrade started; following {}, {} not started.",
                    crate::domain::text::devices(counts.in_progress),
                    counts.left_out
                ));
                // Started: the selection is done with (the run can bring it back). After
                // a failed or unknown call it stays, for the administrator to decide.
                batch.select(Selection::default());
            }
            // Before the session arm: an unreadable 401/403 may follow a call that took
            // effect. The devices are followed; if the session is really gone, the next poll
            // says so and asks to log in.
            Err(error) if error.outcome_unknown() => {
                announcer.say(format!(
                    "The outcome of the upgrade call is unknown: {} Following the devices to find out.",
                    error.message()
                ));
                batch.review(false);
            }
            Err(ApiError::Session { .. }) => session.lost(),
            Err(error) => announcer.say(format!("The upgrade was refused: {}", error.message())),
        }
        tracking.track();
    }
}
