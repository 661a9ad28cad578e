//! The selection, kept in view at the foot of the screen while devices are selected: how
//! many, of which model and hardware, and the step that comes next — so the firmware choice
//! and the review never wait out of sight below a long fleet.

use leptos::prelude::*;

use crate::state::nav::{FIRMWARE, REVIEW};
use crate::state::{Batch, Nav, Workflows};

#[component]
pub fn SelectionBar() -> impl IntoView {
    let batch = expect_context::<Batch>();
    let flows = expect_context::<Workflows>();
    let nav = expect_context::<Nav>();
    let count = Memo::new(move |_| batch.selection.with(|s| s.len()));
    let key = move || {
        batch.selection.with(|s| s.anchor().map(|a| a.model_and_hardware())).unwrap_or_default()
    };
    let next = move || match (batch.chosen.get().is_some(), batch.reviewing.get()) {
        (false, _) => "Choose firmware →",
        (true, false) => "Review →",
        (true, true) => "Back to the review →",
    };
    let go_on = move |_| {
        if batch.chosen.get_untracked().is_none() {
            nav.show(FIRMWARE);
        } else if batch.reviewing.get_untracked() {
            nav.show(REVIEW);
        } else {
            flows.review();
        }
    };
    view! {
        <Show when=move || { count.get() > 0 }>
            <div class="selection-bar" role="region" aria-label="Selection" data-testid="selection-bar">
                <p>
                    <strong>{move || format!("{} selected", count.get())}</strong>
                    <span class="muted">{move || format!(" · {}", key())}</span>
                </p>
                <button type="button" class="primary" id="next-step" data-testid="next-step" on:click=go_on>{next}</button>
                <button type="button" on:click=move |_| batch.clear()>"Clear"</button>
            </div>
        </Show>
    }
}
