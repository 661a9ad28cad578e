//! The campaign rows: planning a campaign over 10,000 devices of every batch key, and how
//! many `get-devs` calls a cycle makes while that campaign runs.

use std::time::Duration;

use cloud_sim::config::SimConfig;
use console_e2e::{Cloud, click, log_in, wait_for_text, wait_for_text_within};
use fantoccini::Client;

use crate::Row;
use crate::measure::measures;

const DEVICES: usize = 10_000;

pub async fn rows(client: &Client, runs: usize) -> Vec<Row> {
    let mut table = Vec::new();
    let config = SimConfig {
        devices: DEVICES,
        // Long enough that the canary is still under way while the polls are counted.
        upgrade_duration: Duration::from_secs(120),
        ..SimConfig::default()
    };
    let cloud = Cloud::start(config).await;
    client.goto(&format!("{}campaigns/new", cloud.url)).await.expect("console");
    log_in(client, "Admin", "Admin").await;
    wait_for_text_within(client, "[data-testid=fleet-counts]", 60, |t| {
        t.starts_with("10000 devices")
    })
    .await;

    // Planning: every device, every key; once per sample (the scope cleared between).
    let mut plans = Vec::new();
    for _ in 0..runs {
        let before = measures(client, "campaign-plan").await.len();
        click(client, "[data-testid=add-shown]").await;
        wait_for_text_within(client, "[data-testid=plan-totals]", 60, |t| {
            t.starts_with("10000 devices in scope")
        })
        .await;
        let all = measures(client, "campaign-plan").await;
        plans.extend(all.get(before..).and_then(|new| new.last()).copied());
        click(client, ".scope-bar button:nth-of-type(2)").await;
        wait_for_text(client, "[data-testid=campaign-scope]", |t| !t.starts_with("Campaign scope"))
            .await;
    }
    table.push(Row::median_within(
        "plan a campaign over 10,000 devices of all keys",
        "≤ 50 ms",
        &plans,
        50.0,
        "ms",
        1,
    ));

    // Polling while that campaign runs: its canary out, every key's devices followed.
    click(client, "[data-testid=add-shown]").await;
    let totals = wait_for_text_within(client, "[data-testid=plan-totals]", 60, |t| {
        t.starts_with("10000 devices in scope")
    })
    .await;
    click(client, "[data-testid=start-campaign]").await;
    wait_for_text_within(client, "[data-testid=campaign-status]", 60, |t| {
        t == "running: the canary"
    })
    .await;
    for _ in 0..300 {
        if !cloud.state.sim().calls.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = cloud.state.requests_for("/sc_cloud/scapi/get-devs");
    tokio::time::sleep(Duration::from_secs(15)).await;
    let calls = cloud.state.requests_for("/sc_cloud/scapi/get-devs") - before;
    let per_cycle = calls as f64 / 5.0;
    let keys = cloud.state.sim().calls.len();
    table.push(Row::new(
        "get-devs per cycle while a 10,000-device campaign runs",
        "1",
        format!(
            "{per_cycle:.1} ({calls} in 15 s; {}; canary of {keys} calls out)",
            totals.split(" · ").nth(1).unwrap_or_default()
        ),
        Some(per_cycle <= 1.2),
    ));
    table
}
