//! The foot of a campaign's plan: devices on air to include or not, the risks to accept,
//! the start button, and who will drive the campaign. Drawn once; each part reads the plan
//! as it is now, so ticking a box keeps the focus on it.

use leptos::prelude::*;

use super::super::risks::RiskAcceptance;
use crate::domain::batch::AirHold;
use crate::domain::campaign::plan::CampaignPlan;
use crate::domain::text::{self, devices};
use crate::state::Campaigns;

/// What the foot needs of the plan, worked out once per change of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Facts {
    risks: Vec<String>,
    hold: AirHold,
    to_send: usize,
    waves: usize,
}

/// On-air devices, risks to accept, and the start button.
#[component]
pub fn Acceptance(plan: Memo<Option<CampaignPlan>>) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let runner = expect_context::<crate::state::CampaignRunner>();
    let facts = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref().map_or_else(Facts::default, |p| Facts {
                risks: p.risks(),
                hold: p.air_held(),
                to_send: p.to_send(),
                waves: p.waves.len(),
            })
        })
    });
    let include_on_air = Memo::new(move |_| campaigns.choices.with(|c| c.include_on_air));
    let risks = Memo::new(move |_| facts.with(|f| f.risks.clone()));
    let has_risks = Memo::new(move |_| risks.with(|r| !r.is_empty()));
    let ready = move || {
        facts.with(|f| f.to_send > 0)
            && !campaigns.starting.get()
            && (!has_risks.get() || campaigns.risks_accepted.get())
            && (!include_on_air.get() || campaigns.on_air_accepted.get())
            && campaigns.schedule_read.with(|r| r.blocks_start().is_none())
    };
    let label = move || {
        facts.with(|f| {
            format!(
                "Start campaign: {} in {}",
                devices(f.to_send),
                text::count(f.waves, "wave", "waves")
            )
        })
    };
    let on_air_words = move || {
        let hold = facts.with(|f| f.hold);
        if include_on_air.get() {
            "Devices on air (or whose on-air state is not reported) are included".to_string()
        } else if hold.unknown == 0 {
            format!("Include the {} on air (recording or live)", devices(hold.total()))
        } else {
            format!("Include the {}", hold.who())
        }
    };
    view! {
        <Show when=move || facts.with(|f| f.hold.total() > 0) || include_on_air.get()>
            <div class="notice notice-info on-air-choice">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="include-on-air"
                        prop:checked=move || include_on_air.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            campaigns.change_plan(|c| c.include_on_air = on);
                        }
                    />
                    {on_air_words}
                </label>
                <Show when=move || include_on_air.get()>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="accept-on-air"
                            prop:checked=move || campaigns.on_air_accepted.get()
                            on:change=move |ev| campaigns.accept_on_air(event_target_checked(&ev))
                        />
                        "I understand: their recording or stream stops while they install and reboot"
                    </label>
                </Show>
            </div>
        </Show>
        {move || {
            let risks = risks.get();
            (!risks.is_empty()).then(|| view! {
                <RiskAcceptance risks=risks accepted=campaigns.risks_accepted accept=move |on| campaigns.accept_risks(on) test_id="accept-risks" />
            })
        }}
        <div class="actions">
            <button
                type="button"
                class="primary"
                data-testid="start-campaign"
                disabled=move || !ready()
                on:click=move |_| {
                    if let Some(plan) = plan.get_untracked() {
                        runner.start(plan);
                    }
                }
            >
                {move || if campaigns.starting.get() { "Starting…".to_string() } else { label() }}
            </button>
        </div>
        {move || campaigns.schedule_read.with(|r| r.blocks_start()).map(|why| view! {
            <p class="muted" data-testid="schedule-blocks">{why}</p>
        })}
        <DrivenBy />
        {move || campaigns.not_started.get().map(|why| view! {
            <p class="notice notice-error" role="alert" data-testid="campaign-not-started">
                <span class="notice-tag">"Not started"</span> " " {why}
            </p>
        })}
    }
}

/// Who drives the campaign once started, and with which Cloud session: the console service
/// (every browser may close), or this browser (it must stay open).
#[component]
pub fn DrivenBy() -> impl IntoView {
    let history = expect_context::<crate::state::History>();
    move || {
        let driver = history.driver.get().filter(|d| d.drives);
        let words = match driver {
            Some(driver) => format!(
                "Driven by the console service: it goes on with every browser closed. Its calls are sent with {}.",
                driver.sends_as
            ),
            None => "Driven by this browser: keep this console open in one tab until it ends."
                .to_string(),
        };
        view! { <p class="muted" data-testid="campaign-driver">{words}</p> }
    }
}
