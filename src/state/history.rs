//! The run history: the signed-in user's runs, newest first, the one open in detail, and
//! their keeping in the browser (IndexedDB) — each change written on its own (a poll
//! writes only the devices that changed), told to the console's other tabs, and read back
//! there. What could not be read back, or written, is said.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

use super::announce::Announcer;
use crate::browser::channel::Channel;
use crate::browser::history_db::{self, HistoryDb, Writes};
use crate::browser::idb::IdbError;
use crate::browser::{now_ms, perf, space};
use crate::domain::campaign::Campaign;
use crate::domain::history::news::News;
use crate::domain::history::{self, space::space_text};
use crate::domain::run::Run;

/// Every run of this user, newest first, keyed by run id: a change to one run notifies
/// the views of that run and of the list, never those of another run.
#[derive(Debug, Default, Store)]
pub struct RunHistory {
    #[store(key: u64 = |run| run.id)]
    runs: Vec<Run>,
}

/// Why the history could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The browser offers no storage for it here (a private mode, a policy).
    Unavailable(String),
    /// The browser's storage for this site is full.
    Full,
    /// The browser refused the write.
    Refused(String),
}

impl From<IdbError> for SaveError {
    fn from(error: IdbError) -> Self {
        if error.is_quota() {
            SaveError::Full
        } else {
            SaveError::Refused(error.to_string())
        }
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Unavailable(why) => {
                write!(f, "this browser does not allow saving it ({why})")
            }
            SaveError::Full => f.write_str("the browser's storage for this site is full"),
            SaveError::Refused(why) => write!(f, "the browser refused to write it ({why})"),
        }
    }
}

/// What is waiting to be written: runs whole, or some chunks of a run's devices.
#[derive(Default)]
struct Pending {
    whole: Vec<u64>,
    chunks: Vec<(u64, Vec<usize>)>,
}

impl Pending {
    fn whole(&mut self, id: u64) {
        if !self.whole.contains(&id) {
            self.whole.push(id);
        }
    }

    /// The chunks holding the devices at `positions` of run `id`.
    fn devices(&mut self, id: u64, positions: &[usize]) {
        let at = match self.chunks.iter().position(|(run, _)| *run == id) {
            Some(at) => at,
            None => {
                self.chunks.push((id, Vec::new()));
                self.chunks.len() - 1
            }
        };
        let chunks = &mut self.chunks[at].1;
        for &position in positions {
            let chunk = history::chunk_of(position);
            if !chunks.contains(&chunk) {
                chunks.push(chunk);
            }
        }
    }

    fn forget(&mut self, id: u64) {
        self.whole.retain(|&run| run != id);
        self.chunks.retain(|(run, _)| *run != id);
    }

    fn is_empty(&self) -> bool {
        self.whole.is_empty() && self.chunks.is_empty()
    }
}

/// What keeps the history in the browser, outside the reactive graph.
#[derive(Default)]
struct Keeping {
    db: Option<HistoryDb>,
    channel: Option<Channel>,
    pending: Pending,
    /// A write is queued behind the page update (see [`History::save_soon`]).
    save_queued: bool,
    /// Persistent storage was asked for (once per page: a browser may ask its user).
    asked_to_persist: bool,
}

#[derive(Clone, Copy)]
pub struct History {
    store: Store<RunHistory>,
    /// The user's campaigns, newest first (each call of one is a run above).
    pub campaigns: RwSignal<Vec<Campaign>>,
    /// The run shown in detail.
    pub open: RwSignal<Option<u64>>,
    /// What could not be read back from the saved history.
    pub problems: RwSignal<Vec<String>>,
    /// Why the latest write failed, until one succeeds.
    pub unsaved: RwSignal<Option<SaveError>>,
    /// Whose history this is (`None`: nobody is signed in, or not yet known).
    pub owner: RwSignal<Option<String>>,
    /// The owner's saved history has been read (or could not be): until then an address
    /// naming a run or campaign is waited for, not called missing.
    pub loaded: RwSignal<bool>,
    /// What the site keeps in the browser, in words (when the browser says).
    pub space: RwSignal<Option<String>>,
    /// Whether the browser keeps the site's data until deleted (when known).
    persisted: RwSignal<Option<bool>>,
    /// The database, the channel to other tabs, and what waits to be written.
    keep: StoredValue<Keeping, LocalStorage>,
    announcer: Announcer,
}

