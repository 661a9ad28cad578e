//! The console's state, as signals shared through context, and the actions that change
//! it. Views read these signals and call these actions; rules live in `domain`.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::storage::{self, SaveError};
use super::{perf, tracker};
use crate::api::{ApiError, client};
use crate::domain::batch::{BatchPlan, PlanError};
use crate::domain::codes::Catalogue;
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{FirmwareEntry, FirmwareRef, offer_for};
use crate::domain::fleet_view::{FleetFilter, Sort};
use crate::domain::outcome::Outcomes;
use crate::domain::run::{Run, RunContext};
use crate::domain::selection::Selection;
use crate::domain::session::{CookieHint, Role};

/// Who is using the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Asking the Cloud whether the browser's session is valid.
    Checking,
    /// No session: the login page.
    LoggedOut,
    Active {
        user: Option<String>,
        role: Role,
    },
    /// The session ended mid-use: a login prompt over the page, which keeps everything.
    Expired {
        user: Option<String>,
        role: Role,
    },
}

impl SessionState {
    pub fn role(&self) -> Option<Role> {
        match self {
            SessionState::Active { role, .. } | SessionState::Expired { role, .. } => Some(*role),
            SessionState::Checking | SessionState::LoggedOut => None,
        }
    }

    pub fn user(&self) -> Option<String> {
        match self {
            SessionState::Active { user, .. } | SessionState::Expired { user, .. } => user.clone(),
            SessionState::Checking | SessionState::LoggedOut => None,
        }
    }
}

/// The firmware on offer for the batch key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirmwareOffer {
    NoKey,
    Loading(CompatKey),
    Ready {
        key: CompatKey,
        entries: Vec<FirmwareEntry>,
        unreadable: usize,
    },
    Failed {
        key: CompatKey,
        error: ApiError,
    },
}

/// The console's two pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Fleet,
    Library,
}

/// The Cloud's firmware list, for the library page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryState {
    NotRead,
    Reading,
    Ready(Vec<sc_wire::Firmware>),
    Failed(ApiError),
}

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    Idle,
    /// The chosen file was refused before sending anything.
    Invalid(String),
    Uploading {
        name: String,
        percent: u8,
    },
    /// The Cloud read the file; waiting for the administrator to add it.
    Uploaded {
        name: String,
        file_path: String,
        size: Option<u64>,
        info: sc_wire::FirmwareInfo,
    },
    Adding {
        name: String,
        file_path: String,
    },
    Added {
        name: String,
        file_path: String,
    },
    /// Nothing was added.
    Failed {
        name: String,
        error: ApiError,
    },
}

/// A run being retried: its id, and its devices' earlier attempts.
pub type Retry = (u64, BTreeMap<String, Vec<String>>);

/// Default for how long a device may show no change: ten minutes.
pub const DEFAULT_DEADLINE_SECS: u32 = 600;

/// All the console's state.
#[derive(Clone, Copy)]
pub struct Console {
    pub session: RwSignal<SessionState>,
    pub catalogue: RwSignal<Catalogue>,
    /// Set when the deployment's result-code file could not be read.
    pub catalogue_note: RwSignal<Option<String>>,
    pub fleet: RwSignal<Vec<FleetDevice>>,
    pub fleet_loading: RwSignal<bool>,
    pub fleet_error: RwSignal<Option<ApiError>>,
    /// When the fleet was last read (text for people).
    pub fleet_read_at: RwSignal<Option<String>>,
    pub filter: RwSignal<FleetFilter>,
    pub sort: RwSignal<Sort>,
    pub selection: RwSignal<Selection>,
    pub offer: RwSignal<FirmwareOffer>,
    pub chosen: RwSignal<Option<FirmwareRef>>,
    pub reviewing: RwSignal<bool>,
    /// The administrator ticked "I understand" for a test build or downgrade.
    pub risks_accepted: RwSignal<bool>,
    /// Every run of this browser, newest first (saved in localStorage).
    pub runs: RwSignal<Vec<Run>>,
    /// The run shown in detail.
    pub open_run: RwSignal<Option<u64>>,
    /// What could not be read back from the saved history.
    pub history_problems: RwSignal<Vec<String>>,
    /// Why the latest history write failed, until one succeeds.
    pub history_unsaved: RwSignal<Option<SaveError>>,
    /// Seconds a device may show no change before it counts as timed out or lost.
    pub deadline_secs: RwSignal<u32>,
    /// The run the current selection retries, with its devices' earlier attempts.
    pub retrying: RwSignal<Option<Retry>>,
    /// An upgrade call is on its way.
    pub sending: RwSignal<bool>,
    /// The progress loop is running.
    pub tracking: RwSignal<bool>,
    /// When devices were last read for progress, and the last poll's problem if any.
    pub polled_at: RwSignal<Option<String>>,
    pub poll_error: RwSignal<Option<ApiError>>,
    pub page: RwSignal<Page>,
    pub library: RwSignal<LibraryState>,
    pub upload: RwSignal<UploadState>,
    /// The firmware just added (its file path), highlighted in the library.
    pub highlight: RwSignal<Option<String>>,
    /// The latest announcement for screen readers (the `aria-live` region).
    pub announcement: RwSignal<String>,
    /// A history write is queued behind the page update (see [`Console::save_runs_soon`]).
    save_queued: StoredValue<bool>,
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}

