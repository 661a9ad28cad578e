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

use leptos_router::components::Router;

use domain::session::SessionStatus;
use state::{Announcer, ConsoleState, Nav, Session};
use ui::login::LoginForm;

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
                <span class="notice-tag">{move || if session.switched_to().is_some() { "Another user's session" } else { "Session ended" }}</span>
                " Nothing is sent or read until you log in again. "
                <button type="button" class="primary" on:click=move |_| set_aside.set(false)>"Log in again"</button>
            </p>
        </Show>
    }
}

/// Scrolls element `id` into view and focuses it once it exists, trying for `frames` more
/// frames; then the step's attention is spent.
fn bring_into_view(nav: Nav, id: &'static str, frames: u32) {
    request_animation_frame(move || {
        let found = document()
            .get_element_by_id(id)
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        match found {
            Some(target) => {
                target.scroll_into_view();
                let _ = target.focus();
            }
            None if frames > 0 && nav.attention.get_untracked() == Some(id) => {
                return bring_into_view(nav, id, frames - 1);
            }
            None => {}
        }
        nav.shown(id);
    });
}

/// Tab from the last control of `dialog` goes to its first, Shift+Tab from the first to its
/// last: the browser keeps the page behind inert, and this keeps focus off its own chrome.
pub(crate) fn keep_focus_in(dialog: &web_sys::HtmlElement, ev: &leptos::ev::KeyboardEvent) {
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
    ui::workspace::fetch_workspace_ahead();
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// The console's page for whatever state the concerns are in, inside a `Router`. Tests
/// mount this with prepared concerns in context, without any network.
#[component]
pub fn Shell() -> impl IntoView {
    ui::fleet_address::FleetAddress::of_router().provide();
    let session = expect_context::<Session>();
    let announcer = expect_context::<Announcer>();
    let nav = expect_context::<Nav>();
    // Each step's result is brought into view and focused once drawn — a frame or a few
    // later when the step continues on another page.
    Effect::new(move |_| {
        if let Some(id) = nav.attention.get() {
            bring_into_view(nav, id, 10);
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
                {
                    // The login screen drawn (the benchmark counts the bytes fetched until
                    // then); the workspace's code comes once the browser is idle.
                    browser::perf::measure_after_render("login-ready", true);
                    ui::workspace::fetch_workspace_when_idle();
                }
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    <LoginForm />
                </main>
            }.into_any(),
            SessionStatus::Active { .. } | SessionStatus::Expired { .. } => ().into_any(),
        }}
        <Show when=move || session.signed_in()>
            <ui::workspace::Workspace />
        </Show>
        <SessionDialog />
        <ui::question::QuestionDialog />
    }
}
