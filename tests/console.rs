//! Browser tests of the console's components, in headless Chromium and Firefox. Each
//! mounts a component over prepared concerns: no network involved.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{admin_with, find, mount};
use leptos::prelude::*;
use mwcloud_console::domain::codes::Catalogue;
use mwcloud_console::domain::firmware::{FirmwareEntry, FirmwareRef, KeyOffer};
use mwcloud_console::domain::outcome::{Outcomes, Reported};
use mwcloud_console::domain::selection::Selection;
use mwcloud_console::domain::version::Version;
use mwcloud_console::state::batch::Offer;
use mwcloud_console::testing::named;
use mwcloud_console::ui::firmware::FirmwarePicker;
use mwcloud_console::ui::fleet::FleetSection;
use mwcloud_console::ui::outcomes::OutcomeTable;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn checkbox(host: &Element, sn: &str) -> HtmlInputElement {
    find(host, &format!("tr[data-sn='{sn}'] input[type=checkbox]")).unchecked_into()
}

#[wasm_bindgen_test]
async fn incompatible_rows_refuse_selection_and_say_why() {
    let concerns = admin_with(vec![
        named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79"),
        named("A2", "Ultra Stream HDMI", 770, "A", "1.5.120"),
        named("B1", "Ultra Stream HDMI", 770, "B", "1.5.120"),
    ]);
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    assert!(!checkbox(&host, "B1").disabled(), "nothing selected yet: every row is open");

    checkbox(&host, "A1").click();
    leptos::task::tick().await;
    assert!(checkbox(&host, "A1").checked());
    let refused = checkbox(&host, "B1");
    assert!(refused.disabled());
    let why = find(&host, "tr[data-sn='B1'] .why").text_content().unwrap();
    assert_eq!(why, "different hardware version: B, batch is A");
    assert!(!checkbox(&host, "A2").disabled());
    assert_eq!(
        find(&host, "[data-testid=fleet-counts]").text_content().unwrap(),
        "3 devices · 3 shown · 1 selected"
    );
    let select_all = host
        .query_selector_all(".batch-bar button")
        .unwrap()
        .get(0)
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(select_all.text_content().unwrap(), "Select all compatible (1)");
    select_all.click();
    leptos::task::tick().await;
    assert_eq!(
        concerns.batch.selection.with(|s| s.sns().map(String::from).collect::<Vec<_>>()),
        ["A1", "A2"]
    );
}

#[wasm_bindgen_test]
async fn firmware_list_counts_upgrades_unchanged_and_downgrades_and_who_is_left_out() {
    let mut offline = named("A4", "Ultra Stream HDMI", 770, "A", "1.5.79");
    offline.presence = mwcloud_console::domain::device::Presence::Offline;
    let fleet = vec![
        named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79"),
        named("A2", "Ultra Stream HDMI", 770, "A", "1.5.178"),
        named("A3", "Ultra Stream HDMI", 770, "A", "1.6.3"),
        offline,
    ];
    let concerns = admin_with(fleet.clone());
    let mut selection = Selection::default();
    selection.select_all_compatible(&fleet);
    concerns.batch.select(selection);
    assert_eq!(concerns.batch.selection.with(|s| s.len()), 4, "the offline one is selected too");
    let entry = |id, v: &str, test| FirmwareEntry {
        reference: FirmwareRef(id),
        version: Version::parse(v).unwrap(),
        is_test_build: test,
        uploaded: 1_635_151_650,
        model: 770,
        hardware: "A".into(),
    };
    let offer = Offer::Ready(KeyOffer {
        entries: vec![entry(9, "1.6.3", true), entry(4, "1.5.178", false)],
        ..KeyOffer::default()
    });
    let host = mount(concerns, move || view! { <FirmwarePicker offer=offer.clone() /> }).await;
    let items = host.query_selector_all(".firmware-list li").unwrap();
    assert_eq!(items.length(), 2);
    let first = items.get(0).unwrap().text_content().unwrap();
    assert!(first.contains("1.6.3") && first.contains("test build"), "{first}");
    assert!(
        first.contains("upgrades 2 · unchanged 1 · downgrades 0 · left out: 1 offline"),
        "{first}"
    );
    assert!(first.contains("uploaded 2021-10-25"), "{first}");
    let second = items.get(1).unwrap().text_content().unwrap();
    assert!(second.contains("release"));
    assert!(second.contains("newest release"), "{second}");
    assert!(!first.contains("newest release"), "{first}");
    assert_eq!(
        find(&host, "[data-testid=test-first]").text_content().unwrap(),
        "Test builds are listed first because they are newer. The newest release is 1.5.178."
    );
    assert!(
        second.contains("upgrades 1 · unchanged 1 · downgrades 1 · left out: 1 offline"),
        "{second}"
    );
}

