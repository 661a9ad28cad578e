//! Browser tests of following runs: progress from snapshots, saved history, CSV export.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mwcloud_console::browser::storage;
use mwcloud_console::domain::batch::BatchPlan;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::firmware::{FirmwareEntry, FirmwareRef};
use mwcloud_console::domain::history::{SET_ASIDE_KEY, STORAGE_KEY};
use mwcloud_console::domain::outcome::{Outcomes, Reported};
use mwcloud_console::domain::run::{Run, RunContext};
use mwcloud_console::domain::selection::Selection;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::domain::version::Version;
use mwcloud_console::state::Concerns;
use mwcloud_console::ui::runs::RunsSection;
use sc_wire::Device;
use serde_json::json;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::text;

fn snapshot(
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
fn started_run(id: u64, sns: &[&str]) -> Run {
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

async fn mount_runs(concerns: Concerns) -> Element {
    common::mount(concerns, || view! { <RunsSection /> }).await
}

fn progress(host: &Element, sn: &str) -> String {
    host.query_selector(&format!("tr[data-sn='{sn}'] progress"))
        .unwrap()
        .unwrap()
        .get_attribute("value")
        .unwrap()
}

#[wasm_bindgen_test]
async fn progress_follows_device_snapshots_to_the_end() {
    let concerns = common::concerns();
    concerns.session.status.set(SessionStatus::Active {
        user: Some("Admin".into()),
        role: Role::Administrator,
    });
    concerns
        .history
        .replace(vec![started_run(1, &["A1", "A2"])]);
    concerns.history.open.set(Some(1));
    let host = mount_runs(concerns).await;
    assert_eq!(
        text(&host, "[data-testid=run-counts]"),
        "0 verified · 0 failed · 0 timed out · 0 lost · 2 in progress · 0 left out"
    );

    concerns.tracking.take_in(vec![
        snapshot("A1", true, Some(40), 0, 0, "1.5.79"),
        snapshot("A2", true, None, 2, 0, "1.5.79"),
    ]);
    leptos::task::tick().await;
    assert_eq!(progress(&host, "A1"), "20");
    assert_eq!(progress(&host, "A2"), "70");
    assert_eq!(
        text(&host, "tr[data-sn='A2'] .state"),
        "installing, step 2 of 4"
    );

    concerns.tracking.take_in(vec![
        snapshot("A1", true, None, 0, 0, "1.5.178"),
        snapshot("A2", true, None, 3, 103, "1.5.79"),
    ]);
    leptos::task::tick().await;
    assert_eq!(
        text(&host, "[data-testid=run-counts]"),
        "1 verified · 1 failed · 0 timed out · 0 lost · 0 in progress · 0 left out"
    );
    assert_eq!(progress(&host, "A1"), "100");
    assert_eq!(
        text(&host, "[data-testid=failure-reasons]"),
        "1 × install failed at step 3: flash write failed (code 103)"
    );
    assert_eq!(
        concerns.announcer.latest(),
        "Devices finished: 1 failed, 1 verified."
    );
    assert!(!concerns.history.with_all_untracked(|r| r[0].is_active()));
}

#[wasm_bindgen_test]
async fn history_survives_a_reload_and_corrupt_data_is_set_aside() {
    let storage_area = window().local_storage().unwrap().unwrap();
    let runs = vec![started_run(2, &["B1"]), started_run(1, &["A1", "A2"])];
    assert_eq!(storage::save(&runs), Ok(()));
    let loaded = storage::load(0);
    assert_eq!(loaded.runs, runs);
    assert!(loaded.problems.is_empty());

    storage_area
        .set_item(STORAGE_KEY, "{\"format\":1,\"runs\":[{oops")
        .unwrap();
    let loaded = storage::load(0);
    assert!(loaded.runs.is_empty());
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(
        storage_area.get_item(SET_ASIDE_KEY).unwrap().as_deref(),
        Some("{\"format\":1,\"runs\":[{oops")
    );
    assert_eq!(
        storage_area.get_item(STORAGE_KEY).unwrap(),
        None,
        "nothing unreadable left in the way"
    );

    let concerns = common::concerns();
    concerns.history.problems.set(loaded.problems);
    let host = mount_runs(concerns).await;
    assert!(text(&host, "[data-testid=history-problems]").contains("unreadable"));
    storage_area.remove_item(SET_ASIDE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_full_storage_is_reported_and_cleared_once_a_save_succeeds() {
    let storage_area = window().local_storage().unwrap().unwrap();
    // Fill this origin's storage (a few MB in every browser) until it refuses even a
    // small write.
    let mut fillers = Vec::new();
    let mut size = 1024 * 1024;
    while size >= 16 && fillers.len() < 512 {
        let key = format!("test-filler-{}", fillers.len());
        if storage_area.set_item(&key, &"x".repeat(size)).is_ok() {
            fillers.push(key);
        } else {
            size /= 2;
        }
    }
    let concerns = common::concerns();
    let history = concerns.history;
    history.replace(vec![started_run(1, &["A1", "A2"])]);
    let host = mount_runs(concerns).await;
    history.save();
    leptos::task::tick().await;
    let notice = host
        .query_selector("[data-testid=history-unsaved]")
        .unwrap()
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    for filler in &fillers {
        storage_area.remove_item(filler).unwrap();
    }
    assert!(
        notice.contains(
            "could not be saved in this browser: the browser's storage for this site is full"
        ),
        "{notice}"
    );
    assert!(notice.contains("export the runs you need"), "{notice}");
    assert_eq!(
        history.with_all_untracked(|runs| runs.len()),
        1,
        "the page keeps the run"
    );

    history.save();
    leptos::task::tick().await;
    assert!(
        host.query_selector("[data-testid=history-unsaved]")
            .unwrap()
            .is_none(),
        "saved once there is room"
    );
    assert_eq!(storage::load(0).runs.len(), 1);
    storage_area.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_queued_history_save_is_written_when_the_page_is_hidden() {
    let storage_area = window().local_storage().unwrap().unwrap();
    storage_area.remove_item(STORAGE_KEY).unwrap();
    let history = common::concerns().history;
    history.flush_on_pagehide();
    history.replace(vec![started_run(3, &["C1"])]);
    history.save_soon();
    assert_eq!(
        storage_area.get_item(STORAGE_KEY).unwrap(),
        None,
        "queued behind the page update"
    );
    window()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    let saved = storage::load(0).runs;
    storage_area.remove_item(STORAGE_KEY).unwrap();
    assert_eq!(saved.len(), 1, "written as the page is hidden");
    assert_eq!(saved[0].id, 3);
}

#[wasm_bindgen_test]
async fn csv_export_holds_one_row_per_device() {
    let concerns = common::concerns();
    let mut run = started_run(5, &["A1", "A2", "A3"]);
    let now = js_sys::Date::now() as i64;
    let devices = [snapshot("A1", true, None, 0, 0, "1.5.178")];
    let by_sn = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    run.observe(&by_sn, now);
    concerns.history.replace(vec![run]);
    concerns.history.open.set(Some(5));
    let host = mount_runs(concerns).await;
    let link = host
        .query_selector("[data-testid=export-csv]")
        .unwrap()
        .unwrap();
    assert_eq!(link.get_attribute("download").unwrap(), "upgrade-run-5.csv");
    // The export is made when the link is focused or clicked.
    link.dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
    let href = link.get_attribute("href").unwrap();
    let csv =
        js_sys::decode_uri_component(href.strip_prefix("data:text/csv;charset=utf-8,").unwrap())
            .unwrap()
            .as_string()
            .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "run,serial_number,device,from_version,target_version,outcome,final,attempt"
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        "5,A1,Ultra Stream HDMI,1.5.79,1.5.178,verified,yes,1"
    );
    assert!(
        lines[2].starts_with("5,A2,Ultra Stream HDMI,1.5.79,1.5.178,waiting for the device,no,1")
    );
}

#[wasm_bindgen_test]
async fn one_runs_progress_does_not_rerun_another_runs_view() {
    let history = common::concerns().history;
    history.replace(vec![started_run(2, &["B1"]), started_run(1, &["A1"])]);
    let reads_of_run_2 = StoredValue::new(0);
    let host = common::mount(common::concerns(), move || {
        Effect::new(move |_| {
            history.with_run(2, |run| run.updated_at);
            reads_of_run_2.update_value(|n| *n += 1);
        });
    })
    .await;
    leptos::task::tick().await;
    let before = reads_of_run_2.get_value();

    history.update_run(1, |run| run.updated_at += 1);
    leptos::task::tick().await;
    assert_eq!(
        reads_of_run_2.get_value(),
        before,
        "run 1 changed, run 2 did not"
    );

    history.update_run(2, |run| run.updated_at += 1);
    leptos::task::tick().await;
    assert_eq!(reads_of_run_2.get_value(), before + 1, "run 2 changed");
    host.remove();
}
