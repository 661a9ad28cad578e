//! Keeps the address bar and the console in step (see [`crate::domain::address`]): an
//! address the browser arrives at — typed, linked, reloaded, or reached with Back and
//! Forward — sets the page, the open run and the fleet's view; a change the administrator
//! makes sets the address (a new entry for another page or run, the same entry replaced
//! for filters and sort, so typing in the search box does not fill the Back list).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::domain::address::{Address, Place};
use crate::state::nav::{HISTORY, Page};
use crate::state::{Fleet, History, Nav};

#[component]
pub fn AddressBar() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let nav = expect_context::<Nav>();
    let history = expect_context::<History>();
    let fleet = expect_context::<Fleet>();

    // The address → the console.
    Effect::new(move |_| {
        let address = Address::parse(&location.pathname.get(), &location.search.get());
        let page = match address.place {
            Place::Library => Page::Library,
            Place::NewCampaign => Page::NewCampaign,
            Place::Campaign(id) => Page::Campaign(id),
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
            (Page::Fleet, Some(id), _) => Place::Run(id),
            (Page::Fleet, None, true) => Place::History,
            (Page::Fleet, None, false) => Place::Fleet,
        };
        let wanted = Address {
            place,
            filter: fleet.filter.get(),
            sort: fleet.sort.get(),
        };
        if first.is_none() {
            return;
        }
        let here = Address::parse(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
        );
        if wanted != here {
            let replace = wanted.place == here.place;
            navigate(
                &wanted.to_url(),
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        }
    });
}
