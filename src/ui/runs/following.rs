//! Who reads an unfinished run's progress: this tab (when it last did, and whether the
//! last read failed) or another tab of the console, whose reads show here as they arrive.

use leptos::prelude::*;

use crate::state::{Poller, Tracking};

#[component]
pub fn Following() -> impl IntoView {
    let poller = expect_context::<Poller>();
    let tracking = expect_context::<Tracking>();
    let line = move || {
        if !poller.leading.get() {
            return "Progress is read by another tab of this console and shows here as it arrives."
                .to_string();
        }
        let read = tracking
            .polled_at
            .get()
            .map(|at| format!(" · last read {at}"))
            .unwrap_or_default();
        let failed = tracking
            .poll_error
            .with(|e| {
                e.as_ref()
                    .map(|e| format!(" · the last read failed: {} Trying again.", e.message()))
            })
            .unwrap_or_default();
        format!("Progress is read from the Cloud by this tab every few seconds{read}{failed}")
    };
    view! {
        <p
            class="muted"
            data-testid="run-following"
            data-polling=move || if poller.leading.get() { "this-tab" } else { "another-tab" }
        >
            {line}
        </p>
    }
}
