//! The waves and the thresholds of a campaign being planned, editable: the canary, the
//! later waves' shares, the pause, the deadline and when it halts.

use leptos::prelude::*;

use crate::domain::batch::read_deadline;
use crate::domain::campaign::plan::{Canary, WaveSettings};
use crate::state::Campaigns;

/// The waves and the thresholds, editable.
#[component]
pub fn WaveForm() -> impl IntoView {
    let campaigns = expect_context::<Campaigns>();
    let settings = move || campaigns.choices.with(|c| c.settings.clone());
    let waves_text = RwSignal::new(campaigns.choices.with_untracked(|c| c.settings.waves_text()));
    let waves_error = RwSignal::new(None::<String>);
    let set = move |change: &dyn Fn(&mut WaveSettings)| {
        campaigns.change_plan(|c| change(&mut c.settings));
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
                        campaigns.change_plan(|c| c.deadline_secs = secs);
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
            campaigns.change_plan(|c| write(&mut c.settings, max.map_or(n, |m| n.min(m))));
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
