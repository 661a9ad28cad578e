//! When a campaign may send: the planner's start, end and maintenance windows (offered only
//! when the console service drives campaigns, as only it keeps to them), read by the service
//! as it will keep them; and, on a campaign's page, what its next wave waits for.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::record::{self, ScheduleQuestion, WindowQuestion};
use crate::domain::campaign::Campaign;
use crate::state::History;
use crate::state::campaigns::{ScheduleRead, is_scheduled};

const DAYS: [(&str, &str); 7] = [
    ("Mon", "Monday"),
    ("Tue", "Tuesday"),
    ("Wed", "Wednesday"),
    ("Thu", "Thursday"),
    ("Fri", "Friday"),
    ("Sat", "Saturday"),
    ("Sun", "Sunday"),
];

/// The schedule fields of the plan, and how the service read them. `waves` and `pause_secs`
/// are the plan's, for each wave's earliest time.
#[component]
pub fn ScheduleForm(waves: Memo<usize>, pause_secs: Memo<u32>) -> impl IntoView {
    let campaigns = expect_context::<crate::state::Campaigns>();
    let history = expect_context::<History>();
    let schedule = campaigns.schedule;
    // Each change asks the service again; only the answer to the latest question is kept.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let question =
            ScheduleQuestion { waves: waves.get(), pause_secs: pause_secs.get(), ..schedule.get() };
        if !is_scheduled(&question) || !history.driven_by_service() {
            campaigns.schedule_read_as(ScheduleRead::Unscheduled);
            return;
        }
        let n = asked.get_value() + 1;
        asked.set_value(n);
        campaigns.schedule_read_as(ScheduleRead::Reading);
        spawn_local(async move {
            let read = match record::read_schedule(&question).await {
                Ok(answer) => ScheduleRead::Read(answer),
                Err(error) => ScheduleRead::Refused(error.message),
            };
            if asked.get_value() == n {
                campaigns.schedule_read_as(read);
            }
        });
    });
    view! {
        <Show when=move || history.driven_by_service()>
            <fieldset class="wave-form schedule-form" data-testid="schedule-form">
                <legend>"When it may send"</legend>
                <ScheduleField label="Start (empty: at once)" kind="datetime-local" testid="schedule-start"
                    read=|s| s.start.clone() write=|s, v| s.start = v />
                <ScheduleField label="End: nothing is sent after it (empty: none)" kind="datetime-local"
                    testid="schedule-end" read=|s| s.end.clone() write=|s, v| s.end = v />
                <ScheduleField label="Time zone of these times and the windows" kind="text"
                    testid="schedule-zone" read=|s| s.zone.clone() write=|s, v| s.zone = v />
                <div class="schedule-windows">
                    <For
                        each=move || 0..schedule.with(|s| s.windows.len())
                        key=|index| *index
                        children=move |index| view! { <WindowRow index=index /> }
                    />
                    <button
                        type="button"
                        data-testid="add-window"
                        on:click=move |_| campaigns.change_schedule(|s| s.windows.push(WindowQuestion {
                            days: vec![1],
                            start: "02:00".into(),
                            hours: "3".into(),
                        }))
                    >
                        "Add a maintenance window"
                    </button>
                </div>
                <ScheduleReading />
            </fieldset>
        </Show>
    }
}

/// One field of the schedule: a labelled input that shows it and writes it back on change.
#[component]
fn ScheduleField(
    label: &'static str,
    kind: &'static str,
    testid: &'static str,
    read: fn(&ScheduleQuestion) -> String,
    write: fn(&mut ScheduleQuestion, String),
) -> impl IntoView {
    let campaigns = expect_context::<crate::state::Campaigns>();
    let schedule = campaigns.schedule;
    view! {
        <label>
            {label}
            <input
                type=kind
                data-testid=testid
                autocomplete="off"
                prop:value=move || schedule.with(read)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    campaigns.change_schedule(|s| write(s, value));
                }
            />
        </label>
    }
}