impl Console {
    pub fn new() -> Self {
        Console {
            session: RwSignal::new(SessionState::Checking),
            catalogue: RwSignal::new(Catalogue::builtin()),
            catalogue_note: RwSignal::new(None),
            fleet: RwSignal::new(Vec::new()),
            fleet_loading: RwSignal::new(false),
            fleet_error: RwSignal::new(None),
            fleet_read_at: RwSignal::new(None),
            filter: RwSignal::new(FleetFilter::default()),
            sort: RwSignal::new(Sort::default()),
            selection: RwSignal::new(Selection::default()),
            offer: RwSignal::new(FirmwareOffer::NoKey),
            chosen: RwSignal::new(None),
            reviewing: RwSignal::new(false),
            risks_accepted: RwSignal::new(false),
            runs: RwSignal::new(Vec::new()),
            open_run: RwSignal::new(None),
            history_problems: RwSignal::new(Vec::new()),
            history_unsaved: RwSignal::new(None),
            deadline_secs: RwSignal::new(DEFAULT_DEADLINE_SECS),
            retrying: RwSignal::new(None),
            sending: RwSignal::new(false),
            tracking: RwSignal::new(false),
            polled_at: RwSignal::new(None),
            poll_error: RwSignal::new(None),
            page: RwSignal::new(Page::Fleet),
            library: RwSignal::new(LibraryState::NotRead),
            upload: RwSignal::new(UploadState::Idle),
            highlight: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            save_queued: StoredValue::new(false),
        }
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// The chosen firmware's entry, if it is on offer.
    pub fn chosen_entry(&self) -> Option<FirmwareEntry> {
        let chosen = self.chosen.get()?;
        match self.offer.get() {
            FirmwareOffer::Ready { entries, .. } => {
                entries.into_iter().find(|e| e.reference == chosen)
            }
            _ => None,
        }
    }

    /// The upgrade call the current selection and firmware would make.
    pub fn plan(&self) -> Option<Result<BatchPlan, PlanError>> {
        let firmware = self.chosen_entry()?;
        let selection = self.selection.get();
        Some(self.fleet.with(|fleet| {
            // Indexed once: a 6,000-device batch looked up one by one in a 10,000-device
            // fleet would be 60 million comparisons.
            let by_sn: HashMap<&str, &FleetDevice> =
                fleet.iter().map(|d| (d.sn.as_str(), d)).collect();
            BatchPlan::new(&selection, |sn| by_sn.get(sn).copied(), &firmware)
        }))
    }

    /// Whether an upgrade call is on its way (the confirm button is then disabled).
    pub fn sending(&self) -> bool {
        self.sending.get()
    }

    /// Selects or unselects a device, announcing a refusal.
    pub fn toggle(&self, sn: &str) {
        let Some(device) = self.fleet.with(|f| f.iter().find(|d| d.sn == sn).cloned()) else {
            return;
        };
        let mut refusal = None;
        self.selection.update(|s| refusal = s.toggle(&device).err());
        if let Some(reason) = refusal {
            self.announce(format!("{} cannot join this batch: {reason}", device.sn));
        }
    }

    /// The Cloud answered a call with something other than "no session": on start-up, that
    /// means the browser's session is valid. The user name comes from the readable cookie.
    fn session_confirmed(&self) {
        if self.session.get_untracked() == SessionState::Checking {
            let user = CookieHint::read(&document_cookie()).user;
            let role = Role::of(user.as_deref());
            self.session.set(SessionState::Active { user, role });
        }
    }

    /// A call failed because the session is gone: ask to log in, keep everything.
    pub fn session_lost(&self) {
        self.session.update(|state| {
            *state = match std::mem::replace(state, SessionState::LoggedOut) {
                SessionState::Active { user, role } | SessionState::Expired { user, role } => {
                    SessionState::Expired { user, role }
                }
                SessionState::Checking | SessionState::LoggedOut => SessionState::LoggedOut,
            }
        });
        self.announce("Your session has ended. Log in again to continue; nothing was lost.");
    }

    /// Reads the deployment's result-code file, keeping the built-in one if it fails.
    pub fn load_catalogue(self) {
        spawn_local(async move {
            match client::catalogue().await {
                Ok(catalogue) => self.catalogue.set(catalogue),
                Err(error) => self.catalogue_note.set(Some(format!(
                    "Using the built-in result-code descriptions: {error}"
                ))),
            }
        });
    }

    /// Reads the fleet; on start-up this is also how the session is confirmed.
    pub fn refresh_fleet(self) {
        if self.fleet_loading.get_untracked() {
            return;
        }
        self.fleet_loading.set(true);
        spawn_local(async move {
            let catalogue = self.catalogue.get_untracked();
            let result = client::devices(&catalogue).await;
            self.fleet_loading.set(false);
            match result {
                Ok(devices) => {
                    let fleet: Vec<FleetDevice> =
                        devices.iter().map(FleetDevice::from_wire).collect();
                    let count = fleet.len();
                    self.fleet.set(fleet);
                    self.fleet_error.set(None);
                    self.fleet_read_at.set(Some(now_text()));
                    self.session_confirmed();
                    perf::measure_after_render("fleet-ready", true);
                    self.announce(format!("Fleet read: {count} devices."));
                }
                Err(ApiError::Session { .. }) => self.session_lost(),
                Err(error) => {
                    self.session_confirmed();
                    self.announce(format!("Could not read the fleet: {}", error.message()));
                    self.fleet_error.set(Some(error));
                }
            }
        });
    }

    /// Logs in; on success the console continues where it was.
    pub async fn login(self, user: String, password: String) -> Result<(), ApiError> {
        let catalogue = self.catalogue.get_untracked();
        let reply = client::login(&catalogue, &user, &password).await?;
        let user = reply.name.filter(|n| !n.is_empty()).unwrap_or(user);
        let role = Role::of(Some(&user));
        self.session.set(SessionState::Active {
            user: Some(user.clone()),
            role,
        });
        self.announce(format!("Logged in as {user}."));
        self.refresh_fleet();
        // A firmware list that failed for want of a session is read again.
        if let Some(key) = self.selection.get_untracked().key().cloned()
            && matches!(self.offer.get_untracked(), FirmwareOffer::Failed { .. })
        {
            self.load_firmwares(key);
        }
        Ok(())
    }

    /// Logs out and starts afresh (results of this visit stay listed).
    pub fn logout(self) {
        spawn_local(async move {
            let catalogue = self.catalogue.get_untracked();
            // Logging out locally matters more than the Cloud's answer.
            let _ = client::logout(&catalogue).await;
            self.selection.set(Selection::default());
            self.fleet.set(Vec::new());
            self.reviewing.set(false);
            self.session.set(SessionState::LoggedOut);
            self.announce("Logged out.");
        });
    }

    /// Reads the firmware for a batch key.
    pub fn load_firmwares(self, key: CompatKey) {
        self.offer.set(FirmwareOffer::Loading(key.clone()));
        spawn_local(async move {
            let catalogue = self.catalogue.get_untracked();
            let result = client::firmwares(&catalogue, &key).await;
            // The selection may have moved on to another key meanwhile.
            if self.offer.get_untracked() != FirmwareOffer::Loading(key.clone()) {
                return;
            }
            match result {
                Ok(list) => {
                    let (entries, unreadable) = offer_for(&key, &list);
                    // A choice made before (a retry's firmware) stays if it is on offer.
                    let kept = self
                        .chosen
                        .get_untracked()
                        .filter(|c| entries.iter().any(|e| e.reference == *c));
                    self.chosen.set(kept);
                    self.offer.set(FirmwareOffer::Ready {
                        key,
                        entries,
                        unreadable,
                    });
                }
                Err(ApiError::Session { .. }) => {
                    self.offer.set(FirmwareOffer::Failed {
                        key,
                        error: ApiError::Session {
                            detail: String::new(),
                        },
                    });
                    self.session_lost();
                }
                Err(error) => self.offer.set(FirmwareOffer::Failed { key, error }),
            }
        });
    }

    /// Sends the reviewed plan, once. A second click while sending does nothing, and a
    /// failed call is never resent by the console. The run is saved before the call goes
    /// out, so a closed tab cannot lose it.
    pub fn submit(self) {
        if self.sending.get_untracked() {
            return;
        }
        let Some(Ok(plan)) = self.plan() else { return };
        if !plan.risks().is_empty() && !self.risks_accepted.get_untracked() {
            return;
        }
        self.sending.set(true);
        let id = self
            .runs
            .with_untracked(|runs| runs.iter().map(|r| r.id).max().unwrap_or(0) + 1);
        let (retry_of, mut earlier) = self.retrying.get_untracked().unzip();
        let included: Vec<&str> = plan.included.iter().map(|d| d.sn.as_str()).collect();
        let earlier = earlier
            .take()
            .unwrap_or_default()
            .into_iter()
            .filter(|(sn, _)| included.contains(&sn.as_str()))
            .collect();
        let batch = self
            .selection
            .with_untracked(|s| {
                s.anchor().map(|a| {
                    format!(
                        "{} · {} · hardware {}",
                        a.family_name, a.model_label, a.key.hardware
                    )
                })
            })
            .unwrap_or_default();
        let context = RunContext {
            id,
            user: self.session.with_untracked(SessionState::user),
            batch,
            deadline_secs: self.deadline_secs.get_untracked(),
            retry_of,
            earlier,
            now: now_ms(),
        };
        let run = Run::begin(&plan, context);
        let request = plan.request();
        self.runs.update(|runs| runs.insert(0, run));
        self.open_run.set(Some(id));
        self.retrying.set(None);
        self.save_runs();
        self.announce(format!("Sending: {}.", plan.confirm_label()));
        spawn_local(async move {
            let catalogue = self.catalogue.get_untracked();
            let result = client::start_upgrade(&catalogue, &request).await;
            let now = now_ms();
            let mut session_gone = false;
            self.update_run(id, |run| match &result {
                Ok(reply) => {
                    let sent: Vec<(String, String)> = run
                        .sent
                        .iter()
                        .map(|d| (d.sn.clone(), d.name.clone()))
                        .collect();
                    perf::start("outcomes-render");
                    run.answered(&Outcomes::match_reply(&sent, &reply.details), now);
                    perf::measure_after_render("outcomes-render", false);
                }
                Err(error @ ApiError::Session { .. }) => {
                    session_gone = true;
                    run.refused(error.message(), error.detail(), now);
                }
                Err(error) if error.outcome_unknown() => {
                    run.unknown(error.message(), error.detail(), now)
                }
                Err(error) => run.refused(error.message(), error.detail(), now),
            });
            self.sending.set(false);
            match &result {
                Ok(_) => {
                    let counts = self.runs.with_untracked(|runs| {
                        runs.iter()
                            .find(|r| r.id == id)
                            .map(Run::counts)
                            .unwrap_or_default()
                    });
                    self.announce(format!(
                        "Upgrade started; following {} devices, {} not started.",
                        counts.in_progress, counts.left_out
                    ));
                    self.reviewing.set(false);
                    self.risks_accepted.set(false);
                }
                Err(_) if session_gone => self.session_lost(),
                Err(error) if error.outcome_unknown() => {
                    self.announce(format!(
                        "The outcome of the upgrade call is unknown: {} Following the devices to find out.",
                        error.message()
                    ));
                    self.reviewing.set(false);
                }
                Err(error) => {
                    self.announce(format!("The upgrade was refused: {}", error.message()))
                }
            }
            self.track();
        });
    }

    /// Changes one run and saves the history.
    pub fn update_run(&self, id: u64, change: impl FnOnce(&mut Run)) {
        self.runs.update(|runs| {
            if let Some(run) = runs.iter_mut().find(|r| r.id == id) {
                change(run);
            }
        });
        self.save_runs_soon();
    }

    /// Saves the history in the next task, after the page shows the change: writing a
    /// run of thousands of devices takes longer than drawing it (~25 ms for 6,000), and
    /// the administrator should see an answer first. Changes made in the same turn share
    /// one write. What must be on disk before anything is sent is saved at once instead.
    pub fn save_runs_soon(&self) {
        if self.save_queued.get_value() {
            return;
        }
        self.save_queued.set_value(true);
        let console = *self;
        gloo_timers::callback::Timeout::new(0, move || console.flush_history()).forget();
    }

    /// Writes a queued history save now, if one is waiting.
    pub fn flush_history(&self) {
        if self.save_queued.get_value() {
            self.save_queued.set_value(false);
            self.save_runs();
        }
    }

    /// A tab closed or navigated away within the task a save waits for still gets it.
    pub fn flush_history_on_pagehide(self) {
        // The handle is dropped, not removed: the listener stays for the page's life, as
        // the console does.
        drop(window_event_listener(leptos::ev::pagehide, move |_| {
            self.flush_history()
        }));
    }

    /// Writes every run to localStorage.
    pub fn save_runs(&self) {
        let failure = self.runs.with_untracked(|runs| storage::save(runs)).err();
        // A full storage must be said, not swallowed: the page still holds everything, and
        // the administrator can export or delete runs before closing it.
        if self.history_unsaved.get_untracked() != failure {
            self.history_unsaved.set(failure);
        }
    }

    /// Reads the saved runs (at start-up) and resumes following unfinished ones.
    pub fn load_runs(self) {
        let loaded = storage::load(now_ms());
        let unfinished = loaded.runs.iter().filter(|r| r.is_active()).count();
        // Show the newest unfinished run again, as it was before the reload.
        self.open_run
            .set(loaded.runs.iter().find(|r| r.is_active()).map(|r| r.id));
        self.runs.set(loaded.runs);
        self.history_problems.set(loaded.problems);
        if unfinished > 0 {
            self.save_runs();
            self.announce(format!("Resuming {unfinished} unfinished upgrade runs."));
        }
    }

    /// Starts the progress loop if a run needs it (one loop at most).
    pub fn track(self) {
        if self.tracking.get_untracked()
            || !self.runs.with_untracked(|r| r.iter().any(Run::is_active))
        {
            return;
        }
        self.tracking.set(true);
        spawn_local(tracker::follow(self));
    }

    /// Prepares a retry of a run's failed, timed-out and lost devices: same batch key and
    /// firmware, through the same review.
    pub fn retry_failed(self, id: u64) {
        let Some(run) = self
            .runs
            .with_untracked(|runs| runs.iter().find(|r| r.id == id).cloned())
        else {
            return;
        };
        let candidates = run.retry_candidates();
        let devices: Vec<FleetDevice> = self.fleet.with_untracked(|fleet| {
            fleet
                .iter()
                .filter(|d| candidates.contains(&d.sn) && d.key == run.key)
                .cloned()
                .collect()
        });
        let mut selection = Selection::default();
        selection.select_all_compatible(&devices);
        self.selection.set(selection);
        self.chosen.set(Some(run.firmware.reference));
        self.retrying.set(Some((
            run.id,
            run.history_for_retry(&self.catalogue.get_untracked()),
        )));
        self.risks_accepted.set(false);
        self.reviewing.set(true);
        self.announce(format!(
            "Retry of run {}: {} devices selected with firmware {}. Review and confirm.",
            run.id,
            devices.len(),
            run.firmware.version
        ));
    }

    /// Forgets one run.
    pub fn delete_run(&self, id: u64) {
        self.runs.update(|runs| runs.retain(|r| r.id != id));
        if self.open_run.get_untracked() == Some(id) {
            self.open_run.set(None);
        }
        self.save_runs();
    }

    /// Forgets every run.
    pub fn clear_runs(&self) {
        self.runs.set(Vec::new());
        self.open_run.set(None);
        self.save_runs();
        self.announce("Upgrade history cleared.");
    }
}

/// Epoch milliseconds now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn document_cookie() -> String {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default()
}

/// The local time of day, for "last read at".
pub fn now_text() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}
