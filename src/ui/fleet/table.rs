//! The fleet table: sortable columns, a row window over thousands of devices, and rows
//! whose checkbox refuses a device that cannot join the batch, saying why.

use leptos::prelude::*;

use crate::domain::address::device_path;
use crate::domain::device::FleetDevice;
use crate::domain::fleet_view::Column;
use crate::domain::text::drawn;
use crate::state::{Batch, Campaigns, Cloud, Fleet};
use crate::ui::fleet_address::FleetAddress;
use crate::ui::grid::{Act, Grid, GridTable};
use crate::ui::link::RowLink;
use crate::ui::row_window::use_row_window;

/// Height of one fleet row in pixels; the stylesheet fixes rows to it.
const ROW_PX: usize = 40;

#[component]
pub(super) fn FleetTable(
    rows: Memo<Vec<usize>>,
    selectable: Signal<bool>,
    /// Ticking adds to the campaign's scope (any batch key) instead of the batch.
    campaign_mode: Signal<bool>,
) -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let batch = expect_context::<Batch>();
    let campaigns = expect_context::<Campaigns>();
    let window = use_row_window(Signal::derive(move || rows.with(Vec::len)), ROW_PX);
    let grid = Grid::new("fleet");
    let navigate = StoredValue::new(leptos_router::hooks::use_navigate());
    // Space ticks the active row's device; Enter opens its page.
    let act = move |act: Act, position: usize| {
        let sn = fleet.devices.with_untracked(|devices| {
            rows.with_untracked(|rows| rows.get(position).map(|&i| devices[i].sn.clone()))
        });
        match (act, sn) {
            (Act::Tick, Some(sn)) if selectable.get_untracked() => {
                if campaign_mode.get_untracked() {
                    campaigns.toggle(&sn);
                } else {
                    batch.toggle(&sn);
                }
            }
            (Act::Open, Some(sn)) => {
                navigate.with_value(|go| go(&device_path(&sn), Default::default()));
            }
            _ => {}
        }
    };
    view! {
        <GridTable grid=grid window=window act=act rows=Signal::derive(move || rows.with(Vec::len))
            wrap="table-wrap fleet-scroll" class="fleet-table" id="fleet-grid"
            label="Fleet: arrows move, Space selects, Enter opens the device">
                <thead>
                    <tr aria-rowindex="1">
                        <Show when=move || selectable.get()>
                            <th scope="col"><span class="visually-hidden">"Select"</span></th>
                            // Why a device cannot join the batch; a campaign takes any device.
                            <Show when=move || !campaign_mode.get()>
                                <th scope="col">"Batch"</th>
                            </Show>
                        </Show>
                        <SortHeader column=Column::Sn title="Serial number" />
                        // On air right after the serial number: in view at every width, never
                        // behind the table's own scroller.
                        <th scope="col">"Warnings"</th>
                        <SortHeader column=Column::Name title="Product" secondary=true />
                        <SortHeader column=Column::Family title="Family" secondary=true class="family" />
                        <SortHeader column=Column::Model title="Model" />
                        <SortHeader column=Column::Hardware title="Hardware" />
                        <SortHeader column=Column::Firmware title="Firmware" />
                        <SortHeader column=Column::Online title="Status" />
                        <SortHeader column=Column::Group title="Group" secondary=true />
                        <th scope="col">"Upgrade activity"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || window.above()></tr>
                    <For
                        each=move || {
                            let (first, end) = window.range.get();
                            fleet.devices.with(|devices| {
                                rows.with(|rows| {
                                    rows[first..end].iter().enumerate().map(|(n, &i)| (first + n, devices[i].clone())).collect::<Vec<_>>()
                                })
                            })
                        }
                        // A row is rebuilt when its place or anything the Cloud reports changes.
                        key=|(position, device)| (*position, device.clone())
                        children=move |(position, device)| view! { <FleetRow device=device position=position selectable=selectable campaign_mode=campaign_mode grid=grid /> }
                    />
                    <tr class="spacer" aria-hidden="true" style:height=move || window.below()></tr>
                </tbody>
        </GridTable>
        <Show when=move || rows.with(Vec::is_empty) && !fleet.devices.with(Vec::is_empty)>
            <p class="empty">"No device matches the filters."</p>
        </Show>
    }
}

