//! The service drives campaigns and follows runs, so that closing every browser changes
//! nothing. One cycle every few seconds, by the instance that holds the driving lease:
//! read what changed in the record, read the fleet with the service's Cloud session, follow
//! every unfinished run, and move every running campaign on — with the console's own
//! domain rules (`Campaign::step`, `prepare`, `record_call`, `Run::observe_poll`), never a
//! second copy. A call is recorded as made (a fenced write) before it leaves and is never
//! made again; a call whose answer never came is "outcome unknown" and is read back from
//! the devices.

pub mod calls;
mod campaigns;
mod mirror;
pub mod notify;
pub mod session;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mwcloud_console::api::{ApiError, Listed};
use mwcloud_console::domain::campaign::schedule::Timing;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::history::{self, CHUNK};
use mwcloud_console::domain::run::Run;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::clock::Clock;
use crate::record::{Actor, ChunkWrite, DRIVER, Fence, RunWrite, Store, StoreError, Writes};
use calls::Calls;
use mirror::Mirror;
use session::{NoSession, Session};

/// What a run still being sent says when the service's driver stopped before the answer.
const DRIVER_STOPPED: &str = "The service stopped before the Cloud answered; the call is \
    never made again — its devices are followed to learn what happened.";

/// How often the driver works, and how long its lease lasts.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Time between cycles (real time).
    pub every: Duration,
    /// How long a lease lasts without renewal, on the service's clock: another instance
    /// takes over within two of these after the holder stops.
    pub lease_ms: i64,
    /// A session unused this long gets a light read, well within the Cloud's idle timeout.
    pub keep_alive: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            every: Duration::from_secs(3),
            lease_ms: 15_000,
            keep_alive: Duration::from_secs(60),
        }
    }
}

/// What the driver says of itself (the record's `about`, the console's top bar).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// A driver runs in this service: browsers leave driving to it.
    pub drives: bool,
    /// This instance holds the driving lease now.
    pub holder: bool,
    /// Which Cloud session campaigns are sent with.
    pub sends_as: String,
    /// Why campaigns wait, when they do for want of a session.
    pub waiting: Option<String>,
    /// The last cycle's problem (the Cloud or the record not answering), if any.
    pub problem: Option<String>,
}

/// What the driver shares with the HTTP side: the session (handed by administrators'
/// requests) and its status.
pub struct Shared {
    pub session: Session,
    /// The driver's clock: the planner's schedule is read against the time the driver keeps.
    pub clock: Clock,
    status: Mutex<Status>,
}

impl Shared {
    pub fn new(session: Session) -> Shared {
        let status = Status { sends_as: session.sends_as(), ..Status::default() };
        Shared { session, clock: Clock::system(), status: Mutex::new(status) }
    }

    /// The same, on `clock` (the tests' faster one).
    pub fn with_clock(self, clock: Clock) -> Shared {
        Shared { clock, ..self }
    }

