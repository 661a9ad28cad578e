//! Browser tests of following runs: progress from snapshots, the run views, CSV export.
//! (Keeping the history is in `history.rs`.)
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mwcloud_console::domain::session::{Role, SessionStatus};
use mwcloud_console::state::ConsoleState;
use mwcloud_console::ui::history::HistoryPage;
use mwcloud_console::ui::runs::RunPage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{started_run, text};
use mwcloud_console::testing::snapshot;

/// Run `id`'s page.
async fn mount_run(concerns: ConsoleState, id: u64) -> Element {
    common::mount(concerns, move || view! { <RunPage id=id /> }).await
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
    concerns
        .session
        .arrange(SessionStatus::Active { user: Some("Admin".into()), role: Role::Administrator });
    concerns.history.replace(vec![started_run(1, &["A1", "A2"])]);
    let host = mount_run(concerns, 1).await;
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
    assert_eq!(text(&host, "tr[data-sn='A2'] .state .words"), "installing, step 2 of 4");

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
    assert_eq!(progress(&host, "A2"), "70", "a failed device's bar stops where it did, never full");
    assert!(common::find(&host, "tr[data-sn='A2']").class_list().contains("bad"));
    assert_eq!(text(&host, "tr[data-sn='A2'] .sign"), "✗");
    assert_eq!(text(&host, "tr[data-sn='A1'] .sign"), "✓");
    assert_eq!(
        text(&host, "[data-testid=failure-reasons]"),
        "1 × install failed at step 3: flash write failed (code 103)"
    );
    assert_eq!(concerns.announcer.latest(), "Devices finished: 1 failed, 1 verified.");
    assert!(!concerns.history.with_all_untracked(|r| r[0].is_active()));
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
    let host = mount_run(concerns, 5).await;
    let link = host.query_selector("[data-testid=export-csv]").unwrap().unwrap();
    assert_eq!(link.get_attribute("download").unwrap(), "upgrade-run-5.csv");
    // The export is made when the link is focused or clicked.
    link.dispatch_event(&web_sys::Event::new("focus").unwrap()).unwrap();
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
    assert_eq!(lines[1], "5,A1,Ultra Stream HDMI,1.5.79,1.5.178,verified,yes,1");
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
    assert_eq!(reads_of_run_2.get_value(), before, "run 1 changed, run 2 did not");

    history.update_run(2, |run| run.updated_at += 1);
    leptos::task::tick().await;
    assert_eq!(reads_of_run_2.get_value(), before + 1, "run 2 changed");
    host.remove();
}

#[wasm_bindgen_test]
async fn operators_cannot_forget_runs_and_deleting_one_asks_first() {
    let concerns = common::concerns();
    concerns
        .session
        .arrange(SessionStatus::Active { user: Some("operator".into()), role: Role::Operator });
    concerns.history.replace(vec![started_run(1, &["A1"])]);
    let host = common::mount(concerns, || view! { <HistoryPage campaigns_only=false /> }).await;
    assert!(host.query_selector(".history-table tr[data-run='1']").unwrap().is_some());
    for button in ["[data-testid=delete-run]", "[data-testid=clear-history]"] {
        assert!(host.query_selector(button).unwrap().is_none(), "{button}");
    }

    concerns
        .session
        .arrange(SessionStatus::Active { user: Some("Admin".into()), role: Role::Administrator });
    leptos::task::tick().await;
    let delete: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(common::find(&host, "[data-testid=delete-run]"));
    delete.click();
    leptos::task::tick().await;
    let (question, yes) = concerns.questions.asking().expect("it asks first");
    assert_eq!(question, "Forget run 1 in this browser? The devices are not affected.");
    assert_eq!(yes, "Forget run 1");
    concerns.questions.answer(false);
    leptos::task::tick().await;
    assert_eq!(concerns.history.with_all_untracked(|r| r.len()), 1, "kept when declined");
    delete.click();
    leptos::task::tick().await;
    concerns.questions.answer(true);
    leptos::task::tick().await;
    assert_eq!(concerns.history.with_all_untracked(|r| r.len()), 0, "forgotten when confirmed");
}

