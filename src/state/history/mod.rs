//! The run history: the signed-in user's runs and campaigns, newest first, the run open in
//! detail, and their keeping in the browser (IndexedDB). Each job in its own module:
//! opening and closing a user's history and reading it (here), changing runs
//! ([`runs`]), campaign records ([`campaign_records`]), the write-behind saver
//! ([`saving`]), tab sync ([`tabs`]) and storage space ([`storage_space`]). What could not
//! be read back, or written, is said.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

mod campaign_records;
mod runs;
mod saving;
mod shared;
mod storage_space;
mod tabs;

use super::announce::Announcer;
use crate::browser::channel::Channel;
use crate::browser::history_db::{self, HistoryDb};
use crate::browser::{now_ms, perf};
use crate::domain::campaign::Campaign;
use crate::domain::history;
use crate::domain::history::news::News;
use crate::domain::run::Run;
use saving::Pending;
pub use saving::SaveError;

/// Every run of this user, newest first, keyed by run id: a change to one run notifies
/// the views of that run and of the list, never those of another run.
#[derive(Debug, Default, Store)]
pub struct RunHistory {
    #[store(key: u64 = |run| run.id)]
    runs: Vec<Run>,
}

/// What keeps the history in the browser, outside the reactive graph.
#[derive(Default)]
struct Storage {
    db: Option<HistoryDb>,
    channel: Option<Channel>,
    pending: Pending,
    /// A write is queued behind the page update (see [`History::save_soon`]).
    save_queued: bool,
    /// Persistent storage was asked for (once per page: a browser may ask its user).
    asked_to_persist: bool,
    /// The console service keeps the history (see [`shared`]).
    shared: Option<shared::Shared>,
    /// Whether this page is served by the console service (asked once).
    service: Option<bool>,
    /// This browser's own history, kept before the shared record, until it is moved.
    movable: Option<(Vec<Run>, Vec<Campaign>)>,
}

#[derive(Clone, Copy)]
pub struct History {
    store: Store<RunHistory>,
    /// The user's campaigns, newest first (each call of one is a run above).
    pub campaigns: ReadSignal<Vec<Campaign>>,
    set_campaigns: WriteSignal<Vec<Campaign>>,
    /// What could not be read back from the saved history.
    pub problems: ReadSignal<Vec<String>>,
    set_problems: WriteSignal<Vec<String>>,
    /// Why the latest write failed, until one succeeds.
    pub unsaved: ReadSignal<Option<SaveError>>,
    set_unsaved: WriteSignal<Option<SaveError>>,
    /// Whose history this is (`None`: nobody is signed in, or not yet known).
    pub owner: ReadSignal<Option<String>>,
    set_owner: WriteSignal<Option<String>>,
    /// The owner's saved history has been read (or could not be): until then an address
    /// naming a run or campaign is waited for, not called missing.
    pub loaded: ReadSignal<bool>,
    set_loaded: WriteSignal<bool>,
    /// What the site keeps in the browser, in words (when the browser says).
    pub space: ReadSignal<Option<String>>,
    set_space: WriteSignal<Option<String>>,
    /// Whether the browser keeps the site's data until deleted (when known).
    persisted: RwSignal<Option<bool>>,
    /// The console service keeps this history, shared with the team.
    pub shared: ReadSignal<bool>,
    set_shared: WriteSignal<bool>,
    /// Why the shared record could not be read lately, until it can.
    pub record_problem: ReadSignal<Option<String>>,
    set_record_problem: WriteSignal<Option<String>>,
    /// The service's driver as its last poll said, when the service drives campaigns and
    /// follows runs (this browser then neither drives nor follows: it shows).
    pub driver: ReadSignal<Option<crate::api::record::DriverStatus>>,
    set_driver: WriteSignal<Option<crate::api::record::DriverStatus>>,
    /// Runs and campaigns this browser kept before the shared record, offered to move.
    pub movable: ReadSignal<Option<(usize, usize)>>,
    set_movable: WriteSignal<Option<(usize, usize)>>,
    /// The database, the channel to other tabs, and what waits to be written.
    storage: StoredValue<Storage, LocalStorage>,
    announcer: Announcer,
}

impl History {
    /// Says why no history is shown: this session does not say which Cloud user it is.
    pub fn owner_unknown(&self) {
        self.set_problems.set(vec![
            "The upgrade history is kept per Cloud user, and this session does not say which user it is: log out and log in again to see yours."
                .into(),
        ]);
    }

