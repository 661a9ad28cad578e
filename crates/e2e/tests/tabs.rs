//! Many tabs, one truth: runs started in two tabs of one browser are in both after both
//! reload, with distinct numbers; one tab polls the Cloud for all; closing it hands the
//! polling over; and each Cloud user sees only their own history.

use std::time::Duration;

use cloud_sim::config::SimConfig;
use console_e2e::{Console, log_in};

const GET_DEVS: &str = "/sc_cloud/scapi/get-devs";

/// Upgrades that take long enough to stay unfinished while the test looks.
fn config(upgrade: Duration) -> SimConfig {
    SimConfig { devices: 200, upgrade_duration: upgrade, ..SimConfig::default() }
}

/// Sends `count` devices of model 770 / hardware `hardware` to 1.5.178 from the tab driven
/// now; waits for the run view of run `expected`.
async fn start_run(console: &Console, hardware: &str, skip: usize, expected: u64) {
    let devices = console.cloud.upgradable(770, hardware, "1.5.178")[skip..skip + 1].to_vec();
    let firmware = console.cloud.firmware_id(770, hardware, "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &devices, firmware).await;
    upgrade.confirm().await;
    console.run().wait_for(expected).await;
}

#[tokio::test]
async fn runs_started_in_two_tabs_are_in_both_after_both_reload() {
    let console = Console::admin(config(Duration::from_secs(120))).await;
    let first = console.tab().await;
    start_run(&console, "A", 0, 1).await;
    let second = console.new_tab().await;
    // Tab B already lists tab A's run, and numbers its own after it.
    console.history().runs_become(&[1]).await;
    start_run(&console, "A", 1, 2).await;
    console.switch_to(&first).await;
    console.history().runs_become(&[2, 1]).await;
    assert_eq!(
        console.cloud.state.requests_for("/sc_cloud/upgrade/start"),
        2,
        "each call sent once, by the tab where it was confirmed"
    );

    console.client().refresh().await.unwrap();
    console.history().runs_become(&[2, 1]).await;
    console.switch_to(&second).await;
    console.client().refresh().await.unwrap();
    console.history().runs_become(&[2, 1]).await;
    assert_eq!(
        console.cloud.state.requests_for("/sc_cloud/upgrade/start"),
        2,
        "reloads send nothing"
    );
    console.close().await;
}

#[tokio::test]
async fn two_tabs_poll_the_cloud_at_one_tabs_rate_and_hand_over_when_the_polling_one_closes() {
    let console = Console::admin(config(Duration::from_secs(25))).await;
    let first = console.tab().await;
    start_run(&console, "A", 0, 1).await;
    let second = console.new_tab().await;
    console.history().runs_become(&[1]).await;
    console.history().open_run(1).await;
    // Let both tabs settle (loading, lock requests), then count.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = console.cloud.state.requests_for(GET_DEVS);
    tokio::time::sleep(Duration::from_secs(12)).await;
    let calls = console.cloud.state.requests_for(GET_DEVS) - before;
    eprintln!("get-devs calls in 12 s with two tabs open: {calls}");
    assert!(
        (2..=5).contains(&calls),
        "one tab polls every 3 s: {calls} get-devs calls in 12 s (two tabs would make ~8)"
    );

    // Close whichever tab polls; the other takes over and follows the run to its end.
    let who = console.run().polling_when(|_| true).await;
    let (polling, other) = if who == "this-tab" { (second, first) } else { (first, second) };
    console.switch_to(&polling).await;
    assert_eq!(console.run().polling_when(|w| w == "this-tab").await, "this-tab");
    console.close_tab(&other).await;
    assert_eq!(console.run().polling_when(|w| w == "this-tab").await, "this-tab");
    let before = console.cloud.state.requests_for(GET_DEVS);
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert!(
        console.cloud.state.requests_for(GET_DEVS) - before >= 2,
        "the remaining tab polls without a gap"
    );
    let counts = console.run().counts_within(40, |t| t.contains("0 in progress")).await;
    assert!(counts.starts_with("1 verified"), "{counts}");
    console.close().await;
}

#[tokio::test]
async fn after_admin_logs_out_the_operator_sees_none_of_admins_runs() {
    let console = Console::admin(config(Duration::from_secs(4))).await;
    start_run(&console, "A", 0, 1).await;
    console.history().runs_become(&[1]).await;
    console.login().log_out().await;
    console.login().title().when(|t| !t.is_empty()).await;
    let said = console.document().announced().when(|t| !t.is_empty()).await;
    assert_eq!(said, "Logged out.", "a deliberate logout is no ended session");
    let cookies = console.document().cookies().await;
    assert!(
        !cookies.contains("mwcloud-uid=Admin"),
        "logging out forgets who was logged in: {cookies}"
    );
    log_in(console.client(), "operator", "operator").await;
    console.fleet().open().await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(console.history().runs().await.is_empty(), "none of Admin's runs");
    // Logging out kept Admin's history (it holds no secret), apart from the operator's.
    let stored = console.browser_storage().await;
    assert!(stored.contains("mwcloud-console.history.Admin"), "{stored}");
    assert!(!stored.to_lowercase().contains("e3afed0047b08059d0fada10f400c1e5"));
    console.close().await;
}
