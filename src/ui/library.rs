//! The firmware library page: what the Cloud holds, grouped by model and hardware, and —
//! for administrators — uploading a `.mwf` and adding it, then upgrading devices to it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::error::ErrorNotice;
use super::format;
use super::set_aside::SetAsideNotice;
use super::unreported::FirmwareDoubts;
use crate::domain::library::{self, Built, LibraryEntry, UploadedFirmware, fit_text};
use crate::state::library::{LibraryState, UploadState};
use crate::state::{Fleet, Library, Session, Workflows};

#[component]
pub fn LibraryPage() -> impl IntoView {
    let library = expect_context::<Library>();
    let fleet = expect_context::<Fleet>();
    let session = expect_context::<Session>();
    let admin = move || session.may_upgrade();
    library.load_if_needed();
    view! {
        <Show
            when=admin
            fallback=|| view! {
                <p class="notice notice-info" data-testid="library-read-only">
                    <span class="notice-tag">"Read-only"</span>
                    " Uploading firmware and upgrading devices to it need the administrator account (Admin); operators see what the Cloud holds."
                </p>
            }
        >
            <UploadCard />
        </Show>
        <section class="library card" aria-labelledby="library-title">
            <div class="section-head">
                <h2 id="library-title">"Firmware on the Cloud"</h2>
                <button type="button" on:click=move |_| library.load()>"Refresh"</button>
            </div>
            {move || match library.list.get() {
                LibraryState::NotRead | LibraryState::Reading => {
                    view! { <p aria-busy="true">"Reading the firmware list…"</p> }.into_any()
                }
                LibraryState::Failed(error) => {
                    view! { <ErrorNotice error=error lead="The firmware list could not be read." /> }.into_any()
                }
                LibraryState::Ready(list) => {
                    let (groups, _) = fleet.devices.with(|devices| library::group(&list, devices));
                    let reading = list.reading.clone();
                    view! {
                        <FirmwareDoubts lines=list.doubts() testid="library-firmware-doubts" />
                        <SetAsideNotice reading=Signal::stored(reading) records=("firmware entry", "firmware entries") testid="library-set-aside" />
                        {groups.is_empty().then(|| view! { <p class="empty">"The Cloud holds no firmware yet."</p> })}
                        {groups.into_iter().map(|group| {
                            let family = group.family;
                            view! {
                                <div class="library-group">
                                    <h3>{format!("{} · hardware {}", group.label, group.hardware)}</h3>
                                    <ul class="firmware-list">
                                        {group.entries.into_iter().map(|entry| view! {
                                            <LibraryItem entry=entry family=family admin=Signal::derive(admin) />
                                        }).collect_view()}
                                    </ul>
                                </div>
                            }
                        }).collect_view()}
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn LibraryItem(entry: LibraryEntry, family: Option<i64>, admin: Signal<bool>) -> impl IntoView {
    let library = expect_context::<Library>();
    let flows = expect_context::<Workflows>();
    let path = entry.file_path.clone();
    let highlighted =
        Signal::derive(move || library.highlight.with(|h| h.as_deref() == Some(path.as_str())));
    let kind = entry.entry.kind();
    let fit = fit_text(&entry);
    let can_upgrade = family.is_some() && entry.would_upgrade > 0;
    let firmware = entry.entry.clone();
    view! {
        <li class:highlight=highlighted data-file-path=entry.file_path.clone()>
            <span class="version mono">{entry.entry.version.to_string()}</span>
            <span class=kind.badge()>{kind.label()}</span>
            <span class="muted">{format!("uploaded {}", format::date(entry.entry.uploaded))}</span>
            <span class="muted">{fit}</span>
            {move || highlighted.get().then(|| view! { <span class="badge new">"just added"</span> })}
            <Show when=move || admin.get()>
                <button
                    type="button"
                    disabled=!can_upgrade
                    on:click={
                        let firmware = firmware.clone();
                        move |_| {
                            if let Some(family) = family {
                                flows.upgrade_to(family, firmware.clone());
                            }
                        }
                    }
                >
                    "Upgrade devices to this"
                </button>
            </Show>
        </li>
    }
}

/// Choose (or drop) a `.mwf`, watch it upload, check what the Cloud read, add it.
#[component]
pub fn UploadCard() -> impl IntoView {
    let library = expect_context::<Library>();
    let dragging = RwSignal::new(false);
    let busy = move || library.upload.with(UploadState::is_busy);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|files| files.get(0)) {
            library.choose_file(file);
        }
        if let Some(input) = input {
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if busy() {
            return;
        }
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            library.choose_file(file);
        }
    };
    view! {
        <section class="upload card" aria-labelledby="upload-title">
            <h2 id="upload-title">"Upload firmware"</h2>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="firmware-file">"Choose a .mwf file, or drop it here"</label>
                <input id="firmware-file" type="file" accept=".mwf" disabled=busy on:change=on_pick />
            </div>
            <div data-testid="upload-status">{move || upload_status(library)}</div>
        </section>
    }
}

fn upload_status(library: Library) -> AnyView {
    match library.upload.get() {
        UploadState::Idle => ().into_any(),
        UploadState::Invalid(problem) => view! {
            <p class="notice notice-error" role="alert"><span class="notice-tag">"Not uploaded"</span> " " {problem}</p>
        }
        .into_any(),
        UploadState::Uploading { name, percent } => view! {
            <p>{format!("Uploading {name}: {percent} %")}</p>
            <progress max="100" value=percent aria-label="Upload progress">{format!("{percent} %")}</progress>
        }
        .into_any(),
        UploadState::Uploaded { name, firmware } => view! { <UploadedCheck name=name firmware=firmware /> }.into_any(),
        UploadState::Adding { name, .. } => view! { <p aria-busy="true">{format!("Adding {name}…")}</p> }.into_any(),
        UploadState::Added { name, .. } => view! {
            <p class="notice notice-info" role="status">
                <span class="notice-tag">"Added"</span> {format!(" {name} is now available for upgrades.")}
            </p>
        }
        .into_any(),
        UploadState::Failed { name, error } => view! {
            <ErrorNotice error=error lead=format!("{name}: nothing was added.") />
        }
        .into_any(),
    }
}

/// What the Cloud read from the uploaded file, for the administrator to check before
/// adding it.
#[component]
fn UploadedCheck(name: String, firmware: UploadedFirmware) -> impl IntoView {
    let library = expect_context::<Library>();
    let built = match &firmware.built {
        Some(Built::At(secs)) => format::date(*secs),
        Some(Built::Text(text)) => text.clone(),
        None => "not given".into(),
    };
    let size = firmware.size.map(|s| format!(" ({s} bytes)")).unwrap_or_default();
    // Said before "Add": adding it again would list the same firmware twice.
    let repeat = library.list.with_untracked(|list| match list {
        LibraryState::Ready(list) => firmware
            .already_listed(list)
            .map(|e| format!(
                "The library already lists {} for this model and hardware (uploaded {}): adding it makes a second entry.",
                e.version,
                format::date(e.uploaded)
            )),
        _ => None,
    });
    view! {
        <div class="uploaded" data-testid="firmware-info">
            <p>{format!("The Cloud read {name}{size}:")}</p>
            <dl class="summary">
                <dt>"Model"</dt><dd>{format!("{} (model {})", firmware.product_name, firmware.model)}</dd>
                <dt>"Hardware"</dt><dd>{firmware.hardware.clone()}</dd>
                <dt>"Version"</dt><dd class="mono">{firmware.version.clone()}</dd>
                <dt>"Type"</dt><dd>{firmware.kind.label()}</dd>
                <dt>"Built"</dt><dd>{built}</dd>
            </dl>
            {repeat.map(|text| view! {
                <p class="notice notice-warn" role="status" data-testid="already-listed">
                    <span class="notice-tag">"Already listed"</span> " " {text}
                </p>
            })}
            <div class="actions">
                <button type="button" class="primary" data-testid="add-firmware" on:click=move |_| library.add_uploaded()>
                    "Add to the Cloud's firmware"
                </button>
                <button type="button" on:click=move |_| library.cancel_upload()>"Cancel"</button>
            </div>
        </div>
    }
}
