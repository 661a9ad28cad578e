//! The signed-in workspace: the top bar, the overview and the fleet, and the work that runs
//! beside them. A piece of its own ([`super::piece`]): the login screen loads without it,
//! and fetches it ahead while the browser is idle.

use leptos::prelude::*;

use super::header::TopBar;
use super::piece::{Piece, piece};
use super::routes::{Pages, fetch_pages_when_idle};
use crate::browser::document_cookie;
use crate::domain::address::Place;
use crate::domain::session::CookieHint;
use crate::state::{Cloud, ConsoleState};

piece!(
    /// The workspace's code; on first use it starts the work beyond the first screen, and
    /// fetches every other page's code once the browser is idle.
    workspace -> fn() -> AnyView = || {
        ConsoleState::from_context().start_signed_in();
        fetch_pages_when_idle();
        let cloud = expect_context::<Cloud>();
        view! {
            <SkipLink />
            <TopBar />
            <main class="workspace" id="main" tabindex="-1">
                {move || cloud.note().map(|note| view! { <p class="notice notice-info">{note}</p> })}
                <Pages />
            </main>
        }
        .into_any()
    }
);

/// The workspace once its code is here; until then the screen the static shell showed.
#[component]
pub fn Workspace() -> impl IntoView {
    view! {
        <Piece what="the console's pages" load=workspace whole_screen=true show={|page: fn() -> AnyView| page()} />
    }
}

/// Fetches the workspace's code ahead: at once when this browser's cookies say a session
/// is probably open (the fleet is being read meanwhile), else once the login screen is
/// drawn and the browser idle.
pub fn fetch_workspace_ahead() {
    let hint = CookieHint::read(&document_cookie());
    if hint.sid_readable || hint.user.is_some() {
        leptos::task::spawn_local(async {
            let _ = workspace().await;
        });
    }
}

/// Fetches the workspace's code once the browser is idle (the login screen is drawn).
pub fn fetch_workspace_when_idle() {
    super::piece::fetch_when_idle(async {
        let _ = workspace().await;
    });
}

/// The first Tab of every page: past the top bar, straight to the fleet's table on the
/// fleet pages (one tab stop: arrows move, Space selects), to the page elsewhere.
#[component]
fn SkipLink() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let to_fleet = move || {
        location
            .pathname
            .with(|p| [Place::Fleet, Place::NewCampaign].iter().any(|place| *p == place.path()))
    };
    let target = move || if to_fleet() { "fleet-grid" } else { "main" };
    view! {
        <a
            class="skip-link"
            id="skip-link"
            href=move || format!("#{}", target())
            on:click=move |ev| {
                // Focused by hand: the router leaves the address alone, the page scrolls
                // to it.
                ev.prevent_default();
                if let Some(element) = document()
                    .get_element_by_id(target())
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = element.focus();
                }
            }
        >
            {move || if to_fleet() { "Skip to the fleet" } else { "Skip to the page" }}
        </a>
    }
}
