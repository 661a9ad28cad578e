//! The campaign plan beside the fleet: one row per batch key in scope (its target, what it
//! does, who is left out and why), the waves and when to halt, on-air devices, the risks to
//! accept, and the button that starts it.

use crate::domain::text;
use leptos::prelude::*;

use super::super::risks::RiskAcceptance;
use super::super::unreported::FirmwareDoubts;
use crate::domain::batch::{group_left_out, left_out_summary, read_deadline};
use crate::domain::call::wave_name;
use crate::domain::campaign::plan::{CampaignPlan, Canary, KeyPlan, WaveSettings};
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
                {move || plan.get().map(|plan| view! { <PlanBody plan=plan /> })}
            </section>
        </aside>
    }
}

#[component]
fn PlanBody(plan: CampaignPlan) -> impl IntoView {
    let left_out: usize = plan.keys.iter().map(|k| k.left_out.len()).sum();
    let totals = format!(
        "{} in scope · {} to send · {left_out} left out",
        devices(plan.in_scope()),
        devices(plan.to_send())
    );
    let waves = plan.waves.clone();
    let keys = plan.keys.clone();
    let settings = plan.settings.clone();
    let labels: Vec<String> = plan.keys.iter().map(|k| k.label.clone()).collect();
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
                    {keys.into_iter().map(|key| view! { <KeyRow key=key /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="counts" data-testid="plan-totals">{totals}</p>
        <WaveForm />
        <super::schedule::ScheduleForm waves=plan.waves.len() pause_secs=settings.pause_secs />
        <ol class="wave-preview" data-testid="wave-preview">
            {waves.into_iter().enumerate().map(|(index, calls)| {
                let count: usize = calls.iter().map(|(_, sns)| sns.len()).sum();
                let name = crate::domain::text::capitalised(&wave_name(index));
                let per_key: Vec<String> = calls
                    .iter()
                    .map(|(key, sns)| format!("{} of {}", sns.len(), labels[*key]))
                    .collect();
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
            }).collect_view()}
        </ol>
        <Acceptance plan=plan />
    }
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
                    campaigns.choices.update(|c| match chosen {
                        Some(id) => { c.targets.insert(compat, FirmwareRef(id)); }
                        None => { c.targets.remove(&compat); }
                    });
                    campaigns.risks_accepted.set(false);
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
                    " Returns the devices of {} to the versions they came from: one call per model, hardware and version, canary first. A downgrade must be acknowledged before it starts.",
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
                    campaigns.choices.update(|c| {
                        if take { c.nearest.insert(choice); } else { c.nearest.remove(&choice); }
                    });
                    campaigns.risks_accepted.set(false);
                }
            />
            {format!("Send the nearest release it holds, {}, instead (otherwise they are left out)", nearest.version)}
        </label>
    }
    .into_any()
}

/// The waves and the thresholds, editable.
#[component]
fn WaveForm() -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let settings = move || campaigns.choices.with(|c| c.settings.clone());
    let waves_text = RwSignal::new(campaigns.choices.with_untracked(|c| c.settings.waves_text()));
    let waves_error = RwSignal::new(None::<String>);
    let set = move |change: &dyn Fn(&mut WaveSettings)| {
        campaigns.choices.update(|c| change(&mut c.settings));
    };
    let number = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<u32>().ok();
    view! {
        <fieldset class="wave-form">
            <legend>"Waves"</legend>
            <label>
                "Canary"
                <input
                    type="number"
                    min="1"
                    data-testid="canary-size"
                    prop:value=move || match settings().canary { Canary::Devices(n) => n, Canary::Percent(p) => u32::from(p) }.to_string()
                    on:change=move |ev| if let Some(n) = number(&ev) {
                        set(&|s| s.canary = match s.canary {
                            Canary::Devices(_) => Canary::Devices(n.max(1)),
                            Canary::Percent(_) => Canary::Percent(n.clamp(1, 100) as u8),
                        });
                    }
                />
                <select
                    aria-label="Canary size in"
                    on:change=move |ev| {
                        let percent = event_target_value(&ev) == "percent";
                        set(&|s| s.canary = match (s.canary, percent) {
                            (Canary::Devices(n), true) => Canary::Percent(n.clamp(1, 100) as u8),
                            (Canary::Percent(p), false) => Canary::Devices(u32::from(p)),
                            (same, _) => same,
                        });
                    }
                >
                    <option value="devices" selected=move || matches!(settings().canary, Canary::Devices(_))>"devices per model"</option>
                    <option value="percent" selected=move || matches!(settings().canary, Canary::Percent(_))>"% per model"</option>
                </select>
            </label>
            <label>
                "Then waves of (% of each model's devices; the rest follows)"
                <input
                    type="text"
                    inputmode="numeric"
                    data-testid="wave-shares"
                    aria-invalid=move || waves_error.with(Option::is_some).to_string()
                    aria-describedby="wave-shares-error"
                    prop:value=move || waves_text.get()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        waves_text.set(text.clone());
                        match WaveSettings::parse_waves(&text) {
                            Ok(waves) => {
                                waves_error.set(None);
                                set(&|s| s.waves = waves.clone());
                            }
                            Err(error) => waves_error.set(Some(error)),
                        }
                    }
                />
            </label>
            <p class="field-error" id="wave-shares-error" role="status">{move || waves_error.get()}</p>
            <WaveNumber label="Pause between waves (seconds)" read=|s| s.pause_secs write=|s, n| s.pause_secs = n />
            <label>
                "Give up on a device after this many seconds without progress"
                <input
                    type="number"
                    min="5"
                    step="1"
                    data-testid="campaign-deadline"
                    prop:value=move || campaigns.choices.with(|c| c.deadline_secs).to_string()
                    on:change=move |ev| if let Some(secs) = read_deadline(&event_target_value(&ev)) {
                        campaigns.choices.update(|c| c.deadline_secs = secs);
                    }
                />
            </label>
            <WaveNumber label="Halt when more than this % of the canary does not verify" testid="canary-threshold"
                max=100 read=|s| u32::from(s.canary_threshold) write=|s, n| s.canary_threshold = n as u8 />
            <WaveNumber label="… or of any later wave" testid="wave-threshold"
                max=100 read=|s| u32::from(s.threshold) write=|s, n| s.threshold = n as u8 />
            <WaveNumber label="… and more than this many of its devices" testid="wave-allowance"
                read=|s| s.allowance write=|s, n| s.allowance = n />
        </fieldset>
    }
}

