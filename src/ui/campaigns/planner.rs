//! The campaign plan beside the fleet: one row per batch key in scope (its target, what it
//! does, who is left out and why), the waves and when to halt, on-air devices, the risks to
//! accept, and the button that starts it.

use crate::domain::text;
use leptos::prelude::*;

use super::super::unreported::FirmwareDoubts;
use crate::domain::batch::{group_left_out, left_out_summary};
use crate::domain::call::wave_name;
use crate::domain::campaign::plan::{CampaignPlan, KeyPlan};
use crate::domain::firmware::FirmwareRef;
use crate::domain::text::devices;
use crate::state::library::LibraryState;
use crate::state::{Campaigns, Fleet, Library};

#[component]
pub fn CampaignPlanner() -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let fleet = expect_context::<Fleet>();
    let library = expect_context::<Library>();
    library.load_if_needed();
    let plan = Memo::new(move |_| {
        library.list.with(|list| match list {
            LibraryState::Ready(list) => {
                // The benchmark reads how long planning takes (10,000 devices: ≤ 50 ms).
                crate::browser::perf::start("campaign-plan");
                let plan = fleet.devices.with(|devices| campaigns.plan_of(devices, list));
                crate::browser::perf::measure_now("campaign-plan");
                Some(plan)
            }
            _ => None,
        })
    });
    let has_plan = Memo::new(move |_| plan.with(Option::is_some));
    // What the firmware list leaves in doubt for the models in scope, each line once.
    let doubts = Signal::derive(move || {
        let keys: Vec<_> = plan.with(|p| {
            p.as_ref().map(|p| p.keys.iter().map(|k| k.key.clone()).collect()).unwrap_or_default()
        });
        library.list.with(|list| {
            let LibraryState::Ready(list) = list else { return Vec::new() };
            let mut lines: Vec<String> = Vec::new();
            for line in keys.iter().flat_map(|key| list.doubts_for(key)) {
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
            lines
        })
    });
    view! {
        // Full width under the fleet (not the narrow side column): a row per batch key.
        <aside class="campaign-panel" aria-label="Campaign">
            <section class="card plan" aria-labelledby="plan-title" data-testid="campaign-plan">
                <h2 id="plan-title" tabindex="-1">
                    {move || if campaigns.rollback.with(Option::is_some) { "Rollback plan" } else { "Campaign plan" }}
                </h2>
                <RollbackNotice />
                {move || match library.list.get() {
                    LibraryState::Failed(error) => view! {
                        <p class="notice notice-error" role="alert">
                            <span class="notice-tag">"Firmware"</span>
                            {format!(" The Cloud's firmware list could not be read: {}", error.message())}
                            " "
                            <button type="button" on:click=move |_| library.load()>"Try again"</button>
                        </p>
                    }.into_any(),
                    LibraryState::Ready(_) => ().into_any(),
                    _ => view! { <p aria-busy="true">"Reading the Cloud's firmware list…"</p> }.into_any(),
                }}
                <FirmwareDoubts lines=doubts testid="plan-firmware-doubts" />
                // Drawn once there is a plan, never again on an edit: what changes reads the
                // plan itself, so a field being typed in keeps its focus and its text.
                {move || has_plan.get().then(|| view! { <PlanBody plan=plan /> })}
            </section>
        </aside>
    }
}

