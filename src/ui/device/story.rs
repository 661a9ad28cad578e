//! Every call this console made that named the device, newest first: when, which run (and
//! campaign wave), who, from which version to which, and how it ended, in words.

use leptos::prelude::*;

use crate::domain::address::Place;
use crate::domain::call::wave_name;
use crate::domain::device_story::StoryStep;
use crate::state::{Cloud, History};
use crate::ui::format;
use crate::ui::link::Link;
use crate::ui::table::ColumnHeads;

#[component]
pub(super) fn Story(steps: Memo<Vec<StoryStep>>) -> impl IntoView {
    let cloud = expect_context::<Cloud>();
    let history = expect_context::<History>();
    view! {
        <h3>"What this console did to it"</h3>
        {move || {
            let steps = steps.get();
            if steps.is_empty() {
                return view! {
                    <p class="empty" data-testid="device-story-empty">"No upgrade of this device is in the history this browser keeps."</p>
                }.into_any();
            }
            let catalogue = cloud.catalogue();
            view! {
                <div class="table-wrap">
                    <table class="story-table card-table" data-testid="device-story">
                        <ColumnHeads columns=&["When", "Call", "By", "From → to", "Outcome"] />
                        <tbody>
                            {steps.into_iter().map(|step| {
                                let undoes = step.campaign.and_then(|call| {
                                    history.campaigns.with(|all| all.iter().find(|c| c.id == call.campaign).and_then(|c| c.undoes.clone()))
                                });
                                let outcome = step.end.describe(&catalogue);
                                let kind = if step.end.is_verified() { "verified" } else if step.end.is_failure() { "failed" } else { "other" };
                                view! {
                                    <tr data-run=step.run data-outcome=kind>
                                        <td data-label="When">{format::date_time(step.at)}</td>
                                        <td data-label="Call">
                                            <Link href=Place::Run(step.run).path()>{format!("Run {}", step.run)}</Link>
                                            {step.campaign.map(|call| view! {
                                                " · "
                                                <Link href=Place::Campaign(call.campaign).path()>{format!("campaign {}", call.campaign)}</Link>
                                                {format!(", {}", wave_name(call.wave))}
                                            })}
                                            {undoes.map(|u| view! { <br /><crate::ui::campaigns::UndoesLink undoes=u /> })}
                                        </td>
                                        <td data-label="By">{step.user.clone().unwrap_or_else(|| "unknown user".into())}</td>
                                        <td data-label="From → to">{format!("{} → {}", if step.from.is_empty() { "?" } else { &step.from }, step.to)}</td>
                                        <td data-label="Outcome">{outcome}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
