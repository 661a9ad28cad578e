//! Changing the runs: a new run saved before its call leaves, progress taken in, runs
//! settled, deleted or cleared — each change shown at once and written behind.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{History, Pending, RunHistoryStoreFields, SaveError};
use crate::domain::history::{self, news::News};
use crate::domain::run::Run;

impl History {
    /// Saves a run about to be sent, under an id no other tab has given or will give,
    /// shows it and opens it: a closed tab cannot lose a call that went out. Where the
    /// browser will not save it, the run still gets an id of this page and the failure
    /// is said. With the console service the record gives the id; `None` (said) when it
    /// could not save the run — then the run must not be sent.
    pub async fn begin(self, mut run: Run) -> Option<u64> {
        if self.shared.get_untracked() {
            return self.begin_shared(run).await;
        }
        let saved = match self.database() {
            Some(db) => db.begin(&mut run).await.map_err(SaveError::from),
            None => Err(SaveError::Unavailable("no history is open".into())),
        };
        // Not saved: not sent either (the caller says so) — a run a reload would lose is
        // never started.
        if let Err(error) = saved {
            self.report(Err(error));
            return None;
        }
        let id = run.id;
        self.store.runs().write().insert(0, run);
        self.report(Ok(News { runs: vec![id], ..News::default() }));
        self.keep_for_good();
        Some(id)
    }

    /// Changes one run (notifying its views and the list only) and saves it whole soon.
    pub fn update_run(&self, id: u64, change: impl FnOnce(&mut Run)) {
        self.store.runs().at_key(id).try_update(change);
        self.storage.update_value(|k| k.pending.whole(id));
        self.save_soon();
    }

    /// Changes every unfinished run, each on its own (finished runs' views stay still);
    /// `change` returns the positions of the devices it changed, which are saved soon.
    pub fn update_active(&self, mut change: impl FnMut(&mut Run) -> Vec<usize>) {
        let active: Vec<u64> = self.with_all_untracked(|runs| {
            runs.iter().filter(|r| r.is_active()).map(|r| r.id).collect()
        });
        let mut changed = Vec::new();
        for id in active {
            if let Some(devices) = self.store.runs().at_key(id).try_update(&mut change)
                && !devices.is_empty()
            {
                changed.push((id, devices));
            }
        }
        if !changed.is_empty() {
            self.storage.update_value(|k| {
                for (id, devices) in changed {
                    k.pending.devices(id, &devices);
                }
            });
            self.save_soon();
        }
    }

    /// Settles the runs whose send no tab can still be waiting for (their page closed or
    /// was reloaded before the Cloud answered — the sending tab's lock says so at once):
    /// their devices are followed to learn the outcome.
    pub async fn settle_interrupted(&self, now: i64) {
        let sending: Vec<(u64, String)> = self.with_all_untracked(|runs| {
            runs.iter()
                .filter(|r| r.start == crate::domain::run::StartRecord::Sending)
                .map(|r| (r.id, history::sending_lock(r)))
                .collect()
        });
        if sending.is_empty() {
            return;
        }
        // One query for all of them: which sending tabs still wait.
        let taken = crate::browser::locks::taken().await;
        for (id, lock) in sending {
            let alive = taken.as_ref().map(|names| names.contains(&lock));
            let interrupted =
                self.with_run_untracked(id, |r| history::send_interrupted(r, now, alive));
            if interrupted == Some(true) {
                self.update_run(id, |run| history::interrupted_send(run, now));
            }
        }
    }

    /// Shows a run another tab wrote: replaced where it is, or added in id order.
    pub(super) fn upsert(&self, run: Run) {
        let id = run.id;
        if self.store.runs().at_key(id).try_update(|slot| *slot = run.clone()).is_none() {
            self.store.runs().update(|runs| {
                let at = runs.iter().position(|r| r.id < id).unwrap_or(runs.len());
                runs.insert(at, run);
            });
        }
    }

    pub(super) fn forget(&self, id: u64) {
        self.store.runs().write().retain(|r| r.id != id);
    }

    /// Forgets one run, here and in every tab.
    pub fn delete(&self, id: u64) {
        self.forget(id);
        self.storage.update_value(|k| k.pending.forget(id));
        if self.shared.get_untracked() {
            self.delete_shared(vec![id]);
            return;
        }
        self.change_saved(News { deleted: vec![id], ..News::default() });
    }

    /// Forgets every run, here and in every tab.
    pub fn clear(&self) {
        if self.shared.get_untracked() {
            // The team's record is not one browser's to clear (not offered there).
            return;
        }
        self.replace(Vec::new());
        self.set_campaigns.set(Vec::new());
        self.storage.update_value(|k| k.pending = Pending::default());
        self.change_saved(News { cleared: true, ..News::default() });
        self.announcer.say("Upgrade history cleared.");
    }

    /// Deletes from the database what `news` says, then tells the other tabs.
    pub(super) fn change_saved(&self, news: News) {
        let Some(db) = self.database() else {
            return;
        };
        let history = *self;
        spawn_local(async move {
            let done = if news.cleared { db.clear().await } else { db.delete(&news.deleted).await };
            history.report(done.map(|()| news).map_err(SaveError::from));
            history.measure_space();
        });
    }
}
