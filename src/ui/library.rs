//! The firmware library page: what the Cloud holds, grouped by model and hardware, and —
//! for administrators — uploading a `.mwf` and adding it, then upgrading devices to it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::error::ErrorNotice;
use super::format;
use super::store::{Console, LibraryState, Page, UploadState};
use crate::api::{ApiError, client, upload};
use crate::domain::firmware::FirmwareEntry;
use crate::domain::library::{self, LibraryEntry, check_file, fit_text};

/// Reads the Cloud's whole firmware list.
pub fn load_library(console: Console) {
    if console.library.get_untracked() == LibraryState::Reading {
        return;
    }
    console.library.set(LibraryState::Reading);
    spawn_local(async move {
        let catalogue = console.catalogue.get_untracked();
        match client::all_firmwares(&catalogue).await {
            Ok(list) => console.library.set(LibraryState::Ready(list)),
            Err(ApiError::Session { .. }) => {
                console.library.set(LibraryState::NotRead);
                console.session_lost();
            }
            Err(error) => console.library.set(LibraryState::Failed(error)),
        }
    });
}

/// Checks a chosen file and, if it may be sent, uploads it.
pub fn choose_file(console: Console, file: web_sys::File) {
    let name = file.name();
    if let Err(problem) = check_file(&name, file.size()) {
        console.announce(problem.to_string());
        console
            .upload
            .set(UploadState::Invalid(problem.to_string()));
        return;
    }
    console.upload.set(UploadState::Uploading {
        name: name.clone(),
        percent: 0,
    });
    console.announce(format!("Uploading {name}…"));
    let progress_name = name.clone();
    upload::upload_firmware(
        console.catalogue.get_untracked(),
        &file,
        move |percent| {
            console.upload.set(UploadState::Uploading {
                name: progress_name.clone(),
                percent,
            })
        },
        move |result| match result {
            Ok(reply) => match (reply.file_path, reply.firmware_info) {
                (Some(file_path), Some(info)) => {
                    console.announce(format!(
                        "{name} uploaded; check what the Cloud read and add it."
                    ));
                    console.upload.set(UploadState::Uploaded {
                        name,
                        file_path,
                        size: reply.file_size,
                        info,
                    });
                }
                _ => console.upload.set(UploadState::Failed {
                    name,
                    error: ApiError::Decode {
                        error: "the reply lacks file-path or firmware-info".into(),
                        body: String::new(),
                    },
                }),
            },
            Err(ApiError::Session { .. }) => {
                console.upload.set(UploadState::Idle);
                console.session_lost();
            }
            Err(error) => {
                console.announce(format!("Upload of {name} failed: {}", error.message()));
                console.upload.set(UploadState::Failed { name, error });
            }
        },
    );
}

/// Adds the uploaded file to the Cloud's firmware, then shows it in the library.
pub fn add_uploaded(console: Console) {
    let UploadState::Uploaded {
        name, file_path, ..
    } = console.upload.get_untracked()
    else {
        return;
    };
    console.upload.set(UploadState::Adding {
        name: name.clone(),
        file_path: file_path.clone(),
    });
    spawn_local(async move {
        let catalogue = console.catalogue.get_untracked();
        match client::add_firmware(&catalogue, &file_path).await {
            Ok(()) => {
                console.announce(format!("{name} added to the Cloud's firmware."));
                console.highlight.set(Some(file_path.clone()));
                console.upload.set(UploadState::Added { name, file_path });
                console.library.set(LibraryState::NotRead);
                load_library(console);
            }
            Err(error) => {
                console.announce(format!("{name} was not added: {}", error.message()));
                console.upload.set(UploadState::Failed { name, error });
            }
        }
    });
}

