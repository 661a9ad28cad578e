//! One run in detail: its header (title, who and when, what the Cloud answered, progress
//! that adds up, reasons grouped, retry and export), its devices, and who is left out.

use crate::ui::link::Link;
use leptos::prelude::*;

use super::devices::RunDevices;
use super::left_out::LeftOutList;
use crate::domain::address::Place;
use crate::domain::export;
use crate::domain::outcome::Outcomes;
use crate::domain::run::{Run, RunCounts, StartRecord};
use crate::state::{Cloud, History, Session, Workflows};
use crate::ui::export_link::ExportLink;
use crate::ui::following::Following;
use crate::ui::format;
use crate::ui::outcomes::OutcomeTable;

/// One run. Parts update on their own as devices report, so keyboard focus and open
/// timelines stay put while a run is followed.
#[component]
pub fn RunView(id: u64) -> impl IntoView {
    // "Show all" lists every device of a large run.
    let all = RwSignal::new(false);
    view! {
        <section class="run card" aria-labelledby="run-title" data-testid="run-view" data-run=id>
            <RunHeader id=id />
            <RunDevices id=id all=all />
            <LeftOutList id=id />
        </section>
    }
}

/// Title, about line, the Cloud's answer, progress, reasons and actions.
#[component]
fn RunHeader(id: u64) -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let flows = expect_context::<Workflows>();
    let session = expect_context::<Session>();
    // Each part reads what it shows from the run in place: a run of thousands of devices
    // is never copied whole on a progress update.
    let read = move |f: &dyn Fn(&Run) -> String| history.with_run(id, f).unwrap_or_default();
    let start = Memo::new(move |_| history.with_run(id, |r| r.start.clone()));
    let counts = Memo::new(move |_| history.with_run(id, Run::counts).unwrap_or_default());
    let reasons = Memo::new(move |_| {
        let catalogue = cloud.catalogue();
        history.with_run(id, |r| r.failure_reasons(&catalogue)).unwrap_or_default()
    });
    // What later runs made of this one's failures: those verified since are no longer
    // offered for retry, and the run says where they were verified.
    let later = Memo::new(move |_| {
        history.with_all(|runs| {
            runs.iter()
                .find(|r| r.id == id)
                .map(|r| (r.still_to_retry(runs).len(), r.is_active(), r.superseded_text(runs)))
                .unwrap_or((0, true, String::new()))
        })
    });
    let retry = Memo::new(move |_| later.with(|(n, active, _)| (*n, *active)));
    let superseded = Memo::new(move |_| later.with(|(_, _, text)| text.clone()));
    // Why "Retry failed" cannot be used now, said beside it.
    let retry_blocked = move || match retry.get() {
        (_, true) => {
            Some("Retry is possible once the run has ended: devices are still in progress.")
        }
        (0, false) => Some(
            "Nothing to retry: no device of this run failed, timed out or was lost (or a later run verified it).",
        ),
        _ => None,
    };
    let csv = move || {
        let catalogue = cloud.catalogue_untracked();
        history.with_run_untracked(id, |r| export::csv(r, &catalogue)).unwrap_or_default()
    };
    let json = move || history.with_run_untracked(id, export::json).unwrap_or_default();
    let about = move || {
        read(&|run| {
            format!(
                "Started {} by {} · {} · deadline {} s without progress · last updated {}",
                format::date_time(run.created_at),
                run.user.clone().unwrap_or_else(|| "unknown user".into()),
                run.batch,
                run.deadline_secs,
                format::date_time(run.updated_at)
            )
        })
    };
    view! {
        <div class="section-head">
            <h2 id="run-title" tabindex="-1">{move || read(&Run::title)}</h2>
            <Link href=Place::History.path()>"All runs"</Link>
        </div>
        <p class="muted">{about}</p>
        {move || history.with_run(id, |r| r.campaign).flatten().map(|call| view! {
            <p data-testid="run-campaign">
                <Link href=Place::Campaign(call.campaign).path()>{format!("Campaign {}", call.campaign)}</Link>
                {format!(", {}: one call of the campaign", crate::domain::call::wave_name(call.wave))}
                {history.campaigns.with(|all| all.iter().find(|c| c.id == call.campaign).and_then(|c| c.undoes.clone())).map(|undoes| view! {
                    " · " <crate::ui::campaigns::UndoesLink undoes=undoes />
                })}
            </p>
        })}
        {move || start.get().map(|start| view! { <StartAnswer start=start /> })}
        {move || view! { <ProgressBar counts=counts.get() /> }}
        <p class="counts" data-testid="run-counts">{move || counts.get().to_string()}</p>
        <Show when=move || retry.get().1>
            <Following />
        </Show>
        <Show when=move || !reasons.with(Vec::is_empty)>
            <div class="reasons">
                <h3>"Why devices did not finish"</h3>
                <ul data-testid="failure-reasons">
                    {move || reasons.get().into_iter().map(|(reason, n)| view! { <li>{format!("{n} × {reason}")}</li> }).collect_view()}
                </ul>
                <Show when=move || !superseded.with(String::is_empty)>
                    <p class="superseded" data-testid="superseded">{move || superseded.get()}</p>
                </Show>
            </div>
        </Show>
        <div class="actions">
            <Show when=move || session.may_upgrade()>
                <button
                    type="button"
                    class="primary"
                    data-testid="retry-failed"
                    aria-describedby="retry-why"
                    disabled=move || retry_blocked().is_some()
                    on:click=move |_| flows.retry_failed(id)
                >
                    {move || format!("Retry failed ({})", retry.get().0)}
                </button>
                <button type="button" data-testid="select-again" on:click=move |_| flows.select_again(id)>
                    "Select these devices again"
                </button>
            </Show>
            <Show when=move || retry.get().1>
                <button
                    type="button"
                    data-testid="stop-following"
                    on:click=move |_| {
                        expect_context::<crate::state::questions::Questions>().ask(
                            format!(
                                "Stop following run {id}? Each device keeps its last known state; \
                                 you can follow it again. The upgrades themselves go on: the Cloud has no way to cancel them."
                            ),
                            "Stop following",
                            move || history.update_run(id, |run| run.stop_following(crate::browser::now_ms())),
                        );
                    }
                >
                    "Stop following"
                </button>
            </Show>
            <Show when=move || history.with_run(id, Run::may_follow_again).unwrap_or(false)>
                <button
                    type="button"
                    data-testid="follow-again"
                    on:click=move |_| {
                        history.update_run(id, Run::follow_again);
                        expect_context::<crate::state::Tracking>().track();
                    }
                >
                    "Follow again"
                </button>
            </Show>
            <ExportLink
                label="Export CSV"
                test_id="export-csv"
                file=format!("upgrade-run-{id}.csv")
                media_type="text/csv"
                content=csv
            />
            <ExportLink
                label="Export JSON"
                test_id="export-json"
                file=format!("upgrade-run-{id}.json")
                media_type="application/json"
                content=json
            />
            // Last in the row: the reason it waits takes a line of its own below.
            <Show when=move || session.may_upgrade()>
                <crate::ui::campaigns::RollbackButton
                    rollback=Signal::derive(move || history.with_run(id, crate::domain::campaign::rollback::Rollback::of_run))
                    blocked=Signal::derive(move || retry.get().1.then_some("A way back is planned once the run has ended."))
                />
            </Show>
        </div>
        <Show
            when=move || session.may_upgrade()
            fallback=|| view! {
                <p class="muted" data-testid="run-read-only">"Read-only: retrying or selecting devices needs the administrator account."</p>
            }
        >
            {move || retry_blocked().map(|why| view! { <p class="muted why" id="retry-why" data-testid="retry-why">{why}</p> })}
        </Show>
    }
}

