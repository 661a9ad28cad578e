//! The fleet's filters and sort, read from the address: on a page that shows the fleet
//! (`/fleet`, `/campaigns/new`) its query string is the only place they are kept, as the
//! history's filters are; every change is a change of address. Elsewhere the view last
//! shown is remembered, so that the top bar's Fleet link brings it back.
//!
//! Typing in the search box is the one change that does not go to the address at every
//! keystroke: the text typed is shown at once over the address it was typed on, and the
//! address follows once typing pauses ([`TYPING_PAUSE_MS`]) — a change of address at every
//! keystroke would have every link of the page work out again whether it is the page
//! shown, and would fill nothing but cost.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::domain::address::{FleetView, shows_fleet};
use crate::domain::fleet_view::{FleetFilter, Sort};

/// How long typing in the search box pauses before the address follows it.
const TYPING_PAUSE_MS: u32 = 300;

/// Search text typed over an address (path and query) not yet changed to carry it.
#[derive(Debug, Clone, PartialEq)]
struct Typed {
    over: String,
    text: String,
}

type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The fleet's view as the address gives it. `Copy`; provided once inside the router.
#[derive(Clone, Copy)]
pub struct FleetAddress {
    view: Memo<FleetView>,
    filter: Memo<FleetFilter>,
    sort: Memo<Sort>,
    typed: RwSignal<Option<Typed>>,
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    navigate: StoredValue<Navigate, LocalStorage>,
    /// The page's path, without its query.
    path: Memo<String>,
    /// The whole address (path and query), as typed text is compared against it.
    here: Memo<String>,
}

impl FleetAddress {
    /// Reads the router's location; call inside a `Router`, then [`FleetAddress::provide`].
    pub fn of_router() -> Self {
        let location = use_location();
        let navigate = use_navigate();
        let typed = RwSignal::new(None::<Typed>);
        let path = location.pathname;
        // The router's `search` comes without its `?`.
        let here = Memo::new(move |_| {
            location.search.with(|search| match search.is_empty() {
                true => path.get(),
                false => format!("{}?{search}", path.get()),
            })
        });
        // Derived from the address alone; the previous value is what a page without the
        // fleet remembers (the top bar's link reads this on every page, so it follows
        // each address in turn).
        let view = Memo::new(move |before: Option<&FleetView>| {
            if !path.with(|path| shows_fleet(path)) {
                return before.cloned().unwrap_or_default();
            }
            let mut view = location.search.with(|search| FleetView::parse(search));
            typed.with(|typed| match typed {
                Some(typed) if here.with(|here| *here == typed.over) => {
                    view.filter.text.clone_from(&typed.text)
                }
                _ => {}
            });
            view
        });
        FleetAddress {
            view,
            // Apart, so that what reads one is not run again when only the other changes.
            filter: Memo::new(move |_| view.with(|v| v.filter.clone())),
            sort: Memo::new(move |_| view.with(|v| v.sort)),
            typed,
            pending: StoredValue::new_local(None),
            navigate: StoredValue::new_local(Box::new(navigate)),
            path,
            here,
        }
    }

    /// Makes this the fleet's address for every component below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The filters and sort shown (or, away from the fleet, last shown).
    pub fn view(&self) -> FleetView {
        self.view.get()
    }

    /// The same, read without subscribing.
    pub fn view_untracked(&self) -> FleetView {
        self.view.get_untracked()
    }

    /// The filters shown.
    pub fn filter(&self) -> Memo<FleetFilter> {
        self.filter
    }

    /// The sort shown.
    pub fn sort(&self) -> Memo<Sort> {
        self.sort
    }

    /// Changes the filters: a new address in place of this one (not a new Back entry).
    pub fn change_filter(&self, change: impl FnOnce(&mut FleetFilter)) {
        let mut view = self.view_untracked();
        change(&mut view.filter);
        self.show(view);
    }

    /// Changes the sort, the same way.
    pub fn change_sort(&self, change: impl FnOnce(&mut Sort)) {
        let mut view = self.view_untracked();
        change(&mut view.sort);
        self.show(view);
    }

    /// Shows `text` as the search at once; the address follows once typing pauses.
    pub fn type_search(&self, text: String) {
        let over = self.here.get_untracked();
        self.typed.set(Some(Typed { over: over.clone(), text }));
        let this = *self;
        let write = move || {
            // Typed over an address since left (another page, Back): dropped, not written
            // over where the administrator now is.
            if this.here.get_untracked() == over {
                this.show(this.view_untracked());
            }
            this.typed.set(None);
        };
        self.pending.set_value(Some(Timeout::new(TYPING_PAUSE_MS, write)));
    }

    /// Puts `view` in this page's address (and whatever was typed with it).
    fn show(&self, view: FleetView) {
        self.pending.set_value(None);
        let url = format!("{}{}", self.path.get_untracked(), view.to_query());
        if url != self.here.get_untracked() {
            self.navigate.with_value(|go| {
                go(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() })
            });
        }
        self.typed.set(None);
    }
}