impl History {
    pub fn new(announcer: Announcer) -> Self {
        History {
            store: Store::new(RunHistory::default()),
            campaigns: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            unsaved: RwSignal::new(None),
            owner: RwSignal::new(None),
            loaded: RwSignal::new(false),
            space: RwSignal::new(None),
            persisted: RwSignal::new(None),
            keep: StoredValue::new_local(Keeping::default()),
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

    /// Whether any run still needs following, or a campaign its next wave (not tracked).
    pub fn any_active(&self) -> bool {
        self.with_all_untracked(|r| r.iter().any(Run::is_active))
            || self
                .campaigns
                .with_untracked(|c| c.iter().any(Campaign::is_running))
    }

    /// One campaign, as last saved or heard (tracked).
    pub fn campaign(&self, id: u64) -> Option<Campaign> {
        self.campaigns
            .with(|c| c.iter().find(|c| c.id == id).cloned())
    }

    /// One campaign, outside a view.
    pub fn campaign_untracked(&self, id: u64) -> Option<Campaign> {
        self.campaigns
            .with_untracked(|c| c.iter().find(|c| c.id == id).cloned())
    }

    /// Shows a campaign as saved: replaced where it is, or added in id order.
    fn upsert_campaign(&self, campaign: Campaign) {
        self.campaigns
            .update(|list| match list.iter_mut().find(|c| c.id == campaign.id) {
                Some(slot) => *slot = campaign,
                None => {
                    let at = list
                        .iter()
                        .position(|c| c.id < campaign.id)
                        .unwrap_or(list.len());
                    list.insert(at, campaign);
                }
            });
    }

    /// Saves a new campaign under an id no other tab gives, and shows it. A campaign
    /// needs its history saved (a call must be recorded before it leaves): `None`, and the
    /// failure said, when the browser will not save it.
    pub async fn begin_campaign(self, mut campaign: Campaign) -> Option<u64> {
        let saved = match self.database() {
            Some(db) => db
                .begin_campaign(&mut campaign)
                .await
                .map_err(SaveError::from),
            None => Err(SaveError::Unavailable("no history is open".into())),
        };
        let id = campaign.id;
        let ok = saved.is_ok();
        if ok {
            self.upsert_campaign(campaign);
        }
        self.report(saved.map(|()| News {
            campaigns: vec![id],
            ..News::default()
        }));
        self.keep_for_good();
        ok.then_some(id)
    }

    /// Changes a campaign as saved (the latest record, whoever wrote it), shows it and
    /// tells the other tabs. `None` when it could not be saved (the failure is said).
    pub async fn change_campaign<T>(
        self,
        id: u64,
        change: impl FnOnce(&mut Campaign) -> T,
    ) -> Option<T> {
        let Some(db) = self.database() else {
            self.report(Err(SaveError::Unavailable("no history is open".into())));
            return None;
        };
        match db.change_campaign(id, change).await {
            Ok(Some((campaign, result))) => {
                self.upsert_campaign(campaign);
                self.report(Ok(News {
                    campaigns: vec![id],
                    ..News::default()
                }));
                Some(result)
            }
            Ok(None) => None,
            Err(error) => {
                self.report(Err(SaveError::from(error)));
                None
            }
        }
    }

    /// Makes a campaign's call into `run`, saved with the call marked made (see
    /// [`HistoryDb::begin_call`]); the run's id, or `None` when the call was made already
    /// or could not be recorded — then it must not be sent.
    pub async fn begin_call(
        self,
        campaign: u64,
        wave: usize,
        call: usize,
        mut run: Run,
    ) -> Option<u64> {
        let db = self.database()?;
        match db.begin_call(campaign, wave, call, &mut run).await {
            Ok(Some(saved)) => {
                let id = run.id;
                self.store.runs().write().insert(0, run);
                self.upsert_campaign(saved);
                self.report(Ok(News {
                    runs: vec![id],
                    campaigns: vec![campaign],
                    ..News::default()
                }));
                Some(id)
            }
            Ok(None) => None,
            Err(error) => {
                self.report(Err(SaveError::from(error)));
                None
            }
        }
    }

    /// Opens `user`'s history (moving an earlier version's history into it first) and
    /// shows it, the newest unfinished run open. Whether it was opened now (not already).
    pub async fn open_for(self, user: String) -> bool {
        if self.owner.get_untracked().as_ref() == Some(&user) {
            return false;
        }
        // The run an address asked for (`/runs/3`, finished or not) stays asked for while
        // the history opens; closing the last one must not send the page back to the fleet.
        let asked = self.open.get_untracked();
        self.close();
        self.open.set(asked);
        self.owner.set(Some(user.clone()));
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
                self.keep.update_value(|k| k.db = Some(db));
                loaded
            }
            Err(error) => Err(error),
        };
        match loaded {
            Ok(loaded) => {
                problems.extend(loaded.set_aside.iter().map(|(_, a)| a.said()));
                self.campaigns.set(loaded.campaigns);
                self.show_loaded(loaded.runs, now);
                perf::measure_after_render("history-load", false);
            }
            Err(error) => {
                self.unsaved
                    .set(Some(SaveError::Unavailable(error.to_string())));
            }
        }
        self.problems.set(problems);
        self.loaded.set(true);
        let history = self;
        let channel = Channel::join(&history::database_name(&user), move |text| {
            if let Some(news) = News::decode(&text) {
                spawn_local(history.hear(news));
            }
        });
        self.keep.update_value(|k| k.channel = channel);
        self.measure_space();
        true
    }

