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
use mwcloud_console::state::Concerns;
use mwcloud_console::ui::runs::RunsSection;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{snapshot, started_run, text};

/// A history of captured format 1 (run 1: verified, failed, lost; run 2: its retry).
const FORMAT_1: &str = include_str!("fixtures/history-format-1.json");

/// A user name no other test uses, with an empty history.
async fn fresh_user(name: &str) -> String {
    let user = format!("{name}-{}", mwcloud_console::browser::page_id());
    idb::delete(&database_name(&user)).await.unwrap();
    user
}

async fn forget(user: &str) {
    let _ = idb::delete(&database_name(user)).await;
}

async fn mount_runs(concerns: Concerns) -> Element {
    common::mount(concerns, || view! { <RunsSection /> }).await
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

#[wasm_bindgen_test]
async fn a_run_is_stored_read_back_updated_one_device_at_a_time_and_deleted() {
    let user = fresh_user("store").await;
    let db = HistoryDb::open(&user).await.unwrap();
    let mut run = started_run(0, &["A1", "A2", "A3"]);
    db.begin(&mut run).await.unwrap();
    assert_eq!(run.id, 1, "the first run of a history");
    let mut second = started_run(0, &["B1"]);
    db.begin(&mut second).await.unwrap();
    assert_eq!(second.id, 2);

    let loaded = db.load().await.unwrap();
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs, [second.clone(), run.clone()], "newest first");

    // A poll that changed one device writes the one chunk that holds it; another tab
    // reads that chunk back onto its copy of the run.
    let mut other_tab = run.clone();
    let devices = [snapshot("A2", true, None, 2, 0, "1.5.79")];
    let by_sn = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    let changed = run.observe(&by_sn, run.created_at + 1_000);
    assert_eq!(changed, [1]);
    let mut writes = Writes::default();
    writes.chunk(run.id, chunk_of(1), &run.devices[..]);
    db.write(writes).await.unwrap();
    for (chunk, progress) in db.read_chunks(run.id, &[chunk_of(1)]).await.unwrap() {
        apply_chunk(&mut other_tab, chunk, progress);
    }
    assert_eq!(other_tab.devices[1].state, Tracked::Installing { step: 2 });
    assert_eq!(other_tab.devices, run.devices);
    let loaded = db.load().await.unwrap();
    assert_eq!(loaded.runs[1].devices, run.devices);

    db.delete(&[run.id]).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert_eq!(loaded.runs, [second], "run 1 and its devices are gone");
    db.clear().await.unwrap();
    assert!(db.load().await.unwrap().runs.is_empty());
    let mut third = started_run(0, &["C1"]);
    db.begin(&mut third).await.unwrap();
    assert_eq!(
        third.id, 3,
        "an id is never given twice, even after clearing"
    );
    db.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn the_history_of_the_earlier_version_is_moved_once_and_nothing_lost() {
    let user = "Admin";
    forget(user).await;
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, FORMAT_1).unwrap();

    let moved = history_db::move_legacy(user, 0).await.unwrap().unwrap();
    assert_eq!(moved.runs, [(user.to_string(), 2)]);
    assert!(moved.set_aside.is_empty());
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap(),
        None,
        "moved, not copied"
    );
    assert!(
        history_db::move_legacy(user, 0).await.unwrap().is_none(),
        "once"
    );

    let db = HistoryDb::open(user).await.unwrap();
    let runs = db.load().await.unwrap().runs;
    let ids: Vec<u64> = runs.iter().map(|r| r.id).collect();
    assert_eq!(ids, [2, 1]);
    assert_eq!(
        runs[1].counts().to_string(),
        "1 verified · 1 failed · 0 timed out · 1 lost · 0 in progress · 0 left out"
    );
    assert_eq!(runs[0].retry_of, Some(1));
    assert_eq!(runs[0].devices[0].attempt, 2);
    let mut next = started_run(0, &["N1"]);
    db.begin(&mut next).await.unwrap();
    assert_eq!(next.id, 3, "numbering goes on after the moved runs");
    db.close();
    forget(user).await;
}