/// What the Cloud answered to the call itself.
#[component]
fn StartAnswer(start: StartRecord) -> impl IntoView {
    let cloud = expect_context::<Cloud>();
    match start {
        StartRecord::Sending => {
            view! { <p aria-busy="true" data-testid="run-sending">"Sending the upgrade call…"</p> }
                .into_any()
        }
        StartRecord::Answered { rows } => {
            // Open when something needs reading; folded once every device started fine.
            let outcomes = Outcomes { rows };
            let all_started = outcomes.counts().started == outcomes.rows.len();
            let summary = if all_started {
                match outcomes.rows.len() {
                    1 => "The Cloud started the one device".to_string(),
                    n => format!("The Cloud started all {n} devices"),
                }
            } else {
                "What the Cloud answered to the call".to_string()
            };
            view! {
            <details class="start-answer" open=!all_started data-testid="start-answer">
                <summary>{summary}</summary>
                <OutcomeTable outcomes=outcomes catalogue=cloud.catalogue_untracked() />
            </details>
            }
            .into_any()
        }
        StartRecord::Refused { message, detail } => view! {
            <div class="notice notice-error" role="alert">
                <p><span class="notice-tag">"Refused"</span> " Nothing was started. " {message}</p>
                <details><summary>"Technical details"</summary><pre>{detail}</pre></details>
            </div>
        }
        .into_any(),
        StartRecord::Unknown { message, detail } => view! {
            <div class="notice notice-warn" role="alert" data-testid="outcome-unknown">
                <p>
                    <span class="notice-tag">"Outcome unknown"</span>
                    " The upgrade may or may not have started: " {message}
                    " It was not sent again; the devices below are followed to find out."
                </p>
                <details><summary>"Technical details"</summary><pre>{detail}</pre></details>
            </div>
        }
        .into_any(),
    }
}

/// One bar whose parts are the counts, each labelled in words beside it.
#[component]
fn ProgressBar(counts: RunCounts) -> impl IntoView {
    let total = counts.total().max(1);
    let parts = [
        ("verified", counts.verified),
        ("failed", counts.failed),
        ("timed-out", counts.timed_out),
        ("lost", counts.lost),
        // Once following stopped, a still part: nothing is moving that the console sees.
        (if counts.stopped { "not-followed" } else { "in-progress" }, counts.in_progress),
        ("left-out", counts.left_out),
    ];
    let done = counts.total() - counts.in_progress;
    view! {
        <div class="run-bar" role="img" aria-label=format!("{done} of {} at their end", crate::domain::text::devices(counts.total()))>
            {parts.into_iter().filter(|(_, n)| *n > 0).map(|(class, n)| view! {
                <span class=format!("part {class}") style:width=format::percent(n, total)></span>
            }).collect_view()}
        </div>
    }
}