    pub fn new(announcer: Announcer) -> Self {
        let (campaigns, set_campaigns) = signal(Vec::new());
        let (problems, set_problems) = signal(Vec::new());
        let (unsaved, set_unsaved) = signal(None);
        let (owner, set_owner) = signal(None);
        let (loaded, set_loaded) = signal(false);
        let (space, set_space) = signal(None);
        let (shared, set_shared) = signal(false);
        let (record_problem, set_record_problem) = signal(None);
        let (driver, set_driver) = signal(None);
        let (movable, set_movable) = signal(None);
        History {
            store: Store::new(RunHistory::default()),
            campaigns,
            set_campaigns,
            problems,
            set_problems,
            unsaved,
            set_unsaved,
            owner,
            set_owner,
            loaded,
            set_loaded,
            space,
            set_space,
            persisted: RwSignal::new(None),
            shared,
            set_shared,
            record_problem,
            set_record_problem,
            driver,
            set_driver,
            movable,
            set_movable,
            storage: StoredValue::new_local(Storage::default()),
            announcer,
        }
    }

    /// Reads one run where it lies, tracking that run only: a run of thousands of
    /// devices is never copied whole to show a part of it, and another run's progress
    /// does not re-run this.
    pub fn with_run<T>(&self, id: u64, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.store.runs().at_key(id).try_with(f)
    }

    /// As [`History::with_run`], outside a view.
    pub fn with_run_untracked<T>(&self, id: u64, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.store.runs().at_key(id).try_with_untracked(f)
    }

    /// Reads every run, newest first (tracked: any run's change re-runs this).
    pub fn with_all<T>(&self, f: impl FnOnce(&[Run]) -> T) -> T {
        self.store.runs().with(|runs| f(runs))
    }

    /// As [`History::with_all`], outside a view.
    pub fn with_all_untracked<T>(&self, f: impl FnOnce(&[Run]) -> T) -> T {
        self.store.runs().with_untracked(|runs| f(runs))
    }

    /// The runs by id, as a campaign reckons its calls' devices with them (tracked).
    pub fn with_runs_by_id<T>(&self, f: impl FnOnce(&HashMap<u64, &Run>) -> T) -> T {
        self.with_all(|runs| f(&runs.iter().map(|r| (r.id, r)).collect()))
    }

    /// As [`History::with_runs_by_id`], outside a view.
    pub fn with_runs_by_id_untracked<T>(&self, f: impl FnOnce(&HashMap<u64, &Run>) -> T) -> T {
        self.with_all_untracked(|runs| f(&runs.iter().map(|r| (r.id, r)).collect()))
    }

    /// Replaces every run shown (loading, or arranging a test); writes nothing.
    pub fn replace(&self, runs: Vec<Run>) {
        self.store.runs().set(runs);
    }

    /// Replaces every campaign shown (loading, or arranging a test); writes nothing.
    pub fn replace_campaigns(&self, campaigns: Vec<Campaign>) {
        self.set_campaigns.set(campaigns);
    }

    /// Whether any run still needs following, or a campaign its next wave (not tracked).
    pub fn any_active(&self) -> bool {
        self.with_all_untracked(|r| r.iter().any(Run::is_active))
            || self.campaigns.with_untracked(|c| c.iter().any(Campaign::is_running))
    }

