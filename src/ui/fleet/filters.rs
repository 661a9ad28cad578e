//! The fleet's filters: search, one `<select>` per facet, a group with its sub-groups,
//! online only, where devices stand against their releases, a condition, a firmware
//! version — each of the overview's numbers is one of these.

use leptos::prelude::*;

use crate::browser::perf;
use crate::domain::fleet_view::{
    Column, Condition, FacetScope, Facets, FleetFilter, ReleaseFilter,
};
use crate::domain::text::drawn;
use crate::state::{Fleet, Library};
use crate::ui::fleet_address::FleetAddress;

#[component]
pub(super) fn Filters() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let library = expect_context::<Library>();
    let address = expect_context::<FleetAddress>();
    let filter = address.filter();
    // Where devices stand against their releases needs the Cloud's firmware list.
    Effect::new(move |_| {
        if filter.with(|f| f.release.is_some()) {
            library.load_if_needed();
        }
    });
    let groups = Signal::derive(move || {
        fleet.groups.with(|groups| {
            groups
                .entries()
                .map(|(id, depth, path)| {
                    // Indented by depth (an em space per level) under its parent.
                    let indent = "\u{2003}".repeat(depth);
                    let name = path.rsplit(" / ").next().unwrap_or(path);
                    (id.to_string(), format!("{indent}{}", drawn(name)))
                })
                .collect::<Vec<_>>()
        })
    });
    // The family, model and hardware alone: a keystroke in the search box must not count
    // the fleet's facets again (50,000 devices).
    let scope = Memo::new(move |_| filter.with(FacetScope::of));
    let facets = Memo::new(move |_| {
        scope.with(|scope| fleet.devices.with(|devices| Facets::of(devices, scope)))
    });
    let option = |(id, name): (i64, String)| (id.to_string(), drawn(&name).into_owned());
    // At phone widths the filters fold away behind this button (the stylesheet decides).
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="filters-toggle"
            aria-expanded=move || open.get().to_string()
            aria-controls="fleet-filters"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || if open.get() { "Hide filters" } else { "Filters" }}
        </button>
        <div class="filters" id="fleet-filters" class:open=move || open.get() role="search">
            <label>
                "Search"
                <input
                    type="search"
                    placeholder="serial number or name"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        perf::start("filter");
                        address.type_search(text);
                        perf::measure_after_render("filter", false);
                    }
                />
            </label>
            <FacetSelect
                label="Family"
                options=Signal::derive(move || facets.get().families.into_iter().map(option).collect())
                current=Signal::derive(move || filter.with(|f| f.family.map(|id| id.to_string())))
                choose=move |value| address.change_filter(|f| {
                    f.family = value.and_then(|v| v.parse().ok());
                    f.model = None;
                })
            />
            <FacetSelect
                label="Model"
                options=Signal::derive(move || facets.get().models.into_iter().map(option).collect())
                current=Signal::derive(move || filter.with(|f| f.model.map(|id| id.to_string())))
                choose=move |value| address.change_filter(|f| f.model = value.and_then(|v| v.parse().ok()))
            />
            <FacetSelect
                label="Hardware"
                options=Signal::derive(move || facets.get().hardware.into_iter().map(|hw| (hw.clone(), drawn(&hw).into_owned())).collect())
                current=Signal::derive(move || filter.with(|f| f.hardware.clone()))
                choose=move |value| address.change_filter(|f| f.hardware = value)
            />
            <Show when=move || !fleet.groups.with(|g| g.is_empty())>
                <FacetSelect
                    label="Group"
                    options=groups
                    current=Signal::derive(move || filter.with(|f| f.group.map(|id| id.to_string())))
                    choose=move |value| address.change_filter(|f| f.group = value.and_then(|v| v.parse().ok()))
                />
            </Show>
            <FilterCheck label="Online only" read=|f| f.online_only write=|f, on| f.online_only = on />
            <FacetSelect
                label="Release"
                options=Signal::derive(move || release_choices(filter.with(|f| f.release)))
                current=Signal::derive(move || filter.with(|f| f.release.map(ReleaseFilter::key)))
                choose=move |value| address.change_filter(|f| f.release = value.and_then(|v| ReleaseFilter::from_key(&v)))
            />
            <FacetSelect
                label="Condition"
                options=Signal::derive(|| Condition::ALL.iter().map(|c| (c.key().to_string(), c.label().to_string())).collect())
                current=Signal::derive(move || filter.with(|f| f.condition.map(|c| c.key().to_string())))
                choose=move |value| address.change_filter(|f| f.condition = value.and_then(|v| Condition::from_key(&v)))
            />
            <FacetSelect
                label="Firmware"
                // The versions of the family, model and hardware chosen; the version chosen
                // stays listed while another choice leaves it out, so it can be cleared.
                options=Signal::derive(move || facets.with(|f| {
                    let chosen = filter.with(|f| f.firmware.clone()).filter(|v| !f.firmware.contains(v));
                    chosen.into_iter().chain(f.firmware.iter().cloned()).map(|v| { let shown = drawn(&v).into_owned(); (v, shown) }).collect()
                }))
                current=Signal::derive(move || filter.with(|f| f.firmware.clone()))
                choose=move |value| address.change_filter(|f| f.firmware = value)
            />
            <SortChoice />
        </div>
    }
}

