//! The run history: every run of this browser, newest first, the one open in detail, and
//! its saving to localStorage (what could not be read back, or written, is said).

use leptos::prelude::*;
use reactive_stores::Store;

use super::announce::Announcer;
use crate::browser::storage::{self, SaveError};
use crate::domain::run::Run;

/// Every run of this browser, newest first, keyed by run id: a change to one run notifies
/// the views of that run and of the list, never those of another run.
#[derive(Debug, Default, Store)]
pub struct RunHistory {
    #[store(key: u64 = |run| run.id)]
    runs: Vec<Run>,
}

#[derive(Clone, Copy)]
pub struct History {
    store: Store<RunHistory>,
    /// The run shown in detail.
    pub open: RwSignal<Option<u64>>,
    /// What could not be read back from the saved history.
    pub problems: RwSignal<Vec<String>>,
    /// Why the latest write failed, until one succeeds.
    pub unsaved: RwSignal<Option<SaveError>>,
    /// A write is queued behind the page update (see [`History::save_soon`]).
    save_queued: StoredValue<bool>,
    announcer: Announcer,
}

impl History {
    pub fn new(announcer: Announcer) -> Self {
        History {
            store: Store::new(RunHistory::default()),
            open: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            unsaved: RwSignal::new(None),
            save_queued: StoredValue::new(false),
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

    /// Replaces every run (loading, or arranging a test).
    pub fn replace(&self, runs: Vec<Run>) {
        self.store.runs().set(runs);
    }

    /// Whether any run still needs following (not tracked).
    pub fn any_active(&self) -> bool {
        self.with_all_untracked(|r| r.iter().any(Run::is_active))
    }

    /// The id for a new run.
    pub fn next_id(&self) -> u64 {
        self.with_all_untracked(|runs| runs.iter().map(|r| r.id).max().unwrap_or(0) + 1)
    }

    /// Adds a run about to be sent, opens it, and saves at once: a closed tab cannot lose
    /// a call that went out.
    pub fn begin(&self, run: Run) {
        let id = run.id;
        self.store.runs().write().insert(0, run);
        self.open.set(Some(id));
        self.save();
    }

    /// Changes one run (notifying its views and the list only) and saves the history soon.
    pub fn update_run(&self, id: u64, change: impl FnOnce(&mut Run)) {
        self.store.runs().at_key(id).try_update(change);
        self.save_soon();
    }

    /// Changes every unfinished run, each on its own (finished runs' views stay still),
    /// and saves the history soon.
    pub fn update_active(&self, mut change: impl FnMut(&mut Run)) {
        let active: Vec<u64> = self.with_all_untracked(|runs| {
            runs.iter()
                .filter(|r| r.is_active())
                .map(|r| r.id)
                .collect()
        });
        for id in active {
            self.store.runs().at_key(id).try_update(&mut change);
        }
        self.save_soon();
    }

    /// Saves the history in the next task, after the page shows the change: writing a
    /// run of thousands of devices takes longer than drawing it (~25 ms for 6,000), and
    /// the administrator should see an answer first. Changes made in the same turn share
    /// one write. What must be on disk before anything is sent is saved at once instead.
    pub fn save_soon(&self) {
        if self.save_queued.get_value() {
            return;
        }
        self.save_queued.set_value(true);
        let history = *self;
        gloo_timers::callback::Timeout::new(0, move || history.flush()).forget();
    }

    /// Writes a queued save now, if one is waiting.
    pub fn flush(&self) {
        if self.save_queued.get_value() {
            self.save_queued.set_value(false);
            self.save();
        }
    }

    /// A tab closed or navigated away within the task a save waits for still gets it.
    pub fn flush_on_pagehide(self) {
        // The handle is dropped, not removed: the listener stays for the page's life, as
        // the console does.
        drop(window_event_listener(leptos::ev::pagehide, move |_| {
            self.flush()
        }));
    }

    /// Writes every run to localStorage.
    pub fn save(&self) {
        let failure = self.with_all_untracked(storage::save).err();
        // A full storage must be said, not swallowed: the page still holds everything, and
        // the administrator can export or delete runs before closing it.
        if self.unsaved.get_untracked() != failure {
            self.unsaved.set(failure);
        }
    }

    /// Reads the saved runs (at start-up), opening the newest unfinished one again.
    pub fn load(&self, now: i64) {
        let loaded = storage::load(now);
        let unfinished = loaded.runs.iter().filter(|r| r.is_active()).count();
        self.open
            .set(loaded.runs.iter().find(|r| r.is_active()).map(|r| r.id));
        self.replace(loaded.runs);
        self.problems.set(loaded.problems);
        if unfinished > 0 {
            self.save();
            self.announcer
                .say(format!("Resuming {unfinished} unfinished upgrade runs."));
        }
    }

    /// Forgets one run.
    pub fn delete(&self, id: u64) {
        self.store.runs().write().retain(|r| r.id != id);
        if self.open.get_untracked() == Some(id) {
            self.open.set(None);
        }
        self.save();
    }

    /// Forgets every run.
    pub fn clear(&self) {
        self.replace(Vec::new());
        self.open.set(None);
        self.save();
        self.announcer.say("Upgrade history cleared.");
    }
}
