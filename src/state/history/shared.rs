//! The history kept by the console service (`/record/v1/`) instead of this browser: read
//! whole when a user's history opens, then what changed since, every few seconds — so two
//! browsers see the same runs within one poll — and every write sent there under a key
//! made before it leaves. Run and campaign numbers are the record's: an address means the
//! same run in every browser. An operator reads; only the administrator's console writes.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{History, RunHistoryStoreFields, SaveError};
use crate::api::record::{self, Decided, RecordChanges, RecordError, StoredCampaign, WritesBody};
use crate::browser::now_ms;
use crate::domain::campaign::Campaign;
use crate::domain::history::{self, encode_chunk, encode_chunks, encode_run, news::News};
use crate::domain::run::Run;
use crate::domain::text::count;

/// Where this browser notes that `user`'s own history was moved into the record.
fn moved_note(user: &str) -> String {
    format!("mwcloud-console.history-moved.{user}")
}

/// This browser's name in the keys of what it moves (kept, so a repeated move is known).
fn browser_key() -> String {
    const NAME: &str = "mwcloud-console.browser-key";
    crate::browser::kept(NAME).unwrap_or_else(|| {
        let key = record::new_key();
        crate::browser::keep(NAME, &key);
        key
    })
}

/// How often the record is asked what changed.
pub const POLL_MS: u32 = 3_000;

/// The record as this page follows it.
#[derive(Debug, Default)]
pub(super) struct Shared {
    /// The last change read.
    since: i64,
    /// The Cloud says this user is the administrator.
    pub(super) writer: bool,
    /// Each campaign's revision as last read (a change is made from it).
    revisions: HashMap<u64, i64>,
    /// A poll is under way.
    polling: bool,
}

impl From<RecordError> for SaveError {
    fn from(error: RecordError) -> Self {
        SaveError::Service(error.message)
    }
}

impl History {
    /// Whether the history is the console service's (tracked).
    pub fn is_shared(&self) -> bool {
        self.shared.get()
    }

    /// Whether the service drives campaigns and follows runs (so this browser does not).
    pub fn driven_by_service(&self) -> bool {
        self.driver.with_untracked(|d| d.as_ref().is_some_and(|d| d.drives))
    }

    fn writer(&self) -> bool {
        self.storage.with_value(|k| k.shared.as_ref().is_some_and(|s| s.writer))
    }

    /// Opens `user`'s view of the shared record: rights, everything, then polls.
    pub(super) async fn open_shared(self, user: String) {
        let writer = match record::may_write().await {
            Ok(writer) => writer,
            Err(error) => {
                self.set_record_problem.set(Some(error.message));
                false
            }
        };
        if self.owner.get_untracked().as_ref() != Some(&user) {
            return;
        }
        self.storage.update_value(|k| k.shared = Some(Shared { writer, ..Shared::default() }));
        self.set_shared.set(true);
        // The benchmark's "history from the service": reading the record whole and showing it.
        crate::browser::perf::start("record-load");
        self.poll_record().await;
        crate::browser::perf::measure_after_render("record-load", false);
        let unfinished =
            self.with_all_untracked(|runs| runs.iter().filter(|r| r.is_active()).count());
        if unfinished > 0 {
            self.announcer.say(format!("Following {unfinished} unfinished upgrade runs."));
        }
        self.set_loaded.set(true);
        self.keep_polling(user);
    }