/// One maintenance window: its days, opening time and length.
#[component]
fn WindowRow(index: usize) -> impl IntoView {
    let campaigns = expect_context::<crate::state::Campaigns>();
    let schedule = campaigns.schedule;
    let read = move |f: fn(&WindowQuestion) -> String| {
        schedule.with(|s| s.windows.get(index).map(f).unwrap_or_default())
    };
    let change = move |f: &dyn Fn(&mut WindowQuestion)| {
        campaigns.change_schedule(|s| {
            if let Some(w) = s.windows.get_mut(index) {
                f(w);
            }
        })
    };
    view! {
        <div class="schedule-window" role="group" aria-label=format!("Window {}", index + 1) data-testid="schedule-window">
            <span class="days">
                {DAYS.iter().enumerate().map(|(day, (short, long))| {
                    let day = day as u8;
                    view! {
                        <label class="check" title=*long>
                            <input
                                type="checkbox"
                                aria-label=*long
                                prop:checked=move || schedule.with(|s| s.windows.get(index).is_some_and(|w| w.days.contains(&day)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    change(&|w| {
                                        w.days.retain(|d| *d != day);
                                        if on {
                                            w.days.push(day);
                                            w.days.sort_unstable();
                                        }
                                    });
                                }
                            />
                            {*short}
                        </label>
                    }
                }).collect_view()}
            </span>
            <label>
                "Opens at"
                <input
                    type="time"
                    data-testid="window-start"
                    prop:value=move || read(|w| w.start.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); change(&|w| w.start = v.clone()) }
                />
            </label>
            <label>
                "For (hours)"
                <input
                    type="text"
                    inputmode="decimal"
                    data-testid="window-hours"
                    prop:value=move || read(|w| w.hours.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); change(&|w| w.hours = v.clone()) }
                />
            </label>
            <button
                type="button"
                on:click=move |_| campaigns.change_schedule(|s| { if index < s.windows.len() { s.windows.remove(index); } })
            >
                "Remove"
            </button>
        </div>
    }
}

/// The service's reading: the schedule in words, or what is wrong with it.
#[component]
fn ScheduleReading() -> impl IntoView {
    let campaigns = expect_context::<crate::state::Campaigns>();
    move || {
        match campaigns.schedule_read.get() {
        ScheduleRead::Unscheduled => view! {
            <p class="muted schedule-summary" data-testid="schedule-summary">"Sends at once, at any time."</p>
        }
        .into_any(),
        ScheduleRead::Reading => {
            view! { <p class="muted schedule-summary" aria-busy="true">"Reading the schedule…"</p> }.into_any()
        }
        ScheduleRead::Read(answer) => view! {
            <p class="schedule-summary" data-testid="schedule-summary">{format!("Sends {}.", answer.summary)}</p>
        }
        .into_any(),
        ScheduleRead::Refused(why) => view! {
            <p class="field-error" role="alert" data-testid="schedule-error">{why}</p>
        }
        .into_any(),
    }
    }
}

/// " · at the earliest Tue 8 Dec 2026 02:00 CET" for wave `index` of the plan, when scheduled.
pub fn earliest_of(index: usize) -> Option<String> {
    let campaigns = expect_context::<crate::state::Campaigns>();
    campaigns.schedule_read.with(|read| match read {
        ScheduleRead::Read(answer) => {
            Some(match answer.earliest_local.get(index).cloned().flatten() {
                Some(at) => format!(" · at the earliest {at}"),
                None => " · no window before the end".to_string(),
            })
        }
        _ => None,
    })
}

/// What a running campaign's next wave waits for, counting down; nothing when it waits for
/// nothing.
#[component]
pub fn ScheduleWait(campaign: Memo<Option<Campaign>>) -> impl IntoView {
    // The countdown moves every 20 s while the page is open.
    let now = RwSignal::new(crate::browser::now_ms());
    let tick =
        gloo_timers::callback::Interval::new(20_000, move || now.set(crate::browser::now_ms()));
    let tick = StoredValue::new_local(Some(tick));
    on_cleanup(move || tick.update_value(|t| drop(t.take())));
    move || {
        campaign.with(|c| {
            let c = c.as_ref().filter(|c| c.is_running())?;
            let waiting = c.waiting.as_ref()?;
            let text = c.schedule.waiting_text(waiting, now.get());
            Some(view! {
                <p class="notice notice-info" role="status" data-testid="campaign-waiting">
                    <span class="notice-tag">"Scheduled"</span> " " {text}
                </p>
            })
        })
    }
}
