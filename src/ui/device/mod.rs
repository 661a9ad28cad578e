//! One device's page (`/devices/{sn}`): what the Cloud says about it now (`get-dev`), every
//! call this console made that named it — single runs, campaign waves, retries, rollbacks —
//! and what can be done to it: upgrade it, retry its last failed call, return it to the
//! version it had.

mod story;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::api::lists::OneDevice;
use crate::browser::now_ms;
use crate::domain::campaign::rollback::Rollback;
use crate::domain::device::{DeviceDetails, FleetDevice};
use crate::domain::device_story::story;
use crate::domain::releases::Releases;
use crate::domain::text::isolate;
use crate::state::library::LibraryState;
use crate::state::{Cloud, Fleet, History, Library, Session, Workflows};
use crate::ui::campaigns::RollbackButton;
use crate::ui::error::ErrorNotice;
use crate::ui::format;
use story::Story;

/// What the Cloud said when asked for the device.
#[derive(Clone)]
enum Asked {
    Reading,
    Read {
        device: Box<FleetDevice>,
        details: DeviceDetails,
        at: i64,
        /// The fleet's reading at that moment: a later one is newer than this answer.
        fleet_read_at: Option<i64>,
    },
    /// The Cloud did not answer with the device: its error (it may not list it to you).
    Failed(ApiError),
    /// The Cloud answered with this other device's record: shown as nothing.
    Another(String),
}

#[component]
pub fn DevicePage(sn: String) -> impl IntoView {
    let cloud = expect_context::<Cloud>();
    let session = expect_context::<Session>();
    let history = expect_context::<History>();
    let library = expect_context::<Library>();
    library.load_if_needed();
    let fleet = expect_context::<Fleet>();
    let asked = RwSignal::new(Asked::Reading);
    let sn = StoredValue::new(sn);
    let read = move || {
        asked.set(Asked::Reading);
        let client = cloud.client();
        spawn_local(async move {
            let result = session.noticed(client.device(&sn.get_value()).await);
            asked.set(match result {
                Ok(listed) => match listed.items {
                    OneDevice::Read(device, details) => Asked::Read {
                        device,
                        details,
                        at: now_ms(),
                        fleet_read_at: fleet.read_at.get_untracked(),
                    },
                    OneDevice::Unreadable => Asked::Failed(ApiError::Decode {
                        error: "the Cloud's `dev` could not be read as a device".into(),
                        body: String::new(),
                    }),
                    OneDevice::Another(answered) => Asked::Another(answered),
                },
                Err(ApiError::Session { .. }) => return,
                Err(error) => Asked::Failed(error),
            });
        });
    };
    read();
    // Once read, the device follows the fleet's later readings (a run's polls): its state
    // and firmware as they change, without asking the Cloud again.
    let from_fleet = Memo::new(move |_| {
        sn.with_value(|sn| fleet.devices.with(|d| d.iter().find(|d| &d.sn == sn).cloned()))
    });
    let asked = Signal::derive(move || {
        let answer = asked.get();
        let Asked::Read { details, fleet_read_at, .. } = &answer else { return answer };
        let newer = fleet.read_at.with(|now| now.is_some() && now != fleet_read_at);
        match from_fleet.get() {
            Some(latest) if newer => Asked::Read {
                device: Box::new(latest),
                details: details.clone(),
                at: fleet.read_at.get().unwrap_or_else(now_ms),
                fleet_read_at: *fleet_read_at,
            },
            _ => answer,
        }
    });
    let steps = Memo::new(move |_| sn.with_value(|sn| history.with_all(|runs| story(sn, runs))));
    let rollback = Signal::derive(move || {
        sn.with_value(|sn| history.with_all(|runs| Rollback::of_device(sn, runs)))
    });
    let releases = Memo::new(move |_| {
        library.list.with(|l| match l {
            LibraryState::Ready(list) => Some(Releases::of(list)),
            _ => None,
        })
    });
    view! {
        <section class="device-page card" aria-labelledby="device-title" data-testid="device-page">
            <div class="section-head">
                <h2 id="device-title" tabindex="-1">{move || format!("Device {}", sn.get_value())}</h2>
                <button type="button" on:click=move |_| read() disabled=move || matches!(asked.get(), Asked::Reading)>
                    "Read again"
                </button>
                <span class="muted">{move || match asked.get() {
                    Asked::Read { at, .. } => format!("read at {}", format::time(at)),
                    Asked::Reading => "reading…".into(),
                    Asked::Failed(_) | Asked::Another(_) => String::new(),
                }}</span>
            </div>
            {move || match asked.get() {
                Asked::Reading => view! { <p aria-busy="true">"Asking the Cloud about this device…"</p> }.into_any(),
                Asked::Failed(error) => view! {
                    <ErrorNotice error=error lead="The Cloud did not report this device: it may not be listed, or not open to you.".to_string() />
                }.into_any(),
                Asked::Another(answered) => view! {
                    <div class="notice notice-error" role="alert" data-testid="device-another">
                        <p>
                            <span class="notice-tag">"Not this device"</span>
                            {format!(
                                " Asked about {}, the Cloud answered with the record of {}: none of it is shown, as it cannot be told which device it describes. Read again; if it persists, the Cloud check may say more.",
                                isolate(&sn.get_value()), isolate(&answered),
                            )}
                        </p>
                    </div>
                }.into_any(),
                Asked::Read { device, details, .. } => view! {
                    <Facts device=*device details=details releases=releases.get() />
                }.into_any(),
            }}
            <Show
                when=move || session.may_upgrade()
                fallback=|| view! {
                    <p class="muted" data-testid="device-read-only">
                        "As an operator you see this device and its story read-only: an administrator upgrades, retries and rolls it back."
                    </p>
                }
            >
                <Actions sn=sn.get_value() listed=from_fleet steps=steps rollback=rollback />
            </Show>
            <Story steps=steps />
        </section>
    }
}