    fn show_loaded(&self, mut runs: Vec<Run>, now: i64) {
        let mut settled = Vec::new();
        for run in &mut runs {
            if history::send_interrupted(run, now) {
                history::interrupted_send(run, now);
                settled.push(run.id);
            }
        }
        let unfinished = runs.iter().filter(|r| r.is_active()).count();
        // A run the address asked for stays open; otherwise the newest unfinished one.
        if self.open.get_untracked().is_none() {
            self.open
                .set(runs.iter().find(|r| r.is_active()).map(|r| r.id));
        }
        self.replace(runs);
        if !settled.is_empty() {
            self.keep
                .update_value(|k| settled.into_iter().for_each(|id| k.pending.whole(id)));
            self.save_soon();
        }
        if unfinished > 0 {
            self.announcer
                .say(format!("Resuming {unfinished} unfinished upgrade runs."));
        }
    }

    /// Shows nobody's history (logged out): everything stays saved for its owner.
    pub fn close(&self) {
        self.flush();
        let closing = self
            .keep
            .try_update_value(|k| (k.db.take(), k.channel.take()));
        if let Some((Some(db), _)) = closing {
            db.close();
        }
        self.owner.set(None);
        self.loaded.set(false);
        self.replace(Vec::new());
        self.campaigns.set(Vec::new());
        self.open.set(None);
        self.problems.set(Vec::new());
        self.unsaved.set(None);
        self.space.set(None);
    }

    /// The open history database, if any (not tracked).
    pub fn database(&self) -> Option<HistoryDb> {
        self.keep.with_value(|k| k.db.clone())
    }

    /// Saves a run about to be sent, under an id no other tab has given or will give,
    /// shows it and opens it: a closed tab cannot lose a call that went out. Where the
    /// browser will not save it, the run still gets an id of this page and the failure
    /// is said.
    pub async fn begin(self, mut run: Run) -> u64 {
        let saved = match self.database() {
            Some(db) => db.begin(&mut run).await.map_err(SaveError::from),
            None => Err(SaveError::Unavailable("no history is open".into())),
        };
        if saved.is_err() {
            run.id = self
                .with_all_untracked(|runs| runs.iter().map(|r| r.id).max())
                .unwrap_or(0)
                + 1;
        }
        let id = run.id;
        self.store.runs().write().insert(0, run);
        self.open.set(Some(id));
        self.report(saved.map(|()| News {
            runs: vec![id],
            ..News::default()
        }));
        self.keep_for_good();
        id
    }

