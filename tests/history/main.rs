//! Browser tests of keeping the run history in IndexedDB: store, read back, update one
//! device, delete; the move from localStorage; unreadable records set aside; a refused
//! write said; a 20,000-device run; ids and news shared by tabs; one history per user.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use mwcloud_console::browser::history_db::{self, HistoryDb, Writes};
use mwcloud_console::browser::idb;
use mwcloud_console::domain::history::legacy::STORAGE_KEY;
use mwcloud_console::domain::history::{
    CHUNK, DEVICES, RUNS, SCHEMA, apply_chunk, chunk_key, chunk_of, database_name,
};
use mwcloud_console::domain::run::Run;
use mwcloud_console::domain::tracking::{DeviceTrack, Tracked};
use mwcloud_console::state::ConsoleState;
use mwcloud_console::ui::history::HistoryPage;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../common/mod.rs"]
mod common;
mod earlier_versions;
mod store;
mod tabs;

use common::{started_run, text};
use mwcloud_console::testing::snapshot;

/// A history of captured format 1 (run 1: verified, failed, lost; run 2: its retry).
const FORMAT_1: &str = include_str!("../fixtures/history-format-1.json");

/// A user name no other test uses, with an empty history.
async fn fresh_user(name: &str) -> String {
    let user = format!("{name}-{}", mwcloud_console::browser::page_id());
    idb::delete(&database_name(&user)).await.unwrap();
    user
}

async fn forget(user: &str) {
    let _ = idb::delete(&database_name(user)).await;
}

async fn mount_runs(concerns: ConsoleState) -> Element {
    common::mount(concerns, || view! { <HistoryPage campaigns_only=false /> }).await
}

/// Waits (up to 5 s) for `ready`, letting the page work.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..100 {
        if ready() {
            return;
        }
        gloo_timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

/// A campaign of one call (770/A, device A1), saved in `tab`'s history.
async fn saved_campaign(tab: ConsoleState) -> u64 {
    use mwcloud_console::domain::campaign::Campaign;
    use mwcloud_console::domain::campaign::plan::{PlanChoices, plan};
    use mwcloud_console::domain::firmware::FirmwareList;
    let fleet = [snapshot("A1", true, None, 0, 0, "1.5.79")];
    let list: Vec<sc_wire::Firmware> = serde_json::from_value(serde_json::json!([
        {"id": 4, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5,
         "build-number": 178, "firmware-id": 0, "upload-date": 1}
    ]))
    .unwrap();
    let planned = plan(
        &fleet.iter().collect::<Vec<_>>(),
        &FirmwareList::from_wire(&list),
        &PlanChoices::default(),
    );
    let campaign = Campaign::begin(
        &planned,
        mwcloud_console::testing::admin_begins(600, js_sys::Date::now() as i64),
    );
    tab.history.begin_campaign(campaign).await.expect("saved")
}
