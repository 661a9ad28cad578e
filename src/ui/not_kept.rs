//! What an address naming a run or campaign shows when the history (this browser's, or the
//! shared record) does not hold it: the page stays on that address and says so, with the
//! ways back — never a silent redirect.

use crate::ui::link::Link;
use leptos::prelude::*;

use crate::domain::address::Place;
use crate::state::History;

/// "Run 7" (or "Campaign 2") is being read from the history, or is not in it.
#[component]
pub fn NotKept(what: String, heading_id: &'static str) -> impl IntoView {
    let history = expect_context::<History>();
    let heading = what.clone();
    view! {
        <section class="card not-kept" data-testid="not-kept" aria-labelledby=heading_id>
            <h2 id=heading_id tabindex="-1">{heading}</h2>
            {move || if history.loaded.get() {
                let user = history.owner.get().unwrap_or_default();
                let said = if history.shared.get() {
                    format!(
                        "{what} is not in the shared record. It was never saved there, or an administrator deleted it."
                    )
                } else {
                    format!(
                        "{what} is not in this browser's history for {user}. It may have been started in another browser or by another Cloud user, or deleted here. The Cloud keeps no history of upgrades: only the browser that started one can show it."
                    )
                };
                view! {
                    <p role="alert">{said}</p>
                    <p class="actions">
                        <Link href=Place::History.path() test_id="not-kept-history">"All runs and campaigns"</Link>
                        " · "
                        <Link href=Place::Fleet.path()>"The fleet"</Link>
                    </p>
                }.into_any()
            } else {
                let place = if history.shared.get() { "the shared record" } else { "this browser's history" };
                view! { <p aria-busy="true">{format!("Reading {} from {place}…", what.to_lowercase())}</p> }.into_any()
            }}
        </section>
    }
}

/// An address the console has no page for: said on that address, with the way back.
#[component]
pub fn NoSuchPage() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    view! {
        <section class="card not-kept" data-testid="no-such-page" aria-labelledby="no-such-page-title">
            <h2 id="no-such-page-title" tabindex="-1">"No such page"</h2>
            <p role="alert">{move || format!("The console has no page at {}.", location.pathname.get())}</p>
            <p class="actions">
                <Link href=Place::Fleet.path()>"The fleet"</Link>
                " · "
                <Link href=Place::History.path()>"All runs and campaigns"</Link>
            </p>
        </section>
    }
}