/// The release standings offered, with the one shown (a link may ask for "5 releases
/// behind").
fn release_choices(current: Option<ReleaseFilter>) -> Vec<(String, String)> {
    let mut choices = vec![
        ReleaseFilter::Newest,
        ReleaseFilter::Behind,
        ReleaseFilter::BehindBy(1),
        ReleaseFilter::BehindBy(2),
        ReleaseFilter::BehindBy(3),
        ReleaseFilter::TestBuild,
        ReleaseFilter::Unknown,
    ];
    if let Some(current) = current.filter(|c| !choices.contains(c)) {
        choices.push(current);
    }
    choices.into_iter().map(|c| (c.key(), c.label())).collect()
}

/// The columns the fleet sorts by, as its headers name them.
const SORTS: [(Column, &str); 8] = [
    (Column::Sn, "Serial number"),
    (Column::Name, "Product"),
    (Column::Family, "Family"),
    (Column::Model, "Model"),
    (Column::Hardware, "Hardware"),
    (Column::Firmware, "Firmware"),
    (Column::Online, "Status"),
    (Column::Group, "Group"),
];

/// The sort, from the keyboard (the table's headers, out of the Tab order, do the same by
/// mouse).
#[component]
fn SortChoice() -> impl IntoView {
    let address = expect_context::<FleetAddress>();
    let sort = address.sort();
    view! {
        <label>
            "Sort by"
            <select on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some((column, _)) = SORTS.iter().find(|(_, name)| *name == chosen) {
                    address.change_sort(|s| s.column = *column);
                }
            }>
                {SORTS.iter().map(|&(column, name)| view! {
                    <option value=name selected=move || sort.with(|s| s.column == column)>{name}</option>
                }).collect_view()}
            </select>
        </label>
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || sort.with(|s| !s.ascending)
                on:change=move |ev| {
                    let descending = event_target_checked(&ev);
                    address.change_sort(|s| s.ascending = !descending);
                }
            />
            "Descending"
        </label>
    }
}

/// One facet: "All" or one of `options` (value, text); `choose` gets `None` for "All".
/// One yes-or-no filter of the fleet: a labelled checkbox that shows it and writes it back.
#[component]
fn FilterCheck(
    label: &'static str,
    read: fn(&FleetFilter) -> bool,
    write: fn(&mut FleetFilter, bool),
) -> impl IntoView {
    let address = expect_context::<FleetAddress>();
    let filter = address.filter();
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || filter.with(read)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    address.change_filter(|f| write(f, on));
                }
            />
            {label}
        </label>
    }
}

#[component]
fn FacetSelect(
    label: &'static str,
    options: Signal<Vec<(String, String)>>,
    current: Signal<Option<String>>,
    choose: impl Fn(Option<String>) + 'static,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <select on:change=move |ev| {
                let value = event_target_value(&ev);
                choose((!value.is_empty()).then_some(value))
            }>
                <option value="" selected=move || current.with(Option::is_none)>"All"</option>
                {move || options.get().into_iter().map(|(value, text)| {
                    let mine = value.clone();
                    view! {
                        <option value=value selected=move || current.with(|c| c.as_deref() == Some(mine.as_str()))>{text}</option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}