#[wasm_bindgen_test]
async fn an_unreadable_record_of_the_earlier_version_is_set_aside_and_said() {
    let user = fresh_user("legacy-bad").await;
    let mut value: serde_json::Value = serde_json::from_str(FORMAT_1).unwrap();
    value["runs"][0]["firmware"] = serde_json::json!("garbled");
    // Runs without an owner go to whoever starts the console.
    value["runs"][1]["user"] = serde_json::Value::Null;
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, &value.to_string()).unwrap();

    let concerns = common::concerns();
    let host = mount_runs(concerns).await;
    assert!(concerns.history.open_for(user.clone()).await);
    leptos::task::tick().await;
    let runs = concerns
        .history
        .with_all_untracked(|r| r.iter().map(|r| r.id).collect::<Vec<_>>());
    assert_eq!(runs, [1], "the readable run is kept");
    let problems = text(&host, "[data-testid=history-problems]");
    assert!(
        problems
            .contains("The saved run 1 of an earlier version could not be read and was set aside"),
        "{problems}"
    );
    assert_eq!(storage.get_item(STORAGE_KEY).unwrap(), None);
    concerns.history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_set_aside_while_the_others_load() {
    let user = fresh_user("corrupt").await;
    let db = HistoryDb::open(&user).await.unwrap();
    // Two chunks of devices.
    let sns: Vec<String> = (0..CHUNK + 1).map(|i| format!("A{i:04}")).collect();
    let sns: Vec<&str> = sns.iter().map(String::as_str).collect();
    let mut good = started_run(0, &sns);
    db.begin(&mut good).await.unwrap();
    db.close();
    // Something else wrote garbage: a run record, and one chunk of the good run.
    let raw = idb::open(&database_name(&user), SCHEMA, |_, _| {})
        .await
        .unwrap();
    let tx = idb::transaction(&raw, &[RUNS, DEVICES], IdbTransactionMode::Readwrite).unwrap();
    idb::store(&tx, RUNS)
        .unwrap()
        .put_with_key(&"{oops".into(), &JsValue::from_f64(7.0))
        .unwrap();
    idb::store(&tx, DEVICES)
        .unwrap()
        .put_with_key(&"[1,2]".into(), &chunk_key(good.id, 1).into())
        .unwrap();
    idb::committed(&tx).await.unwrap();
    raw.close();

    let concerns = common::concerns();
    let host = mount_runs(concerns).await;
    concerns.history.open_for(user.clone()).await;
    leptos::task::tick().await;
    let shown: Vec<(u64, usize)> = concerns
        .history
        .with_all_untracked(|runs| runs.iter().map(|r| (r.id, r.devices.len())).collect());
    assert_eq!(
        shown,
        [(good.id, CHUNK)],
        "the good run, with its readable chunk"
    );
    let problems = text(&host, "[data-testid=history-problems]");
    assert!(
        problems.contains("The saved run 7 could not be read and was set aside"),
        "{problems}"
    );
    assert!(
        problems.contains("The saved devices of run 1 could not be read"),
        "{problems}"
    );
    concerns.history.close();

    // Set aside, not in the way: the next start reads cleanly.
    let db = HistoryDb::open(&user).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs.len(), 1);
    db.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_refused_write_is_said_and_the_page_keeps_the_run() {
    let user = fresh_user("refused").await;
    let concerns = common::concerns();
    let history = concerns.history;
    history.open_for(user.clone()).await;
    let id = history.begin(started_run(0, &["A1", "A2"])).await;
    let host = mount_runs(concerns).await;
    assert!(
        host.query_selector("[data-testid=history-unsaved]")
            .unwrap()
            .is_none()
    );

    // A newer version of the console opens the history in another tab: this page's
    // connection steps aside, and its next write is refused.
    let newer = idb::open(&database_name(&user), SCHEMA + 1, |_, _| {})
        .await
        .unwrap();
    history.update_run(id, |run| run.batch.push_str(" (edited)"));
    history.flush();
    until("the refusal is shown", || {
        host.query_selector("[data-testid=history-unsaved]")
            .unwrap()
            .is_some()
    })
    .await;
    let notice = text(&host, "[data-testid=history-unsaved]");
    assert!(
        notice.contains("could not be saved in this browser: the browser refused to write it"),
        "{notice}"
    );
    assert!(notice.contains("export the runs you need"), "{notice}");
    assert!(
        history
            .with_run_untracked(id, |run| run.batch.ends_with("(edited)"))
            .unwrap(),
        "the page keeps the change"
    );
    newer.close();
    history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_run_of_20_000_devices_is_stored_and_read_back() {
    let user = fresh_user("big").await;
    let db = HistoryDb::open(&user).await.unwrap();
    let mut run = started_run(0, &["X0"]);
    let target = run.firmware.version;
    run.sent.clear();
    run.devices.clear();
    for i in 0..20_000 {
        let sn = format!("C3{i:011}");
        run.sent.push(mwcloud_console::domain::run::SentDevice {
            sn: sn.clone(),
            name: "Ultra Encode SDI".into(),
            from: "1.5.79".into(),
            ret_before: 0,
        });
        run.devices.push(DeviceTrack::new(
            &sn,
            "Ultra Encode SDI",
            "1.5.79",
            0,
            target,
            1,
        ));
    }
    db.begin(&mut run).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(loaded.set_aside.is_empty());
    assert_eq!(loaded.runs.len(), 1);
    assert_eq!(loaded.runs[0].devices.len(), 20_000);
    assert_eq!(loaded.runs[0], run);
    db.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn tabs_get_distinct_run_ids_and_see_each_others_runs_and_progress() {
    let user = fresh_user("tabs").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    b.history.open_for(user.clone()).await;

    // Both tabs start a run at once.
    let (first, second) = futures::future::join(
        a.history.begin(started_run(0, &["A1"])),
        b.history.begin(started_run(0, &["B1", "B2"])),
    )
    .await;
    assert_ne!(first, second);
    let ids = |c: Concerns| {
        c.history
            .with_all_untracked(|runs| runs.iter().map(|r| r.id).collect::<Vec<_>>())
    };
    let mut both = vec![first, second];
    both.sort_by(|x, y| y.cmp(x));
    until("each tab shows both runs", || {
        ids(a) == both && ids(b) == both
    })
    .await;

    // Progress written by one tab shows in the other.
    let devices = [snapshot("B2", true, None, 3, 0, "1.5.79")];
    let by_sn = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    b.history
        .update_active(|run| run.observe(&by_sn, run.created_at + 500));
    b.history.flush();
    let state_in_a = || {
        a.history
            .with_run_untracked(second, |run| run.devices[1].state.clone())
    };
    until("tab A sees B2 installing", || {
        state_in_a() == Some(Tracked::Installing { step: 3 })
    })
    .await;

    // Deleting in one tab deletes in the other.
    a.history.delete(first);
    until("tab B forgets the run", || ids(b) == [second]).await;
    a.history.close();
    b.history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn each_user_sees_only_their_own_history() {
    let admin = fresh_user("admin").await;
    let operator = fresh_user("operator").await;
    let concerns = common::concerns();
    let history = concerns.history;
    history.open_for(admin.clone()).await;
    history.begin(started_run(0, &["A1"])).await;
    history.close();
    assert!(
        history.with_all_untracked(|runs| runs.is_empty()),
        "logged out"
    );

    history.open_for(operator.clone()).await;
    assert!(
        history.with_all_untracked(|runs| runs.is_empty()),
        "none of Admin's"
    );
    history.close();
    history.open_for(admin.clone()).await;
    assert_eq!(
        history.with_all_untracked(|runs| runs.len()),
        1,
        "kept for Admin"
    );
    history.close();
    forget(&admin).await;
    forget(&operator).await;
}

#[wasm_bindgen_test]
async fn a_queued_save_is_written_when_the_page_is_hidden() {
    let user = fresh_user("pagehide").await;
    let history = common::concerns().history;
    history.flush_on_pagehide();
    history.open_for(user.clone()).await;
    let id = history.begin(started_run(0, &["C1"])).await;
    history.update_run(id, |run| run.batch = "renamed".into());
    window()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    let db = history.database().unwrap();
    // The write went out with the event; reading after it sees it.
    let runs: Vec<Run> = db.load().await.unwrap().runs;
    assert_eq!(runs[0].batch, "renamed", "written as the page is hidden");
    history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn without_web_locks_one_tab_holds_the_polling_lease_until_it_lapses_or_is_given_up() {
    let user = fresh_user("lease").await;
    let a = HistoryDb::open(&user).await.unwrap();
    let b = HistoryDb::open(&user).await.unwrap();
    assert!(a.claim_lease("tab-a", 0, 7_000).await.unwrap());
    assert!(
        !b.claim_lease("tab-b", 3_000, 7_000).await.unwrap(),
        "a holds it"
    );
    assert!(
        a.claim_lease("tab-a", 6_000, 7_000).await.unwrap(),
        "renewed"
    );
    assert!(
        !b.claim_lease("tab-b", 12_000, 7_000).await.unwrap(),
        "renewal counts"
    );
    assert!(
        b.claim_lease("tab-b", 13_001, 7_000).await.unwrap(),
        "lapsed: b takes it"
    );
    b.drop_lease("tab-a").await.unwrap();
    assert!(
        !a.claim_lease("tab-a", 14_000, 7_000).await.unwrap(),
        "only the holder gives it up"
    );
    b.drop_lease("tab-b").await.unwrap();
    assert!(
        a.claim_lease("tab-a", 14_000, 7_000).await.unwrap(),
        "given up: a takes it"
    );
    a.close();
    b.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_tab_whose_browser_session_now_belongs_to_another_user_says_so() {
    let document: web_sys::HtmlDocument = wasm_bindgen::JsCast::unchecked_into(document());
    let concerns = common::admin_with(Vec::new());
    document.set_cookie("mwcloud-uid=Admin; path=/").unwrap();
    assert!(!concerns.session.replaced_by_another_user());
    // Another tab logged in as the operator.
    document.set_cookie("mwcloud-uid=operator; path=/").unwrap();
    assert!(concerns.session.replaced_by_another_user());
    document
        .set_cookie("mwcloud-uid=; path=/; max-age=0")
        .unwrap();
    assert!(
        !concerns.session.replaced_by_another_user(),
        "no readable user cookie: the Cloud decides"
    );
}

/// Makes the page read as hidden (or visible again) and tells it, as the browser would.
fn set_hidden(hidden: bool) {
    let script = if hidden {
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})"
    } else {
        "delete document.hidden"
    };
    js_sys::eval(script).unwrap();
    window()
        .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn one_visible_tab_polls_and_a_hidden_one_steps_down() {
    let user = fresh_user("poller").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    a.poller.start();
    until("the first tab polls", || a.poller.leading.get_untracked()).await;
    b.history.open_for(user.clone()).await;
    b.poller.start();
    gloo_timers::future::sleep(Duration::from_millis(200)).await;
    assert!(!b.poller.leading.get_untracked(), "one tab at a time");

    set_hidden(true);
    until("a hidden tab does not poll", || {
        !a.poller.leading.get_untracked() && !b.poller.leading.get_untracked()
    })
    .await;
    set_hidden(false);
    until("a visible tab polls again", || {
        a.poller.leading.get_untracked() != b.poller.leading.get_untracked()
    })
    .await;
    gloo_timers::future::sleep(Duration::from_millis(200)).await;
    assert!(
        a.poller.leading.get_untracked() != b.poller.leading.get_untracked(),
        "still exactly one"
    );
    a.history.close();
    b.history.close();
    forget(&user).await;
}

/// A campaign of one call (770/A, device A1), saved in `tab`'s history.
async fn saved_campaign(tab: Concerns) -> u64 {
    use mwcloud_console::domain::campaign::plan::{PlanChoices, plan};
    use mwcloud_console::domain::campaign::{Campaign, CampaignContext};
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
        CampaignContext {
            id: 0,
            user: Some("Admin".into()),
            deadline_secs: 600,
            retry_of: None,
            earlier: Default::default(),
            now: js_sys::Date::now() as i64,
        },
    );
    tab.history.begin_campaign(campaign).await.expect("saved")
}

#[wasm_bindgen_test]
async fn a_campaign_call_is_made_once_however_many_tabs_try() {
    let user = fresh_user("campaign-call").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    b.history.open_for(user.clone()).await;
    let id = saved_campaign(a).await;
    until("tab B hears of the campaign", || {
        b.history.campaign_untracked(id).is_some()
    })
    .await;
    // Both tabs make wave 0's call at once: one gets a run, the other is refused.
    let (first, second) = futures::future::join(
        a.history.begin_call(id, 0, 0, started_run(0, &["A1"])),
        b.history.begin_call(id, 0, 0, started_run(0, &["A1"])),
    )
    .await;
    let made: Vec<u64> = [first, second].into_iter().flatten().collect();
    assert_eq!(made.len(), 1, "made once: {first:?} {second:?}");
    // After a reload, the call stays made with that run; nothing asks to make it again.
    let c = common::concerns();
    c.history.open_for(user.clone()).await;
    let campaign = c.history.campaign_untracked(id).unwrap();
    assert_eq!(campaign.run_ids().collect::<Vec<_>>(), made);
    assert_eq!(
        c.history
            .begin_call(id, 0, 0, started_run(0, &["A1"]))
            .await,
        None
    );
    for tab in [a, b, c] {
        tab.history.close();
    }
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_history_of_schema_1_opens_as_schema_2_with_its_runs() {
    let user = fresh_user("schema-1").await;
    let old = idb::open(&database_name(&user), 1, |db, _| {
        for name in [RUNS, DEVICES, "meta"] {
            let _ = db.create_object_store(name);
        }
        let _ = db.create_object_store("set_aside");
    })
    .await
    .unwrap();
    let run = started_run(5, &["A1"]);
    let tx = idb::transaction(&old, &[RUNS], IdbTransactionMode::Readwrite).unwrap();
    idb::store(&tx, RUNS)
        .unwrap()
        .put_with_key(
            &JsValue::from_str(&mwcloud_console::domain::history::encode_run(&run)),
            &JsValue::from_f64(5.0),
        )
        .unwrap();
    idb::committed(&tx).await.unwrap();
    old.close();
    assert_eq!(SCHEMA, 2);
    let tab = common::concerns();
    tab.history.open_for(user.clone()).await;
    assert_eq!(
        tab.history
            .with_all_untracked(|runs| runs.iter().map(|r| r.id).collect::<Vec<_>>()),
        [5]
    );
    let id = saved_campaign(tab).await;
    assert!(tab.history.campaign_untracked(id).is_some());
    tab.history.close();
    forget(&user).await;
}
