//! Storing runs: written, read back, one device updated, deleted; a corrupt record set
//! aside; a refused write said; 20,000 devices; a queued save written as the page hides.

use super::*;

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
    assert_eq!(third.id, 3, "an id is never given twice, even after clearing");
    db.close();
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
    let raw = idb::open(&database_name(&user), SCHEMA, |_, _| {}).await.unwrap();
    let tx = idb::transaction(&raw, &[RUNS, DEVICES], IdbTransactionMode::Readwrite).unwrap();
    idb::store(&tx, RUNS).unwrap().put_with_key(&"{oops".into(), &JsValue::from_f64(7.0)).unwrap();
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
    assert_eq!(shown, [(good.id, CHUNK)], "the good run, with its readable chunk");
    let problems = text(&host, "[data-testid=history-problems]");
    assert!(problems.contains("The saved run 7 could not be read and was set aside"), "{problems}");
    assert!(problems.contains("The saved devices of run 1 could not be read"), "{problems}");
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
    let id = history.begin(started_run(0, &["A1", "A2"])).await.expect("saved in the browser");
    let host = mount_runs(concerns).await;
    assert!(host.query_selector("[data-testid=history-unsaved]").unwrap().is_none());

    // A newer version of the console opens the history in another tab: this page's
    // connection steps aside, and its next write is refused.
    let newer = idb::open(&database_name(&user), SCHEMA + 1, |_, _| {}).await.unwrap();
    history.update_run(id, |run| run.batch.push_str(" (edited)"));
    history.flush();
    until("the refusal is shown", || {
        host.query_selector("[data-testid=history-unsaved]").unwrap().is_some()
    })
    .await;
    let notice = text(&host, "[data-testid=history-unsaved]");
    assert!(
        notice.contains("could not be saved in this browser: the browser refused to write it"),
        "{notice}"
    );
    assert!(notice.contains("export the runs you need"), "{notice}");
    assert!(
        history.with_run_untracked(id, |run| run.batch.ends_with("(edited)")).unwrap(),
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
        run.devices.push(DeviceTrack::new(&sn, "Ultra Encode SDI", "1.5.79", 0, target, 1));
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
async fn a_queued_save_is_written_when_the_page_is_hidden() {
    let user = fresh_user("pagehide").await;
    let history = common::concerns().history;
    history.flush_on_pagehide();
    history.open_for(user.clone()).await;
    let id = history.begin(started_run(0, &["C1"])).await.expect("saved in the browser");
    history.update_run(id, |run| run.batch = "renamed".into());
    window().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
    let db = history.database().unwrap();
    // The write went out with the event; reading after it sees it.
    let runs: Vec<Run> = db.load().await.unwrap().runs;
    assert_eq!(runs[0].batch, "renamed", "written as the page is hidden");
    history.close();
    forget(&user).await;
}
