//! Upgrade runs: the saved list, and one run followed to its end (in `run_view`).

mod devices;
mod left_out;
mod run_view;

use leptos::prelude::*;

use super::format;
use super::not_kept::NotKept;
use crate::browser::confirmed;
use crate::domain::run::Run;
use crate::state::nav::RUN;
use crate::state::{History, Session};
use crate::ui::table::ColumnHeads;
pub use run_view::RunView;

/// The history and the open run.
#[component]
pub fn RunsSection() -> impl IntoView {
    let history = expect_context::<History>();
    // Only the id: the run view updates its parts itself.
    let open = Memo::new(move |_| {
        let id = history.open.get()?;
        history.with_run(id, |_| id)
    });
    // An address naming a run this browser does not keep (or not yet read).
    let missing = Memo::new(move |_| {
        let id = history.open.get()?;
        history.with_run(id, |_| ()).is_none().then_some(id)
    });
    view! {
        <div class="runs-area">
        {move || {
            let problems = history.problems.get();
            (!problems.is_empty()).then(|| view! {
                <div class="notice notice-warn" role="alert" data-testid="history-problems">
                    <p><span class="notice-tag">"History"</span> " Some saved history could not be read:"</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        {move || history.unsaved.get().map(|why| view! {
            <div class="notice notice-error" role="alert" data-testid="history-unsaved">
                <p>
                    <span class="notice-tag">"Not saved"</span>
                    {format!(" The upgrade history could not be saved in this browser: {why}. ")}
                    "It stays on this page until the page is closed or reloaded: export the runs you need, or delete finished runs to make room."
                </p>
            </div>
        })}
        {move || open.get().map(|id| view! { <RunView id=id /> })}
        {move || missing.get().map(|id| view! { <NotKept what=format!("Run {id}") heading_id=RUN /> })}
        <super::campaigns::CampaignList />
        <Show when=move || history.with_all(|runs| !runs.is_empty())>
            <RunList />
        </Show>
        </div>
    }
}

/// What the history list shows of one run: read from the run in place, so a run of
/// thousands of devices is not copied to redraw one line.
#[derive(Clone, PartialEq)]
struct RunLine {
    id: u64,
    created_at: i64,
    user: String,
    batch: String,
    firmware: String,
    devices: String,
}

impl RunLine {
    fn of(run: &Run) -> RunLine {
        RunLine {
            id: run.id,
            created_at: run.created_at,
            user: run.user.clone().unwrap_or_else(|| "—".into()),
            batch: match run.campaign {
                Some(call) => format!(
                    "{} · campaign {}, {}",
                    run.batch,
                    call.campaign,
                    crate::domain::call::wave_name(call.wave)
                ),
                None => run.batch.clone(),
            },
            firmware: run.firmware.version.to_string(),
            devices: format!("{} · {}", run.counts(), run.status_word()),
        }
    }
}

#[component]
fn RunList() -> impl IntoView {
    let history = expect_context::<History>();
    let session = expect_context::<Session>();
    // The history is a record: only those who may upgrade may forget any of it.
    let may_forget = move || session.may_upgrade();
    let lines = Memo::new(move |_| {
        history.with_all(|runs| runs.iter().map(RunLine::of).collect::<Vec<_>>())
    });
    let clear = move |_| {
        if confirmed("Forget every saved upgrade run in this browser?") {
            history.clear();
        }
    };
    view! {
        <section class="runs card" aria-labelledby="runs-title">
            <div class="section-head">
                <h2 id="runs-title" tabindex="-1">"Upgrade history"</h2>
                <Show when=may_forget>
                    <button type="button" data-testid="clear-history" on:click=clear>"Clear history"</button>
                </Show>
            </div>
            {move || history.space.get().map(|space| view! {
                <p class="muted" data-testid="history-space">{space}</p>
            })}
            <div class="table-wrap">
            <table class="run-list">
                <ColumnHeads columns=&["Run", "When", "Who", "Batch", "Firmware", "Devices"] actions=true />
                <tbody>
                    {move || lines.get().into_iter().map(|line| {
                        let id = line.id;
                        view! {
                            <tr data-run=id>
                                <td>{format!("Run {id}")}</td>
                                <td>{format::date_time(line.created_at)}</td>
                                <td>{line.user}</td>
                                <td>{line.batch}</td>
                                <td class="mono">{line.firmware}</td>
                                <td>{line.devices}</td>
                                <td class="actions">
                                    <button type="button" on:click=move |_| history.open.set(Some(id))>"Open"</button>
                                    <Show when=may_forget>
                                        <button
                                            type="button"
                                            data-testid="delete-run"
                                            on:click=move |_| {
                                                if confirmed(&format!(
                                                    "Forget run {id} in this browser? The devices are not affected."
                                                )) {
                                                    history.delete(id);
                                                }
                                            }
                                        >
                                            "Delete"
                                        </button>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}