#[component]
fn PlanBody(plan: Memo<Option<CampaignPlan>>) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let totals = move || {
        plan.with(|p| {
            p.as_ref().map(|plan| {
                let left_out: usize = plan.keys.iter().map(|k| k.left_out.len()).sum();
                format!(
                    "{} in scope · {} to send · {left_out} left out",
                    devices(plan.in_scope()),
                    devices(plan.to_send())
                )
            })
        })
    };
    let keys = move || plan.with(|p| p.as_ref().map(|p| p.keys.clone()).unwrap_or_default());
    let waves = Memo::new(move |_| plan.with(|p| p.as_ref().map_or(0, |p| p.waves.len())));
    let pause = Memo::new(move |_| campaigns.choices.with(|c| c.settings.pause_secs));
    view! {
        <div class="table-wrap">
            <table class="plan-table" data-testid="plan-table" role="table">
                <thead>
                    <tr role="row">
                        <th scope="col" role="columnheader">"Model and hardware"</th>
                        <th scope="col" role="columnheader">"In scope"</th>
                        <th scope="col" role="columnheader">"Target"</th>
                        <th scope="col" role="columnheader">"What it does"</th>
                        <th scope="col" role="columnheader">"Left out"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || keys().into_iter().map(|key| view! { <KeyRow key=key /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="counts" data-testid="plan-totals">{totals}</p>
        <super::wave_form::WaveForm />
        <super::schedule::ScheduleForm waves=waves pause_secs=pause />
        <ol class="wave-preview" data-testid="wave-preview">{move || plan.with(|p| p.as_ref().map(wave_lines))}</ol>
        <super::acceptance::Acceptance plan=plan />
    }
}

/// The plan's waves, a line each: how many devices across how many pairs, when it halts,
/// when it can go at the earliest (scheduled), and what it sends of each row.
fn wave_lines(plan: &CampaignPlan) -> impl IntoView + use<> {
    let labels: Vec<String> = plan.keys.iter().map(|k| k.label.clone()).collect();
    let settings = plan.settings.clone();
    plan.waves
        .clone()
        .into_iter()
        .enumerate()
        .map(|(index, calls)| {
            let count: usize = calls.iter().map(|(_, sns)| sns.len()).sum();
            let name = crate::domain::text::capitalised(&wave_name(index));
            let per_key: Vec<String> =
                calls.iter().map(|(key, sns)| format!("{} of {}", sns.len(), labels[*key])).collect();
            let halts = match settings.tolerated(index, count) {
                0 => "halts if any device does not verify".to_string(),
                n => format!("halts if more than {n} do not verify"),
            };
            view! {
                <li>
                    {format!(
                        "{name}: {} across {} · {halts}",
                        devices(count),
                        text::count(calls.len(), "model and hardware pair", "model and hardware pairs")
                    )}
                    {move || super::schedule::earliest_of(index)}
                    <br />
                    <span class="muted">{per_key.join(" · ")}</span>
                </li>
            }
        })
        .collect_view()
}

/// One batch key: its target (the newest release unless another is chosen), what that
/// does, and who is left out.
#[component]
fn KeyRow(key: KeyPlan) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let changes = key.changes().to_string();
    let groups = group_left_out(key.left_out.iter().map(|(sn, why)| (sn.clone(), why.to_string())));
    let left = if groups.is_empty() { "—".to_string() } else { left_out_summary(&groups) };
    let all_sns: Vec<String> = groups.iter().flat_map(|g| g.sns.clone()).collect();
    let on_air = key.left_out.iter().any(|(_, why)| why.is_air());
    let compat = key.key.clone();
    let target = key.target.as_ref().map(|t| t.reference);
    let target_cell = if let Some(way_back) = key.way_back.clone() {
        view! { <WayBackCell way_back=way_back key=key.key.clone() taken=key.target.is_some() /> }
            .into_any()
    } else if key.offer.is_empty() {
        view! { <span class="muted">"no firmware on the Cloud"</span> }.into_any()
    } else {
        let options = key.offer.clone();
        view! {
            <select
                aria-label=format!("Target for {}", key.label)
                data-testid="plan-target"
                on:change=move |ev| {
                    let chosen: Option<i64> = event_target_value(&ev).parse().ok();
                    let compat = compat.clone();
                    campaigns.change_plan(|c| match chosen {
                        Some(id) => { c.targets.insert(compat, FirmwareRef(id)); }
                        None => { c.targets.remove(&compat); }
                    });
                }
            >
                // No target (its newest release is not decided): nothing shown as chosen.
                {target.is_none().then(|| view! {
                    <option value="" selected=true>"Choose a target (newest not decided)"</option>
                })}
                {options.into_iter().map(|entry| {
                    let selected = Some(entry.reference) == target;
                    let text = format!("{} ({})", entry.version, entry.kind().label());
                    view! { <option value=entry.reference.0.to_string() selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        }.into_any()
    };
    view! {
        <tr role="row" data-key=format!("{}/{}", key.key.model, key.key.hardware) class:on-air=on_air>
            <th scope="row" role="rowheader">{key.label.clone()}</th>
            // Labels for phones, where each row stands as a block of its own.
            <td role="cell" data-label="In scope">{key.in_scope}</td>
            <td role="cell" data-label="Target">{target_cell}</td>
            <td role="cell" data-label="What it does">{changes}</td>
            <td role="cell" data-label="Left out" class="left-out-cell" title=all_sns.join(", ")>{left}</td>
        </tr>
    }
}

/// What a rollback returns its devices from, and those it cannot plan.
#[component]
fn RollbackNotice() -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let fleet = expect_context::<Fleet>();
    move || {
        let rollback = campaigns.rollback.get()?;
        // One pass over the fleet (a rollback of thousands, a fleet of 50,000).
        let listed = fleet
            .devices
            .with(|devices| devices.iter().filter(|d| rollback.from.contains_key(&d.sn)).count());
        let gone = rollback.from.len().saturating_sub(listed);
        Some(view! {
            <p class="notice notice-info" data-testid="rollback-notice">
                <span class="notice-tag">"Rollback"</span>
                {format!(
                    " Returns the devices of {} to the versions they came from: one call per model, hardware and version, canary first.",
                    rollback.undoes.describe()
                )}
                {(gone > 0).then(|| format!(" {} no longer listed by the Cloud and not part of this plan.", text::count(gone, "device is", "devices are")))}
                " "
                <button type="button" on:click=move |_| campaigns.clear()>"Cancel the rollback"</button>
            </p>
        })
    }
}

/// A rollback row's target: the version its devices came from, or — when the Cloud no
/// longer holds it — the nearest release it does, to take or leave.
#[component]
fn WayBackCell(
    way_back: crate::domain::campaign::rollback::WayBack,
    key: crate::domain::device::CompatKey,
    taken: bool,
) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let wanted = way_back.wanted.clone();
    if !way_back.missing {
        return view! { <span data-testid="way-back">{format!("back to {wanted}")}</span> }
            .into_any();
    }
    let said = if wanted.is_empty() {
        "The version they came from is not known.".to_string()
    } else if way_back.ambiguous {
        format!(
            "The Cloud lists the firmware id of {wanted} for another firmware too: it is never sent."
        )
    } else {
        format!("The Cloud no longer holds {wanted} for them.")
    };
    let Some(nearest) = way_back.nearest else {
        return view! {
            <span class="notice-warn" data-testid="way-back">{format!("{said} Nothing to offer instead: left out.")}</span>
        }
        .into_any();
    };
    let choice = (key, wanted);
    view! {
        <span class="notice-warn" data-testid="way-back">{said}</span>
        <label class="check">
            <input
                type="checkbox"
                data-testid="take-nearest"
                prop:checked=taken
                on:change=move |ev| {
                    let take = event_target_checked(&ev);
                    let choice = choice.clone();
                    campaigns.change_plan(|c| {
                        if take { c.nearest.insert(choice); } else { c.nearest.remove(&choice); }
                    });
                }
            />
            {format!("Send the nearest release it holds, {}, instead (otherwise they are left out)", nearest.version)}
        </label>
    }
    .into_any()
}
