//! The last look before sending: how many devices, to what, from what, who is left out
//! and why, and an explicit yes for a test build or a downgrade.

use leptos::prelude::*;

use super::store::Console;
use crate::domain::batch::devices;

/// Shortest wait the console accepts before giving up on a device.
const MIN_DEADLINE_SECS: u32 = 5;

#[component]
pub fn ReviewPanel() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <section class="review card" aria-labelledby="review-title">
            <h2 id="review-title">"Review"</h2>
            {move || match console.plan() {
                None => view! { <p class="muted">"Choose a firmware first."</p> }.into_any(),
                Some(Err(problem)) => view! {
                    <p class="notice notice-warn" role="status">
                        <span class="notice-tag">"Cannot send"</span> " " {problem.to_string()}
                    </p>
                }.into_any(),
                Some(Ok(plan)) => {
                    let risks = plan.risks();
                    let has_risks = !risks.is_empty();
                    let label = plan.confirm_label();
                    let from: Vec<String> = plan.from_versions().into_iter().map(|(v, n)| format!("{v} ({n})")).collect();
                    let kind = if plan.firmware.is_test_build { "test build" } else { "release" };
                    view! {
                        <dl class="summary" data-testid="review-summary">
                            <dt>"Devices"</dt><dd>{devices(plan.included.len())}</dd>
                            <dt>"Target"</dt><dd class="mono">{format!("{} ({kind})", plan.firmware.version)}</dd>
                            <dt>"Coming from"</dt><dd class="mono">{from.join(", ")}</dd>
                        </dl>
                        {(!plan.left_out.is_empty()).then(|| view! {
                            <div class="left-out">
                                <h3>{format!("Left out ({})", plan.left_out.len())}</h3>
                                <ul>
                                    {plan.left_out.iter().map(|(sn, why)| view! {
                                        <li><span class="mono">{sn.clone()}</span>{format!(": {why}")}</li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        })}
                        {has_risks.then(|| view! {
                            <div class="notice notice-warn">
                                <p><span class="notice-tag">"Take care"</span></p>
                                <ul>{risks.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || console.risks_accepted.get()
                                        on:change=move |ev| console.risks_accepted.set(event_target_checked(&ev))
                                    />
                                    "I understand, send it anyway"
                                </label>
                            </div>
                        })}
                        <label class="deadline">
                            "Give up on a device after this many seconds without progress"
                            <input
                                type="number"
                                min="5"
                                step="1"
                                data-testid="deadline"
                                prop:value=move || console.deadline_secs.get().to_string()
                                on:change=move |ev| {
                                    // Anything unreadable or too short keeps the current value.
                                    if let Ok(secs) = event_target_value(&ev).trim().parse::<u32>() {
                                        console.deadline_secs.set(secs.max(MIN_DEADLINE_SECS));
                                    }
                                }
                            />
                        </label>
                        <div class="actions">
                            <button
                                type="button"
                                class="primary"
                                data-testid="confirm-upgrade"
                                disabled=move || console.sending() || (has_risks && !console.risks_accepted.get())
                                on:click=move |_| console.submit()
                            >
                                {move || if console.sending() { "Sending…".to_string() } else { label.clone() }}
                            </button>
                            <button type="button" on:click=move |_| console.reviewing.set(false)>"Back"</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
