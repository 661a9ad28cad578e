//! Browser tests of the firmware upload: checks before sending, and the confirm step.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use mwcloud_console::domain::firmware::FirmwareList;
use mwcloud_console::domain::library::UploadedFirmware;
use mwcloud_console::state::ConsoleState;
use mwcloud_console::state::library::{LibraryState, UploadState};
use mwcloud_console::ui::library::UploadCard;
use sc_wire::{BuildTime, FirmwareInfo};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount_upload(concerns: ConsoleState) -> Element {
    common::mount(concerns, || view! { <UploadCard /> }).await
}

fn file(name: &str, content: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&content.into());
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

fn status(host: &Element) -> String {
    host.query_selector("[data-testid=upload-status]").unwrap().unwrap().text_content().unwrap()
}

#[wasm_bindgen_test]
async fn files_that_cannot_be_firmware_are_refused_before_sending() {
    let concerns = common::concerns();
    let library = concerns.library;
    let host = mount_upload(concerns).await;
    library.choose_file(file("notes.txt", "hello"));
    leptos::task::tick().await;
    assert_eq!(
        status(&host),
        "Not uploaded notes.txt is not a Magewell firmware file: choose a .mwf file."
    );
    library.choose_file(file("770_rev_A_1_6_20.mwf", ""));
    leptos::task::tick().await;
    assert_eq!(status(&host), "Not uploaded 770_rev_A_1_6_20.mwf is empty.");
    assert!(matches!(library.upload.get_untracked(), UploadState::Invalid(_)));
}

/// 770_rev_A_1_6_20.mwf uploaded to `path`, as the Cloud read it: 1.6.20 for the Ultra
/// Stream HDMI 770/A, of `version_type` (1: test build), built at `built`.
fn uploaded(concerns: &ConsoleState, path: &str, version_type: i64, built: Option<BuildTime>) {
    let info = FirmwareInfo {
        product_id: 770,
        version_type,
        major_ver: 1,
        minor_ver: 6,
        build_number: 20,
        build_time: built,
        product_name: "Ultra Stream HDMI".into(),
        hardware_ver: "A".into(),
    };
    let firmware = UploadedFirmware::of(path.into(), Some(2048), info);
    concerns
        .library
        .arrange_upload(UploadState::Uploaded { name: "770_rev_A_1_6_20.mwf".into(), firmware });
}

#[wasm_bindgen_test]
async fn what_the_cloud_read_is_shown_for_confirmation() {
    let concerns = common::concerns();
    uploaded(
        &concerns,
        "/data/upload/0001-770_rev_A_1_6_20.mwf",
        1,
        Some(BuildTime::Epoch(1_635_151_650)),
    );
    let host = mount_upload(concerns).await;
    let info = host
        .query_selector("[data-testid=firmware-info]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    for expected in [
        "The Cloud read 770_rev_A_1_6_20.mwf (2048 bytes):",
        "ModelUltra Stream HDMI (model 770)",
        "HardwareA",
        "Version1.6.20",
        "Typetest build",
        "Built2021-10-25",
    ] {
        assert!(info.contains(expected), "{expected:?} in {info:?}");
    }
    let add = host.query_selector("[data-testid=add-firmware]").unwrap().unwrap();
    assert_eq!(add.text_content().unwrap(), "Add to the Cloud's firmware");
    assert!(
        host.query_selector("[data-testid=already-listed]").unwrap().is_none(),
        "a new firmware is not said to be listed"
    );
}

#[wasm_bindgen_test]
async fn an_upload_the_library_already_lists_is_said_before_adding_it() {
    let concerns = common::concerns();
    let listed: sc_wire::Firmware = serde_json::from_value(serde_json::json!({
        "id": 7, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 6,
        "build-number": 20, "firmware-id": 0, "upload-date": 1_635_151_650,
        "file-path": "/data/upload/old.mwf"
    }))
    .unwrap();
    concerns.library.arrange(LibraryState::Ready(FirmwareList::from_wire(&[listed])));
    uploaded(&concerns, "/data/upload/0002-770_rev_A_1_6_20.mwf", 0, None);
    let host = mount_upload(concerns).await;
    let said = host
        .query_selector("[data-testid=already-listed]")
        .unwrap()
        .expect("said before Add")
        .text_content()
        .unwrap();
    assert!(
        said.contains("The library already lists 1.6.20 for this model and hardware"),
        "{said}"
    );
}
