//! What an address naming a run or campaign shows when this browser does not keep it: the
//! page stays on that address and says so, with the ways back — never a silent redirect.

use leptos::prelude::*;

use crate::state::nav::{HISTORY, Page};
use crate::state::{History, Nav};

/// "Run 7" (or "Campaign 2") is being read from the history, or is not in it.
#[component]
pub fn NotKept(what: String, heading_id: &'static str) -> impl IntoView {
    let history = expect_context::<History>();
    let nav = expect_context::<Nav>();
    let leave = move |to_history: bool| {
        history.open.set(None);
        nav.page.set(Page::Fleet);
        nav.at_history.set(to_history);
        if to_history {
            nav.show(HISTORY);
        }
    };
    let heading = what.clone();
    view! {
        <section class="card not-kept" data-testid="not-kept" aria-labelledby=heading_id>
            <h2 id=heading_id tabindex="-1">{heading}</h2>
            {move || if history.loaded.get() {
                let user = history.owner.get().unwrap_or_default();
                view! {
                    <p role="alert">
                        {format!("{what} is not in this browser's history for {user}. ")}
                        "It may have been started in another browser or by another Cloud user, or deleted here. "
                        "The Cloud keeps no history of upgrades: only the browser that started one can show it."
                    </p>
                    <p class="actions">
                        <button type="button" data-testid="not-kept-history" on:click=move |_| leave(true)>"All runs and campaigns"</button>
                        " "
                        <button type="button" on:click=move |_| leave(false)>"Back to the fleet"</button>
                    </p>
                }.into_any()
            } else {
                view! { <p aria-busy="true">{format!("Reading {} from this browser's history…", what.to_lowercase())}</p> }.into_any()
            }}
        </section>
    }
}
