//! Keeps the address bar and the console in step (see [`crate::domain::address`]): an
//! address the browser arrives at — typed, linked, reloaded, or reached with Back and
//! Forward — sets the page, the open run and the fleet's view; a change the administrator
//! makes sets the address (a new entry for another page or run, the same entry replaced
//! for filters and sort, so typing in the search box does not fill the Back list).

use leptos::prelude::*;

use crate::browser::address;
use crate::domain::address::{Address, Place};
use crate::state::nav::{HISTORY, Page};
use crate::state::{Fleet, History, Nav};

#[component]
pub fn AddressSync() -> impl IntoView {
    // The address shown: set on arrival, by Back and Forward, and by the console itself.
    let here = RwSignal::new(address::read());
    address::on_back_forward(move || here.set(address::read()));
    let nav = expect_context::<Nav>();
    let history = expect_context::<History>();
    let fleet = expect_context::<Fleet>();

    // The address → the console.
    Effect::new(move |_| {
        let address = here.with(|(path, query)| Address::parse(path, query));
        let page = match address.place {
            Place::Library => Page::Library,
            Place::NewCampaign => Page::NewCampaign,
            Place::Campaign(id) => Page::Campaign(id),
            Place::Check => Page::Check,
            _ => Page::Fleet,
        };
        if nav.page.get_untracked() != page {
            nav.page.set(page);
        }
        let open = match address.place {
            Place::Run(id) => Some(id),
            _ => None,
        };
        if history.open.get_untracked() != open {
            history.open.set(open);
        }
        // Arriving at the history brings it into view — once, not on every address change
        // while there (a filter typed on `/runs` changes the address too).
        let at_history = address.place == Place::History;
        if nav.at_history.get_untracked() != at_history {
            nav.at_history.set(at_history);
            if at_history {
                nav.show(HISTORY);
            }
        }
        if fleet.filter.with_untracked(|f| *f != address.filter) {
            fleet.filter.set(address.filter);
        }
        if fleet.sort.get_untracked() != address.sort {
            fleet.sort.set(address.sort);
        }
    });

    // The console → the address. Its first run only reads (the address has just set
    // everything); later changes write.
    Effect::new(move |first: Option<()>| {
        let place = match (nav.page.get(), history.open.get(), nav.at_history.get()) {
            (Page::Library, _, _) => Place::Library,
            (Page::NewCampaign, _, _) => Place::NewCampaign,
            (Page::Campaign(id), _, _) => Place::Campaign(id),
            (Page::Check, _, _) => Place::Check,
            (Page::Fleet, Some(id), _) => Place::Run(id),
            (Page::Fleet, None, true) => Place::History,
            (Page::Fleet, None, false) => Place::Fleet,
        };
        let wanted = Address { place, filter: fleet.filter.get(), sort: fleet.sort.get() };
        if first.is_none() {
            return;
        }
        let shown = here.with_untracked(|(path, query)| Address::parse(path, query));
        if wanted != shown {
            let url = wanted.to_url();
            address::write(&url, wanted.place == shown.place);
            here.set(address::read());
        }
    });
}