/// A column header that sorts by its column, and says how it is sorted.
#[component]
fn SortHeader(
    column: Column,
    title: &'static str,
    /// Folded away at phone widths, where a row keeps only the essentials.
    #[prop(optional)]
    secondary: bool,
    /// The column's class, for columns a width leaves out.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let address = expect_context::<FleetAddress>();
    let sort = address.sort();
    let aria = move || {
        let s = sort.get();
        if s.column != column {
            "none"
        } else if s.ascending {
            "ascending"
        } else {
            "descending"
        }
    };
    view! {
        <th scope="col" aria-sort=aria class=class class:secondary=secondary>
            // Out of the Tab order (the table is one tab stop): the filters' "Sort by" does
            // the same from the keyboard.
            <button type="button" class="sort" tabindex="-1" on:click=move |_| address.change_sort(|s| *s = s.toggled(column))>
                {title}
                <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

#[component]
fn FleetRow(
    device: FleetDevice,
    position: usize,
    selectable: Signal<bool>,
    campaign_mode: Signal<bool>,
    grid: Grid,
) -> impl IntoView {
    let batch = expect_context::<Batch>();
    let campaigns = expect_context::<Campaigns>();
    let fleet = expect_context::<Fleet>();
    let cloud = expect_context::<Cloud>();
    let (sn, row_device, cell_device) = (device.sn.clone(), device.clone(), device.clone());
    let (page, sn_text) = (device_path(&device.sn), cell(&device.sn));
    let incompatible =
        move || !campaign_mode.get() && batch.selection.with(|s| s.admits(&row_device).is_err());
    let selected = move || {
        if campaign_mode.get() {
            campaigns.scope.with(|s| s.contains(&sn))
        } else {
            batch.selection.with(|s| s.contains(&sn))
        }
    };
    let status = device.presence.label();
    // On air first, whole and in words at every width (its own element, never cut); the
    // other warnings after it may be cut, whole in the title.
    let on_air = device.on_air.map(|air| air.to_string());
    let rest = device.no_signal.then_some("no signal");
    let warning_title =
        [on_air.as_deref(), rest].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let rest = rest.map(|r| if on_air.is_some() { format!(" · {r}") } else { r.to_string() });
    let group = device.group;
    let group_path = move || fleet.groups.with(|g| cell(&g.path(group)));
    // A phone's card ticks where it is tapped (its link and checkbox do what they do).
    let tap_sn = device.sn.clone();
    let tap = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        if !selectable.get_untracked() || !crate::browser::is_phone() {
            return;
        }
        let on_control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a, input, button").ok().flatten())
            .is_some();
        if on_control {
            return;
        }
        if campaign_mode.get_untracked() {
            campaigns.toggle(&tap_sn);
        } else {
            batch.toggle(&tap_sn);
        }
    };
    view! {
        <tr
            class="row"
            id=grid.row_id(position)
            class:active=move || grid.is_active(position)
            class:incompatible=incompatible
            class:selected=selected.clone()
            aria-selected=move || selected().to_string()
            class:on-air=device.on_air.is_some()
            data-sn=device.sn.clone()
            aria-rowindex=position + 2
            on:click=tap
        >
            {move || selectable.get().then(|| {
                if campaign_mode.get() {
                    scope_cell(campaigns, cell_device.sn.clone()).into_any()
                } else {
                    select_cell(batch, cell_device.clone()).into_any()
                }
            })}
            // Each cell named by its column (and labelled where a phone's card needs it).
            <td class="mono sn"><RowLink href=page>{sn_text}</RowLink></td>
            <td class="narrow warning" title=warning_title>
                {on_air.map(|air| view! { <span class="on-air-tag">{air}</span> })}
                {rest}
            </td>
            <td class="secondary name">{cell(&device.name)}</td>
            <td class="secondary family">{cell(&device.family_name)}</td>
            <td class="model" data-label="Model">{device.key.model}</td>
            <td class="hardware" data-label="HW">{cell(&device.key.hardware)}</td>
            <td class="mono firmware" data-label="FW">{cell(&device.firmware)}</td>
            <td class="status"><span class=format!("badge {status}")>{status}</span></td>
            <td class="secondary narrow group" data-label="Group" title=group_path>{group_path}</td>
            <td class="activity">{move || device.activity.describe(&cloud.catalogue())}</td>
        </tr>
    }
}

/// The campaign's checkbox: any device may join the scope (the plan says who is left out).
fn scope_cell(campaigns: Campaigns, sn: String) -> impl IntoView {
    let (checked_sn, toggle_sn) = (sn.clone(), sn.clone());
    view! {
        <td class="select">
            <input
                type="checkbox"
                aria-label=format!("Add {sn} to the campaign")
                tabindex="-1"
                prop:checked=move || campaigns.scope.with(|s| s.contains(&checked_sn))
                on:change=move |_| campaigns.toggle(&toggle_sn)
            />
        </td>
    }
}

/// The checkbox, disabled with its reason when the device cannot join the batch.
fn select_cell(batch: Batch, device: FleetDevice) -> impl IntoView {
    let why_id = format!("why-{}", device.sn);
    let (sn, toggle_sn) = (device.sn.clone(), device.sn.clone());
    let refusal = move || batch.selection.with(|s| s.admits(&device).err());
    let refused = refusal.clone();
    let reason = move || refusal().map(|r| r.to_string());
    let title = reason.clone();
    view! {
        <td class="select">
            <input
                type="checkbox"
                aria-label=format!("Select {sn}")
                tabindex="-1"
                aria-describedby=why_id.clone()
                prop:checked=move || batch.selection.with(|s| s.contains(&sn))
                disabled=move || refused().is_some()
                on:change=move |_| batch.toggle(&toggle_sn)
            />
        </td>
        // Readable whole on hover (the title), in the active row (the stylesheet unfolds
        // it) and by screen readers (the checkbox is described by it).
        <td class="why" id=why_id title=title>{reason}</td>
    }
}

/// The Cloud's text as a cell shows it: isolated, its direction controls made visible,
/// cut past what a cell can show (the device's page has it whole).
fn cell(text: &str) -> String {
    drawn(text).into_owned()
}
