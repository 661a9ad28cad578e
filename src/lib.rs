//! The Magewell Cloud firmware console: the session gate, the page, and the contexts.
//!
//! `domain` holds the rules (plain Rust), `api` the calls to the Cloud (domain values
//! in and out), `browser` the browser's own facilities, `state` the state by concern with
//! its actions, and `ui` the components that read it.

pub mod api;
pub mod browser;
pub mod domain;
pub mod state;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod ui;

use leptos::prelude::*;

use domain::session::SessionStatus;
use state::nav::Page;
use state::{Announcer, Batch, Campaigns, Cloud, ConsoleState, Nav, Session};
use ui::address::AddressSync;
use ui::campaigns::{CampaignPage, CampaignPlanner};
use ui::cloud_check::CloudCheckPage;
use ui::firmware::FirmwarePicker;
use ui::fleet::FleetSection;
use ui::header::TopBar;
use ui::library::LibraryPage;
use ui::login::LoginForm;
use ui::review::ReviewPanel;
use ui::runs::RunsSection;

/// The login over the console once a session has ended: a modal `<dialog>` (the browser
/// keeps focus inside it and makes the page behind inert). Esc sets it aside to look at
/// the page; a banner then offers to log in again.
#[component]
fn SessionDialog() -> impl IntoView {
    let session = expect_context::<Session>();
    let expired = Memo::new(move |_| matches!(session.status.get(), SessionStatus::Expired { .. }));
    let set_aside = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if expired.get() && !set_aside.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    // A new expiry opens it again.
    Effect::new(move |_| {
        if !expired.get() {
            set_aside.set(false);
        }
    });
    view! {
        <dialog
            class="session-dialog"
            node_ref=dialog
            aria-labelledby="login-title"
            data-testid="session-dialog"
            on:cancel=move |_: web_sys::Event| set_aside.set(true)
            on:keydown=move |ev| {
                if let Some(dialog) = dialog.get_untracked() {
                    keep_focus_in(&dialog, &ev);
                }
            }
        >
            <Show when=move || expired.get()>
                <LoginForm expired=true />
            </Show>
        </dialog>
        <Show when=move || expired.get() && set_aside.get()>
            <p class="notice notice-warn session-banner" role="status">
                <span class="notice-tag">"Session ended"</span>
                " Nothing is sent or read until you log in again. "
                <button type="button" class="primary" on:click=move |_| set_aside.set(false)>"Log in again"</button>
            </p>
        </Show>
    }
}

/// Tab from the last control of `dialog` goes to its first, Shift+Tab from the first to its
/// last: the browser keeps the page behind inert, and this keeps focus off its own chrome.
fn keep_focus_in(dialog: &web_sys::HtmlElement, ev: &leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.key() != "Tab" {
        return;
    }
    let Ok(found) = dialog.query_selector_all("input:not([disabled]), button:not([disabled])")
    else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> =
        (0..found.length()).filter_map(|i| found.get(i)?.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let at = |control: &web_sys::HtmlElement| active.as_ref() == Some(control.as_ref());
    let wrap_to = if ev.shift_key() && at(first) {
        Some(last)
    } else if !ev.shift_key() && at(last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to {
        ev.prevent_default();
        let _ = target.focus();
    }
}

/// The whole console, talking to the Cloud on this page's origin.
#[component]
pub fn App() -> impl IntoView {
    let concerns = ConsoleState::new();
    concerns.provide();
    concerns.start();
    view! {
        <AddressSync />
        <Shell />
    }
}

/// The console's page for whatever state the concerns are in. Tests mount this with
/// prepared concerns in context, without any network.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let batch = expect_context::<Batch>();
    let announcer = expect_context::<Announcer>();
    let cloud = expect_context::<Cloud>();
    let nav = expect_context::<Nav>();
    let campaigns = expect_context::<Campaigns>();
    let on_page = move |page: Page| nav.page.get() == page;
    let campaign = Memo::new(move |_| match nav.page.get() {
        Page::Campaign(id) => Some(id),
        _ => None,
    });
    // Each step's result is brought into view and focused, once drawn (next frame).
    Effect::new(move |_| {
        if let Some(id) = nav.attention.get() {
            request_animation_frame(move || {
                if let Some(target) = document()
                    .get_element_by_id(id)
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    target.scroll_into_view();
                    let _ = target.focus();
                }
                nav.attention.set(None);
            });
        }
    });
    view! {
        <div class="live visually-hidden" aria-live="polite" role="status" data-testid="live">
            {move || announcer.text()}
        </div>
        {move || match session.status.get() {
            // Laid out as the static shell of index.html, which it replaces: no shift.
            SessionStatus::Checking => view! {
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    <p aria-busy="true">"Checking your session…"</p>
                </main>
            }.into_any(),
            SessionStatus::LoggedOut => view! {
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    <LoginForm />
                </main>
            }.into_any(),
            SessionStatus::Active { .. } | SessionStatus::Expired { .. } => ().into_any(),
        }}
        <Show when=move || session.signed_in()>
            <TopBar />
            <main class="workspace" class:library-page=move || on_page(Page::Library)>
                {move || cloud.note().map(|note| view! { <p class="notice notice-info">{note}</p> })}
                <Show when=move || on_page(Page::Library)>
                    <LibraryPage />
                </Show>
                {move || campaign.get().map(|id| view! { <CampaignPage id=id /> })}
                <Show when=move || nav.page.get().shows_fleet()>
                    <FleetSection />
                    <Show when=move || on_page(Page::Fleet) && session.may_upgrade() && batch.selection.with(|s| !s.is_empty())>
                        <aside class="upgrade-panel" aria-label="Upgrade">
                            <FirmwarePicker offer=Signal::derive(move || batch.offer()) />
                            <Show when=move || batch.reviewing.get()>
                                <ReviewPanel />
                            </Show>
                        </aside>
                    </Show>
                    <Show when=move || on_page(Page::NewCampaign) && session.may_upgrade() && campaigns.scope.with(|s| !s.is_empty())>
                        <CampaignPlanner />
                    </Show>
                </Show>
                <Show when=move || on_page(Page::Check)>
                    <CloudCheckPage />
                </Show>
                <Show when=move || !on_page(Page::Library) && !on_page(Page::Check)>
                    <RunsSection />
                </Show>
            </main>
        </Show>
        <SessionDialog />
    }
}
