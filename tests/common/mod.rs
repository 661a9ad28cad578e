//! What every browser test shares: concerns prepared without any network, one mount
//! helper that provides them as the app does, and queries on what was rendered.
#![allow(dead_code)]

use leptos::prelude::*;
use mwcloud_console::domain::batch::BatchPlan;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::firmware::{FirmwareEntry, FirmwareRef};
use mwcloud_console::domain::outcome::{Outcomes, Reported};
use mwcloud_console::domain::run::{Run, RunContext};
use mwcloud_console::domain::selection::Selection;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::domain::version::Version;
use mwcloud_console::state::ConsoleState;
use sc_wire::Device;
use serde_json::json;
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
pub fn concerns() -> ConsoleState {
    // The concerns spawn tasks (saving the history) even before anything is mounted.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    ConsoleState::new()
}

/// The console's state with Admin logged in and `fleet` read.
pub fn admin_with(fleet: Vec<FleetDevice>) -> ConsoleState {
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
    concerns: ConsoleState,
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

/// A device as the Cloud lists it mid-upgrade (model 770, hardware A).
pub fn snapshot(
    sn: &str,
    online: bool,
    upload: Option<i64>,
    step: i64,
    ret: i64,
    fw: &str,
) -> FleetDevice {
    let device: Device = serde_json::from_value(json!({
        "sn": sn, "module": 1, "online-date": if online { 100 } else { 0 },
        "is-upload-file": i64::from(upload.is_some()), "upload-file-pos": upload.unwrap_or(0),
        "status": {"name": "Ultra Stream HDMI", "product-id": 770, "module-name": "Ultra Stream",
            "hardware-ver": "A", "firmware-ver": fw, "upgrade-step": step, "upgrade-ret": ret}
    }))
    .unwrap();
    FleetDevice::from_wire(&device)
}

/// A run of `sns` to 1.5.178 that the Cloud started on every device.
pub fn started_run(id: u64, sns: &[&str]) -> Run {
    let fleet: Vec<FleetDevice> = sns
        .iter()
        .map(|sn| snapshot(sn, true, None, 0, 0, "1.5.79"))
        .collect();
    let mut selection = Selection::default();
    selection.select_all_compatible(&fleet);
    let firmware = FirmwareEntry {
        reference: FirmwareRef(4),
        version: Version::new(1, 5, 178),
        is_test_build: false,
        uploaded: 0,
        model: 770,
        hardware: "A".into(),
    };
    let plan = BatchPlan::new(
        &selection,
        |sn| fleet.iter().find(|d| d.sn == sn),
        &firmware,
    )
    .unwrap();
    let now = js_sys::Date::now() as i64;
    let context = RunContext {
        id,
        user: Some("Admin".into()),
        batch: "Ultra Stream · Ultra Stream HDMI (model 770) · hardware A".into(),
        deadline_secs: 600,
        retry_of: None,
        earlier: Default::default(),
        now,
    };
    let mut run = Run::begin(&plan, context);
    let sent: Vec<(String, String)> = run
        .sent
        .iter()
        .map(|s| (s.sn.clone(), s.name.clone()))
        .collect();
    let details: Vec<Reported> = sns
        .iter()
        .map(|sn| Reported {
            sn: sn.to_string(),
            code: 0,
        })
        .collect();
    run.answered(&Outcomes::match_reply(&sent, &details), now);
    run
}
