//! "Return these devices to the version they had": one button for a finished run, a
//! campaign and a device, which plans the rollback campaign (nothing is sent until the
//! administrator starts it from the plan), and the line that links a rollback to what it
//! undoes.

use leptos::prelude::*;

use crate::domain::address::{Place, device_path};
use crate::domain::campaign::rollback::{Rollback, Undoes};
use crate::state::nav::PLAN;
use crate::state::{Announcer, Campaigns, Nav};
use crate::ui::link::Link;

/// The button; `rollback` is what it would return (`None`: nothing to return), `blocked`
/// why it cannot be used now, said beside it.
#[component]
pub fn RollbackButton(
    #[prop(into)] rollback: Signal<Option<Rollback>>,
    #[prop(into)] blocked: Signal<Option<&'static str>>,
) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let nav = expect_context::<Nav>();
    let announcer = expect_context::<Announcer>();
    let plan = move |_| {
        if let Some(rollback) = rollback.get_untracked() {
            let what = rollback.undoes.describe();
            let count = rollback.from.len();
            campaigns.plan_rollback(rollback);
            nav.go(Place::NewCampaign, PLAN);
            // A rollback of a rollback is an upgrade: the plan asks for what its risks are.
            announcer.say(format!(
                "Rollback of {what} planned for {}: review the plan, then start it.",
                crate::domain::text::devices(count)
            ));
        }
    };
    view! {
        <button
            type="button"
            data-testid="roll-back"
            aria-describedby="roll-back-why"
            disabled=move || blocked.get().is_some() || rollback.with(Option::is_none)
            on:click=plan
        >
            {move || rollback.with(|r| r.as_ref().map_or_else(
                || "Return these devices to the version they had…".to_string(),
                Rollback::button_text,
            ))}
        </button>
        {move || blocked.get().map(|why| view! { <span class="muted why" id="roll-back-why">{why}</span> })}
    }
}

/// "A rollback of run 3": what a rollback campaign undoes, as a link.
#[component]
pub fn UndoesLink(undoes: Undoes) -> impl IntoView {
    let (href, text) = match &undoes {
        Undoes::Run(id) => (Place::Run(*id).path(), format!("run {id}")),
        Undoes::Campaign(id) => (Place::Campaign(*id).path(), format!("campaign {id}")),
        Undoes::Device { sn, run } => (device_path(sn), format!("{sn} (run {run})")),
    };
    view! {
        <span data-testid="undoes">"A rollback of " <Link href=href>{text}</Link></span>
    }
}
