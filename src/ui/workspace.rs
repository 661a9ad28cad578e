//! The signed-in workspace: the top bar, the overview and the fleet. A piece of its own
//! ([`super::piece`]): the login screen loads without it, and fetches it ahead while the
//! browser is idle. The work beyond the first screen (the history, following runs, driving
//! campaigns) is another piece, fetched once the workspace is drawn.

use leptos::prelude::*;

use super::header::TopBar;
use super::piece::{Piece, PieceMissing, piece};
use super::routes::{Pages, fetch_pages_when_idle};
use crate::browser::document_cookie;
use crate::domain::address::Place;
use crate::domain::session::CookieHint;
use crate::state::{Cloud, ConsoleState, SignedInWork};
use std::time::Duration;

piece!(
    /// The workspace's code; on first use it starts what the fleet page needs, fetches the
    /// work beyond the first screen, and every other page's code once the browser is idle.
    workspace -> fn() -> AnyView = || {
        let work = ConsoleState::from_context().signed_in_work();
        if let Some(work) = work
            && work.start_with_workspace()
        {
            fetch_work(work);
        }
        fetch_pages_when_idle();
        let cloud = expect_context::<Cloud>();
        view! {
            <SkipLink />
            <TopBar />
            <main class="workspace" id="main" tabindex="-1">
                {move || cloud.note().map(|note| view! { <p class="notice notice-info">{note}</p> })}
                {work.map(|work| view! { <WorkMissing work=work /> })}
                <Pages />
            </main>
        }
        .into_any()
    }
);

piece!(
    /// The work beyond the first screen (the history, following runs, driving campaigns):
    /// fetched once the workspace is drawn and the browser idle, so that the fleet does not
    /// wait for it.
    work -> fn(SignedInWork) = SignedInWork::begin
);

/// How long to wait before fetching the work's code again after a failure.
const WORK_RETRY: Duration = Duration::from_secs(5);

/// Fetches the work beyond the first screen once the browser is idle (the first screen
/// drawn: the fleet does not share its frames with opening the history) and begins it;
/// while its code cannot be fetched, tries again every few seconds (and [`WorkMissing`]
/// says so).
fn fetch_work(work: SignedInWork) {
    super::piece::fetch_when_idle(async move {
        while !try_work(work).await {
            gloo_timers::future::sleep(WORK_RETRY).await;
        }
    });
}

/// One try at fetching the work's code; whether it is here (and begun).
async fn try_work(work: SignedInWork) -> bool {
    match self::work().await {
        Ok(begin) => {
            work.set_missing(false);
            begin(work);
            true
        }
        Err(PieceMissing) => {
            work.set_missing(true);
            false
        }
    }
}

/// Said on every page while the work beyond the first screen could not be fetched: the
/// fleet works, but the history is not opened and runs are not followed from here.
#[component]
fn WorkMissing(work: SignedInWork) -> impl IntoView {
    let retry = move |_| {
        leptos::task::spawn_local(async move {
            let _ = try_work(work).await;
        })
    };
    view! {
        <Show when=move || work.missing()>
            <p class="notice notice-error" role="alert" data-testid="work-missing">
                <span class="notice-tag">"Not loaded"</span>
                " The code that opens your history, follows runs and drives campaigns could not \
                 be fetched: the network or the console's server did not answer. The fleet \
                 works meanwhile; upgrades can be sent once it is here, and nothing you did is \
                 lost. Trying again every few seconds. "
                <button type="button" on:click=retry>"Try again"</button>
            </p>
        </Show>
    }
}

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
