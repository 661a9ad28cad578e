//! Following runs to their end: one `get-devs` call per cycle for every device of every
//! unfinished run, every few seconds, slower after errors, from one tab of the browser
//! (the [`PollingTab`]); the other tabs see the progress through the history. When the
//! console service drives, it follows them instead and this browser only shows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::announce::Announcer;
use super::cloud::Cloud;
use super::fleet::Fleet;
use super::history::History;
use super::polling_tab::PollingTab;
use super::session::Session;
use crate::api::{ApiError, Listed};
use crate::browser::now_ms;
use crate::domain::device::FleetDevice;
use crate::domain::run::Run;
use crate::domain::tracking::Tracked;

/// Time between polls while all goes well.
const INTERVAL_MS: u64 = 3_000;
/// Longest wait after repeated errors.
const MAX_INTERVAL_MS: u64 = 30_000;

#[derive(Clone, Copy)]
pub struct Tracking {
    /// The progress loop is running.
    pub running: ReadSignal<bool>,
    set_running: WriteSignal<bool>,
    /// When devices were last read for progress, and the last poll's problem if any.
    pub polled_at: ReadSignal<Option<i64>>,
    set_polled_at: WriteSignal<Option<i64>>,
    pub poll_error: ReadSignal<Option<ApiError>>,
    set_poll_error: WriteSignal<Option<ApiError>>,
    /// When the reads began to fail (text for people), while they do.
    pub failing_since: ReadSignal<Option<i64>>,
    set_failing_since: WriteSignal<Option<i64>>,
    /// Called after each poll of this tab that read the fleet (campaigns move on).
    after_poll: StoredValue<Option<Box<dyn Fn()>>, LocalStorage>,
    // What a poll reads through and reports to.
    fleet: Fleet,
    session: Session,
    cloud: Cloud,
    announcer: Announcer,
    /// Where followed runs are read from and saved to.
    history: History,
    /// Whether this tab is the one of this browser that polls.
    polling_tab: PollingTab,
}

impl Tracking {
    pub fn new(
        history: History,
        polling_tab: PollingTab,
        fleet: Fleet,
        session: Session,
        cloud: Cloud,
        announcer: Announcer,
    ) -> Self {
        let (running, set_running) = signal(false);
        let (polled_at, set_polled_at) = signal(None);
        let (poll_error, set_poll_error) = signal(None);
        let (failing_since, set_failing_since) = signal(None);
        Tracking {
            running,
            set_running,
            polled_at,
            set_polled_at,
            poll_error,
            set_poll_error,
            failing_since,
            set_failing_since,
            after_poll: StoredValue::new_local(None),
            history,
            polling_tab,
            fleet,
            session,
            cloud,
            announcer,
        }
    }

    /// Follows whenever a run needs it — one this tab started, or one another tab did —
    /// or a campaign its next wave.
    pub fn start(self) {
        Effect::new(move |_| {
            let runs = self.history.with_all(|runs| runs.iter().any(Run::is_active));
            let campaigns = self
                .history
                .campaigns
                .with(|c| c.iter().any(crate::domain::campaign::Campaign::is_running));
            if runs || campaigns {
                self.track();
            }
        });
    }

    /// What is done after each poll of this tab that read the fleet.
    pub fn after_each_poll(&self, after: impl Fn() + 'static) {
        self.after_poll.set_value(Some(Box::new(after)));
    }

    /// Starts the progress loop if a run needs it (one loop at most).
    pub fn track(self) {
        if self.running.get_untracked() || !self.history.any_active() {
            return;
        }
        self.set_running.set(true);
        spawn_local(self.follow());
    }

