//! A run's followed devices: progress, state, attempts and timeline of each.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::attempt::Attempt;
use crate::domain::call::describe;
use crate::domain::codes::Catalogue;
use crate::domain::tracking;
use crate::domain::tracking::{DeviceTrack, StateFilter, Tracked};
use crate::state::{Cloud, History};
use crate::ui::format;
use crate::ui::grid::{Act, Grid};
use crate::ui::link::RowLink;
use crate::ui::outcomes::ROW_LIMIT;
use crate::ui::table::ColumnHeads;

/// The devices table, results first (what needs attention, then what is under way, then
/// what is done), filtered by state; the first [`ROW_LIMIT`] rows until `all` is set.
#[component]
pub(super) fn RunDevices(id: u64, all: RwSignal<bool>) -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let filter = RwSignal::new(StateFilter::All);
    let count = move || {
        let filter = filter.get();
        history
            .with_run(id, |r| r.devices.iter().filter(|d| filter.admits(&d.state)).count())
            .unwrap_or(0)
    };
    let more_than_shown = move || !all.get() && count() > ROW_LIMIT;
    let shown = Memo::new(move |_| {
        let limit = if all.get() { usize::MAX } else { ROW_LIMIT };
        let filter = filter.get();
        history
            .with_run(id, |r| {
                // Each row with when following stopped: stopping redraws the rows it changes.
                tracking::shown(&r.devices, filter)
                    .into_iter()
                    .take(limit)
                    .map(|i| (r.devices[i].clone(), r.stopped_at))
                    .enumerate()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let grid = Grid::new("run-devices");
    // Space or Enter unfolds the active device's timeline.
    let act = move |_: Act, position: usize| {
        let details = document()
            .get_element_by_id(&grid.row_id(position))
            .and_then(|row| row.query_selector("details").ok().flatten());
        if let Some(details) = details {
            let _ = if details.has_attribute("open") {
                details.remove_attribute("open")
            } else {
                details.set_attribute("open", "")
            };
        }
    };
    view! {
        <label class="state-filter">
            "Show "
            <select
                data-testid="state-filter"
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    filter.set(
                        StateFilter::ALL
                            .into_iter()
                            .find(|f| f.label() == chosen)
                            .unwrap_or_default(),
                    );
                }
            >
                {StateFilter::ALL.into_iter().map(|f| view! {
                    <option value=f.label() selected=move || filter.get() == f>{f.label()}</option>
                }).collect_view()}
            </select>
        </label>
        <div class="table-wrap">
            <table
                class="run-devices card-table"
                role="grid"
                tabindex="0"
                aria-label="Devices: arrows move, Enter shows a device's timeline"
                aria-activedescendant=move || grid.descendant(|p| p < shown.with(Vec::len))
                on:focus=move |_| grid.focused(shown.with_untracked(Vec::len))
                on:keydown=move |ev| grid.key(&ev, shown.with_untracked(Vec::len), |_| {}, act)
            >
                <ColumnHeads columns=&["Serial number", "Device", "From", "Progress", "State", "Attempts", "Timeline"] />
                <tbody>
                    <For
                        each=move || shown.get()
                        key=|(position, (d, stopped))| (*position, d.sn.clone(), d.last_change, *stopped)
                        children=move |(position, (device, stopped))| {
                            let earlier = history
                                .with_run_untracked(id, |r| r.earlier.get(&device.sn).cloned())
                                .flatten()
                                .unwrap_or_default();
                            view! { <DeviceRow device=device earlier=earlier catalogue=cloud.catalogue_untracked() grid=grid position=position stopped=stopped /> }
                        }
                    />
                </tbody>
            </table>
        </div>
        <Show when=more_than_shown>
            <button type="button" on:click=move |_| all.set(true)>
                {move || format!("Show all {} devices (the first {ROW_LIMIT} are shown)", count())}
            </button>
        </Show>
    }
}

/// One followed device: its progress, state, attempts and timeline.
#[component]
fn DeviceRow(
    device: DeviceTrack,
    earlier: Vec<Attempt>,
    catalogue: Arc<Catalogue>,
    grid: Grid,
    position: usize,
    /// When following stopped (`None`: still followed).
    stopped: Option<i64>,
) -> impl IntoView {
    let state = describe(&device.state, &catalogue);
    // Following stopped before this device's end: its last known state, said as such.
    let not_followed = stopped.is_some() && !device.state.is_final();
    let state = if not_followed {
        let seen =
            device.timeline.last().map_or(String::new(), |m| format!(", {}", format::time(m.at)));
        format!("no longer followed (last seen: {state}{seen})")
    } else {
        state
    };
    let percent = device.reached_percent();
    // Colour and a sign, so the state never rests on colour alone.
    let (class, sign) = match device.state {
        Tracked::Verified => ("ok", "✓"),
        Tracked::TimedOut => ("bad", "⏱"),
        Tracked::Lost => ("bad", "?"),
        _ if device.state.is_unsuccessful() => ("bad", "✗"),
        _ if not_followed => ("stopped", "⏸"),
        _ => ("busy", "…"),
    };
    let timeline: Vec<String> = device
        .timeline
        .iter()
        .map(|m| format!("{} {}", format::date_time(m.at), describe(&m.state, &catalogue)))
        .collect();
    let (page, sn_text) = (crate::domain::address::device_path(&device.sn), device.sn.clone());
    view! {
        <tr class=class id=grid.row_id(position) class:active=move || grid.is_active(position) data-sn=device.sn.clone()>
            <td class="mono sn"><RowLink href=page>{sn_text}</RowLink></td>
            <td data-label="Device">{crate::domain::text::drawn(&device.name).into_owned()}</td>
            <td class="mono" data-label="From">{device.from.clone()}</td>
            <td data-label="Progress">
                <progress max="100" value=percent aria-label=format!("{} progress", device.sn)>{format!("{percent} %")}</progress>
            </td>
            <td class="state" data-label="State"><span class="sign" aria-hidden="true">{sign}</span> <span class="words">{state}</span></td>
            <td data-label="Attempts">
                {format!("attempt {}", device.attempt)}
                {(!earlier.is_empty()).then(|| view! {
                    <ul class="earlier">{earlier.iter().map(|a| view! { <li>{a.describe(&catalogue)}</li> }).collect_view()}</ul>
                })}
            </td>
            <td>
                <details>
                    <summary tabindex="-1">"Timeline"</summary>
                    <ol>{timeline.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
                </details>
            </td>
        </tr>
    }
}