#[wasm_bindgen_test]
async fn a_call_refused_as_a_whole_is_shown_as_refused_not_as_a_finished_run() {
    let concerns = common::concerns();
    let mut run = started_run(1, &["A1", "A2"]);
    run.devices.clear();
    run.left_out.clear();
    run.start = mwcloud_console::domain::run::StartRecord::Sending;
    run.refused("The Cloud does not allow this for your account.".into(), "result -9002".into(), 1);
    concerns.history.replace(vec![run]);
    let host = common::mount(concerns, || {
        view! {
            <RunPage id=1 />
            <HistoryPage campaigns_only=false />
        }
    })
    .await;
    let view = text(&host, "[data-testid=run-view]");
    assert!(view.contains("Nothing was started."), "{view}");
    assert!(view.contains("does not allow this for your account"), "{view}");
    let line = text(&host, ".history-table tr[data-run='1']");
    assert!(line.contains("refused: nothing started"), "{line}");
    assert!(!line.contains("finished"), "{line}");
}

#[wasm_bindgen_test]
async fn devices_not_followed_are_grouped_by_reason_with_the_devices_behind_each() {
    use mwcloud_console::domain::batch::LeftOut;
    use mwcloud_console::domain::call::NotFollowed;
    use mwcloud_console::domain::run::LeftOutDevice;
    let concerns = common::concerns();
    let mut run = started_run(1, &["A1"]);
    for (sn, reason) in [
        ("B1", NotFollowed::Plan(LeftOut::AlreadyOnTarget)),
        ("B2", NotFollowed::Plan(LeftOut::Offline)),
        ("B3", NotFollowed::Plan(LeftOut::AlreadyOnTarget)),
        ("B4", NotFollowed::AlreadyUpgrading),
        ("B5", NotFollowed::Plan(LeftOut::AlreadyOnTarget)),
    ] {
        run.left_out.push(LeftOutDevice { sn: sn.into(), reason });
    }
    concerns.history.replace(vec![run]);
    let host = mount_run(concerns, 1).await;
    assert_eq!(text(&host, "[data-testid=left-out] h3"), "Not followed (5)");
    assert_eq!(
        text(&host, "[data-testid=left-out] .left-out-summary"),
        "3 × left out: already on the target version · 1 × left out: offline · \
         1 × not started: already upgrading"
    );
    let groups = host.query_selector_all("[data-testid=left-out] .left-out-groups > li").unwrap();
    assert_eq!(groups.length(), 3);
    let first = groups.get(0).unwrap().text_content().unwrap();
    assert!(first.contains("B1, B3, B5"), "{first}");
}

