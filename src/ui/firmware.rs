//! Choosing the firmware for the batch: newest first, release or test build, and what
//! each would do to the selected devices.

use leptos::prelude::*;

use super::error::ErrorNotice;
use super::format;
use super::unreported::FirmwareDoubts;
use crate::domain::batch::Reach;
use crate::domain::firmware::{FirmwareEntry, KeyOffer};
use crate::state::batch::Offer;
use crate::state::nav::FIRMWARE;
use crate::state::{Batch, Fleet, Workflows};

/// The offer for the batch key, in whatever state it is.
#[component]
pub fn FirmwarePicker(#[prop(into)] offer: Signal<Offer>) -> impl IntoView {
    let batch = expect_context::<Batch>();
    let for_what = move || {
        batch.selection.with(|s| s.anchor().map(|a| a.model_and_hardware())).unwrap_or_default()
    };
    view! {
        <section class="firmware card" aria-labelledby="firmware-title">
            <h2 id=FIRMWARE tabindex="-1">"Firmware"</h2>
            {move || match offer.get() {
                Offer::NoKey => view! {
                    <p class="muted">"Select devices first: the firmware on offer depends on their model and hardware version."</p>
                }.into_any(),
                Offer::Loading => view! {
                    <p class="muted" aria-busy="true">{move || format!("Reading the firmware for {}…", for_what())}</p>
                }.into_any(),
                Offer::Failed(error) => view! {
                    <ErrorNotice error=error lead="The firmware list could not be read." />
                    <button type="button" on:click=move |_| batch.reload_offer()>"Try again"</button>
                }.into_any(),
                Offer::Ready(offer) if offer.entries.is_empty() => view! {
                    <FirmwareDoubts lines=offer.doubts.clone() testid="offer-doubts" />
                    <p class="empty" data-testid="no-firmware">
                        {format!("The Cloud holds no firmware for {} that can be offered. Upload one to the Cloud first.", for_what())}
                        {(offer.unreadable > 0).then(|| format!(" ({} entries of the Cloud's list could not be read.)", offer.unreadable))}
                    </p>
                }.into_any(),
                Offer::Ready(offer) => view! {
                    <FirmwareDoubts lines=offer.doubts.clone() testid="offer-doubts" />
                    {(offer.unreadable > 0).then(|| view! {
                        <p class="muted">{format!("{} entries of the Cloud's list could not be read and are not offered.", offer.unreadable)}</p>
                    })}
                    <FirmwareList offer=offer />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn FirmwareList(offer: KeyOffer) -> impl IntoView {
    let batch = expect_context::<Batch>();
    let flows = expect_context::<Workflows>();
    let fleet = expect_context::<Fleet>();
    // The selected devices as the review will split them (the offline, upgrading and
    // on-air ones left out), found once per change rather than once per entry.
    let selected = Memo::new(move |_| {
        batch.selection.with(|selection| {
            let of_key = fleet.key_index.with(|index| index.of_key(selection.key()));
            fleet.devices.with(|fleet| {
                Reach::of(selection.selected_among(of_key.iter().map(|&i| &fleet[i])))
            })
        })
    });
    // The newest release is marked; a test build listed above it is said, not slipped in.
    let newest_release = offer.newest_release().map(|e| e.reference);
    let test_first = offer.entries.first().is_some_and(|e| e.is_test_build).then(|| {
        match (offer.newest_release(), offer.undecided) {
            (Some(release), _) => format!(
                "Test builds are listed first because they are newer. The newest release is {}.",
                release.version
            ),
            (None, true) => "Test builds are listed first because they are newer. Which release is the newest is not decided (see above).".to_string(),
            (None, false) => "The Cloud holds only test builds for these devices.".to_string(),
        }
    });
    let items = offer
        .entries
        .into_iter()
        .map(|entry| {
            let counts = Signal::derive(move || {
                selected.with(|reach| reach.with(entry.version).to_string())
            });
            let newest = newest_release == Some(entry.reference);
            view! { <FirmwareChoice entry=entry counts=counts newest=newest /> }
        })
        .collect_view();
    view! {
        {test_first.map(|text| view! { <p class="notice notice-warn" data-testid="test-first">{text}</p> })}
        <fieldset>
            <legend>"Newest first"</legend>
            <ul class="firmware-list">{items}</ul>
        </fieldset>
        <button
            type="button"
            class="primary"
            id="review-button"
            disabled=move || batch.chosen_entry().is_none() || batch.selection.with(|s| s.is_empty())
            on:click=move |_| flows.review()
        >
            "Review upgrade"
        </button>
    }
}

/// One firmware on offer, with what it would do to the selection.
#[component]
fn FirmwareChoice(
    entry: FirmwareEntry,
    /// "upgrades 23 · unchanged 0 · downgrades 0 · left out: 1 offline".
    counts: Signal<String>,
    /// The newest release on offer.
    newest: bool,
) -> impl IntoView {
    let batch = expect_context::<Batch>();
    let reference = entry.reference;
    let id = format!("firmware-{}", reference.0);
    let kind = entry.kind();
    view! {
        <li class:test-build=entry.is_test_build>
            <input
                type="radio"
                name="firmware"
                id=id.clone()
                prop:checked=move || batch.chosen.get() == Some(reference)
                on:change=move |_| batch.choose(reference)
            />
            <label for=id>
                <span class="version mono">{entry.version.to_string()}</span>
                <span class=kind.badge()>{kind.label()}</span>
                {newest.then(|| view! { <span class="badge newest" data-testid="newest-release">"newest release"</span> })}
                <span class="muted">{format!("uploaded {}", format::date(entry.uploaded))}</span>
                <span class="changes" data-testid="firmware-changes">
                    {counts}
                </span>
            </label>
        </li>
    }
}
