//! Histories of earlier versions: moved from localStorage once, unreadable records set
//! aside and said, a schema 1 database opened as schema 2.

use super::*;

#[wasm_bindgen_test]
async fn the_history_of_the_earlier_version_is_moved_once_and_nothing_lost() {
    let user = "Admin";
    forget(user).await;
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, FORMAT_1).unwrap();

    let moved = history_db::move_legacy(user, 0).await.unwrap().unwrap();
    assert_eq!(moved.runs, [(user.to_string(), 2)]);
    assert!(moved.set_aside.is_empty());
    assert_eq!(storage.get_item(STORAGE_KEY).unwrap(), None, "moved, not copied");
    assert!(history_db::move_legacy(user, 0).await.unwrap().is_none(), "once");

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
    let runs = concerns.history.with_all_untracked(|r| r.iter().map(|r| r.id).collect::<Vec<_>>());
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
        tab.history.with_all_untracked(|runs| runs.iter().map(|r| r.id).collect::<Vec<_>>()),
        [5]
    );
    let id = saved_campaign(tab).await;
    assert!(tab.history.campaign_untracked(id).is_some());
    tab.history.close();
    forget(&user).await;
}
