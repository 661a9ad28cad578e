//! What the administrator must accept before sending — a test build, a downgrade — with
//! the explicit "I understand". The review of a batch and the plan of a campaign use it.

use leptos::prelude::*;

#[component]
pub fn RiskAcceptance(
    risks: Vec<String>,
    accepted: ReadSignal<bool>,
    accept: impl Fn(bool) + 'static,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    view! {
        <div class="notice notice-warn">
            <p><span class="notice-tag">"Take care"</span></p>
            <ul>{risks.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=test_id
                    prop:checked=move || accepted.get()
                    on:change=move |ev| accept(event_target_checked(&ev))
                />
                "I understand, send it anyway"
            </label>
        </div>
    }
}
