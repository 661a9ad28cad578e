//! What the Cloud answered for every device of every upgrade call of this visit.

use leptos::prelude::*;

use super::error::ErrorNotice;
use super::store::{Console, Submission, SubmissionState};
use crate::domain::batch::devices;
use crate::domain::codes::{Catalogue, Context};
use crate::domain::outcome::{Answer, Outcomes};

#[component]
pub fn OutcomesSection() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <Show when=move || !console.submissions.with(Vec::is_empty)>
            <section class="outcomes card" aria-labelledby="outcomes-title">
                <h2 id="outcomes-title">"Upgrade calls"</h2>
                <For
                    each=move || console.submissions.get()
                    key=|s| (s.id, format!("{:?}", s.state))
                    children=move |submission| view! { <SubmissionView submission=submission /> }
                />
            </section>
        </Show>
    }
}

#[component]
pub fn SubmissionView(submission: Submission) -> impl IntoView {
    let console = expect_context::<Console>();
    let plan = submission.plan;
    let title = format!(
        "#{} · {} to {}",
        submission.id,
        devices(plan.included.len()),
        plan.firmware.version
    );
    let body = match submission.state {
        SubmissionState::Sending => view! { <p aria-busy="true">"Sending…"</p> }.into_any(),
        SubmissionState::Answered(outcomes) => {
            view! { <OutcomeTable outcomes=outcomes catalogue=console.catalogue.get_untracked() /> }
                .into_any()
        }
        SubmissionState::Refused(error) => view! {
            <ErrorNotice error=error lead="Nothing was started." />
        }
        .into_any(),
        SubmissionState::Unknown(error) => {
            let sent: Vec<String> = plan.included.iter().map(|d| d.sn.clone()).collect();
            view! {
                <div class="notice notice-warn" role="alert" data-testid="outcome-unknown">
                    <p>
                        <span class="notice-tag">"Outcome unknown"</span>
                        " The upgrade may or may not have started: " {error.message()}
                        " It was not sent again. Check what the devices report below before trying again."
                    </p>
                    <details><summary>"Technical details"</summary><pre>{error.detail()}</pre></details>
                </div>
                <table class="outcome-table">
                    <thead><tr><th scope="col">"Serial number"</th><th scope="col">"Device reports now"</th></tr></thead>
                    <tbody>
                        {sent.into_iter().map(|sn| {
                            let now = {
                                let sn = sn.clone();
                                move || console.fleet.with(|f| f.iter().find(|d| d.sn == sn).map(|d| d.activity.to_string()))
                                    .unwrap_or_else(|| "not listed".into())
                            };
                            view! { <tr><td class="mono">{sn}</td><td>{now}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <article class="submission" data-testid="submission">
            <h3>{title}</h3>
            {body}
        </article>
    }
}

/// Per-serial-number answers with their meaning, and counts that add up.
#[component]
pub fn OutcomeTable(outcomes: Outcomes, catalogue: Catalogue) -> impl IntoView {
    let counts = outcomes.counts();
    let mut summary = vec![
        format!("{} started", counts.started),
        format!("{} already upgrading", counts.already_upgrading),
        format!("{} refused", counts.refused),
    ];
    if counts.no_answer > 0 {
        summary.push(format!("{} without answer", counts.no_answer));
    }
    if counts.unexpected > 0 {
        summary.push(format!("{} not sent but answered", counts.unexpected));
    }
    let rows = outcomes
        .rows
        .into_iter()
        .map(|row| {
            let describe = |code: i64| catalogue.describe(Some(Context::UpgradeStart), code);
            let (code, meaning, class) = match row.answer {
                Answer::Code(code) => {
                    let class = match code {
                        0 => "ok",
                        1 => "warn",
                        _ => "bad",
                    };
                    (code.to_string(), describe(code).text, class)
                }
                Answer::Conflicting { first, second } => (
                    format!("{first}, {second}"),
                    format!(
                        "the Cloud answered twice, differently: {}; then {}",
                        describe(first).text,
                        describe(second).text
                    ),
                    "bad",
                ),
                Answer::NoAnswer => ("—".into(), "no answer from the Cloud".into(), "warn"),
                Answer::NotSent(code) => (
                    code.to_string(),
                    format!(
                        "not sent by this console, yet answered: {}",
                        describe(code).text
                    ),
                    "bad",
                ),
            };
            view! {
                <tr class=class>
                    <td class="mono">{row.sn}</td>
                    <td>{row.name}</td>
                    <td class="mono">{code}</td>
                    <td><span class=format!("dot {class}") aria-hidden="true"></span>{meaning}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="counts" data-testid="outcome-counts">{summary.join(" · ")}</p>
        <table class="outcome-table">
            <thead>
                <tr>
                    <th scope="col">"Serial number"</th>
                    <th scope="col">"Device"</th>
                    <th scope="col">"Result"</th>
                    <th scope="col">"Meaning"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