#[wasm_bindgen_test]
async fn the_administrator_can_stop_following_a_run_and_its_devices_keep_their_state() {
    let concerns = common::concerns();
    concerns.history.replace(vec![started_run(1, &["A1", "A2"])]);
    let host = mount_run(concerns, 1).await;
    concerns.tracking.take_in(vec![
        snapshot("A1", true, None, 2, 0, "1.5.79"),
        snapshot("A2", true, None, 0, 0, "1.5.178"),
    ]);
    leptos::task::tick().await;
    let stop: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(common::find(&host, "[data-testid=stop-following]"));
    stop.click();
    leptos::task::tick().await;
    assert!(concerns.history.any_active(), "nothing stops before the answer");
    concerns.questions.answer(true);
    leptos::task::tick().await;
    assert!(!concerns.history.any_active(), "nothing is followed any more");
    assert_eq!(
        text(&host, "[data-testid=run-counts]"),
        "1 verified · 0 failed · 0 timed out · 0 lost · 1 no longer followed · 0 left out"
    );
    // The last known state stays, said as no longer followed, with a still bar.
    let words = text(&host, "tr[data-sn='A1'] .state .words");
    assert!(
        words.starts_with("no longer followed (last seen: installing, step 2 of 4, "),
        "{words}"
    );
    assert!(host.query_selector(".run-bar .in-progress").unwrap().is_none(), "nothing moves");
    assert!(host.query_selector(".run-bar .not-followed").unwrap().is_some());
    assert!(host.query_selector("[data-testid=stop-following]").unwrap().is_none());
    // A later reading changes nothing.
    concerns.tracking.take_in(vec![snapshot("A1", true, None, 0, 0, "1.5.178")]);
    leptos::task::tick().await;
    assert_eq!(text(&host, "tr[data-sn='A1'] .state .words"), words);
    // "Follow again": followed, and the next reading is taken in.
    let again: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(common::find(&host, "[data-testid=follow-again]"));
    again.click();
    leptos::task::tick().await;
    assert!(concerns.history.any_active(), "followed again");
    concerns.tracking.take_in(vec![snapshot("A1", true, None, 0, 0, "1.5.178")]);
    leptos::task::tick().await;
    assert_eq!(text(&host, "tr[data-sn='A1'] .state .words"), "verified");
    assert!(host.query_selector("[data-testid=follow-again]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn devices_that_need_attention_come_first_and_the_list_filters_by_state() {
    let concerns = common::concerns();
    concerns.history.replace(vec![started_run(1, &["A1", "A2", "A3"])]);
    let host = mount_run(concerns, 1).await;
    concerns.tracking.take_in(vec![
        snapshot("A1", true, None, 0, 0, "1.5.178"),
        snapshot("A2", true, None, 2, 0, "1.5.79"),
        snapshot("A3", true, None, 3, 103, "1.5.79"),
    ]);
    leptos::task::tick().await;
    let order = || {
        let rows = host.query_selector_all(".run-devices tbody tr").unwrap();
        (0..rows.length())
            .map(|i| {
                wasm_bindgen::JsCast::unchecked_into::<Element>(rows.get(i).unwrap())
                    .get_attribute("data-sn")
                    .unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(order(), ["A3", "A2", "A1"], "failed, then under way, then verified");
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::unchecked_into(common::find(&host, "[data-testid=state-filter]"));
    select.set_value("Needs attention");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(order(), ["A3"]);
    select.set_value("Verified");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(order(), ["A1"]);
}

/// The overview over a small fleet: each count is a link to the fleet filtered to exactly
/// it, and a model's versions are a bar with its legend.
#[wasm_bindgen_test]
async fn the_overview_counts_draws_a_bar_per_model_and_links_each_number_to_its_filter() {
    use mwcloud_console::state::library::LibraryState;
    use mwcloud_console::testing::{device, library};
    use mwcloud_console::ui::overview::OverviewPage;
    let mut offline = device("A4", 770, "A", "1.5.79");
    offline.presence = mwcloud_console::domain::device::Presence::Offline;
    let concerns = common::admin_with(vec![
        device("A1", 770, "A", "1.5.178"),
        device("A2", 770, "A", "1.5.79"),
        device("A3", 770, "A", "1.4.120"),
        offline,
        device("B1", 770, "B", "1.6.12"),
        device("Z1", 999, "A", "1.0.0"),
    ]);
    concerns.library.arrange(LibraryState::Ready(library()));
    let host = common::mount(concerns, || view! { <OverviewPage /> }).await;
    let href = |css: &str| common::find(&host, css).get_attribute("href").unwrap_or_default();
    assert_eq!(
        text(&host, "[data-testid=compliance]"),
        "40.0 %",
        "2 of 5 comparable on the newest"
    );
    assert_eq!(text(&host, "[data-testid=figure-behind]"), "3");
    assert_eq!(href("[data-testid=figure-behind]"), "/fleet?release=behind");
    assert_eq!(href("[data-testid=figure-offline]"), "/fleet?state=offline");
    let row = "tr[data-key='770-A']";
    assert_eq!(text(&host, &format!("{row} [data-testid=key-newest]")), "1");
    assert_eq!(
        href(&format!("{row} [data-testid=key-newest]")),
        "/fleet?family=1&model=770&hw=A&release=newest"
    );
    let by_two = host
        .query_selector_all(&format!("{row} .behind-by a"))
        .unwrap()
        .item(1)
        .expect("two releases behind")
        .unchecked_into::<Element>();
    assert_eq!(
        by_two.get_attribute("href").unwrap(),
        "/fleet?family=1&model=770&hw=A&release=behind-2"
    );
    assert_eq!(
        host.query_selector_all("svg.version-bar").unwrap().length(),
        3,
        "one bar per model"
    );
    let segments =
        host.query_selector_all(&format!("{row} svg rect:not(.stripe)")).unwrap().length();
    assert_eq!(segments, 3, "1.5.178, 1.5.79, 1.4.120");
    let legend = text(&host, &format!("{row} .version-legend"));
    assert!(
        legend.contains("1.5.178 (newest): 1") && legend.contains("1.5.79 (1 behind): 2"),
        "{legend}"
    );
    // A colour per standing, the same in every row and in the key above them.
    let shades = |css: &str| {
        let found = host.query_selector_all(css).unwrap();
        (0..found.length())
            .map(|i| found.item(i).unwrap().unchecked_into::<Element>())
            .map(|e| e.get_attribute("data-shade").unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(shades(&format!("{row} .version-legend li")), ["newest", "behind-1", "behind-2"]);
    assert_eq!(shades("tr[data-key='770-B'] .version-legend li"), ["newest"]);
    assert_eq!(shades("tr[data-key='999-A'] .version-legend li"), ["unknown"]);
    let key = text(&host, "[data-testid=shade-key]");
    assert!(key.contains("newest release") && key.contains("not comparable"), "{key}");
    // A model with nothing to compare with says so, instead of "0 on it, 0 behind".
    assert_eq!(
        text(&host, "tr[data-key='999-A'] [data-testid=key-not-comparable]"),
        "1 not comparable"
    );
    assert_eq!(
        href(&format!("{row} .version-legend li:nth-child(2) a")),
        "/fleet?family=1&model=770&hw=A&fw=1%2E5%2E79"
    );
}

/// A device's page lists each call that named it, newest first, with what each ended in.
#[wasm_bindgen_test]
async fn a_device_page_lists_each_attempt_newest_first_with_its_outcome() {
    use mwcloud_console::domain::tracking::Tracked;
    use mwcloud_console::ui::device::DevicePage;
    let concerns = common::admin_with(vec![snapshot("A1", true, None, 0, 0, "1.5.178")]);
    let mut failed = started_run(1, &["A1", "A2"]);
    failed.devices[0].state = Tracked::InstallFailed { code: 103, step: 3 };
    let mut verified = started_run(2, &["A1"]);
    verified.created_at += 60_000;
    verified.devices[0].state = Tracked::Verified;
    concerns.history.replace(vec![failed, verified]);
    let host = common::mount(concerns, || view! { <DevicePage sn="A1".to_string() /> }).await;
    let rows = host.query_selector_all("[data-testid=device-story] tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let first = rows.item(0).unwrap().text_content().unwrap();
    let second = rows.item(1).unwrap().text_content().unwrap();
    assert!(first.contains("Run 2") && first.contains("verified"), "{first}");
    assert!(second.contains("Run 1") && second.contains("install failed at step 3"), "{second}");
    assert!(second.contains("1.5.79 → 1.5.178"), "{second}");
    let back = common::find(&host, "[data-testid=roll-back]");
    assert!(back.get_attribute("disabled").is_none(), "a way back from its latest call");
    assert_eq!(
        back.text_content().unwrap(),
        "Return this device to 1.5.79…",
        "it names the version, and the one device"
    );
}

#[wasm_bindgen_test]
async fn an_operator_is_told_why_a_device_page_has_no_actions() {
    use mwcloud_console::ui::device::DevicePage;
    let concerns = common::admin_with(vec![snapshot("A1", true, None, 0, 0, "1.5.178")]);
    concerns
        .session
        .arrange(SessionStatus::Active { user: Some("operator".into()), role: Role::Operator });
    concerns.history.replace(vec![started_run(1, &["A1"])]);
    let host = common::mount(concerns, || view! { <DevicePage sn="A1".to_string() /> }).await;
    assert!(host.query_selector("[data-testid=roll-back]").unwrap().is_none());
    assert!(
        text(&host, "[data-testid=device-read-only]")
            .starts_with("As an operator you see this device")
    );
}
