//! What every browser test shares: the crate's fixtures (`mwcloud_console::testing`),
//! concerns prepared without any network, one mount helper that provides them as the app
//! does, and queries on what was rendered.
#![allow(dead_code)]

use leptos::prelude::*;
use leptos_router::components::Router;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::run::Run;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::state::ConsoleState;
use mwcloud_console::testing;
use mwcloud_console::ui::fleet_address::FleetAddress;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Fresh concerns, as the app makes them, before anything is read or sent.
pub fn concerns() -> ConsoleState {
    // The concerns spawn tasks (saving the history) even before anything is mounted.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    ConsoleState::new()
}

/// The console's state with Admin logged in and `fleet` read.
pub fn admin_with(fleet: Vec<FleetDevice>) -> ConsoleState {
    let concerns = concerns();
    concerns
        .session
        .arrange(SessionStatus::Active { user: Some("Admin".into()), role: Role::Administrator });
    concerns.fleet.take_in(fleet.into());
    concerns
}

/// Mounts `view` with `concerns` provided (as the app provides them), inside a router as
/// the app's pages are, into a fresh element, returned for queries.
pub async fn mount<V: IntoView + Send + 'static>(
    concerns: ConsoleState,
    view: impl Fn() -> V + Send + 'static,
) -> Element {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        concerns.provide();
        view! {
            <Router>
                {
                    // What the app's shell provides inside its router.
                    FleetAddress::of_router().provide();
                    view()
                }
            </Router>
        }
    });
    handle.forget();
    leptos::task::tick().await;
    host
}

/// The element `css` finds in `host`; fails the test naming it if there is none.
pub fn find(host: &Element, css: &str) -> Element {
    host.query_selector(css).unwrap().unwrap_or_else(|| panic!("no `{css}`"))
}

/// The text of what `css` finds in `host`.
pub fn text(host: &Element, css: &str) -> String {
    find(host, css).text_content().unwrap_or_default()
}

/// Run `id` of `sns` to 1.5.178, started now on every device (see [`testing::started_run`]).
pub fn started_run(id: u64, sns: &[&str]) -> Run {
    testing::started_run(id, sns, js_sys::Date::now() as i64)
}