#[wasm_bindgen_test]
async fn no_firmware_for_the_key_is_a_clear_empty_state() {
    let fleet = vec![named("D1", "Pro Convert NDI to HDMI 4K", 952, "A", "3.0.96")];
    let concerns = admin_with(fleet.clone());
    let mut selection = Selection::default();
    selection.select_all_compatible(&fleet);
    concerns.batch.select(selection);
    let offer = Offer::Ready(KeyOffer::default());
    let host = mount(concerns, move || view! { <FirmwarePicker offer=offer.clone() /> }).await;
    let text = find(&host, "[data-testid=no-firmware]").text_content().unwrap();
    assert!(
        text.contains(
            "The Cloud holds no firmware for Pro Convert NDI to HDMI 4K (model 952) hardware A"
        ),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn outcomes_name_unknown_codes_and_missing_answers() {
    let sent = vec![
        ("A1".to_string(), "Ultra Stream HDMI".to_string()),
        ("A2".to_string(), "Ultra Stream HDMI".to_string()),
        ("A3".to_string(), "Ultra Stream HDMI".to_string()),
    ];
    let details = [
        Reported { sn: "A1".into(), code: 0 },
        Reported { sn: "A2".into(), code: 4242 },
        Reported { sn: "ZZ".into(), code: 1 },
    ];
    let outcomes = Outcomes::match_reply(&sent, &details);
    let host = mount(common::concerns(), move || {
        view! { <OutcomeTable outcomes=outcomes.clone() catalogue=Catalogue::builtin().into() /> }
    })
    .await;
    // Problems first, then what is worth a look, then the started devices.
    let rows = host.query_selector_all(".outcome-table tbody tr").unwrap();
    let row = |i| rows.get(i).unwrap().text_content().unwrap();
    assert!(
        row(0).contains("A2") && row(0).contains("unrecognised result code 4242"),
        "{}",
        row(0)
    );
    assert!(row(1).contains("ZZ") && row(1).contains("not sent by this console"), "{}", row(1));
    assert!(row(2).contains("A3") && row(2).contains("no answer from the Cloud"), "{}", row(2));
    assert!(row(3).contains("A1") && row(3).contains("upgrade started"), "{}", row(3));
    assert_eq!(
        find(&host, "[data-testid=outcome-counts]").text_content().unwrap(),
        "1 started · 0 already upgrading · 1 refused · 1 without answer · 1 not sent but answered"
    );
}

#[wasm_bindgen_test]
async fn device_names_from_the_cloud_render_as_text() {
    let hostile = "<img src=x onerror=alert(1)>";
    let concerns = admin_with(vec![named("X1", hostile, 770, "A", "1.5.79")]);
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    assert!(host.query_selector("img").unwrap().is_none(), "no element was made from the name");
    let row = find(&host, "tr[data-sn='X1']").text_content().unwrap();
    assert!(row.contains(hostile), "{row}");
}

#[wasm_bindgen_test]
async fn cloud_text_that_runs_right_to_left_cannot_reorder_the_sentence_around_it() {
    // A device name carrying a right-to-left override, and a right-to-left hardware name.
    let spoof = "Encoder \u{202E}3pm.exe"; // would read "Encoder exe.mp3"
    let concerns = admin_with(vec![
        named("A1", spoof, 770, "A", "1.5.79"),
        named("B1", "Ultra Stream HDMI", 770, "\u{05D1}", "1.5.79"),
    ]);
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    checkbox(&host, "A1").click();
    leptos::task::tick().await;
    let batch = find(&host, "[data-testid=batch-key]").text_content().unwrap();
    assert_eq!(
        batch,
        "Batch: Ultra Stream · \u{2068}Encoder [U+202E]3pm.exe\u{2069} (model 770) · hardware A",
        "isolated, and the override shown rather than obeyed"
    );
    let why = find(&host, "tr[data-sn='B1'] .why").text_content().unwrap();
    assert_eq!(why, "different hardware version: \u{2068}\u{05D1}\u{2069}, batch is A");
}

#[wasm_bindgen_test]
async fn records_set_aside_are_named_with_what_arrived_and_the_rest_shown() {
    use mwcloud_console::api::Listed;
    use mwcloud_console::domain::reading::{Form, Reading};
    let concerns = admin_with(vec![named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79")]);
    let mut reading = Reading::default();
    reading.set_aside(Some("A2".into()), "status.hardware-ver", "null");
    reading.set_aside(None, "sn", "missing");
    reading.accept("online-date", Form::NumberAsText);
    let devices = concerns.fleet.devices.get_untracked();
    concerns.fleet.take_in(Listed { items: devices.clone(), reading });
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    let notice = find(&host, "[data-testid=fleet-set-aside]");
    assert_eq!(
        notice.query_selector("p").unwrap().unwrap().text_content().unwrap(),
        "Set aside 2 devices could not be read and are set aside, the rest are shown: A2. \
         Accepted in another form than the API's: online-date: a number sent as text (1 record)."
    );
    let rows: Vec<String> = (0..2)
        .map(|i| {
            notice.query_selector_all("tbody tr").unwrap().get(i).unwrap().text_content().unwrap()
        })
        .collect();
    assert_eq!(rows, ["A2status.hardware-vernull", "(none)snmissing"]);
    assert_eq!(
        find(&host, "[data-testid=fleet-counts]").text_content().unwrap(),
        "1 device · 1 shown · 0 selected"
    );
    // A clean reading says nothing.
    concerns.fleet.take_in(devices.into());
    leptos::task::tick().await;
    assert!(host.query_selector("[data-testid=fleet-set-aside]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_cloud_check_shows_each_endpoint_with_what_differs() {
    use mwcloud_console::api::RawReply;
    use mwcloud_console::api::check::{Endpoint, check};
    use mwcloud_console::ui::cloud_check::CloudCheckPage;
    let concerns = admin_with(Vec::new());
    let reply = |body: &str| RawReply {
        status: 200,
        content_type: "application/json".into(),
        body: body.into(),
    };
    let catalogue = Catalogue::builtin();
    let groups = reply(
        r#"{"result":0,"dev-catalogs":[{"id":2,"name":"Arena","is-everyone":1,"users":null,"childs":null}]}"#,
    );
    let devices = reply(
        r#"{"result":0,"devs":[{"sn":"A1","module":1,"status":{"product-id":"770","hardware-ver":null,"firmware-ver":"1.5.79"}}]}"#,
    );
    concerns.cloud_check.arrange(vec![
        check(Endpoint::Groups, "/g", Ok(&groups), &catalogue),
        check(Endpoint::Devices, "/d", Ok(&devices), &catalogue),
    ]);
    let host = mount(concerns, || view! { <CloudCheckPage /> }).await;
    let cards = host.query_selector_all("[data-testid=check-endpoint]").unwrap();
    assert_eq!(cards.length(), 2);
    let verdict = |i: u32| {
        cards.get(i).unwrap().unchecked_into::<Element>().get_attribute("data-verdict").unwrap()
    };
    assert_eq!(verdict(0), "All clear");
    assert_eq!(verdict(1), "Problems");
    let text = cards.get(1).unwrap().text_content().unwrap();
    assert!(text.contains("A1: status.hardware-ver — null"), "{text}");
    assert_eq!(
        find(&host, "[data-testid=check-summary]").text_content().unwrap(),
        "1 endpoint with problems, 0 with notes, of 2 read."
    );
}

#[wasm_bindgen_test]
async fn cloud_text_in_cells_cannot_reorder_itself() {
    let concerns = admin_with(vec![named("A1", "safe\u{202E}gnp.exe", 770, "A", "1.5.79")]);
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    let name = find(&host, "tr[data-sn='A1'] td.secondary").text_content().unwrap();
    assert_eq!(name, "\u{2068}safe[U+202E]gnp.exe\u{2069}");
}

#[wasm_bindgen_test]
async fn a_very_long_cloud_name_is_drawn_cut_in_the_fleet_and_the_overview() {
    use mwcloud_console::domain::text::DRAWN_CHARS;
    use mwcloud_console::ui::overview::OverviewPage;
    let long = "Encoder ".repeat(1_250); // 10 KB
    let concerns = admin_with(vec![named("A1", &long, 770, "A", "1.5.79")]);
    let host = mount(concerns, || view! { <FleetSection campaign_mode=false /> }).await;
    let name = find(&host, "tr[data-sn='A1'] td.name").text_content().unwrap();
    assert_eq!(name.chars().count(), DRAWN_CHARS + 1, "cut, with its ellipsis");
    assert!(name.ends_with('…'), "{name}");
    let concerns = admin_with(vec![named("A1", &long, 770, "A", "1.5.79")]);
    let host = mount(concerns, || view! { <OverviewPage /> }).await;
    let label = find(&host, "tr[data-key='770-A'] th").text_content().unwrap();
    assert!(label.chars().count() < DRAWN_CHARS + 40, "{} characters", label.chars().count());
    assert!(label.contains("…") && label.contains("(model 770) · hardware A"), "{label}");
}

#[wasm_bindgen_test]
async fn a_review_names_its_one_device_and_says_before_the_button_when_nothing_can_be_kept() {
    use mwcloud_console::state::history::SaveError;
    use mwcloud_console::testing::library;
    use mwcloud_console::ui::review::ReviewPanel;
    let concerns = admin_with(vec![named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79")]);
    concerns.batch.toggle("A1");
    concerns.batch.offer_from(&library());
    concerns.history.arrange_unsaved(Some(SaveError::Unavailable("private browsing".into())));
    let history = concerns.history;
    let host = mount(concerns, || view! { <ReviewPanel /> }).await;
    assert_eq!(
        find(&host, "[data-testid=review-devices]").text_content().unwrap(),
        "A1 (Ultra Stream HDMI)"
    );
    let said = find(&host, "[data-testid=cannot-keep]").text_content().unwrap();
    assert!(
        said.contains("Nothing can be sent from this browser now")
            && said.contains("private browsing"),
        "{said}"
    );
    let button = find(&host, "[data-testid=confirm-upgrade]");
    assert!(button.has_attribute("disabled"), "nothing is sent that a reload would lose");
    // Once a write succeeds again, the button is back.
    history.arrange_unsaved(None);
    leptos::task::tick().await;
    assert!(host.query_selector("[data-testid=cannot-keep]").unwrap().is_none());
    assert!(!find(&host, "[data-testid=confirm-upgrade]").has_attribute("disabled"));
}