    /// Changes one run (notifying its views and the list only) and saves it whole soon.
    pub fn update_run(&self, id: u64, change: impl FnOnce(&mut Run)) {
        self.store.runs().at_key(id).try_update(change);
        self.keep.update_value(|k| k.pending.whole(id));
        self.save_soon();
    }

    /// Changes every unfinished run, each on its own (finished runs' views stay still);
    /// `change` returns the positions of the devices it changed, which are saved soon.
    pub fn update_active(&self, mut change: impl FnMut(&mut Run) -> Vec<usize>) {
        let active: Vec<u64> = self.with_all_untracked(|runs| {
            runs.iter()
                .filter(|r| r.is_active())
                .map(|r| r.id)
                .collect()
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
            self.keep.update_value(|k| {
                for (id, devices) in changed {
                    k.pending.devices(id, &devices);
                }
            });
            self.save_soon();
        }
    }

    /// Settles the runs whose send no tab can still be waiting for (their page closed
    /// before the Cloud answered): their devices are followed to learn the outcome.
    pub fn settle_interrupted(&self, now: i64) {
        let stale: Vec<u64> = self.with_all_untracked(|runs| {
            runs.iter()
                .filter(|r| history::send_interrupted(r, now))
                .map(|r| r.id)
                .collect()
        });
        for id in stale {
            self.update_run(id, |run| history::interrupted_send(run, now));
        }
    }

    /// Saves in the next task, after the page shows the change: the administrator should
    /// see an answer first. Changes made in the same turn share one write.
    pub fn save_soon(&self) {
        let queued = self
            .keep
            .try_update_value(|k| std::mem::replace(&mut k.save_queued, true));
        if queued != Some(false) {
            return;
        }
        let history = *self;
        gloo_timers::callback::Timeout::new(0, move || history.flush()).forget();
    }

    /// Writes what is waiting, now: runs whole, and the changed devices of the others.
    pub fn flush(&self) {
        let pending = self
            .keep
            .try_update_value(|k| {
                k.save_queued = false;
                std::mem::take(&mut k.pending)
            })
            .unwrap_or_default();
        if pending.is_empty() {
            return;
        }
        // The benchmark reads how long this task spends on a write, and when it commits.
        perf::start("history-write");
        let mut writes = Writes::default();
        let mut news = News::default();
        self.with_all_untracked(|runs| {
            for run in runs {
                if pending.whole.contains(&run.id) {
                    writes.run(run);
                    news.runs.push(run.id);
                } else if let Some((_, chunks)) =
                    pending.chunks.iter().find(|(id, _)| *id == run.id)
                {
                    let devices: Vec<_> = run.devices.chunks(history::CHUNK).collect();
                    for &chunk in chunks {
                        if let Some(tracks) = devices.get(chunk) {
                            writes.chunk(run.id, chunk, tracks);
                        }
                    }
                    news.chunks.push((run.id, chunks.clone()));
                }
            }
        });
        let Some(db) = self.database() else {
            self.report(Err(SaveError::Unavailable("no history is open".into())));
            return;
        };
        let history = *self;
        perf::note("history-write:devices", writes.devices);
        let written = db.write(writes);
        perf::measure_now("history-write");
        spawn_local(async move {
            let written = written.await.map_err(SaveError::from);
            perf::measure_since("history-commit", "history-write");
            history.report(written.map(|()| news));
        });
    }

    /// Says whether a write succeeded; tells the other tabs what it wrote.
    fn report(&self, written: Result<News, SaveError>) {
        let failure = match written {
            Ok(news) => {
                if !news.is_empty() {
                    self.keep.with_value(|k| {
                        if let Some(channel) = &k.channel {
                            channel.post(&news.encode())
                        }
                    });
                }
                None
            }
            Err(error) => Some(error),
        };
        // A refused write must be said, not swallowed: the page still holds everything,
        // and the administrator can export or delete runs before closing it.
        if self.unsaved.get_untracked() != failure {
            self.unsaved.set(failure);
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

    /// Takes in what another tab wrote, read back from the database (always the latest
    /// state, whatever order messages arrive in).
    async fn hear(self, news: News) {
        let Some(db) = self.database() else { return };
        if news.cleared {
            if let Ok(loaded) = db.load().await {
                self.replace(loaded.runs);
                self.campaigns.set(loaded.campaigns);
                self.open.set(None);
            }
            return;
        }
        if !news.campaigns.is_empty()
            && let Ok(read) = db.read_campaigns(&news.campaigns).await
        {
            for campaign in read {
                self.upsert_campaign(campaign);
            }
        }
        for id in news.deleted {
            self.forget(id);
        }
        if !news.runs.is_empty()
            && let Ok(loaded) = db.read_runs(&news.runs).await
        {
            for run in loaded.runs {
                self.upsert(run);
            }
        }
        for (id, chunks) in news.chunks {
            let Ok(read) = db.read_chunks(id, &chunks).await else {
                continue;
            };
            self.store.runs().at_key(id).try_update(|run| {
                for (chunk, progress) in read {
                    history::apply_chunk(run, chunk, progress);
                }
                run.updated_at = now_ms();
            });
        }
    }

    /// Shows a run another tab wrote: replaced where it is, or added in id order.
    fn upsert(&self, run: Run) {
        let id = run.id;
        if self
            .store
            .runs()
            .at_key(id)
            .try_update(|slot| *slot = run.clone())
            .is_none()
        {
            self.store.runs().update(|runs| {
                let at = runs.iter().position(|r| r.id < id).unwrap_or(runs.len());
                runs.insert(at, run);
            });
        }
    }

    fn forget(&self, id: u64) {
        self.store.runs().write().retain(|r| r.id != id);
        if self.open.get_untracked() == Some(id) {
            self.open.set(None);
        }
    }

    /// Forgets one run, here and in every tab.
    pub fn delete(&self, id: u64) {
        self.forget(id);
        self.keep.update_value(|k| k.pending.forget(id));
        self.change_saved(News {
            deleted: vec![id],
            ..News::default()
        });
    }

    /// Forgets every run, here and in every tab.
    pub fn clear(&self) {
        self.replace(Vec::new());
        self.campaigns.set(Vec::new());
        self.open.set(None);
        self.keep.update_value(|k| k.pending = Pending::default());
        self.change_saved(News {
            cleared: true,
            ..News::default()
        });
        self.announcer.say("Upgrade history cleared.");
    }

    /// Deletes from the database what `news` says, then tells the other tabs.
    fn change_saved(&self, news: News) {
        let Some(db) = self.database() else {
            return;
        };
        let history = *self;
        spawn_local(async move {
            let done = if news.cleared {
                db.clear().await
            } else {
                db.delete(&news.deleted).await
            };
            history.report(done.map(|()| news).map_err(SaveError::from));
            history.measure_space();
        });
    }

    /// Asks the browser, once per page, to keep the history until the administrator
    /// deletes it; says if it will not.
    fn keep_for_good(&self) {
        let asked = self
            .keep
            .try_update_value(|k| std::mem::replace(&mut k.asked_to_persist, true));
        if asked != Some(false) {
            self.measure_space();
            return;
        }
        let history = *self;
        spawn_local(async move {
            let kept = match space::persisted().await {
                Some(true) => Some(true),
                _ => space::persist().await,
            };
            history.persisted.set(kept);
            history.measure_space();
        });
    }

    /// Reads what the site keeps in the browser, and what the browser allows.
    fn measure_space(&self) {
        let history = *self;
        spawn_local(async move {
            // "Not persisted" before asking is no refusal: only a granted state is taken.
            if history.persisted.get_untracked().is_none() && space::persisted().await == Some(true)
            {
                history.persisted.set(Some(true));
            }
            if let Some((usage, quota)) = space::estimate().await {
                history.space.set(Some(space_text(
                    usage,
                    quota,
                    history.persisted.get_untracked(),
                )));
            }
        });
    }
}
