//! The fleet: filters, counts, the batch bar, and the table whose rows refuse devices
//! that cannot join the batch — saying why.

mod filters;
mod table;

use leptos::prelude::*;

use super::error::ErrorNotice;
use crate::domain::batch::devices;
use crate::state::{Batch, Fleet, Session};
use filters::Filters;
use table::FleetTable;

/// Filters, counts, batch bar and table.
#[component]
pub fn FleetSection() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let batch = expect_context::<Batch>();
    let session = expect_context::<Session>();
    let rows = Memo::new(move |_| fleet.shown());
    view! {
        <section class="fleet card" aria-labelledby="fleet-title">
            <div class="section-head">
                <h2 id="fleet-title">"Fleet"</h2>
                <button
                    type="button"
                    on:click=move |_| fleet.refresh()
                    disabled=move || fleet.loading.get()
                >
                    {move || if fleet.loading.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                <span class="muted">
                    {move || fleet.read_at.get().map(|t| format!("read at {t}"))}
                </span>
            </div>
            {move || fleet.error.get().map(|e| view! {
                <ErrorNotice error=e lead="The fleet could not be read; showing the last list." />
            })}
            <Filters />
            <p class="counts" data-testid="fleet-counts">
                {move || {
                    let total = fleet.devices.with(Vec::len);
                    let shown = rows.with(Vec::len);
                    let selected = batch.selection.with(|s| s.len());
                    format!("{} · {shown} shown · {selected} selected", devices(total))
                }}
            </p>
            <Show when=move || session.may_upgrade() fallback=|| view! { <ReadOnlyNote /> }>
                <BatchBar rows=rows />
            </Show>
            <FleetTable rows=rows selectable=Signal::derive(move || session.may_upgrade()) />
        </section>
    }
}

/// Why an operator sees no selection.
#[component]
fn ReadOnlyNote() -> impl IntoView {
    view! {
        <p class="notice notice-info" data-testid="read-only-note">
            <span class="notice-tag">"Read-only"</span>
            " Upgrading firmware needs the administrator account (Admin). "
            "Operators can see the devices open to them, but cannot start upgrades."
        </p>
    }
}

/// The batch key, "select all compatible (N)" and "clear".
#[component]
fn BatchBar(rows: Memo<Vec<usize>>) -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let batch = expect_context::<Batch>();
    // Counted once per change, however many places show it.
    let compatible = Memo::new(move |_| {
        batch.selection.with(|selection| {
            fleet.devices.with(|fleet| {
                rows.with(|rows| selection.compatible_count(rows.iter().map(|&i| &fleet[i])))
            })
        })
    });
    view! {
        <div class="batch-bar">
            <p class="batch-key" data-testid="batch-key">
                {move || match batch.label() {
                    Some(label) => format!("Batch: {label}"),
                    None => "No batch yet: the first device you select fixes the family, model and hardware version of the batch.".into(),
                }}
            </p>
            <button
                type="button"
                on:click=move |_| rows.with_untracked(|rows| batch.select_all_compatible(rows))
                disabled=move || compatible.get() == 0
            >
                {move || format!("Select all compatible ({})", compatible.get())}
            </button>
            <button type="button" on:click=move |_| batch.clear() disabled=move || batch.selection.with(|s| s.is_empty())>
                "Clear selection"
            </button>
        </div>
    }
}
