//! What every browser test shares: concerns prepared without any network, one mount
//! helper that provides them as the app does, and queries on what was rendered.
#![allow(dead_code)]

use leptos::prelude::*;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::state::Concerns;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// A fleet device as the Cloud would list it (family 1, "Ultra Stream").
pub fn device(sn: &str, name: &str, model: i64, hw: &str, fw: &str) -> FleetDevice {
    FleetDevice::from_wire(
        &serde_json::from_value(serde_json::json!({
            "sn": sn, "module": 1, "online-date": 10, "catalog-id": 2,
            "status": {"name": name, "product-id": model, "module-name": "Ultra Stream",
                "hardware-ver": hw, "firmware-ver": fw}
        }))
        .unwrap(),
    )
}

/// Fresh concerns, as the app makes them, before anything is read or sent.
pub fn concerns() -> Concerns {
    Concerns::new()
}

/// Concerns with Admin logged in and `fleet` read.
pub fn admin_with(fleet: Vec<FleetDevice>) -> Concerns {
    let concerns = concerns();
    concerns.session.status.set(SessionStatus::Active {
        user: Some("Admin".into()),
        role: Role::Administrator,
    });
    concerns.fleet.devices.set(fleet);
    concerns
}

/// Mounts `view` with `concerns` provided (as the app provides them) into a fresh
/// element, returned for queries.
pub async fn mount<V: IntoView + 'static>(
    concerns: Concerns,
    view: impl Fn() -> V + 'static,
) -> Element {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        concerns.provide();
        view()
    });
    handle.forget();
    leptos::task::tick().await;
    host
}

/// The element `css` finds in `host`; fails the test naming it if there is none.
pub fn find(host: &Element, css: &str) -> Element {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{css}`"))
}

/// The text of what `css` finds in `host`.
pub fn text(host: &Element, css: &str) -> String {
    find(host, css).text_content().unwrap_or_default()
}
