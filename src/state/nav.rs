//! Where a step leads and where the administrator's attention goes after it: a step names
//! the page it continues on (the router goes there, see `ui::routes`) and the heading of
//! its result, which the page brings into view and focuses once it is drawn.

use leptos::prelude::*;

use crate::domain::address::Place;
use crate::domain::fleet_view::FleetFilter;

/// Goes to a page: the router's, once the router has given it (see `ui::routes`).
type Navigator = Box<dyn Fn(Destination)>;

/// Where a step continues.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    /// A page; a page that shows the fleet keeps the filters last shown.
    Page(Place),
    /// The fleet, showing what this filter shows (the sort kept).
    Fleet(FleetFilter),
}

#[derive(Clone, Copy)]
pub struct Nav {
    /// The element (by id) a step's result starts with, until it was brought into view.
    pub attention: ReadSignal<Option<&'static str>>,
    set_attention: WriteSignal<Option<&'static str>>,
    navigator: StoredValue<Option<Navigator>, LocalStorage>,
}

impl Default for Nav {
    fn default() -> Self {
        let (attention, set_attention) = signal(None);
        Nav { attention, set_attention, navigator: StoredValue::new_local(None) }
    }
}

/// The firmware choice's heading.
pub const FIRMWARE: &str = "firmware-title";
/// The review's heading.
pub const REVIEW: &str = "review-title";
/// The open run's heading.
pub const RUN: &str = "run-title";
/// The history's heading.
pub const HISTORY: &str = "history-title";
/// The campaign plan's heading.
pub const PLAN: &str = "plan-title";
/// The open campaign's heading.
pub const CAMPAIGN: &str = "campaign-title";
/// The Cloud check's heading.
pub const CHECK: &str = "check-title";

impl Nav {
    /// Brings element `id` into view and focuses it, once drawn.
    pub fn show(&self, id: &'static str) {
        self.set_attention.set(Some(id));
    }

    /// Element `id` was brought into view (or never came): nothing waits for it now.
    pub fn shown(&self, id: &'static str) {
        if self.attention.get_untracked() == Some(id) {
            self.set_attention.set(None);
        }
    }

    /// Continues on `place` (a new entry in the browser's history), then shows `id` there.
    pub fn go(&self, place: Place, id: &'static str) {
        self.go_to(Destination::Page(place), id);
    }

    /// Continues on the fleet filtered by `filter`, then shows `id` there.
    pub fn go_to_fleet(&self, filter: FleetFilter, id: &'static str) {
        self.go_to(Destination::Fleet(filter), id);
    }

    fn go_to(&self, to: Destination, id: &'static str) {
        self.navigator.with_value(|go| go.as_ref().map(|go| go(to)));
        self.show(id);
    }

    /// How to go to a page, from the router (steps taken before it exists stay put).
    pub fn navigate_with(&self, navigator: impl Fn(Destination) + 'static) {
        self.navigator.set_value(Some(Box::new(navigator)));
    }
}
