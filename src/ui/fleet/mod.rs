//! The fleet: filters, counts, the batch bar (or, when planning a campaign, the scope
//! bar), and the table whose rows refuse devices that cannot join the batch — saying why.

mod filters;
mod selection_bar;
mod table;

use crate::domain::text;
use crate::ui::link::Link;
use leptos::prelude::*;

use super::error::ErrorNotice;
use super::set_aside::SetAsideNotice;
use super::unreported::UnreportedNotice;
use crate::domain::address::Place;
use crate::domain::device::Unreported;
use std::sync::Arc;

use crate::domain::fleet_view::{FilterContext, SearchIndex, Shown, order, show};
use crate::domain::releases::Releases;
use crate::domain::text::devices;
use crate::state::library::LibraryState;
use crate::state::{Batch, Campaigns, Fleet, Library, Nav, Session, Tracking};
use crate::ui::fleet_address::FleetAddress;
use filters::Filters;
use selection_bar::SelectionBar;
use table::FleetTable;

/// The fleet's positions the filters and sort show, in order: the search index and the
/// sorted fleet made once per reading (and sort), a growing query narrowed from the rows
/// shown before (`domain::fleet_view::show`).
fn shown_rows(
    fleet: Fleet,
    address: FleetAddress,
    context: Memo<FilterContext>,
) -> Memo<Vec<usize>> {
    let prepared = Memo::new(move |_| {
        let sort = address.sort().get();
        context.with(|c| {
            fleet.devices.with(|devices| {
                Arc::new((SearchIndex::of(devices), order(devices, sort, &c.groups)))
            })
        })
    });
    // The last rows shown, with what they were shown from.
    let last = StoredValue::new(None::<(Arc<(SearchIndex, Vec<usize>)>, FilterContext, Shown)>);
    Memo::new(move |_| {
        let prepared = prepared.get();
        let filter = address.filter().get();
        context.with(|context| {
            fleet.devices.with(|devices| {
                let rows = last.with_value(|last| {
                    let before = last
                        .as_ref()
                        .filter(|(p, c, _)| Arc::ptr_eq(p, &prepared) && c == context)
                        .map(|(_, _, shown)| shown);
                    show(devices, &prepared.0, &prepared.1, &filter, context, before)
                });
                let shown = Shown { filter, rows: rows.clone() };
                last.set_value(Some((prepared, context.clone(), shown)));
                rows
            })
        })
    })
}

