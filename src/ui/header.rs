//! The top bar: what this is, who is logged in with which rights, and log out.

use leptos::prelude::*;

use crate::state::nav::{HISTORY, Page};
use crate::state::{History, Nav, Session, Workflows};

#[component]
pub fn TopBar() -> impl IntoView {
    let session = expect_context::<Session>();
    let nav = expect_context::<Nav>();
    let flows = expect_context::<Workflows>();
    let history = expect_context::<History>();
    let who = move || {
        let status = session.status.get();
        let user = status.user().unwrap_or_else(|| "(user name not readable)".into());
        let role = status.role().map(|r| r.label()).unwrap_or_default();
        format!("{user} · {role}")
    };
    let tab = move |page: Page, label: &'static str| {
        view! {
            <button
                type="button"
                aria-current=move || (nav.page.get() == page && !nav.at_history.get()).then_some("page")
                on:click=move |_| {
                    nav.at_history.set(false);
                    nav.page.set(page);
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="topbar">
            <h1>"Magewell Cloud · Firmware console"</h1>
            <nav aria-label="Pages">
                {tab(Page::Fleet, "Fleet and upgrades")}
                {tab(Page::Library, "Firmware library")}
                <button
                    type="button"
                    aria-current=move || nav.at_history.get().then_some("page")
                    on:click=move |_| {
                        history.open.set(None);
                        nav.page.set(Page::Fleet);
                        nav.at_history.set(true);
                        nav.show(HISTORY);
                    }
                >
                    "History"
                </button>
                {tab(Page::Check, "Cloud check")}
            </nav>
            <div class="whoami">
                <span class="user">{who}</span>
                <button type="button" data-testid="log-out" on:click=move |_| flows.log_out()>"Log out"</button>
            </div>
        </header>
    }
}
