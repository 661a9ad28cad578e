//! The fleet: filters, counts, the batch bar, and the table whose rows refuse devices
//! that cannot join the batch — saying why.

use leptos::prelude::*;

use super::error::ErrorNotice;
use super::perf;
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
                        perf::start("filter");
                        set(&|f| f.text = text.clone());
                        perf::measure_after_render("filter", false);
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
    // Counted once per change, however many places show it.
    let compatible = Memo::new(move |_| {
        console.selection.with(|selection| {
            console.fleet.with(|fleet| {
                rows.with(|rows| selection.compatible_count(rows.iter().map(|&i| &fleet[i])))
            })
        })
    });
    let select_all = move |_| {
        perf::start("select-all");
        let mut added = 0;
        console.fleet.with(|fleet| {
            rows.with(|rows| {
                console
                    .selection
                    .update(|s| added = s.select_all_compatible(rows.iter().map(|&i| &fleet[i])))
            })
        });
        perf::measure_after_render("select-all", false);
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
            <button type="button" on:click=select_all disabled=move || compatible.get() == 0>
                {move || format!("Select all compatible ({})", compatible.get())}
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
    // Only the rows in view (and a margin) exist in the page: 10,000 devices stay instant.
    let container = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT_PX);
    let measure = move || {
        if let Some(element) = container.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
            let height = f64::from(element.client_height());
            viewport.set(if height > 0.0 {
                height
            } else {
                DEFAULT_VIEWPORT_PX
            });
        }
    };
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    let window = Memo::new(move |_| {
        let total = rows.with(Vec::len);
        let per_view = (viewport.get() / ROW_PX as f64).ceil() as usize;
        window_of(total, scroll_top.get(), per_view)
    });
    view! {
        <div class="table-wrap fleet-scroll" node_ref=container on:scroll=move |_| measure()>
            <table class="fleet-table" aria-rowcount=move || rows.with(Vec::len) + 1>
                <thead>
                    <tr aria-rowindex="1">
                        <Show when=move || selectable.get()>
                            <th scope="col"><span class="visually-hidden">"Select"</span></th>
                            <th scope="col">"Batch"</th>
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
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().0 * ROW_PX)></tr>
                    <For
                        each=move || {
                            let (first, end) = window.get();
                            console.fleet.with(|fleet| {
                                rows.with(|rows| {
                                    rows[first..end].iter().enumerate().map(|(n, &i)| (first + n, fleet[i].clone())).collect::<Vec<_>>()
                                })
                            })
                        }
                        // A row is rebuilt when its place or anything the Cloud reports changes.
                        key=|(position, device)| (*position, device.clone())
                        children=move |(position, device)| view! { <FleetRow device=device position=position selectable=selectable /> }
                    />
                    <tr class="spacer" aria-hidden="true" style:height=move || {
                        let (_, end) = window.get();
                        format!("{}px", rows.with(Vec::len).saturating_sub(end) * ROW_PX)
                    }></tr>
                </tbody>
            </table>
            <Show when=move || rows.with(Vec::is_empty) && !console.fleet.with(Vec::is_empty)>
                <p class="empty">"No device matches the filters."</p>
            </Show>
        </div>
    }
}

/// Height of one fleet row in pixels; the stylesheet fixes rows to it. Whole pixels, so
/// the spacer heights are written without float formatting.
const ROW_PX: usize = 40;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 12;
/// Assumed visible height before the table is laid out.
const DEFAULT_VIEWPORT_PX: f64 = 640.0;

/// The rows to render: `[first, end)` of `total`, for a scroll position and rows per view.
fn window_of(total: usize, scroll_top: f64, per_view: usize) -> (usize, usize) {
    let first_visible = (scroll_top.max(0.0) / ROW_PX as f64) as usize;
    let first = first_visible.saturating_sub(OVERSCAN).min(total);
    let end = (first_visible + per_view + OVERSCAN).min(total);
    (first, end.max(first))
}

#[component]
fn FleetRow(device: FleetDevice, position: usize, selectable: Signal<bool>) -> impl IntoView {
    let console = expect_context::<Console>();
    let (sn, row_device, cell_device) = (device.sn.clone(), device.clone(), device.clone());
    let incompatible = move || console.selection.with(|s| s.admits(&row_device).is_err());
    let selected = move || console.selection.with(|s| s.contains(&sn));
    let status = if device.online { "online" } else { "offline" };
    let warning = if device.no_signal { "no signal" } else { "" };
    view! {
        <tr class="row" class:incompatible=incompatible class:selected=selected data-sn=device.sn.clone() aria-rowindex=position + 2>
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
    let reason = move || refusal().map(|r| r.to_string());
    let title = reason.clone();
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
        </td>
        <td class="why" id=why_id title=title>{reason}</td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_and_a_margin_within_bounds() {
        assert_eq!(window_of(10_000, 0.0, 16), (0, 28));
        assert_eq!(window_of(10_000, 4_000.0, 16), (88, 128));
        assert_eq!(window_of(50, 0.0, 16), (0, 28));
        assert_eq!(window_of(20, 0.0, 16), (0, 20));
        assert_eq!(window_of(10_000, 1e9, 16), (10_000, 10_000));
        assert_eq!(window_of(0, 0.0, 16), (0, 0));
    }
}
