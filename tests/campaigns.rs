//! Browser tests of campaigns: the plan table (a row per batch key with its target, what it
//! does and who is left out — on air among them; a test build to accept), and the halt
//! notice with its reasons and both ways on.
#![cfg(target_arch = "wasm32")]

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use mwcloud_console::domain::campaign::plan::{PlanChoices, plan};
use mwcloud_console::domain::campaign::{Campaign, CampaignContext, Step};
use mwcloud_console::domain::codes::Catalogue;
use mwcloud_console::domain::device::{FleetDevice, OnAir};
use mwcloud_console::domain::firmware::FirmwareList;
use mwcloud_console::domain::outcome::{Outcomes, Reported};
use mwcloud_console::domain::run::{Run, RunContext};
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::domain::tracking::Tracked;
use mwcloud_console::state::library::LibraryState;
use mwcloud_console::ui::campaigns::{CampaignPage, CampaignPlanner};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{find, text};
use mwcloud_console::testing::named;

/// Three keys: 770/A (3 devices, one live), 770/B (2), 771/A (1, on the newest already).
fn fleet() -> Vec<FleetDevice> {
    let mut live = named("A3", "Ultra Stream HDMI", 770, "A", "1.5.79");
    live.on_air = Some(OnAir::Live);
    vec![
        named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79"),
        named("A2", "Ultra Stream HDMI", 770, "A", "1.5.120"),
        live,
        named("B1", "Ultra Stream HDMI", 770, "B", "1.5.120"),
        named("B2", "Ultra Stream HDMI", 770, "B", "1.5.178"),
        named("C1", "Ultra Stream SDI", 771, "A", "1.5.178"),
    ]
}

fn library() -> FirmwareList {
    let list: Vec<sc_wire::Firmware> = serde_json::from_value(serde_json::json!([
        {"id": 1, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5, "build-number": 178, "firmware-id": 0, "upload-date": 1},
        {"id": 2, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 6, "build-number": 0, "firmware-id": 1, "upload-date": 2},
        {"id": 3, "product-id": 770, "hardware-ver": "B", "marjor-ver": 1, "minor-ver": 6, "build-number": 12, "firmware-id": 0, "upload-date": 3},
        {"id": 4, "product-id": 771, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5, "build-number": 178, "firmware-id": 0, "upload-date": 4}
    ]))
    .unwrap();
    FirmwareList::from_wire(&list)
}

fn button_disabled(host: &web_sys::Element, css: &str) -> bool {
    find(host, css).dyn_into::<web_sys::HtmlButtonElement>().unwrap().disabled()
}

