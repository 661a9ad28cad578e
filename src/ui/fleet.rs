//! The fleet: filters, counts, the batch bar, and the table whose rows refuse devices
//! that cannot join the batch — saying why.

use leptos::prelude::*;

use super::error::ErrorNotice;
use super::store::Console;
use crate::domain::device::FleetDevice;
use crate::domain::fleet_view::{Column, Facets, FleetFilter, shown};

/// Filters, counts, batch bar and table.
#[component]
pub fn FleetSection() -> impl IntoView {
    let console = expect_context::<Console>();
    let may_select = move || {
        console
            .session
            .with(|s| s.role().is_some_and(|r| r.may_upgrade()))
    };
    let rows = Memo::new(move |_| {
        let (filter, sort) = (console.filter.get(), console.sort.get());
        console.fleet.with(|fleet| shown(fleet, &filter, sort))
    });
    view! {
        <section class="fleet card" aria-labelledby="fleet-title">
            <div class="section-head">
                <h2 id="fleet-title">"Fleet"</h2>
                <button
                    type="button"
                    on:click=move |_| console.refresh_fleet()
                    disabled=move || console.fleet_loading.get()
                >
                    {move || if console.fleet_loading.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                <span class="muted">
                    {move || console.fleet_read_at.get().map(|t| format!("read at {t}"))}
                </span>
            </div>
            {move || console.fleet_error.get().map(|e| view! {
                <ErrorNotice error=e lead="The fleet could not be read; showing the last list." />
            })}
            <Filters />
            <p class="counts" data-testid="fleet-counts">
                {move || {
                    let total = console.fleet.with(Vec::len);
                    let shown = rows.with(Vec::len);
                    let selected = console.selection.with(|s| s.len());
                    format!("{total} devices · {shown} shown · {selected} selected")
                }}
            </p>
            <Show when=may_select fallback=|| view! { <ReadOnlyNote /> }>
                <BatchBar rows=rows />
            </Show>
            <FleetTable rows=rows selectable=Signal::derive(may_select) />
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

#[component]
fn Filters() -> impl IntoView {
    let console = expect_context::<Console>();
    let facets = Memo::new(move |_| {
        let family = console.filter.with(|f| f.family);
        console.fleet.with(|fleet| Facets::of(fleet, family))
    });
    let set = move |change: &dyn Fn(&mut FleetFilter)| console.filter.update(|f| change(f));
    view! {
        <div class="filters" role="search">
            <label>
                "Search"
                <input
                    type="search"
                    placeholder="serial number or name"
                    prop:value=move || console.filter.with(|f| f.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        set(&|f| f.text = text.clone())
                    }
                />
            </label>
            <label>
                "Family"
                <select on:change=move |ev| {
                    let family = event_target_value(&ev).parse().ok();
                    set(&|f| {
                        f.family = family;
                        f.model = None;
                    })
                }>
                    <option value="" selected=move || console.filter.with(|f| f.family.is_none())>"All"</option>
                    {move || facets.get().families.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=move || console.filter.with(|f| f.family == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Model"
                <select on:change=move |ev| {
                    let model = event_target_value(&ev).parse().ok();
                    set(&|f| f.model = model)
                }>
                    <option value="" selected=move || console.filter.with(|f| f.model.is_none())>"All"</option>
                    {move || facets.get().models.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=move || console.filter.with(|f| f.model == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Hardware"
                <select on:change=move |ev| {
                    let hw = event_target_value(&ev);
                    set(&|f| f.hardware = (!hw.is_empty()).then(|| hw.clone()))
                }>
                    <option value="" selected=move || console.filter.with(|f| f.hardware.is_none())>"All"</option>
                    {move || facets.get().hardware.into_iter().map(|hw| {
                        let current = hw.clone();
                        view! {
                            <option value=hw.clone() selected=move || console.filter.with(|f| f.hardware.as_ref() == Some(&current))>{hw.clone()}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || console.filter.with(|f| f.online_only)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set(&|f| f.online_only = on)
                    }
                />
                "Online only"
            </label>
        </div>
    }
}

/// The batch key, "select all compatible (N)" and "clear".
#[component]
fn BatchBar(rows: Memo<Vec<usize>>) -> impl IntoView {
    let console = expect_context::<Console>();
    let compatible = move || {
        let selection = console.selection.get();
        console.fleet.with(|fleet| {
            rows.with(|rows| selection.compatible_count(rows.iter().map(|&i| &fleet[i])))
        })
    };
    let select_all = move |_| {
        let mut added = 0;
        console.fleet.with(|fleet| {
            rows.with(|rows| {
                console
                    .selection
                    .update(|s| added = s.select_all_compatible(rows.iter().map(|&i| &fleet[i])))
            })
        });
        console.announce(format!("{added} compatible devices added to the batch."));
    };
    let clear = move |_| {
        console.selection.update(|s| s.clear());
        console.reviewing.set(false);
        console.announce("Selection cleared.");
    };
    view! {
        <div class="batch-bar">
            <p class="batch-key" data-testid="batch-key">
                {move || match console.selection.with(|s| s.anchor().cloned()) {
                    Some(anchor) => format!(
                        "Batch: {} · {} · hardware {}",
                        anchor.family_name, anchor.model_label, anchor.key.hardware
                    ),
                    None => "No batch yet: the first device you select fixes the family, model and hardware version of the batch.".into(),
                }}
            </p>
            <button type="button" on:click=select_all disabled=move || compatible() == 0>
                {move || format!("Select all compatible ({})", compatible())}
            </button>
            <button type="button" on:click=clear disabled=move || console.selection.with(|s| s.is_empty())>
                "Clear selection"
            </button>
        </div>
    }
}

#[component]
fn FleetTable(rows: Memo<Vec<usize>>, selectable: Signal<bool>) -> impl IntoView {
    let console = expect_context::<Console>();
    let header = move |column: Column, title: &'static str| {
        let sort = console.sort;
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
            <th scope="col" aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.toggled(column))>
                    {title}
                    <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="fleet-table">
                <thead>
                    <tr>
                        <Show when=move || selectable.get()>
                            <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        </Show>
                        {header(Column::Sn, "Serial number")}
                        {header(Column::Name, "Product")}
                        {header(Column::Family, "Family")}
                        {header(Column::Model, "Model")}
                        {header(Column::Hardware, "Hardware")}
                        {header(Column::Firmware, "Firmware")}
                        {header(Column::Online, "Status")}
                        <th scope="col">"Warnings"</th>
                        {header(Column::Group, "Group")}
                        <th scope="col">"Upgrade activity"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || {
                            console.fleet.with(|fleet| {
                                rows.with(|rows| rows.iter().map(|&i| fleet[i].clone()).collect::<Vec<_>>())
                            })
                        }
                        key=|device| format!("{device:?}")
                        children=move |device| view! { <FleetRow device=device selectable=selectable /> }
                    />
                </tbody>
            </table>
            <Show when=move || rows.with(Vec::is_empty) && !console.fleet.with(Vec::is_empty)>
                <p class="empty">"No device matches the filters."</p>
            </Show>
        </div>
    }
}

#[component]
fn FleetRow(device: FleetDevice, selectable: Signal<bool>) -> impl IntoView {
    let console = expect_context::<Console>();
    let (sn, row_device, cell_device) = (device.sn.clone(), device.clone(), device.clone());
    let incompatible = move || console.selection.with(|s| s.admits(&row_device).is_err());
    let selected = move || console.selection.with(|s| s.contains(&sn));
    let status = if device.online { "online" } else { "offline" };
    let warning = if device.no_signal { "no signal" } else { "" };
    view! {
        <tr class:incompatible=incompatible class:selected=selected data-sn=device.sn.clone()>
            {move || selectable.get().then(|| select_cell(console, cell_device.clone()))}
            <td class="mono">{device.sn.clone()}</td>
            <td>{device.name.clone()}</td>
            <td>{device.family_name.clone()}</td>
            <td>{device.key.model}</td>
            <td>{device.key.hardware.clone()}</td>
            <td class="mono">{device.firmware.clone()}</td>
            <td><span class=format!("badge {status}")>{status}</span></td>
            <td>{warning}</td>
            <td>{device.group}</td>
            <td>{device.activity.to_string()}</td>
        </tr>
    }
}

/// The checkbox, disabled with its reason when the device cannot join the batch.
fn select_cell(console: Console, device: FleetDevice) -> impl IntoView {
    let why_id = format!("why-{}", device.sn);
    let (sn, toggle_sn) = (device.sn.clone(), device.sn.clone());
    let refusal = move || console.selection.with(|s| s.admits(&device).err());
    let refused = refusal.clone();
    view! {
        <td class="select">
            <input
                type="checkbox"
                aria-label=format!("Select {sn}")
                aria-describedby=why_id.clone()
                prop:checked=move || console.selection.with(|s| s.contains(&sn))
                disabled=move || refused().is_some()
                on:change=move |_| console.toggle(&toggle_sn)
            />
            <span class="why" id=why_id>{move || refusal().map(|r| r.to_string())}</span>
        </td>
    }
}
