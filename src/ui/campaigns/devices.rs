//! Every device of a campaign's scope with where it stands, filtered by what needs
//! attention — windowed, so 10,000 stay instant.

use crate::ui::link::{Link, RowLink};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::super::row_window::use_row_window;
use crate::domain::address::Place;
use crate::domain::call::wave_name;
use crate::domain::campaign::{Campaign, CampaignDevice, StatusKind};
use crate::state::Cloud;
use crate::ui::grid::{Act, Grid, GridTable};
use crate::ui::table::ColumnHeads;

/// Height of one device row in pixels; the stylesheet fixes rows to it.
const ROW_PX: usize = 36;

/// Every device of the scope, filtered by state, in a row window.
#[component]
pub(super) fn CampaignDevices(
    campaign: Memo<Option<Campaign>>,
    devices: Memo<Vec<CampaignDevice>>,
) -> impl IntoView {
    let cloud = expect_context::<Cloud>();
    let filter = RwSignal::new(StatusKind::All);
    let shown = Memo::new(move |_| {
        let kind = filter.get();
        devices.with(|all| crate::domain::campaign::shown(all, kind))
    });
    let window = use_row_window(Signal::derive(move || shown.with(Vec::len)), ROW_PX);
    let grid = Grid::new("campaign-devices");
    let navigate = StoredValue::new(use_navigate());
    // Enter opens the active device's run.
    let act = move |act: Act, position: usize| {
        let run = shown.with_untracked(|rows| {
            devices.with_untracked(|all| rows.get(position).and_then(|&i| all[i].run))
        });
        if let (Act::Open, Some(run)) = (act, run) {
            navigate.with_value(|go| go(&Place::Run(run).path(), Default::default()));
        }
    };
    view! {
        <div class="section-head">
            <h3>"Devices"</h3>
            <label>
                "Show"
                <select data-testid="campaign-filter" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(kind) = StatusKind::ALL.into_iter().find(|k| k.label() == value) {
                        filter.set(kind);
                    }
                }>
                    {StatusKind::ALL.into_iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
                </select>
            </label>
        </div>
        <GridTable grid=grid window=window act=act rows=Signal::derive(move || shown.with(Vec::len))
            wrap="table-wrap campaign-devices" class="device-table card-table"
            label="The campaign's devices: arrows move, Enter opens a device's run">
                <ColumnHeads columns=&["Serial number", "Target", "Wave", "Run", "State", "Model and hardware"] row_index=true />
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || window.above()></tr>
                    {move || {
                        let (first, end) = window.range.get();
                        let catalogue = cloud.catalogue();
                        campaign.with(|c| {
                            let Some(c) = c else { return Vec::new() };
                            devices.with(|all| shown.with(|rows| {
                                rows[first..end.min(rows.len())].iter().enumerate().map(|(n, &i)| {
                                    let d = &all[i];
                                    let run = d.run;
                                    let position = first + n;
                                    let (page, sn_text) = (crate::domain::address::device_path(&d.sn), d.sn.clone());
                                    view! {
                                        <tr
                                            class="row"
                                            id=grid.row_id(position)
                                            class:active=move || grid.is_active(position)
                                            data-sn=d.sn.clone()
                                            aria-rowindex=position + 2
                                        >
                                            <td class="mono sn"><RowLink href=page>{sn_text}</RowLink></td>
                                            <td data-label="Target" data-testid="device-target">{c.target_text(d.key)}</td>
                                            <td data-label="Wave">{d.wave.map(|w| if w == 0 { "canary".to_string() } else { wave_name(w) }).unwrap_or_else(|| "—".into())}</td>
                                            <td data-label="Run">{run.map(|r| view! {
                                                <Link href=Place::Run(r).path() tabindex=-1>{format!("Run {r}")}</Link>
                                            })}</td>
                                            <td data-label="State">{d.status.describe(&catalogue)}</td>
                                            <td data-label="Model" title=c.keys[d.key].label.clone()>{c.keys[d.key].label.clone()}</td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()
                            }))
                        })
                    }}
                    <tr class="spacer" aria-hidden="true" style:height=move || window.below()></tr>
                </tbody>
        </GridTable>
    }
}