    pub fn status(&self) -> Status {
        self.status.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set(&self, change: impl FnOnce(&mut Status)) {
        change(&mut self.status.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

/// The driver of one service instance.
pub struct Driver {
    store: Store,
    calls: Calls,
    shared: Arc<Shared>,
    clock: Clock,
    /// This instance's name in the lease.
    holder: String,
    settings: Settings,
    mirror: Mirror,
    /// Why campaigns wait for a session, once they were told.
    waiting: Option<NoSession>,
    /// Calls this instance made, counted (their keys in the record are unique).
    made: u64,
    /// When this cycle's reading of the fleet came back, and how long after it the first
    /// call of a wave left (said in the log: the benchmark reads it).
    read_at: std::time::Instant,
    first_send: Option<Duration>,
    /// Where halts, ends and waits are sent, when configured.
    webhook: Option<notify::Webhook>,
}

/// This instance's name in the lease: its process and a number of this start.
fn instance_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("instance-{}-{nanos:09}", std::process::id())
}

fn raw(text: String) -> Result<Box<RawValue>, StoreError> {
    RawValue::from_string(text)
        .map_err(|e| StoreError::Invalid(crate::record::Invalid::new(e.to_string())))
}

/// The actor of the driver's own writes in the audit trail.
fn service_actor() -> Actor {
    Actor { user: "service".into(), address: "service".into() }
}

impl Driver {
    pub fn new(
        store: Store,
        calls: Calls,
        shared: Arc<Shared>,
        clock: Clock,
        settings: Settings,
    ) -> Driver {
        shared.set(|s| s.drives = true);
        Driver {
            store,
            calls,
            shared,
            clock,
            holder: instance_name(),
            settings,
            mirror: Mirror::default(),
            waiting: None,
            made: 0,
            read_at: std::time::Instant::now(),
            first_send: None,
            webhook: None,
        }
    }

    /// Sends halts, ends, aborts and waits to `webhook` too.
    pub fn with_webhook(mut self, webhook: notify::Webhook) -> Driver {
        self.webhook = Some(webhook);
        self
    }

    /// Tells the webhook, if any, that campaign `id` did `event` (`text` says it).
    fn notify(&self, event: &'static str, id: u64, text: String) {
        if let Some(webhook) = &self.webhook {
            webhook.send(notify::Notice { text, event, campaign: id, at: self.clock.now_ms() });
        }
    }

    /// Drives until `stop` resolves, then gives the lease up.
    pub async fn run(mut self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        let mut fence = None;
        loop {
            fence = match self.cycle().await {
                Ok(held) => held,
                Err(error) => {
                    tracing::warn!("driving campaigns: {error}");
                    self.shared.set(|s| s.problem = Some(error.to_string()));
                    fence
                }
            };
            tokio::select! {
                () = &mut stop => break,
                () = tokio::time::sleep(self.settings.every) => {}
            }
        }
        if let Some(fence) = fence {
            let _ = self.store.release(&fence).await;
        }
    }

    /// One cycle; the lease held after it, if any.
    pub async fn cycle(&mut self) -> Result<Option<Fence>, StoreError> {
        let now = self.clock.now_ms();
        let Some(fence) =
            self.store.claim(DRIVER, &self.holder, now, self.settings.lease_ms).await?
        else {
            self.shared.set(|s| s.holder = false);
            // Read again whole on taking over: another instance wrote meanwhile.
            self.mirror = Mirror::default();
            return Ok(None);
        };
        // A problem of this cycle (the record, the fleet's reading) is said anew.
        self.shared.set(|s| {
            s.holder = true;
            s.problem = None;
        });
        let record = self.store.fenced(fence.clone());
        let changes = self.store.changes(self.mirror.since).await?;
        for problem in self.mirror.take(changes) {
            tracing::warn!("the record holds what the driver cannot read: {problem}");
        }
        // Aborted from a console since the last cycle: said to the webhook.
        for campaign in std::mem::take(&mut self.mirror.aborted) {
            let text = format!("{}: aborted, no further waves.", campaign.title());
            self.notify("aborted", campaign.id, text);
        }
        if !self.mirror.has_work() {
            self.keep_alive().await;
            return Ok(Some(fence));
        }
        let (cookie, user) = match self.shared.session.get(&self.calls).await {
            Ok(held) => held,
            Err(why) => {
                self.wait_for_session(&record, why).await?;
                return Ok(Some(fence));
            }
        };
        if let Some(was) = self.waiting.take() {
            self.resumed(&record, &was, &user).await?;
        }
        let running: Vec<u64> = self.mirror.running().collect();
        // Nothing to follow and no schedule open: the fleet is not read (a campaign may wait
        // hours for its window); the campaigns only wait, or end by their date.
        let now = self.clock.now_ms();
        let may_send =
            running.iter().any(|id| matches!(self.timing(*id, now), Timing::Open { .. }));
        if !may_send && !self.mirror.runs.values().any(Run::is_active) {
            for id in running {
                self.drive(&record, id, None).await?;
            }
            self.keep_alive().await;
            return Ok(Some(fence));
        }
        let listed = match self.calls.devices(&cookie).await {
            Ok(listed) => listed,
            Err(ApiError::Session { .. }) => {
                // Never sent with again; the next cycle signs in or waits.
                self.shared.session.ended(&cookie);
                return Ok(Some(fence));
            }
            Err(error) => {
                self.shared
                    .set(|s| s.problem = Some(format!("reading the fleet: {}", error.message())));
                return Ok(Some(fence));
            }
        };
        self.read_at = std::time::Instant::now();
        self.follow(&record, &listed, self.clock.now_ms()).await?;
        for id in running {
            self.drive(&record, id, Some((&listed.items, &cookie, &user))).await?;
        }
        Ok(Some(fence))
    }

    /// A light read when the session has been idle a while (a campaign scheduled for the
    /// night keeps its session).
    async fn keep_alive(&self) {
        if let Some(cookie) = self.shared.session.idle_for(self.settings.keep_alive)
            && let Err(ApiError::Session { .. }) = self.calls.touch(&cookie).await
        {
            self.shared.session.ended(&cookie);
        }
    }

    /// Every unfinished run takes in the fleet as read now; a run still marked as being
    /// sent long past any answer is settled as "outcome unknown" (never sent again).
    async fn follow(
        &mut self,
        record: &Store,
        listed: &Listed<Vec<FleetDevice>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let by_sn: HashMap<&str, &FleetDevice> =
            listed.items.iter().map(|d| (d.sn.as_str(), d)).collect();
        let unreadable: HashSet<&str> = listed.reading.names().collect();
        let mut writes = Writes::default();
        let mut settled = Vec::new();
        for run in self.mirror.runs.values_mut().filter(|r| r.is_active()) {
            // The service has no tab locks: the longest wait for an answer decides.
            if history::send_interrupted(run, now, None) {
                history::interrupted_send_because(run, now, DRIVER_STOPPED);
                writes.runs.push(whole(run)?);
                settled.extend(run.campaign.as_ref().map(|c| (c.campaign, c.wave, run.id)));
                continue;
            }
            let changed = run.observe_poll(&by_sn, &unreadable, now);
            let chunks: BTreeSet<usize> = changed.iter().map(|&at| history::chunk_of(at)).collect();
            for chunk in chunks {
                let tracks =
                    &run.devices[chunk * CHUNK..((chunk + 1) * CHUNK).min(run.devices.len())];
                writes.chunks.push(ChunkWrite {
                    run: run.id,
                    chunk: chunk as u64,
                    devices: raw(history::encode_chunk(tracks))?,
                });
            }
        }
        if !writes.runs.is_empty() || !writes.chunks.is_empty() {
            record.write(&writes).await?;
        }
        for (campaign, wave, run) in settled {
            self.lost_answer(
                record,
                campaign,
                wave,
                run,
                "the service stopped before the Cloud answered",
            )
            .await?;
        }
        Ok(())
    }

    /// No session to send with: every running campaign is told once (its log, so its page
    /// and the history say it).
    async fn wait_for_session(&mut self, record: &Store, why: NoSession) -> Result<(), StoreError> {
        let words = why.words();
        self.shared.set(|s| s.waiting = Some(words.clone()));
        if self.waiting.as_ref() == Some(&why) {
            return Ok(());
        }
        let now = self.clock.now_ms();
        let running: Vec<u64> = self.mirror.running().collect();
        for id in running {
            self.note(record, id, now, &words).await?;
            self.notify("waiting", id, format!("Campaign {id}: {words}"));
        }
        self.waiting = Some(why);
        Ok(())
    }

    /// A session again after waiting: every running campaign is told it goes on.
    async fn resumed(
        &mut self,
        record: &Store,
        was: &NoSession,
        user: &str,
    ) -> Result<(), StoreError> {
        self.shared.set(|s| s.waiting = None);
        let words = match was {
            NoSession::WaitingForAdministrator => {
                format!("Going on: {user}'s Cloud session was handed to the service.")
            }
            NoSession::AccountRefused(_) => {
                format!("Going on: the service account {user} signed in to the Cloud.")
            }
        };
        let now = self.clock.now_ms();
        let running: Vec<u64> = self.mirror.running().collect();
        for id in running {
            self.note(record, id, now, &words).await?;
        }
        Ok(())
    }
}

/// A run written whole: its record and every chunk of its devices.
fn whole(run: &mut mwcloud_console::domain::run::Run) -> Result<RunWrite, StoreError> {
    let chunks = history::encode_chunks(run)
        .into_iter()
        .map(|(_, text)| raw(text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RunWrite { id: run.id, run: raw(history::encode_run(run))?, chunks })
}