    fn keep_polling(self, user: String) {
        spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                if self.owner.try_get_untracked().flatten().as_ref() != Some(&user) {
                    return;
                }
                self.poll_record().await;
            }
        });
    }

    /// Reads what changed since the last poll and shows it.
    pub(super) async fn poll_record(self) {
        let Some(since) = self.storage.try_update_value(|k| {
            let shared = k.shared.as_mut()?;
            if shared.polling {
                return None;
            }
            shared.polling = true;
            Some(shared.since)
        }) else {
            return;
        };
        let Some(since) = since else { return };
        // The benchmark's parts of reading the record whole: the request, then the rest.
        let whole = since == 0;
        if whole {
            crate::browser::perf::start("record-read");
        }
        let read = record::changes(since).await;
        if whole {
            crate::browser::perf::measure_now("record-read");
            crate::browser::perf::start("record-take");
        }
        self.storage.try_update_value(|k| {
            if let Some(shared) = k.shared.as_mut() {
                shared.polling = false;
            }
        });
        match read {
            Ok(changes) => {
                if self.record_problem.get_untracked().is_some() {
                    self.set_record_problem.set(None);
                }
                self.take_changes(changes);
                if whole {
                    crate::browser::perf::measure_now("record-take");
                }
            }
            Err(error) => {
                let words = format!(
                    "The shared record could not be read: {error}. Tried again in a few seconds."
                );
                if self.record_problem.get_untracked().as_ref() != Some(&words) {
                    self.set_record_problem.set(Some(words));
                }
            }
        }
    }

    /// Shows what the record says changed. Runs with changes of this page not yet written
    /// keep this page's state (the record has an older one until the write lands).
    fn take_changes(&self, changes: RecordChanges) {
        if self.driver.with_untracked(|d| d != &changes.driver) {
            self.set_driver.set(changes.driver.clone());
        }
        let pending: Vec<u64> = self.storage.with_value(|k| k.pending.runs());
        let mut problems: Vec<String> = changes
            .unreadable
            .iter()
            .map(|what| format!("A record of the shared history is in a newer format: {what}"))
            .collect();
        let whole: Vec<u64> = changes.runs.iter().map(|(id, _)| *id).collect();
        let (chunks_of_whole, chunks_alone): (Vec<_>, Vec<_>) =
            changes.chunks.into_iter().partition(|(run, _, _)| whole.contains(run));
        let loaded = history::assemble(
            changes.runs.into_iter().filter(|(id, _)| !pending.contains(id)).collect(),
            chunks_of_whole
                .into_iter()
                .map(|(run, chunk, text)| (history::chunk_key(run, chunk), text))
                .collect(),
        );
        problems.extend(loaded.set_aside.iter().map(|(_, a)| a.said()));
        if self.with_all_untracked(|runs| runs.is_empty()) {
            // The first read: every run shown in one change, newest first (as assembled).
            self.replace(loaded.runs);
        } else {
            for run in loaded.runs {
                self.upsert(run);
            }
        }
        for (run, chunk, text) in chunks_alone {
            if pending.contains(&run) {
                continue;
            }
            match history::decode_chunk(&text) {
                Ok(progress) => {
                    self.store.runs().at_key(run).try_update(|r| {
                        history::apply_chunk(r, chunk, progress);
                        r.updated_at = now_ms();
                    });
                }
                Err(error) => {
                    problems.push(format!("The devices of run {run} could not be read: {error}"))
                }
            }
        }
        for (id, revision, text) in changes.campaigns {
            self.take_campaign(&StoredCampaign { id, revision, text }, &mut problems);
        }
        for id in changes.deleted_runs {
            self.forget(id);
        }
        if !problems.is_empty() {
            self.set_problems.update(|p| {
                for problem in problems {
                    if !p.contains(&problem) {
                        p.push(problem);
                    }
                }
            });
        }
        self.storage.update_value(|k| {
            if let Some(shared) = k.shared.as_mut() {
                shared.since = shared.since.max(changes.change);
            }
        });
    }

    /// Shows a campaign as the record holds it, and remembers its revision.
    fn take_campaign(
        &self,
        stored: &StoredCampaign,
        problems: &mut Vec<String>,
    ) -> Option<Campaign> {
        match history::read_campaign(&stored.text) {
            Ok(campaign) => {
                self.storage.update_value(|k| {
                    if let Some(shared) = k.shared.as_mut() {
                        shared.revisions.insert(stored.id, stored.revision);
                    }
                });
                self.upsert_campaign(campaign.clone());
                Some(campaign)
            }
            Err(error) => {
                problems.push(format!("Campaign {} could not be read: {error}", stored.id));
                None
            }
        }
    }

    fn refused_to_operator(&self) -> SaveError {
        SaveError::Service("only the administrator changes the shared record".into())
    }

    /// Offers, once, to move what this browser kept before the shared record into it
    /// (only the administrator writes; a browser that moved its history is not asked again).
    /// Only then is this browser's own history read at all.
    pub(super) async fn offer_move(self, user: &str) {
        if !self.writer() || crate::browser::kept(&moved_note(user)).is_some() {
            return;
        }
        let Some(Ok(own)) = (match self.database() {
            Some(db) => Some(db.load().await),
            None => None,
        }) else {
            return;
        };
        if own.runs.is_empty() && own.campaigns.is_empty() {
            return;
        }
        self.set_movable.set(Some((own.runs.len(), own.campaigns.len())));
        self.storage.update_value(|k| k.movable = Some((own.runs, own.campaigns)));
    }

    /// Moves this browser's own history into the record and says how much moved.
    pub async fn move_own_history(self) {
        let Some((runs, campaigns)) = self.storage.try_update_value(|k| k.movable.take()).flatten()
        else {
            return;
        };
        let browser = browser_key();
        let records = (|| -> Result<_, RecordError> {
            let runs = runs
                .iter()
                .map(|run| {
                    let chunks: Vec<String> =
                        encode_chunks(run).into_iter().map(|(_, t)| t).collect();
                    record::MovedRecord::run(
                        format!("{browser}/run/{}", run.id),
                        run.id,
                        &encode_run(run),
                        &chunks,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let campaigns = campaigns
                .iter()
                .map(|c| {
                    record::MovedRecord::campaign(
                        format!("{browser}/campaign/{}", c.id),
                        c.id,
                        &history::encode_campaign(c),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((runs, campaigns))
        })();
        let moved = match records {
            Ok((run_records, campaign_records)) => {
                record::move_history(run_records, campaign_records).await
            }
            Err(error) => Err(error),
        };
        match moved {
            Ok(counts) => {
                if let Some(user) = self.owner.get_untracked() {
                    crate::browser::keep(&moved_note(&user), "1");
                }
                self.set_movable.set(None);
                let before = if counts.already > 0 {
                    format!(" ({} had been moved before)", counts.already)
                } else {
                    String::new()
                };
                self.announcer.say(format!(
                    "Moved into the shared record: {} and {}{before}. This browser keeps its own copy.",
                    count(counts.runs, "run", "runs"),
                    count(counts.campaigns, "campaign", "campaigns"),
                ));
                self.poll_record().await;
            }
            Err(error) => {
                // Nothing moved: offered again.
                self.storage.update_value(|k| k.movable = Some((runs, campaigns)));
                self.report(Err(error.into()));
            }
        }
    }

    /// Saves a new run in the record: its number, or `None` (said) — then it is not sent.
    pub(super) async fn begin_shared(self, mut run: Run) -> Option<u64> {
        if !self.writer() {
            self.report(Err(self.refused_to_operator()));
            return None;
        }
        let key = record::new_key();
        let chunks: Vec<String> = encode_chunks(&run).into_iter().map(|(_, text)| text).collect();
        let text = encode_run(&run);
        let mut saved = record::begin_run(&key, &text, &chunks).await;
        // No answer: the same key again cannot make a second run.
        if matches!(&saved, Err(e) if e.status == 0) {
            saved = record::begin_run(&key, &text, &chunks).await;
        }
        match saved {
            Ok(id) => {
                run.id = id;
                self.store.runs().write().insert(0, run);
                self.report(Ok(News { runs: vec![id], ..News::default() }));
                Some(id)
            }
            Err(error) => {
                self.report(Err(error.into()));
                None
            }
        }
    }

    /// Writes the runs and chunks of `pending` (operators write nothing).
    pub(super) fn flush_shared(&self, whole: &[u64], chunks: &[(u64, Vec<usize>)]) {
        if !self.writer() {
            return;
        }
        let mut body = WritesBody::default();
        let mut made = Ok(());
        self.with_all_untracked(|runs| {
            for run in runs {
                if whole.contains(&run.id) {
                    let texts: Vec<String> =
                        encode_chunks(run).into_iter().map(|(_, t)| t).collect();
                    made = made.clone().and(body.run(run.id, &encode_run(run), &texts));
                } else if let Some((_, positions)) = chunks.iter().find(|(id, _)| *id == run.id) {
                    let devices: Vec<_> = run.devices.chunks(history::CHUNK).collect();
                    for &chunk in positions {
                        if let Some(tracks) = devices.get(chunk) {
                            made =
                                made.clone().and(body.chunk(run.id, chunk, &encode_chunk(tracks)));
                        }
                    }
                }
            }
        });
        let history = *self;
        spawn_local(async move {
            let written = match made {
                Ok(()) => record::write(&body).await,
                Err(error) => Err(error),
            };
            history.report(written.map(|()| News::default()).map_err(SaveError::from));
        });
    }

    /// Deletes runs from the record.
    pub(super) fn delete_shared(&self, ids: Vec<u64>) {
        let history = *self;
        spawn_local(async move {
            let done = record::delete_runs(&ids).await;
            history.report(done.map(|()| News::default()).map_err(SaveError::from));
        });
    }

    /// Saves a new campaign in the record.
    pub(super) async fn begin_campaign_shared(self, campaign: &Campaign) -> Option<u64> {
        if !self.writer() {
            self.report(Err(self.refused_to_operator()));
            return None;
        }
        let key = record::new_key();
        let text = history::encode_campaign(campaign);
        let mut saved = record::begin_campaign(&key, &text).await;
        if matches!(&saved, Err(e) if e.status == 0) {
            saved = record::begin_campaign(&key, &text).await;
        }
        match saved {
            Ok(stored) => {
                let mut problems = Vec::new();
                let id = self.take_campaign(&stored, &mut problems).map(|c| c.id);
                self.report(Ok(News::default()));
                id
            }
            Err(error) => {
                self.report(Err(error.into()));
                None
            }
        }
    }

    /// Changes a campaign from the latest revision read (read again first): `None` when
    /// another browser changed it meanwhile (its change is shown, and said) or it could not
    /// be written.
    pub(super) async fn change_campaign_shared<T>(
        self,
        id: u64,
        change: impl FnOnce(&mut Campaign) -> T,
    ) -> Option<T> {
        if !self.writer() {
            self.report(Err(self.refused_to_operator()));
            return None;
        }
        self.poll_record().await;
        let mut campaign = self.campaign_untracked(id)?;
        let revision = self
            .storage
            .with_value(|k| k.shared.as_ref().and_then(|s| s.revisions.get(&id).copied()))?;
        let result = change(&mut campaign);
        campaign.updated_at = campaign.updated_at.max(now_ms());
        let mut problems = Vec::new();
        match record::change_campaign(id, revision, &history::encode_campaign(&campaign)).await {
            Ok(Decided::Done(stored)) => {
                self.take_campaign(&stored, &mut problems);
                self.report(Ok(News::default()));
                Some(result)
            }
            Ok(Decided::Conflict(current)) => {
                self.take_campaign(&current, &mut problems);
                self.announcer.say(format!(
                    "Campaign {id} was changed in another browser meanwhile: shown as it is now; nothing of yours was applied."
                ));
                None
            }
            Err(error) => {
                self.report(Err(error.into()));
                None
            }
        }
    }

    /// Makes a campaign's call into `run` in the record: the run's number, or `None` when
    /// the call was made already (by another browser) or could not be recorded.
    pub(super) async fn begin_call_shared(
        self,
        campaign: u64,
        wave: usize,
        call: usize,
        mut run: Run,
    ) -> Option<u64> {
        if !self.writer() {
            return None;
        }
        let key = record::new_key();
        let chunks: Vec<String> = encode_chunks(&run).into_iter().map(|(_, t)| t).collect();
        let text = encode_run(&run);
        let mut made = record::begin_call(campaign, wave, call, &key, &text, &chunks).await;
        if matches!(&made, Err(e) if e.status == 0) {
            made = record::begin_call(campaign, wave, call, &key, &text, &chunks).await;
        }
        let mut problems = Vec::new();
        match made {
            Ok(Decided::Done((id, stored))) => {
                run.id = id;
                self.store.runs().write().insert(0, run);
                self.take_campaign(&stored, &mut problems);
                self.report(Ok(News::default()));
                Some(id)
            }
            Ok(Decided::Conflict(current)) => {
                self.take_campaign(&current, &mut problems);
                None
            }
            Err(error) => {
                self.report(Err(error.into()));
                None
            }
        }
    }
}
