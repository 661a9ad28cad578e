//! Browser tests of campaigns: the plan table (a row per batch key with its target, what it
//! does and who is left out — on air among them; a test build to accept), and the halt
//! notice with its reasons and both ways on.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mwcloud_console::domain::campaign::Campaign;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::firmware::FirmwareList;
use mwcloud_console::domain::run::Run;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::state::library::LibraryState;
use mwcloud_console::ui::campaigns::{CampaignPage, CampaignPlanner};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{find, text};
use mwcloud_console::testing;

fn fleet() -> Vec<FleetDevice> {
    testing::campaign_fleet()
}

fn library() -> FirmwareList {
    testing::campaign_library()
}

fn halted() -> (Campaign, Vec<Run>) {
    testing::halted_campaign(js_sys::Date::now() as i64)
}

fn button_disabled(host: &web_sys::Element, css: &str) -> bool {
    find(host, css).dyn_into::<web_sys::HtmlButtonElement>().unwrap().disabled()
}

#[wasm_bindgen_test]
async fn the_plan_has_a_row_per_key_with_its_target_and_who_is_left_out() {
    let concerns = common::admin_with(fleet());
    concerns.library.arrange(LibraryState::Ready(library()));
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
            .starts_with("The canary: 2 devices across 2 model and hardware pairs · halts if any device does not verify"),
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

    // "I understand" was for that choice: the default again, then the test build again,
    // asks for it again.
    for value in ["", "2"] {
        let select = find(&host, "[data-testid=plan-target]")
            .dyn_into::<web_sys::HtmlSelectElement>()
            .unwrap();
        select.set_value(value);
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        leptos::task::tick().await;
    }
    assert!(text(&host, ".notice-warn").contains("1.6.0 is a test build"));
    assert!(button_disabled(&host, "[data-testid=start-campaign]"), "accepted afresh");
}

#[wasm_bindgen_test]
async fn a_halted_campaign_says_why_and_offers_resume_or_abort() {
    let (campaign, runs) = halted();
    let concerns = common::admin_with(fleet());
    concerns.history.replace(runs);
    concerns.history.replace_campaigns(vec![campaign]);
    let host = common::mount(concerns, || view! { <CampaignPage id=1 /> }).await;
    let notice = text(&host, "[data-testid=halt-notice]");
    assert!(notice.contains("After the canary, 1 device did not verify"), "{notice}");
    assert!(notice.contains("1 × install failed at step 3"), "{notice}");
    assert!(notice.contains("A1"), "the device behind the reason: {notice}");
    assert_eq!(
        text(&host, "[data-testid=resume-campaign]"),
        "Resume all, acknowledging this device…"
    );
    // The failing model and hardware, named with its failures and its own way on.
    let failing = text(&host, "[data-testid=failing-keys]");
    assert!(failing.contains("Ultra Stream HDMI (model 770) · hardware A"), "{failing}");
    assert!(failing.contains("1 device did not verify · 1 device in later waves"), "{failing}");
    assert!(!failing.contains("hardware B"), "770/B verified: {failing}");
    assert_eq!(
        text(&host, "[data-testid=leave-out-key]"),
        "Leave this model and hardware out and resume"
    );
    assert_eq!(text(&host, "[data-testid=abort-halted]"), "Abort…");
    // The matrix marks the failing model's row, its canary cell not verified.
    let marked = text(&host, ".wave-matrix tr.failing th");
    assert!(marked.contains("hardware A") && marked.contains("failing"), "{marked}");
    let cell = common::find(&host, ".wave-matrix tr.failing td[data-state]");
    assert_eq!(cell.get_attribute("data-state").as_deref(), Some("not-verified"));
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
        .arrange(SessionStatus::Active { user: Some("operator".into()), role: Role::Operator });
    concerns.history.replace(runs);
    concerns.history.replace_campaigns(vec![campaign]);
    let host = common::mount(concerns, || view! { <CampaignPage id=1 /> }).await;
    let notice = text(&host, "[data-testid=halt-notice]");
    assert!(notice.contains("until an administrator decides"), "{notice}");
    assert_eq!(
        text(&host, "[data-testid=campaign-read-only]"),
        "As an operator you follow this campaign read-only: an administrator resumes, aborts, retries or rolls it back."
    );
    for control in ["resume-campaign", "abort-halted", "abort-campaign", "retry-campaign"] {
        assert!(
            host.query_selector(&format!("[data-testid={control}]")).unwrap().is_none(),
            "no {control} for an operator"
        );
    }
}
