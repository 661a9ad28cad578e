//! Campaigns: the plan beside the fleet (`planner`), one campaign (`view`, with its
//! `waves` and `devices`), and the list of the user's campaigns in the history.

mod devices;
mod planner;
mod view;
mod waves;

use leptos::prelude::*;

pub use planner::CampaignPlanner;
pub use view::CampaignPage;

use super::format;
use crate::state::nav::{CAMPAIGN, Page};
use crate::state::{History, Nav, Tracking};

/// The user's campaigns, newest first, each opening its page.
#[component]
pub fn CampaignList() -> impl IntoView {
    let history = expect_context::<History>();
    let nav = expect_context::<Nav>();
    let tracking = expect_context::<Tracking>();
    let lines = Memo::new(move |_| {
        history.campaigns.with(|campaigns| {
            history.with_runs_by_id(|by_id| {
                campaigns
                    .iter()
                    .map(|c| {
                        (
                            c.id,
                            c.title(),
                            c.created_at,
                            c.status_word(),
                            c.counts(by_id).to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // A running campaign's line says when its progress could not be read, and since when.
    let quiet = move |status: String| match tracking.failing_since.get() {
        Some(since) if status.starts_with("running") => {
            format!("{status} · progress not read since {since}")
        }
        _ => status,
    };
    view! {
        <Show when=move || !lines.with(Vec::is_empty)>
            <section class="card campaigns" aria-labelledby="campaigns-title">
                <h2 id="campaigns-title">"Campaigns"</h2>
                <ul class="campaign-list" data-testid="campaign-list">
                    {move || lines.get().into_iter().map(|(id, title, at, status, counts)| view! {
                        <li data-campaign=id>
                            <button type="button" class="link" on:click=move |_| {
                                nav.page.set(Page::Campaign(id));
                                nav.show(CAMPAIGN);
                            }>{title}</button>
                            <span class="muted">{format!(" · {} · {}", format::date_time(at), quiet(status))}</span>
                            <br />
                            <span class="counts">{counts}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
