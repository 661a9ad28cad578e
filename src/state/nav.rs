//! Which of the console's pages is shown, and where the administrator's attention
//! goes after a step: each step names the heading of its result, and the page brings it
//! into view and moves the keyboard focus to it once it is drawn.

use leptos::prelude::*;

/// The console's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Fleet,
    Library,
    /// The fleet, choosing the devices of a new campaign (any batch keys).
    NewCampaign,
    /// One campaign.
    Campaign(u64),
    /// The Cloud check.
    Check,
}

impl Page {
    /// Whether the page shows the fleet table.
    pub fn shows_fleet(self) -> bool {
        matches!(self, Page::Fleet | Page::NewCampaign)
    }
}

#[derive(Clone, Copy)]
pub struct Nav {
    pub page: RwSignal<Page>,
    /// The element (by id) a step's result starts with, until it was brought into view.
    pub attention: RwSignal<Option<&'static str>>,
    /// The fleet page was reached as the history (its address is `/runs`).
    pub at_history: RwSignal<bool>,
}

impl Default for Nav {
    fn default() -> Self {
        Nav {
            page: RwSignal::new(Page::Fleet),
            attention: RwSignal::new(None),
            at_history: RwSignal::new(false),
        }
    }
}

/// The review's heading.
pub const REVIEW: &str = "review-title";
/// The open run's heading.
pub const RUN: &str = "run-title";
/// The history list's heading.
pub const HISTORY: &str = "runs-title";
/// The campaign plan's heading.
pub const PLAN: &str = "plan-title";
/// The open campaign's heading.
pub const CAMPAIGN: &str = "campaign-title";
/// The Cloud check's heading.
pub const CHECK: &str = "check-title";

impl Nav {
    /// Brings element `id` into view and focuses it, once drawn.
    pub fn show(&self, id: &'static str) {
        self.attention.set(Some(id));
    }
}
