//! Who reads the progress of unfinished runs and campaigns: this tab (when it last did,
//! and since when the reads fail, if they do) or another tab of the console, whose reads
//! show here as they arrive — or the console service, which follows every run itself. The
//! run page and the campaign page both show it, so neither goes quiet while progress cannot
//! be read.

use leptos::prelude::*;

use super::format;
use crate::state::{History, PollingTab, Tracking};

#[component]
pub fn Following() -> impl IntoView {
    let polling_tab = expect_context::<PollingTab>();
    let tracking = expect_context::<Tracking>();
    let history = expect_context::<History>();
    let service = move || history.driver.with(|d| d.as_ref().is_some_and(|d| d.drives));
    let line = move || {
        if let Some(driver) = history.driver.get().filter(|d| d.drives) {
            let problem = driver
                .problem
                .map(|p| format!(" It says: {p} Trying again; the counts below are as last read."))
                .unwrap_or_default();
            return format!(
                "Progress is read from the Cloud by the console service every few seconds, with every browser closed or open, and shows here as it arrives.{problem}"
            );
        }
        if !polling_tab.leading.get() {
            return "Progress is read by another tab of this console and shows here as it arrives."
                .to_string();
        }
        let read = tracking
            .polled_at
            .get()
            .map(|at| format!(" · last read {}", format::time(at)))
            .unwrap_or_default();
        let since = tracking.failing_since.get().map(format::time).unwrap_or_default();
        let failed = tracking
            .poll_error
            .with(|e| {
                e.as_ref().map(|e| {
                    format!(
                        " · progress could not be read since {since}: {} Trying again; the counts below are as last read.",
                        e.message()
                    )
                })
            })
            .unwrap_or_default();
        format!("Progress is read from the Cloud by this tab every few seconds{read}{failed}")
    };
    view! {
        <p
            class="muted"
            class:notice-warn=move || {
                tracking.poll_error.with(Option::is_some)
                    || history.driver.with(|d| d.as_ref().is_some_and(|d| d.problem.is_some()))
            }
            data-testid="run-following"
            data-polling=move || {
                if service() {
                    "service"
                } else if polling_tab.leading.get() {
                    "this-tab"
                } else {
                    "another-tab"
                }
            }
        >
            {line}
        </p>
    }
}
