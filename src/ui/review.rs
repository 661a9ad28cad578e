//! The last look before sending: how many devices, to what, from what, who is left out
//! and why, and an explicit yes for a test build or a downgrade.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::left_out::GroupedLeftOut;
use super::risks::RiskAcceptance;
use crate::domain::batch::{AirHold, BatchPlan, LeftOut, PlanError, group_left_out, held_for_air};
use crate::domain::text::{devices, drawn, noun};
use crate::state::{Batch, History, Workflows};

/// The plan's left-out devices, grouped by reason.
fn grouped(left_out: &[(String, LeftOut)]) -> Vec<crate::domain::batch::LeftOutGroup> {
    group_left_out(left_out.iter().map(|(sn, why)| (sn.clone(), why.to_string())))
}

#[component]
pub fn ReviewPanel() -> impl IntoView {
    let batch = expect_context::<Batch>();
    view! {
        <section class="review card" aria-labelledby="review-title">
            <h2 id="review-title" tabindex="-1">"Review"</h2>
            {move || match batch.plan() {
                None => view! { <p class="muted">"Choose a firmware first."</p> }.into_any(),
                // No dead end: why, for each device, and the way back.
                Some(Err(problem)) => {
                    let groups = match &problem {
                        PlanError::NothingToSend { left_out } => grouped(left_out),
                        _ => Vec::new(),
                    };
                    view! {
                        <p class="notice notice-warn" role="status" data-testid="cannot-send">
                            <span class="notice-tag">"Nothing to send"</span> " " {problem.to_string()}
                        </p>
                        {(!groups.is_empty()).then(|| view! { <GroupedLeftOut title="Left out" groups=groups /> })}
                        {on_air_consent(&problem)}
                        <div class="actions">
                            <button type="button" data-testid="review-back" on:click=move |_| batch.review(false)>"Back"</button>
                        </div>
                    }.into_any()
                }
                Some(Ok(plan)) => view! { <PlanReview plan=plan /> }.into_any(),
            }}
        </section>
    }
}

/// The consent for a plan whose every device is on air (or possibly on air).
fn on_air_consent(problem: &PlanError) -> Option<impl IntoView + use<>> {
    let PlanError::NothingToSend { left_out } = problem else {
        return None;
    };
    let held: Vec<&(String, LeftOut)> = left_out.iter().filter(|(_, why)| why.is_air()).collect();
    let hold = AirHold::of(held.iter().map(|(_, why)| *why));
    let on_air: BTreeSet<String> = held.into_iter().map(|(sn, _)| sn.clone()).collect();
    (!on_air.is_empty())
        .then(|| view! { <OnAirConsent left_out=on_air included=BTreeSet::new() hold=hold /> })
}

/// Devices on air — or whose on-air state the Cloud did not report — are left out;
/// including them (only those shown now) takes an explicit "I understand". One that goes
/// on air after this is left out all the same.
#[component]
fn OnAirConsent(
    left_out: BTreeSet<String>,
    included: BTreeSet<String>,
    hold: AirHold,
) -> impl IntoView {
    let batch = expect_context::<Batch>();
    if left_out.is_empty() && included.is_empty() {
        return None;
    }
    let count = left_out.len() + included.len();
    let all: BTreeSet<String> = left_out.union(&included).cloned().collect();
    Some(view! {
        <div class="notice notice-warn" data-testid="on-air-consent">
            <p>
                <span class="notice-tag">"On air"</span>
                {format!(
                    " {} {}. An upgrade stops a recording or a live stream and reboots the {}.",
                    hold.who(),
                    if included.is_empty() { "left out" } else { "included" },
                    noun(count, "device", "devices"),
                )}
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="include-on-air"
                    prop:checked=!included.is_empty()
                    on:change=move |ev| {
                        let include = event_target_checked(&ev);
                        batch.include_on_air(if include { all.clone() } else { BTreeSet::new() });
                    }
                />
                {hold.consent()}
            </label>
        </div>
    })
}