#[wasm_bindgen_test]
async fn the_plan_has_a_row_per_key_with_its_target_and_who_is_left_out() {
    let concerns = common::admin_with(fleet());
    concerns.library.list.set(LibraryState::Ready(library()));
    concerns.campaigns.add_all(fleet().into_iter().map(|d| d.sn));
    let host = common::mount(concerns, || view! { <CampaignPlanner /> }).await;
    let rows: Vec<String> = (0..3)
        .map(|i| text(&host, &format!("[data-testid=plan-table] tbody tr:nth-child({})", i + 1)))
        .collect();
    assert!(rows[0].contains("model 770") && rows[0].contains("hardware A"), "{}", rows[0]);
    assert!(
        rows[0].contains("1.5.178 (release)"),
        "the newest release is the default: {}",
        rows[0]
    );
    assert!(rows[0].contains("upgrades 2"), "{}", rows[0]);
    assert!(rows[0].contains("on air (recording or live)"), "{}", rows[0]);
    assert!(
        rows[1].contains("1.6.12 (release)") && rows[1].contains("upgrades 2 · unchanged 0"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("model 771") && rows[2].contains("upgrades 0 · unchanged 1"),
        "{}",
        rows[2]
    );
    assert!(rows[2].contains("already on the target version"), "{}", rows[2]);
    assert_eq!(
        text(&host, "[data-testid=plan-totals]"),
        "6 devices in scope · 4 devices to send · 2 left out"
    );
    let preview = text(&host, "[data-testid=wave-preview]");
    assert!(
        preview
            .starts_with("The canary: 2 devices in 2 calls · halts if any device does not verify"),
        "{preview}"
    );
    assert!(text(&host, ".on-air-choice").contains("Include the 1 device on air"));
    assert!(!button_disabled(&host, "[data-testid=start-campaign]"));

    // Another target for 770/A: the test build must be accepted before starting.
    let select =
        find(&host, "[data-testid=plan-target]").dyn_into::<web_sys::HtmlSelectElement>().unwrap();
    select.set_value("2");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
    assert!(text(&host, ".notice-warn").contains("1.6.0 is a test build"));
    assert!(button_disabled(&host, "[data-testid=start-campaign]"));
    find(&host, "[data-testid=accept-risks]").dyn_into::<web_sys::HtmlElement>().unwrap().click();
    leptos::task::tick().await;
    assert!(!button_disabled(&host, "[data-testid=start-campaign]"));
}

/// A campaign halted after its canary: 770/A's canary failed, 770/B's verified.
fn halted() -> (Campaign, Vec<Run>) {
    let fleet = fleet();
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let planned = plan(&scope, &library(), &PlanChoices::default());
    let now = js_sys::Date::now() as i64;
    let mut campaign = Campaign::begin(
        &planned,
        CampaignContext {
            id: 1,
            user: Some("Admin".into()),
            deadline_secs: 600,
            retry_of: None,
            earlier: BTreeMap::new(),
            now,
        },
    );
    let catalogue = Catalogue::builtin();
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&HashMap::new(), &catalogue, now), Step::Send(0));
    for call in campaign.prepare(0, |sn| fleet.iter().find(|d| d.sn == sn), now) {
        let id = runs.len() as u64 + 1;
        campaign.record_call(call.wave, call.call, id);
        let mut run = Run::begin(
            &call.plan,
            RunContext {
                id,
                user: Some("Admin".into()),
                batch: String::new(),
                deadline_secs: 600,
                retry_of: None,
                earlier: BTreeMap::new(),
                now,
            },
        );
        let sent: Vec<(String, String)> =
            run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
        let ok: Vec<Reported> =
            sent.iter().map(|(sn, _)| Reported { sn: sn.clone(), code: 0 }).collect();
        run.answered(&Outcomes::match_reply(&sent, &ok), now);
        for track in &mut run.devices {
            track.state = if track.sn == "A1" {
                Tracked::InstallFailed { code: 103, step: 3 }
            } else {
                Tracked::Verified
            };
        }
        runs.push(run);
    }
    let by_id: HashMap<u64, &Run> = runs.iter().map(|r| (r.id, r)).collect();
    assert_eq!(campaign.step(&by_id, &catalogue, now), Step::Halted(0));
    (campaign, runs)
}

#[wasm_bindgen_test]
async fn a_halted_campaign_says_why_and_offers_resume_or_abort() {
    let (campaign, runs) = halted();
    let concerns = common::admin_with(fleet());
    concerns.history.replace(runs);
    concerns.history.campaigns.set(vec![campaign]);
    let host = common::mount(concerns, || view! { <CampaignPage id=1 /> }).await;
    let notice = text(&host, "[data-testid=halt-notice]");
    assert!(notice.contains("After the canary, 1 device did not verify"), "{notice}");
    assert!(notice.contains("1 × install failed at step 3"), "{notice}");
    assert!(notice.contains("A1"), "the device behind the reason: {notice}");
    assert_eq!(text(&host, "[data-testid=resume-campaign]"), "Resume, acknowledging this device");
    assert!(notice.contains("Abort: no further waves"));
    assert!(notice.contains("the Cloud has no cancel"));
    assert_eq!(text(&host, "[data-testid=campaign-status]"), "halted after the canary");
    let counts = text(&host, "[data-testid=campaign-counts]");
    assert_eq!(
        counts,
        "1 verified · 1 failed, timed out or lost · 0 in progress · 2 waiting for their wave · 0 not started · 2 left out",
    );
}

#[wasm_bindgen_test]
async fn an_operator_sees_a_campaign_read_only() {
    let (campaign, runs) = halted();
    let concerns = common::concerns();
    concerns
        .session
        .status
        .set(SessionStatus::Active { user: Some("operator".into()), role: Role::Operator });
    concerns.history.replace(runs);
    concerns.history.campaigns.set(vec![campaign]);
    let host = common::mount(concerns, || view! { <CampaignPage id=1 /> }).await;
    assert!(text(&host, "[data-testid=halt-notice]").contains("did not verify"));
    for control in ["resume-campaign", "abort-halted", "abort-campaign", "retry-campaign"] {
        assert!(
            host.query_selector(&format!("[data-testid={control}]")).unwrap().is_none(),
            "no {control} for an operator"
        );
    }
}
