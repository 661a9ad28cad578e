//! The top bar: what this is, who is logged in with which rights, and log out.

use leptos::prelude::*;

use super::store::{Console, Page};
use crate::domain::session::Role;

#[component]
pub fn TopBar() -> impl IntoView {
    let console = expect_context::<Console>();
    let who = move || {
        let session = console.session.get();
        let user = session
            .user()
            .unwrap_or_else(|| "(user name not readable)".into());
        let role = match session.role() {
            Some(Role::Administrator) => "administrator",
            Some(Role::Operator) => "operator, read-only",
            Some(Role::Unknown) => "rights checked by the Cloud",
            None => "",
        };
        format!("{user} · {role}")
    };
    view! {
        <header class="topbar">
            <h1>"Magewell Cloud · Firmware console"</h1>
            <nav aria-label="Pages">
                <button
                    type="button"
                    aria-current=move || (console.page.get() == Page::Fleet).then_some("page")
                    on:click=move |_| console.page.set(Page::Fleet)
                >
                    "Fleet and upgrades"
                </button>
                <button
                    type="button"
                    aria-current=move || (console.page.get() == Page::Library).then_some("page")
                    on:click=move |_| console.page.set(Page::Library)
                >
                    "Firmware library"
                </button>
            </nav>
            <div class="whoami">
                <span class="user">{who}</span>
                <button type="button" on:click=move |_| console.logout()>"Log out"</button>
            </div>
        </header>
    }
}
