//! A campaign's waves: each call with its run and progress, and what each wave's halt
//! rule means.

use leptos::prelude::*;

use crate::domain::call::wave_name;
use crate::domain::campaign::{CallState, Campaign, CampaignState};
use crate::domain::text::capitalised;
use crate::domain::text::devices;
use crate::state::History;
use crate::ui::table::ColumnHeads;

/// Each wave: its state, and per batch key the call's devices and run.
#[component]
pub(super) fn Waves(campaign: Memo<Option<Campaign>>) -> impl IntoView {
    let history = expect_context::<History>();
    let rows = move || {
        campaign.with(|c| {
            let Some(c) = c else { return Vec::new() };
            c.waves
                .iter()
                .enumerate()
                .map(|(index, wave)| {
                    let state = if wave.passed_at.is_some() {
                        if wave.acknowledged { "ended (failures acknowledged)" } else { "ended" }
                    } else if wave.started_at.is_some() {
                        match c.state {
                            CampaignState::Halted { wave: w, .. } if w == index => "halted here",
                            _ => "under way",
                        }
                    } else if c.is_running() || matches!(c.state, CampaignState::Halted { .. }) {
                        "waiting"
                    } else {
                        "not sent"
                    };
                    let calls: Vec<String> = wave
                        .calls
                        .iter()
                        .map(|call| {
                            let key = &c.keys[call.key].label;
                            match &call.state {
                                CallState::Pending => format!("{key}: {}", devices(call.sns.len())),
                                CallState::Run(run) => {
                                    let progress = history
                                        .with_run(*run, |r| r.counts().to_string())
                                        .unwrap_or_else(|| "its run was deleted".into());
                                    format!("{key}: run {run} · {progress}")
                                }
                                CallState::NothingToSend(left) if left.is_empty() => {
                                    format!("{key}: every device moved to a later wave")
                                }
                                CallState::NothingToSend(left) => {
                                    format!(
                                        "{key}: nothing sent ({} left out)",
                                        devices(left.len())
                                    )
                                }
                            }
                        })
                        .collect();
                    (index, state, calls)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="table-wrap">
            <table class="waves-table" data-testid="waves">
                <ColumnHeads columns=&["Wave", "State", "Calls (one per model and hardware)"] />
                <tbody>
                    {move || rows().into_iter().map(|(index, state, calls)| view! {
                        <tr data-wave=index>
                            <th scope="row">{capitalised(&wave_name(index))}</th>
                            <td>{state}</td>
                            <td><ul class="calls">{calls.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
