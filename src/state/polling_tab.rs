//! Which tab polls the Cloud for every tab of the same user: one at a time, a visible one.
//! With Web Locks, the browser grants the lock to one tab and hands it to the next
//! waiting one when that tab closes or steps down (hidden); without them (not a secure
//! context), a lease in the history database, renewed every cycle, does the same.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::history::History;
use crate::browser::locks::{self, Lock};
use crate::browser::{now_ms, page_hidden, page_id};

/// How long a lease outlives its last renewal: a little over two polling cycles, so a
/// closed tab's lease passes on within one more cycle.
const LEASE_MS: i64 = 7_000;

#[derive(Clone, Copy)]
pub struct PollingTab {
    /// This tab polls for every tab (tracked).
    pub leading: ReadSignal<bool>,
    set_leading: WriteSignal<bool>,
    lock: StoredValue<Option<Lock>, LocalStorage>,
    /// This page, for the lease.
    tab: StoredValue<String>,
    history: History,
}

impl PollingTab {
    pub fn new(history: History) -> Self {
        let (leading, set_leading) = signal(false);
        PollingTab {
            leading,
            set_leading,
            lock: StoredValue::new_local(None),
            tab: StoredValue::new(page_id()),
            history,
        }
    }

    /// Seeks to poll whenever a history is open and the tab is visible; steps down when
    /// hidden, closing, or when the history changes hands.
    pub fn start(self) {
        Effect::new(move |_| {
            let owner = self.history.owner.get();
            self.step_down();
            if owner.is_some() && !page_hidden() {
                self.seek();
            }
        });
        drop(window_event_listener(leptos::ev::visibilitychange, move |_| {
            if page_hidden() {
                self.step_down();
            } else if self.history.owner.get_untracked().is_some() {
                self.seek();
            }
        }));
        drop(window_event_listener(leptos::ev::pagehide, move |_| self.step_down()));
        // Back from the browser's page cache: seek again.
        drop(window_event_listener(leptos::ev::pageshow, move |_| {
            if !page_hidden() && self.history.owner.get_untracked().is_some() {
                self.seek();
            }
        }));
    }

    fn seek(self) {
        if self.lock.with_value(Option::is_some) {
            return;
        }
        let Some(owner) = self.history.owner.get_untracked() else {
            return;
        };
        let name = format!("mwcloud-console.polling_tab.{owner}");
        let lock = Lock::request(&name, move || self.set_leading.set(true));
        self.lock.set_value(lock);
    }

    fn step_down(self) {
        if let Some(lock) = self.lock.try_update_value(Option::take).flatten() {
            lock.release();
        }
        if self.leading.get_untracked() {
            self.set_leading.set(false);
        }
        if !locks::available()
            && let Some(db) = self.history.database()
        {
            let tab = self.tab.get_value();
            spawn_local(async move {
                let _ = db.drop_lease(&tab).await;
            });
        }
    }

    /// Whether this tab should poll this cycle: it holds the lock, or (without Web
    /// Locks) holds or just took the lease.
    pub async fn may_poll(self) -> bool {
        if page_hidden() {
            return false;
        }
        if locks::available() {
            return self.leading.get_untracked();
        }
        let Some(db) = self.history.database() else {
            // No shared history: this tab is on its own.
            return true;
        };
        let leading =
            db.claim_lease(&self.tab.get_value(), now_ms(), LEASE_MS).await.unwrap_or(true);
        if self.leading.get_untracked() != leading {
            self.set_leading.set(leading);
        }
        leading
    }
}