/// Filters, counts, batch bar and table; in `campaign_mode` (planning a campaign), the
/// scope bar instead of the batch bar.
#[component]
pub fn FleetSection(campaign_mode: bool) -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let batch = expect_context::<Batch>();
    let session = expect_context::<Session>();
    let library = expect_context::<Library>();
    let campaigns = expect_context::<Campaigns>();
    let tracking = expect_context::<Tracking>();
    let releases = Memo::new(move |_| {
        library.list.with(|list| match list {
            LibraryState::Ready(list) => Some(Releases::of(list)),
            _ => None,
        })
    });
    let context =
        Memo::new(move |_| FilterContext { groups: fleet.groups.get(), releases: releases.get() });
    let rows = shown_rows(fleet, expect_context::<FleetAddress>(), context);
    // The first screen's end, for the benchmark: the fleet read and its table drawn (its
    // code may arrive after the reading).
    Effect::new(move |drawn: Option<bool>| {
        let read = fleet.read_at.with(Option::is_some);
        if read && drawn != Some(true) {
            crate::browser::perf::measure_after_render("fleet-ready", true);
        }
        read || drawn == Some(true)
    });
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
                    {move || fleet.read_at.get().map(|t| format!("read at {}", super::format::time(t)))}
                </span>
            </div>
            {move || fleet.error.get().map(|e| {
                let lead = match fleet.read_at.get().map(super::format::time) {
                    Some(at) => format!("The fleet could not be read; showing the list read at {at}."),
                    None => "The fleet could not be read.".to_string(),
                };
                view! { <ErrorNotice error=e lead=lead /> }
            })}
            {move || tracking.poll_error.get().map(|e| {
                let since = tracking.failing_since.get().map(super::format::time).unwrap_or_default();
                let read = fleet.read_at.get().map(|at| format!(" The list is as read at {}.", super::format::time(at))).unwrap_or_default();
                view! {
                    <p class="notice notice-warn" role="status" data-testid="fleet-poll-failing">
                        <span class="notice-tag">"Not current"</span>
                        {format!(" Progress could not be read since {since}: {}{read} Trying again.", e.message())}
                    </p>
                }
            })}
            <UnreportedNotice counts=Memo::new(move |_| fleet.devices.with(|d| Unreported::of(d))) />
            <SetAsideNotice reading=fleet.reading.into() records=("device", "devices") testid="fleet-set-aside" />
            <SetAsideNotice reading=fleet.groups_reading.into() records=("group", "groups") testid="groups-set-aside" />
            <Filters />
            <p class="counts" data-testid="fleet-counts">
                {move || {
                    let total = fleet.devices.with(Vec::len);
                    let shown = rows.with(Vec::len);
                    if campaign_mode {
                        let scope = campaigns.scope.with(|s| s.len());
                        format!("{} · {shown} shown · {scope} in the campaign", devices(total))
                    } else {
                        let selected = batch.selection.with(|s| s.len());
                        format!("{} · {shown} shown · {selected} selected", devices(total))
                    }
                }}
            </p>
            {move || fleet.groups.with(|g| {
                let unknown = g.children_unknown();
                (!unknown.is_empty()).then(|| {
                    let named: Vec<String> = unknown.iter().map(|p| text::drawn(&text::isolate(p)).into_owned()).collect();
                    view! {
                        <p class="notice notice-warn" role="status" data-testid="groups-children-unknown">
                            <span class="notice-tag">"Groups"</span>
                            {format!(
                                " The Cloud gave {} without {}: {}. Devices in a group it did not list show that group's number, and a filter on {} may not hold every device below {}.",
                                text::count(unknown.len(), "group", "groups"),
                                text::noun(unknown.len(), "its sub-groups", "their sub-groups"),
                                named.join(", "),
                                text::noun(unknown.len(), "it", "them"),
                                text::noun(unknown.len(), "it", "them"),
                            )}
                        </p>
                    }
                })
            })}
            {move || fleet.groups_error.get().map(|e| view! {
                <p class="notice notice-warn">
                    <span class="notice-tag">"Groups"</span>
                    {format!(" The groups could not be read ({}); devices show their group number.", e.message())}
                </p>
            })}
            <Show when=move || session.may_upgrade() fallback=|| view! { <ReadOnlyNote /> }>
                <Show when=move || campaign_mode fallback=move || view! { <BatchBar rows=rows /> }>
                    <ScopeBar rows=rows />
                </Show>
            </Show>
            <FleetTable
                rows=rows
                selectable=Signal::derive(move || session.may_upgrade())
                campaign_mode=Signal::derive(move || campaign_mode)
            />
            <Show when=move || !campaign_mode && session.may_upgrade()>
                <SelectionBar />
            </Show>
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
    let address = expect_context::<FleetAddress>();
    let batch = expect_context::<Batch>();
    // Counted once per change, however many places show it.
    let compatible = Memo::new(move |_| {
        batch.selection.with(|selection| {
            let rows =
                fleet.key_index.with(|index| rows.with(|rows| index.narrow(rows, selection.key())));
            fleet.devices.with(|fleet| selection.compatible_count(rows.iter().map(|&i| &fleet[i])))
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
            <Link href=Signal::derive(move || Place::NewCampaign.url(&address.view())) class="button campaign-switch"
                test_id="new-campaign"
                title="Devices of any models, sent in waves: a canary first, halting on failures, never a device on air">
                "New campaign (any models)…"
            </Link>
        </div>
    }
}

/// Campaign mode: the scope (devices of any batch keys), adding what the filters show.
#[component]
fn ScopeBar(rows: Memo<Vec<usize>>) -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let address = expect_context::<FleetAddress>();
    let campaigns = expect_context::<Campaigns>();
    let nav = expect_context::<Nav>();
    let shown_sns = move || {
        fleet.devices.with_untracked(|devices| {
            rows.with_untracked(|rows| {
                rows.iter().map(|&i| devices[i].sn.clone()).collect::<Vec<_>>()
            })
        })
    };
    let keys = Memo::new(move |_| {
        campaigns.scope.with(|scope| {
            fleet.devices.with(|devices| {
                let mut keys: Vec<_> =
                    devices.iter().filter(|d| scope.contains(&d.sn)).map(|d| &d.key).collect();
                crate::domain::order::sort(&mut keys, &|a, b| a.cmp(b));
                keys.dedup();
                keys.len()
            })
        })
    });
    view! {
        <div class="batch-bar scope-bar">
            <p class="batch-key" data-testid="campaign-scope">
                {move || {
                    let count = campaigns.scope.with(|s| s.len());
                    if count == 0 {
                        "Campaign: tick devices of any models, or add every device the filters show (a group, a family, those behind the newest release…).".to_string()
                    } else {
                        format!(
                            "Campaign scope: {} of {}",
                            devices(count),
                            text::count(keys.get(), "model and hardware pair", "model and hardware pairs")
                        )
                    }
                }}
            </p>
            <button
                type="button"
                data-testid="add-shown"
                on:click=move |_| campaigns.add_all(shown_sns())
                disabled=move || rows.with(Vec::is_empty)
            >
                {move || format!("Add the {} shown", rows.with(Vec::len))}
            </button>
            <button type="button" on:click=move |_| campaigns.clear() disabled=move || campaigns.scope.with(|s| s.is_empty())>
                "Clear scope"
            </button>
            <Show when=move || !campaigns.scope.with(|s| s.is_empty())>
                <button type="button" class="primary" data-testid="see-plan" on:click=move |_| nav.show(crate::state::nav::PLAN)>
                    "See the plan ↓"
                </button>
            </Show>
            <Link href=Signal::derive(move || Place::Fleet.url(&address.view())) class="button campaign-switch">
                "Back to a single batch"
            </Link>
        </div>
    }
}
