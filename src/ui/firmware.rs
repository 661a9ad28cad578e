//! Choosing the firmware for the batch: newest first, release or test build, and what
//! each would do to the selected devices.

use leptos::prelude::*;

use super::error::ErrorNotice;
use super::format;
use super::store::{Console, FirmwareOffer};
use crate::domain::firmware::{ChangeCounts, FirmwareEntry};

#[component]
pub fn FirmwarePicker() -> impl IntoView {
    let console = expect_context::<Console>();
    let batch_label = move || {
        console.selection.with(|s| {
            s.anchor()
                .map(|a| format!("{} hardware {}", a.model_label, a.key.hardware))
                .unwrap_or_default()
        })
    };
    view! {
        <section class="firmware card" aria-labelledby="firmware-title">
            <h2 id="firmware-title">"Firmware"</h2>
            {move || match console.offer.get() {
                FirmwareOffer::NoKey => view! {
                    <p class="muted">"Select devices first: the firmware on offer depends on their model and hardware version."</p>
                }.into_any(),
                FirmwareOffer::Loading(_) => view! {
                    <p class="muted" aria-busy="true">{move || format!("Reading the firmware for {}…", batch_label())}</p>
                }.into_any(),
                FirmwareOffer::Failed { key, error } => view! {
                    <ErrorNotice error=error lead="The firmware list could not be read." />
                    <button type="button" on:click=move |_| console.load_firmwares(key.clone())>"Try again"</button>
                }.into_any(),
                FirmwareOffer::Ready { entries, unreadable, .. } if entries.is_empty() => view! {
                    <p class="empty" data-testid="no-firmware">
                        {format!("The Cloud holds no firmware for {}. Upload one to the Cloud first.", batch_label())}
                        {(unreadable > 0).then(|| format!(" ({unreadable} entries could not be read.)"))}
                    </p>
                }.into_any(),
                FirmwareOffer::Ready { entries, unreadable, .. } => view! {
                    <FirmwareList entries=entries />
                    {(unreadable > 0).then(|| view! {
                        <p class="muted">{format!("{unreadable} entries of the Cloud's list could not be read and are not offered.")}</p>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn FirmwareList(entries: Vec<FirmwareEntry>) -> impl IntoView {
    let console = expect_context::<Console>();
    // The selected devices' versions, found once per change rather than once per entry.
    let selected = Memo::new(move |_| {
        console.selection.with(|selection| {
            console.fleet.with(|fleet| {
                selection
                    .selected_in(fleet)
                    .map(|d| d.version)
                    .collect::<Vec<_>>()
            })
        })
    });
    let items = entries
        .into_iter()
        .map(|entry| {
            let reference = entry.reference;
            let version = entry.version;
            let id = format!("firmware-{}", reference.0);
            let counts = move || selected.with(|versions| ChangeCounts::of(version, versions.iter().copied()));
            let kind = if entry.is_test_build { "test build" } else { "release" };
            view! {
                <li class:test-build=entry.is_test_build>
                    <input
                        type="radio"
                        name="firmware"
                        id=id.clone()
                        prop:checked=move || console.chosen.get() == Some(reference)
                        on:change=move |_| {
                            console.chosen.set(Some(reference));
                            console.risks_accepted.set(false);
                        }
                    />
                    <label for=id>
                        <span class="version mono">{version.to_string()}</span>
                        <span class=format!("badge {}", if entry.is_test_build { "test" } else { "release" })>{kind}</span>
                        <span class="muted">{format!("uploaded {}", format::date(entry.uploaded))}</span>
                        <span class="changes" data-testid="firmware-changes">
                            {move || {
                                let c = counts();
                                let mut text = format!("upgrades {} · unchanged {} · downgrades {}", c.upgrade, c.same, c.downgrade);
                                if c.unknown > 0 {
                                    text.push_str(&format!(" · unknown current version {}", c.unknown));
                                }
                                text
                            }}
                        </span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>"Newest first"</legend>
            <ul class="firmware-list">{items}</ul>
        </fieldset>
        <button
            type="button"
            class="primary"
            disabled=move || console.chosen.get().is_none() || console.selection.with(|s| s.is_empty())
            on:click=move |_| console.reviewing.set(true)
        >
            "Review upgrade"
        </button>
    }
}
