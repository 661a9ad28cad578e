//! The history rows: what one poll's write of a 6,000-device run costs the page, how long
//! a history of 50 runs × 1,000 devices takes to read at start, and how many `get-devs`
//! calls a cycle makes with three tabs open.

use std::time::Duration;

use cloud_sim::config::SimConfig;
use console_e2e::{Cloud, click, log_in, wait_for_text, wait_for_text_within};
use fantoccini::Client;
use serde_json::Value;

use crate::Row;
use crate::measure::{measures, median, spread, wait_for_measure};

const RUN_DEVICES: usize = 6_000;

/// Copies run 1 of Admin's history (read from the console's own database) into runs 2…51
/// of 1,000 devices each, and deletes run 1: the data a long-used console holds, without
/// sending 50 batches. Run on another page of the origin, so no console writes meanwhile.
const SEED_50_RUNS: &str = r#"
const done = arguments[arguments.length - 1];
const key = (id, chunk) => String(id).padStart(16, '0') + '|' + String(chunk).padStart(8, '0');
const open = indexedDB.open('mwcloud-console.history.Admin');
open.onsuccess = () => {
  const db = open.result;
  const read = db.transaction(['runs', 'devices']);
  const run = read.objectStore('runs').get(1);
  const chunks = read.objectStore('devices').getAll(IDBKeyRange.bound(key(1, 0), key(1, 99999999)));
  read.oncomplete = () => {
    // Progress records are [sn, saw_activity, [[at, state], …]]; each copy is a finished
    // run, every device through push, four install steps and reboot to verified.
    const tracks = chunks.result.flatMap((c) => JSON.parse(c)).slice(0, 1000);
    for (const t of tracks) {
      const at = t[2][0][0];
      t[1] = true;
      t[2] = [[at, 'Waiting'], [at + 3000, {Pushing: {percent: 100}}],
        [at + 6000, {Installing: {step: 1}}], [at + 9000, {Installing: {step: 2}}],
        [at + 12000, {Installing: {step: 3}}], [at + 15000, {Installing: {step: 4}}],
        [at + 18000, 'Rebooting'], [at + 40000, 'Verified']];
    }
    const sns = new Set(tracks.map((t) => t[0]));
    const record = JSON.parse(run.result);
    record.sent = record.sent.filter((d) => sns.has(d.sn));
    record.left_out = [];
    if (record.start.Answered) {
      record.start.Answered.rows = record.start.Answered.rows.filter((r) => sns.has(r.sn));
    }
    const write = db.transaction(['runs', 'devices', 'meta'], 'readwrite');
    for (let id = 2; id <= 51; id++) {
      record.id = id;
      write.objectStore('runs').put(JSON.stringify(record), id);
      for (let chunk = 0; chunk * 250 < tracks.length; chunk++) {
        write.objectStore('devices').put(JSON.stringify(tracks.slice(chunk * 250, chunk * 250 + 250)), key(id, chunk));
      }
    }
    write.objectStore('runs').delete(1);
    write.objectStore('devices').delete(IDBKeyRange.bound(key(1, 0), key(1, 99999999)));
    write.objectStore('meta').put(52, 'next_run_id');
    write.oncomplete = () => done(record.sent.length === tracks.length ? tracks.length : 'sent ' + record.sent.length);
    write.onabort = () => done('aborted: ' + write.error);
  };
};
open.onerror = () => done('cannot open: ' + open.error);
"#;

