//! The console's state, as signals shared through context, and the actions that change
//! it. Views read these signals and call these actions; rules live in `domain`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, client};
use crate::domain::batch::{BatchPlan, PlanError};
use crate::domain::codes::Catalogue;
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{FirmwareEntry, FirmwareRef, offer_for};
use crate::domain::fleet_view::{FleetFilter, Sort};
use crate::domain::outcome::Outcomes;
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

/// How one upgrade call went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionState {
    Sending,
    /// The Cloud answered; per-device outcomes.
    Answered(Outcomes),
    /// The Cloud refused the whole call; nothing started.
    Refused(ApiError),
    /// No usable answer: the upgrade may or may not have started.
    Unknown(ApiError),
}

/// One upgrade call and its outcome; kept for the whole visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: usize,
    pub plan: BatchPlan,
    pub state: SubmissionState,
}

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
    pub submissions: RwSignal<Vec<Submission>>,
    /// The latest announcement for screen readers (the `aria-live` region).
    pub announcement: RwSignal<String>,
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
            submissions: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
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
            BatchPlan::new(
                &selection,
                |sn| fleet.iter().find(|d| d.sn == sn),
                &firmware,
            )
        }))
    }

    /// Whether an upgrade call is on its way (the confirm button is then disabled).
    pub fn sending(&self) -> bool {
        self.submissions
            .with(|s| s.iter().any(|s| s.state == SubmissionState::Sending))
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

    /// A call failed because the session is gone: ask to log in, keep everything.
    fn session_lost(&self) {
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
                    if self.session.get_untracked() == SessionState::Checking {
                        let user = CookieHint::read(&document_cookie()).user;
                        let role = Role::of(user.as_deref());
                        self.session.set(SessionState::Active { user, role });
                    }
                    self.announce(format!("Fleet read: {count} devices."));
                }
                Err(ApiError::Session { .. }) => self.session_lost(),
                Err(error) => {
                    if self.session.get_untracked() == SessionState::Checking {
                        let user = CookieHint::read(&document_cookie()).user;
                        let role = Role::of(user.as_deref());
                        self.session.set(SessionState::Active { user, role });
                    }
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
    /// failed call is never resent by the console.
    pub fn submit(self) {
        if self.sending() {
            return;
        }
        let Some(Ok(plan)) = self.plan() else { return };
        if !plan.risks().is_empty() && !self.risks_accepted.get_untracked() {
            return;
        }
        let id = self.submissions.with_untracked(Vec::len) + 1;
        let request = plan.request();
        self.submissions.update(|s| {
            s.insert(
                0,
                Submission {
                    id,
                    plan: plan.clone(),
                    state: SubmissionState::Sending,
                },
            )
        });
        self.announce(format!("Sending: {}.", plan.confirm_label()));
        spawn_local(async move {
            let catalogue = self.catalogue.get_untracked();
            let result = client::start_upgrade(&catalogue, &request).await;
            let sent: Vec<(String, String)> = plan
                .included
                .iter()
                .map(|d| (d.sn.clone(), d.name.clone()))
                .collect();
            let state = match result {
                Ok(reply) => {
                    let outcomes = Outcomes::match_reply(&sent, &reply.details);
                    let counts = outcomes.counts();
                    self.announce(format!(
                        "Upgrade started on {} of {} devices; {} already upgrading, {} refused, {} without answer.",
                        counts.started,
                        sent.len(),
                        counts.already_upgrading,
                        counts.refused,
                        counts.no_answer
                    ));
                    self.reviewing.set(false);
                    self.risks_accepted.set(false);
                    SubmissionState::Answered(outcomes)
                }
                Err(error @ ApiError::Session { .. }) => {
                    self.session_lost();
                    SubmissionState::Refused(error)
                }
                Err(error) if error.outcome_unknown() => {
                    self.announce(format!(
                        "The outcome of the upgrade call is unknown: {}",
                        error.message()
                    ));
                    self.reviewing.set(false);
                    SubmissionState::Unknown(error)
                }
                Err(error) => {
                    self.announce(format!("The upgrade was refused: {}", error.message()));
                    SubmissionState::Refused(error)
                }
            };
            self.submissions.update(|s| {
                if let Some(submission) = s.iter_mut().find(|s| s.id == id) {
                    submission.state = state;
                }
            });
            // Show what the devices report now, whatever the answer was.
            self.refresh_fleet();
        });
    }
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
fn now_text() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}