    /// Opens `user`'s history (moving an earlier version's history into it first) and
    /// shows it, the newest unfinished run open. Whether it was opened now (not already).
    pub async fn open_for(self, user: String) -> bool {
        if self.owner.get_untracked().as_ref() == Some(&user) {
            return false;
        }
        self.close();
        self.set_owner.set(Some(user.clone()));
        if self.service_present().await {
            return self.open_with_service(user).await;
        }
        let mut problems = Vec::new();
        let now = now_ms();
        match history_db::move_legacy(&user, now).await {
            Ok(Some(moved)) => {
                problems.extend(moved.set_aside.iter().map(|a| a.said()));
                let total: usize = moved.runs.iter().map(|(_, n)| n).sum();
                self.announcer.say(format!(
                    "The upgrade history of the earlier version was moved: {total} runs."
                ));
            }
            Ok(None) => {}
            Err(error) => problems.push(format!(
                "The history saved by the earlier version could not be moved yet ({error}); \
                 it stays where it was and is tried again on the next start."
            )),
        }
        let opened = HistoryDb::open(&user).await;
        if self.owner.get_untracked().as_ref() != Some(&user) {
            // Someone else signed in meanwhile.
            if let Ok(db) = opened {
                db.close();
            }
            return false;
        }
        let loaded = match opened {
            Ok(db) => {
                perf::start("history-load");
                let loaded = db.load().await;
                self.storage.update_value(|k| k.db = Some(db));
                loaded
            }
            Err(error) => Err(error),
        };
        match loaded {
            Ok(loaded) => {
                problems.extend(loaded.set_aside.iter().map(|(_, a)| a.said()));
                self.set_campaigns.set(loaded.campaigns);
                self.show_loaded(loaded.runs, now);
                perf::measure_after_render("history-load", false);
            }
            Err(error) => {
                self.set_unsaved.set(Some(SaveError::Unavailable(error.to_string())));
            }
        }
        self.set_problems.set(problems);
        self.set_loaded.set(true);
        let history = self;
        let channel = Channel::join(&history::database_name(&user), move |text| {
            if let Some(news) = News::decode(&text) {
                spawn_local(history.hear(news));
            }
        });
        self.storage.update_value(|k| k.channel = channel);
        self.measure_space();
        true
    }

    fn show_loaded(&self, mut runs: Vec<Run>, now: i64) {
        let mut settled = Vec::new();
        for run in &mut runs {
            // On load, by time only; the next poll asks the sending tab's lock.
            if history::send_interrupted(run, now, None) {
                history::interrupted_send(run, now);
                settled.push(run.id);
            }
        }
        let unfinished = runs.iter().filter(|r| r.is_active()).count();
        self.replace(runs);
        if !settled.is_empty() {
            self.storage.update_value(|k| settled.into_iter().for_each(|id| k.pending.whole(id)));
            self.save_soon();
        }
        if unfinished > 0 {
            self.announcer.say(format!("Resuming {unfinished} unfinished upgrade runs."));
        }
    }

    /// Shows nobody's history (logged out): everything stays saved for its owner.
    pub fn close(&self) {
        self.flush();
        let closing = self.storage.try_update_value(|k| (k.db.take(), k.channel.take()));
        if let Some((Some(db), _)) = closing {
            db.close();
        }
        self.set_owner.set(None);
        self.set_loaded.set(false);
        self.replace(Vec::new());
        self.set_campaigns.set(Vec::new());
        self.set_problems.set(Vec::new());
        self.set_unsaved.set(None);
        self.set_space.set(None);
        self.set_driver.set(None);
        self.storage.try_update_value(|k| {
            k.shared = None;
            k.movable = None;
        });
        self.set_movable.set(None);
        self.set_shared.set(false);
        self.set_record_problem.set(None);
    }

    /// Whether the console service serves this page (asked once per page).
    async fn service_present(&self) -> bool {
        if let Some(known) = self.storage.with_value(|k| k.service) {
            return known;
        }
        let present = crate::api::record::service_present().await;
        self.storage.update_value(|k| k.service = Some(present));
        present
    }

    /// Opens `user`'s history kept by the service. This browser's own database stays open
    /// for what its tabs share (which of them follows the runs); its runs are not shown.
    async fn open_with_service(self, user: String) -> bool {
        let opened = HistoryDb::open(&user).await;
        if self.owner.get_untracked().as_ref() != Some(&user) {
            if let Ok(db) = opened {
                db.close();
            }
            return false;
        }
        if let Ok(db) = opened {
            self.storage.update_value(|k| k.db = Some(db));
        }
        let history = self;
        let channel = Channel::join(&history::database_name(&user), move |text| {
            if News::decode(&text).is_some() {
                spawn_local(history.poll_record());
            }
        });
        self.storage.update_value(|k| k.channel = channel);
        self.open_shared(user.clone()).await;
        self.offer_move(&user).await;
        true
    }

    /// The open history database, if any (not tracked).
    pub fn database(&self) -> Option<HistoryDb> {
        self.storage.with_value(|k| k.db.clone())
    }
}

#[cfg(any(test, feature = "testing"))]
impl History {
    /// The last write's failure as saving would have left it: for tests that mount a page
    /// without any storage trouble of their own.
    pub fn arrange_unsaved(&self, failure: Option<SaveError>) {
        self.set_unsaved.set(failure);
    }
}