/// The devices the plan holds, or includes, for their on-air state, by why.
fn air_hold(plan: &BatchPlan) -> AirHold {
    let held = plan.left_out.iter().map(|(_, why)| *why).filter(|why| why.is_air());
    AirHold::of(held.chain(plan.included.iter().filter_map(held_for_air)))
}

/// A plan that can be sent: its summary, who is left out, its risks, the deadline, and
/// the button that sends it.
#[component]
fn PlanReview(plan: BatchPlan) -> impl IntoView {
    let batch = expect_context::<Batch>();
    let flows = expect_context::<Workflows>();
    let risks = plan.risks();
    let has_risks = !risks.is_empty();
    let label = plan.confirm_label();
    let from: Vec<String> =
        plan.from_versions().into_iter().map(|(v, n)| format!("{v} ({n})")).collect();
    let kind = plan.firmware.kind().label();
    // One device is named; several are counted, their serial numbers folded beneath.
    let who = match plan.included.as_slice() {
        [one] if one.name.is_empty() => one.sn.clone(),
        [one] => format!("{} ({})", one.sn, drawn(&one.name)),
        many => devices(many.len()),
    };
    let sns: Vec<String> = plan.included.iter().map(|d| d.sn.clone()).collect();
    let history = expect_context::<History>();
    // A run is saved before its call goes out; when this browser cannot keep it, nothing is
    // sent — said here, before the button, not after a call that a reload would lose.
    let cannot_keep = move || {
        (!history.shared.get()).then(|| history.unsaved.get()).flatten().map(|why| why.to_string())
    };
    view! {
        <dl class="summary" data-testid="review-summary">
            <dt>"Devices"</dt><dd data-testid="review-devices">{who}</dd>
            <dt>"Target"</dt><dd class="mono">{format!("{} ({kind})", plan.firmware.version)}</dd>
            <dt>"Coming from"</dt><dd class="mono">{from.join(", ")}</dd>
        </dl>
        {(sns.len() > 1).then(|| view! {
            <details class="review-sns" data-testid="review-sns">
                <summary>{format!("The {} serial numbers sent", sns.len())}</summary>
                <p class="mono">{sns.join(", ")}</p>
            </details>
        })}
        {(!plan.left_out.is_empty()).then(|| view! {
            <GroupedLeftOut title="Left out" groups=grouped(&plan.left_out) />
        })}
        <OnAirConsent left_out=plan.on_air_left_out() included=plan.on_air_included() hold=air_hold(&plan) />
        {has_risks.then(|| view! { <RiskAcceptance risks=risks accepted=batch.risks_accepted accept=move |on| batch.accept_risks(on) test_id="accept-risks" /> })}
        <label class="deadline">
            "Give up on a device after this many seconds without progress"
            <input
                type="number"
                min="5"
                step="1"
                data-testid="deadline"
                prop:value=move || batch.deadline_secs.get().to_string()
                on:change=move |ev| batch.set_deadline(&event_target_value(&ev))
            />
        </label>
        {move || cannot_keep().map(|why| view! {
            <p class="notice notice-error" role="alert" data-testid="cannot-keep">
                <span class="notice-tag">"Cannot be kept"</span>
                {format!(" Nothing can be sent from this browser now: {why}. A run is saved before its call goes out, so that a reload never loses it. Free some space (export and delete finished runs) or allow this site to keep data, then send.")}
            </p>
        })}
        <div class="actions">
            <button
                type="button"
                class="primary"
                data-testid="confirm-upgrade"
                disabled=move || flows.sending() || (has_risks && !batch.risks_accepted.get()) || cannot_keep().is_some()
                on:click=move |_| flows.submit()
            >
                {move || if flows.sending() { "Checking and sending…".to_string() } else { label.clone() }}
            </button>
            <button type="button" on:click=move |_| batch.review(false)>"Back"</button>
        </div>
        {move || batch.send_problem.get().map(|why| view! {
            <p class="notice notice-error" role="alert" data-testid="send-problem">
                <span class="notice-tag">"Not sent"</span> " " {why}
            </p>
        })}
    }
}