/// How many device records each write of the page carried.
async fn write_sizes(client: &Client) -> Vec<usize> {
    let value = client
        .execute(
            "return performance.getEntriesByType('mark').map(m => m.name)\
             .filter(n => n.startsWith('history-write:devices:'))",
            vec![],
        )
        .await
        .expect("read marks");
    value
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|n| n.rsplit(':').next()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

pub async fn rows(client: &Client, runs: usize) -> Vec<Row> {
    let mut table = Vec::new();
    // A Cloud of one model: the whole fleet is one batch, sent in one run.
    let config = SimConfig {
        devices: RUN_DEVICES,
        only_model: Some(771),
        upgrade_duration: Duration::from_secs(90),
        ..SimConfig::default()
    };
    let mut cloud = Cloud::start(config).await;
    client.goto(&format!("{}fleet", cloud.url)).await.expect("console");
    log_in(client, "Admin", "Admin").await;
    wait_for_text_within(client, "[data-testid=fleet-counts]", 60, |t| {
        t.starts_with(&format!("{RUN_DEVICES} devices"))
    })
    .await;
    click(client, ".batch-bar button").await;
    click(client, ".firmware-list li:nth-child(2) input").await;
    click(client, ".firmware button.primary").await;
    wait_for_text(client, "[data-testid=confirm-upgrade]", |t| t.starts_with("Upgrade")).await;
    click(client, "[data-testid=confirm-upgrade]").await;
    // The first write holds the whole run; the polls' writes follow, one per 3 s.
    let polls = 5;
    let mut write = Vec::new();
    for _ in 0..600 {
        write = measures(client, "history-write").await;
        if write.len() > polls {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(write.len() > polls, "the page wrote {} times", write.len());
    let mut commit = wait_for_measure(client, "history-commit", polls + 1).await;
    let sizes = write_sizes(client).await;
    let (first_write, first_size) = (write.remove(0), sizes.first().copied().unwrap_or(0));
    commit.remove(0);
    let poll_sizes: Vec<f64> = sizes.iter().skip(1).map(|&n| n as f64).collect();
    let used = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             navigator.storage.estimate().then((e) => done(e.usage))",
            vec![],
        )
        .await
        .expect("storage estimate")
        .as_f64()
        .unwrap_or(f64::NAN);
    let write_ms = median(write.clone());
    table.push(Row::new(
        "history: write one poll's changes, 6,000-device run (page time)",
        "≤ 5 ms",
        format!(
            "{write_ms:.1} ms ({}; {:.0} devices changed per poll, committed after {:.0} ms; \
             the run's first write, {first_size} devices: {first_write:.0} ms; the site \
             then keeps {:.1} MB)",
            spread(&write, 1),
            median(poll_sizes),
            median(commit),
            used / 1_000_000.0,
        ),
        Some(write_ms <= 5.0),
    ));

    // Three tabs on the unfinished run: one polls.
    let first = client.window().await.expect("tab");
    let mut others = Vec::new();
    for _ in 0..2 {
        let tab = client.new_window(true).await.expect("tab").handle;
        others.push(tab.clone());
        client.switch_to_window(tab).await.expect("switch");
        client.goto(&format!("{}fleet", cloud.url)).await.expect("console");
        wait_for_text_within(client, "[data-testid=fleet-counts]", 60, |t| {
            t.starts_with(&format!("{RUN_DEVICES} devices"))
        })
        .await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = cloud.state.requests_for("/sc_cloud/scapi/get-devs");
    tokio::time::sleep(Duration::from_secs(15)).await;
    let calls = cloud.state.requests_for("/sc_cloud/scapi/get-devs") - before;
    let per_cycle = calls as f64 / 5.0;
    table.push(Row::new(
        "get-devs calls per 3 s cycle, 3 tabs open",
        "1",
        format!("{per_cycle:.1} ({calls} in 15 s)"),
        Some(per_cycle <= 1.2),
    ));
    for tab in others {
        client.switch_to_window(tab).await.expect("switch");
        client.close_window().await.expect("close tab");
    }
    client.switch_to_window(first).await.expect("switch");

    // 50 runs × 1,000 devices, read at start.
    client
        .goto(&format!("{}result-codes.json", cloud.url))
        .await
        .expect("a quiet page of the origin");
    let seeded = client.execute_async(SEED_50_RUNS, vec![]).await.expect("seed the history");
    assert_eq!(seeded.as_u64(), Some(1000), "seeding: {seeded}");
    let (mut load, mut read, mut assemble) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        client.goto(&cloud.url).await.expect("reload");
        load.extend(wait_for_measure(client, "history-load", 1).await);
        read.extend(measures(client, "history-read").await);
        assemble.extend(measures(client, "history-assemble").await);
    }
    let listed = client
        .execute("return document.querySelectorAll('.run-list tr[data-run]').length", vec![])
        .await
        .expect("history rows");
    let line = wait_for_text(client, ".run-list tr[data-run='51']", |t| !t.is_empty()).await;
    assert!(line.contains("1000 verified"), "a seeded run reads back whole: {line}");
    let load_ms = median(load.clone());
    table.push(Row::new(
        "history: read 50 runs × 1,000 devices at start",
        "≤ 200 ms",
        format!(
            "{load_ms:.0} ms ({}; reading the records {:.0} ms, making runs of them {:.0} ms; \
             {listed} runs listed)",
            spread(&load, 0),
            median(read),
            median(assemble)
        ),
        Some(load_ms <= 200.0),
    ));
    cloud.stop().await;
    table
}
