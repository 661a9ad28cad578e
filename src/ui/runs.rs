//! Upgrade runs: the saved list, and one run followed to its end — progress that adds up,
//! reasons grouped, per-device progress and timeline, retry of the failed, and export.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::format;
use super::outcomes::{OutcomeTable, ROW_LIMIT};
use super::store::Console;
use crate::domain::batch::devices;
use crate::domain::export;
use crate::domain::outcome::Outcomes;
use crate::domain::run::{Run, RunCounts, StartRecord, describe};
use crate::domain::tracking::{DeviceTrack, Tracked};

/// The history and the open run.
#[component]
pub fn RunsSection() -> impl IntoView {
    let console = expect_context::<Console>();
    // Only the id: the run view updates its parts itself.
    let open = Memo::new(move |_| {
        let id = console.open_run.get()?;
        console
            .runs
            .with(|runs| runs.iter().any(|r| r.id == id))
            .then_some(id)
    });
    view! {
        <div class="runs-area">
        {move || {
            let problems = console.history_problems.get();
            (!problems.is_empty()).then(|| view! {
                <div class="notice notice-warn" role="alert" data-testid="history-problems">
                    <p><span class="notice-tag">"History"</span> " Some saved history could not be read:"</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        {move || console.history_unsaved.get().map(|why| view! {
            <div class="notice notice-error" role="alert" data-testid="history-unsaved">
                <p>
                    <span class="notice-tag">"Not saved"</span>
                    {format!(" The upgrade history could not be saved in this browser: {why}. ")}
                    "It stays on this page until the page is closed or reloaded: export the runs you need, or delete finished runs to make room."
                </p>
            </div>
        })}
        {move || open.get().map(|id| view! { <RunView id=id /> })}
        <Show when=move || !console.runs.with(Vec::is_empty)>
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
        let status = if run.is_active() {
            "following"
        } else {
            "finished"
        };
        RunLine {
            id: run.id,
            created_at: run.created_at,
            user: run.user.clone().unwrap_or_else(|| "—".into()),
            batch: run.batch.clone(),
            firmware: run.firmware.version.to_string(),
            devices: format!("{} · {status}", run.counts()),
        }
    }
}

#[component]
fn RunList() -> impl IntoView {
    let console = expect_context::<Console>();
    let lines = Memo::new(move |_| {
        console
            .runs
            .with(|runs| runs.iter().map(RunLine::of).collect::<Vec<_>>())
    });
    let clear = move |_| {
        let sure = window()
            .confirm_with_message("Forget every saved upgrade run in this browser?")
            .unwrap_or(false);
        if sure {
            console.clear_runs();
        }
    };
    view! {
        <section class="runs card" aria-labelledby="runs-title">
            <div class="section-head">
                <h2 id="runs-title">"Upgrade history"</h2>
                <button type="button" on:click=clear>"Clear history"</button>
            </div>
            <table class="run-list">
                <thead>
                    <tr>
                        <th scope="col">"Run"</th>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Batch"</th>
                        <th scope="col">"Firmware"</th>
                        <th scope="col">"Devices"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
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
                                    <button type="button" on:click=move |_| console.open_run.set(Some(id))>"Open"</button>
                                    <button type="button" on:click=move |_| console.delete_run(id)>"Delete"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// One run in detail. Parts update on their own as devices report, so keyboard focus and
/// open timelines stay put while a run is followed.
#[component]
pub fn RunView(id: u64) -> impl IntoView {
    let console = expect_context::<Console>();
    // Each part reads what it shows from the run in place: a run of thousands of devices
    // is never copied whole on a progress update.
    let run = RunReader { console, id };
    let read = move |f: &dyn Fn(&Run) -> String| run.with(f).unwrap_or_default();
    let start = Memo::new(move |_| run.with(|r| r.start.clone()));
    let counts = Memo::new(move |_| run.with(Run::counts).unwrap_or_default());
    let reasons = Memo::new(move |_| {
        let catalogue = console.catalogue.get();
        run.with(|r| r.failure_reasons(&catalogue))
            .unwrap_or_default()
    });
    let retry = Memo::new(move |_| {
        run.with(|r| (r.retry_candidates().len(), r.is_active()))
            .unwrap_or((0, true))
    });
    let all_devices = RwSignal::new(false);
    let left_out = Memo::new(move |_| run.with(|r| r.left_out.clone()).unwrap_or_default());
    let csv = move || {
        let catalogue = console.catalogue.get_untracked();
        run.with_untracked(|r| export::csv(r, &catalogue).ok())
            .flatten()
            .unwrap_or_default()
    };
    let json = move || run.with_untracked(export::json).unwrap_or_default();
    let title = move || {
        read(&|run| {
            format!(
                "Run {} · {} to {}{}",
                run.id,
                devices(run.counts().total()),
                run.firmware.version,
                run.retry_of
                    .map(|r| format!(" · retry of run {r}"))
                    .unwrap_or_default()
            )
        })
    };
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
        <section class="run card" aria-labelledby="run-title" data-testid="run-view" data-run=id>
            <div class="section-head">
                <h2 id="run-title">{title}</h2>
                <button type="button" on:click=move |_| console.open_run.set(None)>"Close"</button>
            </div>
            <p class="muted">{about}</p>
            {move || start.get().map(|start| view! { <StartAnswer start=start /> })}
            {move || view! { <ProgressBar counts=counts.get() /> }}
            <p class="counts" data-testid="run-counts">{move || counts.get().to_string()}</p>
            <Show when=move || !reasons.with(Vec::is_empty)>
                <div class="reasons">
                    <h3>"Why devices did not finish"</h3>
                    <ul data-testid="failure-reasons">
                        {move || reasons.get().into_iter().map(|(reason, n)| view! { <li>{format!("{n} × {reason}")}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="retry-failed"
                    disabled=move || { let (n, active) = retry.get(); n == 0 || active }
                    on:click=move |_| console.retry_failed(id)
                >
                    {move || format!("Retry failed ({})", retry.get().0)}
                </button>
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
            </div>
            <div class="table-wrap">
                <table class="run-devices">
                    <thead>
                        <tr>
                            <th scope="col">"Serial number"</th>
                            <th scope="col">"Device"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"Progress"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Attempts"</th>
                            <th scope="col">"Timeline"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || {
                                let limit = if all_devices.get() { usize::MAX } else { ROW_LIMIT };
                                run.with(|r| r.devices.iter().take(limit).cloned().collect::<Vec<_>>()).unwrap_or_default()
                            }
                            key=|d| (d.sn.clone(), d.timeline.len())
                            children=move |device| {
                                let earlier = run
                                    .with_untracked(|r| r.earlier.get(&device.sn).cloned())
                                    .flatten()
                                    .unwrap_or_default();
                                view! { <DeviceRow device=device earlier=earlier /> }
                            }
                        />
                    </tbody>
                </table>
            </div>
            <Show when=move || !all_devices.get() && run.with(|r| r.devices.len() > ROW_LIMIT).unwrap_or(false)>
                <button type="button" on:click=move |_| all_devices.set(true)>
                    {move || format!(
                        "Show all {} devices (the first {ROW_LIMIT} are shown)",
                        run.with(|r| r.devices.len()).unwrap_or(0)
                    )}
                </button>
            </Show>
            <Show when=move || !left_out.with(Vec::is_empty)>
                <div class="left-out">
                    <h3>{move || format!("Not followed ({})", left_out.with(Vec::len))}</h3>
                    <ul>
                        {move || {
                            let catalogue = console.catalogue.get();
                            let limit = if all_devices.get() { usize::MAX } else { ROW_LIMIT };
                            left_out.get().into_iter().take(limit).map(|l| view! {
                                <li><span class="mono">{l.sn.clone()}</span>{format!(": {}", l.reason.describe(&catalogue))}</li>
                            }).collect_view()
                        }}
                    </ul>
                    {move || {
                        let hidden = left_out.with(Vec::len).saturating_sub(ROW_LIMIT);
                        (hidden > 0 && !all_devices.get()).then(|| view! {
                            <p class="muted">{format!("… and {hidden} more (Show all lists them; the CSV export has every device).")}</p>
                        })
                    }}
                </div>
            </Show>
        </section>
    }
}

/// Reads one run of the history where it lies, tracked or not.
#[derive(Clone, Copy)]
struct RunReader {
    console: Console,
    id: u64,
}

impl RunReader {
    fn with<T>(self, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.console
            .runs
            .with(|runs| runs.iter().find(|r| r.id == self.id).map(f))
    }

    fn with_untracked<T>(self, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.console
            .runs
            .with_untracked(|runs| runs.iter().find(|r| r.id == self.id).map(f))
    }
}

/// What the Cloud answered to the call itself.
#[component]
fn StartAnswer(start: StartRecord) -> impl IntoView {
    let console = expect_context::<Console>();
    match start {
        StartRecord::Sending => view! { <p aria-busy="true">"Sending the upgrade call…"</p> }.into_any(),
        StartRecord::Answered { rows } => view! {
            <details class="start-answer" open=true>
                <summary>"What the Cloud answered to the call"</summary>
                <OutcomeTable outcomes=Outcomes { rows } catalogue=console.catalogue.get_untracked() />
            </details>
        }
        .into_any(),
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

/// One followed device: its progress, state, attempts and timeline.
#[component]
fn DeviceRow(device: DeviceTrack, earlier: Vec<String>) -> impl IntoView {
    let console = expect_context::<Console>();
    let catalogue = console.catalogue.get_untracked();
    let state = describe(&device.state, &catalogue);
    let percent = device.state.percent();
    let class = if device.state == Tracked::Verified {
        "ok"
    } else if device.state.is_unsuccessful() {
        "bad"
    } else {
        "busy"
    };
    let timeline: Vec<String> = device
        .timeline
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                format::date_time(m.at),
                describe(&m.state, &catalogue)
            )
        })
        .collect();
    view! {
        <tr class=class data-sn=device.sn.clone()>
            <td class="mono">{device.sn.clone()}</td>
            <td>{device.name.clone()}</td>
            <td class="mono">{device.from.clone()}</td>
            <td>
                <progress max="100" value=percent aria-label=format!("{} progress", device.sn)>{format!("{percent} %")}</progress>
            </td>
            <td class="state">{state}</td>
            <td>
                {format!("attempt {}", device.attempt)}
                {(!earlier.is_empty()).then(|| view! {
                    <ul class="earlier">{earlier.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                })}
            </td>
            <td>
                <details>
                    <summary>"Timeline"</summary>
                    <ol>{timeline.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
                </details>
            </td>
        </tr>
    }
}

/// A download link whose content is made when asked for (focus, or the click itself,
/// before the browser follows the link), not on every progress update of a large run.
#[component]
fn ExportLink(
    label: &'static str,
    test_id: &'static str,
    file: String,
    media_type: &'static str,
    content: impl Fn() -> String + Copy + 'static,
) -> impl IntoView {
    let fill = move |ev: leptos::ev::Event| {
        if let Some(link) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let href = format!("data:{media_type};charset=utf-8,{}", encode(&content()));
            let _ = link.set_attribute("href", &href);
        }
    };
    view! {
        <a
            class="button"
            data-testid=test_id
            download=file
            href="#"
            on:focus=move |ev: leptos::ev::FocusEvent| fill(ev.into())
            on:click=move |ev: leptos::ev::MouseEvent| fill(ev.into())
        >
            {label}
        </a>
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
        ("in-progress", counts.in_progress),
        ("left-out", counts.left_out),
    ];
    let done = counts.total() - counts.in_progress;
    view! {
        <div class="run-bar" role="img" aria-label=format!("{done} of {} devices at their end", counts.total())>
            {parts.into_iter().filter(|(_, n)| *n > 0).map(|(class, n)| view! {
                <span class=format!("part {class}") style:width=format::percent(n, total)></span>
            }).collect_view()}
        </div>
    }
}

/// Percent-encodes text for a `data:` URL.
fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