    /// Runs until no run is unfinished and no campaign waits for a wave.
    async fn follow(self) {
        let mut interval = INTERVAL_MS;
        loop {
            gloo_timers::future::sleep(Duration::from_millis(interval)).await;
            if !self.history.any_active() {
                break;
            }
            // The console service follows every run and drives every campaign: this
            // browser shows what the record says (each poll of it brings the progress).
            if self.history.driven_by_service() {
                continue;
            }
            // Expired session: wait for the administrator to log in again. Another tab
            // polling, or this one hidden: the history brings the progress.
            if !self.session.is_active() || !self.polling_tab.may_poll().await {
                continue;
            }
            // Another tab logged this browser in as someone else: this tab's calls now
            // carry their session, in which this user's devices may not be listed — read
            // as "lost", they would be recorded wrongly. Ask to log in again instead.
            if let Some(other) = self.session.replaced_by() {
                self.session.switched(Some(other));
                continue;
            }
            self.history.settle_interrupted(now_ms()).await;
            match self.session.noticed(self.cloud.client().devices().await) {
                Ok(devices) if self.switched_under(&devices).await => {}
                Ok(devices) => {
                    interval = INTERVAL_MS;
                    self.set_poll_error.set(None);
                    self.set_failing_since.set(None);
                    self.take_in(devices);
                    self.after_poll.with_value(|after| after.as_ref().map(|after| after()));
                }
                Err(ApiError::Session { .. }) => {}
                Err(error) => {
                    interval = (interval * 2).min(MAX_INTERVAL_MS);
                    self.set_poll_error.set(Some(error));
                    if self.failing_since.get_untracked().is_none() {
                        self.set_failing_since.set(Some(now_ms()));
                    }
                }
            }
        }
        self.set_running.set(false);
    }

    /// Whether the reading was made in another user's session, which an unreadable user
    /// cookie cannot say: when a device still followed is missing from it, the Cloud is
    /// asked whether the session is still an administrator's (only administrators send
    /// upgrades, so only theirs are followed). If not, nothing of the reading is taken —
    /// the missing devices are not "lost" — and the user is told.
    async fn switched_under(&self, listed: &Listed<Vec<FleetDevice>>) -> bool {
        // The few devices followed, struck off in one pass over the reading (not a set of
        // every device listed, on every poll).
        let missing = self.history.with_all_untracked(|runs| {
            let mut followed: HashSet<&str> = runs.iter().flat_map(Run::followed).collect();
            for device in &listed.items {
                if followed.remove(device.sn.as_str()) && followed.is_empty() {
                    break;
                }
            }
            !followed.is_empty()
        });
        if !missing {
            return false;
        }
        match self.session.noticed(self.cloud.client().is_administrator().await) {
            Ok(false) => {
                self.session.switched(self.session.replaced_by());
                true
            }
            Err(ApiError::Session { .. }) => true,
            Ok(true) | Err(_) => false,
        }
    }

    /// Feeds one fleet reading to the fleet table and to every unfinished run, and
    /// announces the devices that reached their end — once per poll, not once per device.
    /// A device whose record was set aside is "not readable this time": never lost or
    /// failed for it.
    pub fn take_in(&self, listed: impl Into<Listed<Vec<FleetDevice>>>) {
        let listed = listed.into();
        let now = now_ms();
        let mut ended: BTreeMap<&'static str, usize> = BTreeMap::new();
        {
            let by_sn: HashMap<&str, &FleetDevice> =
                listed.items.iter().map(|d| (d.sn.as_str(), d)).collect();
            let unreadable: HashSet<&str> = listed.reading.names().collect();
            self.history.update_active(|run| {
                let before: Vec<bool> = run.devices.iter().map(|d| d.state.is_final()).collect();
                let changed = run.observe_poll(&by_sn, &unreadable, now);
                for (device, was_final) in run.devices.iter().zip(before) {
                    if !was_final && device.state.is_final() {
                        *ended.entry(word(&device.state)).or_default() += 1;
                    }
                }
                changed
            });
        }
        self.fleet.take_in(listed);
        self.set_polled_at.set(Some(now_ms()));
        if !ended.is_empty() {
            let parts: Vec<String> = ended.iter().map(|(word, n)| format!("{n} {word}")).collect();
            self.announcer.say(format!("Devices finished: {}.", parts.join(", ")));
        }
    }
}

fn word(state: &Tracked) -> &'static str {
    match state {
        Tracked::Verified => "verified",
        Tracked::TimedOut => "timed out",
        Tracked::Lost => "lost",
        _ => "failed",
    }
}