/// One number of the wave settings: a labelled box that shows it and writes it back,
/// at most `max` (a percentage).
#[component]
fn WaveNumber(
    label: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] max: Option<u32>,
    read: fn(&WaveSettings) -> u32,
    write: fn(&mut WaveSettings, u32),
) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let store = move |text: &str| {
        if let Ok(n) = text.trim().parse::<u32>() {
            campaigns.choices.update(|c| write(&mut c.settings, max.map_or(n, |m| n.min(m))));
        }
    };
    view! {
        <label>
            {label}
            <input
                type="number"
                min="0"
                max=max
                data-testid=testid
                prop:value=move || campaigns.choices.with(|c| read(&c.settings)).to_string()
                on:change=move |ev| store(&event_target_value(&ev))
            />
        </label>
    }
}

/// On-air devices, risks to accept, and the start button.
#[component]
fn Acceptance(plan: CampaignPlan) -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let runner = expect_context::<crate::state::CampaignRunner>();
    let risks = plan.risks();
    let has_risks = !risks.is_empty();
    let hold = plan.air_held();
    let on_air_left = hold.total();
    let include_on_air = campaigns.choices.with_untracked(|c| c.include_on_air);
    let to_send = plan.to_send();
    let label = format!(
        "Start campaign: {} in {}",
        devices(to_send),
        text::count(plan.waves.len(), "wave", "waves")
    );
    let ready = move || {
        to_send > 0
            && !campaigns.starting.get()
            && (!has_risks || campaigns.risks_accepted.get())
            && (!include_on_air || campaigns.on_air_accepted.get())
            && campaigns.schedule_read.with(|r| r.blocks_start().is_none())
    };
    let plan = StoredValue::new(plan);
    view! {
        {(on_air_left > 0 || include_on_air).then(|| view! {
            <div class="notice notice-info on-air-choice">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="include-on-air"
                        prop:checked=include_on_air
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            campaigns.choices.update(|c| c.include_on_air = on);
                            campaigns.on_air_accepted.set(false);
                        }
                    />
                    {if include_on_air {
                        "Devices on air (or whose on-air state is not reported) are included".to_string()
                    } else if hold.unknown == 0 {
                        format!("Include the {} on air (recording or live)", devices(on_air_left))
                    } else {
                        format!("Include the {}", hold.who())
                    }}
                </label>
                {include_on_air.then(|| view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="accept-on-air"
                            prop:checked=move || campaigns.on_air_accepted.get()
                            on:change=move |ev| campaigns.on_air_accepted.set(event_target_checked(&ev))
                        />
                        "I understand: their recording or stream stops while they install and reboot"
                    </label>
                })}
            </div>
        })}
        {has_risks.then(|| view! {
            <RiskAcceptance risks=risks accepted=campaigns.risks_accepted test_id="accept-risks" />
        })}
        <div class="actions">
            <button
                type="button"
                class="primary"
                data-testid="start-campaign"
                disabled=move || !ready()
                on:click=move |_| runner.start(plan.get_value())
            >
                {move || if campaigns.starting.get() { "Starting…".to_string() } else { label.clone() }}
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