/// Opens the upgrade flow for a firmware: its model and hardware shown, the devices it
/// would upgrade selected, the firmware chosen.
pub fn upgrade_to(console: Console, family: i64, entry: FirmwareEntry) {
    let (filter, selection) = console
        .fleet
        .with_untracked(|fleet| library::upgrade_preset(fleet, family, &entry));
    let count = selection.len();
    console.filter.set(filter);
    console.selection.set(selection);
    console.chosen.set(Some(entry.reference));
    console.risks_accepted.set(false);
    console.reviewing.set(count > 0);
    console.page.set(Page::Fleet);
    console.announce(format!(
        "{count} devices selected for firmware {}.",
        entry.version
    ));
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let admin = move || {
        console
            .session
            .with(|s| s.role().is_some_and(|r| r.may_upgrade()))
    };
    if console.library.get_untracked() == LibraryState::NotRead {
        load_library(console);
    }
    view! {
        <Show when=admin>
            <UploadCard />
        </Show>
        <section class="library card" aria-labelledby="library-title">
            <div class="section-head">
                <h2 id="library-title">"Firmware on the Cloud"</h2>
                <button type="button" on:click=move |_| load_library(console)>"Refresh"</button>
            </div>
            {move || match console.library.get() {
                LibraryState::NotRead | LibraryState::Reading => {
                    view! { <p aria-busy="true">"Reading the firmware list…"</p> }.into_any()
                }
                LibraryState::Failed(error) => {
                    view! { <ErrorNotice error=error lead="The firmware list could not be read." /> }.into_any()
                }
                LibraryState::Ready(list) => {
                    let (groups, unreadable) = console.fleet.with(|fleet| library::group(&list, fleet));
                    view! {
                        {(unreadable > 0).then(|| view! {
                            <p class="muted">{format!("{unreadable} entries could not be read and are not shown.")}</p>
                        })}
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
    let console = expect_context::<Console>();
    let path = entry.file_path.clone();
    let highlighted = Signal::derive(move || {
        console
            .highlight
            .with(|h| h.as_deref() == Some(path.as_str()))
    });
    let kind = if entry.entry.is_test_build {
        "test build"
    } else {
        "release"
    };
    let fit = fit_text(&entry);
    let can_upgrade = family.is_some() && entry.would_upgrade > 0;
    let firmware = entry.entry.clone();
    view! {
        <li class:highlight=highlighted data-file-path=entry.file_path.clone()>
            <span class="version mono">{entry.entry.version.to_string()}</span>
            <span class=format!("badge {}", if entry.entry.is_test_build { "test" } else { "release" })>{kind}</span>
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
                                upgrade_to(console, family, firmware.clone());
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
    let console = expect_context::<Console>();
    let dragging = RwSignal::new(false);
    let busy = move || {
        matches!(
            console.upload.get(),
            UploadState::Uploading { .. } | UploadState::Adding { .. }
        )
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0))
        {
            choose_file(console, file);
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
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            choose_file(console, file);
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
            <div data-testid="upload-status">{move || upload_status(console)}</div>
        </section>
    }
}

fn upload_status(console: Console) -> AnyView {
    match console.upload.get() {
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
        UploadState::Uploaded { name, size, info, .. } => {
            let kind = if info.version_type == sc_wire::TEST_BUILD { "test build" } else { "release" };
            let built = match &info.build_time {
                Some(sc_wire::BuildTime::Epoch(secs)) => format::date(*secs),
                Some(sc_wire::BuildTime::Text(text)) => text.clone(),
                None => "not given".into(),
            };
            view! {
                <div class="uploaded" data-testid="firmware-info">
                    <p>{format!("The Cloud read {name}{}:", size.map(|s| format!(" ({s} bytes)")).unwrap_or_default())}</p>
                    <dl class="summary">
                        <dt>"Model"</dt><dd>{format!("{} (model {})", info.product_name, info.product_id)}</dd>
                        <dt>"Hardware"</dt><dd>{info.hardware_ver.clone()}</dd>
                        <dt>"Version"</dt><dd class="mono">{format!("{}.{}.{}", info.major_ver, info.minor_ver, info.build_number)}</dd>
                        <dt>"Type"</dt><dd>{kind}</dd>
                        <dt>"Built"</dt><dd>{built}</dd>
                    </dl>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="add-firmware" on:click=move |_| add_uploaded(console)>
                            "Add to the Cloud's firmware"
                        </button>
                        <button type="button" on:click=move |_| console.upload.set(UploadState::Idle)>"Cancel"</button>
                    </div>
                </div>
            }
            .into_any()
        }
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