/// What the Cloud says about the device.
#[component]
fn Facts(device: FleetDevice, details: DeviceDetails, releases: Option<Releases>) -> impl IntoView {
    let cloud = expect_context::<Cloud>();
    let catalogue = cloud.catalogue_untracked();
    let standing = releases
        .as_ref()
        .map(|r| format!(" · {}", r.standing(&device).describe(r.newest(&device.key))));
    let warnings = match (device.no_signal, details.warning_bits & !1) {
        (false, 0) => "none".to_string(),
        (true, 0) => "no input signal".to_string(),
        (signal, other) => format!(
            "{}other warning bits {other:#x} (not documented)",
            if signal { "no input signal; " } else { "" }
        ),
    };
    let state = device.presence.label();
    let since = details
        .online_since
        .filter(|_| device.online())
        .map(|t| format!(" since {}", format::date(t)));
    let fleet = expect_context::<Fleet>();
    let group = fleet.groups.with_untracked(|g| g.path(device.group).into_owned());
    let rows: Vec<(&'static str, String)> = vec![
        ("Product", device.name.clone()),
        ("Family", device.family_name.clone()),
        ("Model", device.key.model.to_string()),
        ("Hardware", device.key.hardware.clone()),
        ("Firmware", format!("{}{}", device.firmware, standing.unwrap_or_default())),
        (
            "State",
            format!(
                "{state}{} · {}",
                since.unwrap_or_default(),
                device.activity.describe(&catalogue)
            ),
        ),
        ("Warnings", warnings),
        ("On air", device.on_air.map_or("no (or not reported)".to_string(), |a| a.to_string())),
        ("Group", group),
        ("Joined the Cloud", details.joined.map_or("not reported".into(), format::date)),
        (
            "Up for",
            details
                .up_time
                .map_or("not reported".into(), |s| format!("{} h {} min", s / 3600, s % 3600 / 60)),
        ),
        (
            "Addresses",
            if details.addresses.is_empty() {
                "none reported".into()
            } else {
                details
                    .addresses
                    .iter()
                    .map(|(n, a)| format!("{n} {a}"))
                    .collect::<Vec<_>>()
                    .join(" · ")
            },
        ),
    ];
    view! {
        <dl class="facts" data-testid="device-facts">
            {rows.into_iter().map(|(name, value)| view! {
                <div><dt>{name}</dt><dd>{crate::domain::text::isolate(&value).into_owned()}</dd></div>
            }).collect_view()}
        </dl>
    }
}

/// Upgrade it, retry its last failed call, return it to the version it had.
#[component]
fn Actions(
    sn: String,
    /// The device as the fleet last read it (`None`: not listed).
    listed: Memo<Option<FleetDevice>>,
    steps: Memo<Vec<crate::domain::device_story::StoryStep>>,
    rollback: Signal<Option<Rollback>>,
) -> impl IntoView {
    let flows = expect_context::<Workflows>();
    let history = expect_context::<History>();
    let sn = StoredValue::new(sn);
    let listed = move || listed.with(Option::is_some);
    // The latest call, when it ended other than verified and nothing later verified it.
    let to_retry = move || steps.with(|s| s.first().filter(|s| s.end.is_failure()).map(|s| s.run));
    let under_way = move || {
        steps.with(|s| {
            s.first().is_some_and(|s| history.with_run(s.run, |r| r.is_active()).unwrap_or(false))
        })
    };
    view! {
        <div class="actions">
            <button
                type="button"
                class="primary"
                data-testid="upgrade-device"
                disabled=move || !listed()
                on:click=move |_| sn.with_value(|sn| flows.upgrade_device(sn))
            >
                "Upgrade this device…"
            </button>
            <button
                type="button"
                data-testid="retry-device"
                disabled=move || to_retry().is_none() || !listed()
                on:click=move |_| if let Some(run) = to_retry() { sn.with_value(|sn| flows.retry_device(run, sn)) }
            >
                {move || to_retry().map_or("Retry".to_string(), |run| format!("Retry run {run}'s upgrade"))}
            </button>
            <RollbackButton
                rollback=rollback
                blocked=Signal::derive(move || under_way().then_some("A way back is planned once its upgrade has ended."))
            />
        </div>
        {move || {
            let why = if !listed() {
                Some("The fleet as last read does not list this device: it cannot be sent an upgrade from here.")
            } else if to_retry().is_none() {
                Some("Nothing to retry: its latest upgrade in this browser's history did not fail.")
            } else {
                None
            };
            why.map(|why| view! { <p class="muted why" data-testid="device-why">{why}</p> })
        }}
    }
}
