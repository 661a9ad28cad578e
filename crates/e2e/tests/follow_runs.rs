//! Following upgrades to their end, end to end: verified, failed and lost devices with
//! reasons; a reload that resumes; retry of the failed; CSV export.

use cloud_sim::config::SimConfig;
use cloud_sim::fleet::{Fate, Fleet, SimDevice};
use console_e2e::{Cloud, Console};

const DEVICES: usize = 200;

/// A seed whose fleet has, in one batch key, the device that never returns, a device that
/// fails its first upgrade, and a healthy one — all online. Returns the seed and their
/// serial numbers in that order.
fn mixed_batch() -> (u64, [String; 3]) {
    for seed in 1..500 {
        let fleet = Fleet::generate(seed, DEVICES, 1_700_000_000);
        let key = |d: &SimDevice| {
            (d.base.module, d.base.status.product_id, d.base.status.hardware_ver.clone())
        };
        let Some(lost) = fleet.iter().find(|d| d.fate == Fate::NeverReturns) else {
            continue;
        };
        let same = |fate: fn(&Fate) -> bool| {
            fleet
                .iter()
                .find(|d| d.base.is_online() && key(d) == key(lost) && fate(&d.fate))
                .map(|d| d.base.sn.clone())
        };
        if let (Some(failing), Some(healthy)) =
            (same(|f| matches!(f, Fate::FailsAt(_))), same(|f| *f == Fate::Healthy))
        {
            return (seed, [lost.base.sn.clone(), failing, healthy]);
        }
    }
    panic!("no seed gives a mixed batch");
}

fn config(seed: u64) -> SimConfig {
    SimConfig { seed, ..console_e2e::cloud_of(DEVICES, 4) }
}

/// The id of a release for the batch's key that none of `sns` runs.
fn target_firmware(cloud: &Cloud, sns: &[String]) -> i64 {
    let sim = cloud.state.sim();
    let first = &sim.fleet.get(&sns[0]).unwrap().base.status;
    let versions: Vec<String> =
        sns.iter().map(|sn| sim.fleet.get(sn).unwrap().base.status.firmware_ver.clone()).collect();
    sim.firmwares
        .iter()
        .filter(|f| {
            f.product_id == first.product_id
                && f.hardware_ver == first.hardware_ver
                && !f.is_test_build()
        })
        .rev()
        .find(|f| !versions.contains(&f.version_text()))
        .expect("a release none of them runs")
        .id
}

/// Admin's console on a fleet of `seed`, with `sns` sent to a release none of them runs,
/// and a deadline of `deadline` seconds.
async fn start_batch(seed: u64, sns: &[String], deadline: u32) -> Console {
    let console = Console::admin(config(seed)).await;
    let firmware = target_firmware(&console.cloud, sns);
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), sns, firmware).await;
    upgrade.set_deadline(deadline).await;
    upgrade.confirm().await;
    console
}

#[tokio::test]
async fn a_batch_runs_to_verified_failed_and_lost_with_reasons_then_retries_the_failed() {
    let (seed, [lost, failing, healthy]) = mixed_batch();
    let batch = [lost.clone(), failing.clone(), healthy.clone()];
    let console = start_batch(seed, &batch, 6).await;

    let counts = console.run().counts_within(40, |t| t.contains("0 in progress")).await;
    assert_eq!(counts, "1 verified · 1 failed · 0 timed out · 1 lost · 0 in progress · 0 left out");
    let reasons = console.run().failure_reasons().when(|t| !t.is_empty()).await;
    assert!(reasons.contains("1 × install failed at step"), "{reasons}");
    assert!(reasons.contains("1 × lost: offline past the deadline"), "{reasons}");
    assert_eq!(console.run().state_of(&healthy).text().await, "verified");

    // Export: one CSV row per device of the batch.
    let csv = console.run().export_csv().await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3, "{csv}");
    assert!(lines[0].starts_with("run,serial_number"));
    for sn in &batch {
        assert_eq!(lines.iter().filter(|l| l.contains(sn.as_str())).count(), 1, "{sn} in {csv}");
    }

    // Retry the failed: the lost device is offline and is left out; the failed one retries.
    console.run().retry_failed().click().await;
    console.upgrade().confirm_button().when(|t| t.starts_with("Upgrade 1 device to")).await;
    assert_eq!(
        console.focus_becomes("review-title").await,
        "review-title",
        "the retry's review is brought into view and focused"
    );
    console.upgrade().confirm().await;
    let title = console.run().title().when(|t| t.starts_with("Run 2")).await;
    assert!(title.ends_with("retry of run 1"), "{title}");
    let counts = console.run().counts_within(40, |t| t.contains("0 in progress")).await;
    assert_eq!(counts, "1 verified · 0 failed · 0 timed out · 0 lost · 0 in progress · 1 left out");
    let retried = console.run().device(&failing).text().await;
    assert!(retried.contains("attempt 2"), "{retried}");
    assert_eq!(console.run().device(&healthy).count().await, 0);

    // Run 1 now says where its failure was verified, and offers only the lost device.
    console.history().open_run(1).await;
    console.run().title().when(|t| t.starts_with("Run 1")).await;
    assert_eq!(
        console.run().superseded().when(|t| !t.is_empty()).await,
        "1 failed → verified in run 2"
    );
    assert_eq!(console.run().retry_failed().when(|t| !t.is_empty()).await, "Retry failed (1)");
    console.close().await;
}

#[tokio::test]
async fn a_reload_mid_run_resumes_following_it() {
    let (seed, [_, _, healthy]) = mixed_batch();
    let batch = [healthy.clone()];
    let console = start_batch(seed, &batch, 60).await;
    let client = console.client();
    console.run().counts().when(|t| t.contains("1 in progress")).await;

    client.refresh().await.unwrap();
    let counts = console.run().counts_within(30, |t| t.contains("0 in progress")).await;
    assert_eq!(counts, "1 verified · 0 failed · 0 timed out · 0 lost · 0 in progress · 0 left out");
    let history = console.history().text().await;
    assert!(history.contains("Run 1") && history.contains("finished"), "{history}");
    console.close().await;
}

#[tokio::test]
async fn a_session_switched_to_another_user_stops_following_says_so_and_loses_no_device() {
    let console = Console::admin(console_e2e::cloud_of(DEVICES, 20)).await;
    let cloud = &console.cloud;
    // A device the operator cannot see: read in the operator's session, it is missing.
    let unseen = cloud.devices_where(|d| !d.visible_to("operator", false));
    let batch: Vec<String> = cloud
        .upgradable(770, "A", "1.5.178")
        .into_iter()
        .filter(|sn| unseen.contains(sn))
        .take(1)
        .collect();
    assert_eq!(batch.len(), 1, "the fleet has a 770/A device in a group closed to the operator");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &batch, cloud.firmware_id(770, "A", "1.5.178")).await;
    upgrade.confirm().await;
    console.run().counts().when(|t| t.contains("1 in progress")).await;

    // Another tab logs this browser in as the operator, and the user cookie still says
    // Admin (as good as unreadable): only the Cloud's answers tell.
    cloud.hand_sessions_to("operator");
    let title = console.login().dialog_title().when(|t| t.contains("someone else")).await;
    assert_eq!(title, "This browser is now someone else's session");
    let why = console.login().dialog().text().await;
    assert!(why.contains("another user, not an administrator"), "{why}");
    assert!(why.contains("Nothing more is read or sent as Admin"), "{why}");
    let counts = console.run().counts().text_now().await;
    assert!(counts.contains("0 lost · 1 in progress"), "not lost, still followed: {counts}");

    // Admin logs in again: following goes on to the device's verified end.
    console.login().log_in("Admin", "Admin").await;
    let counts = console.run().counts_within(60, |t| t.contains("0 in progress")).await;
    assert!(counts.starts_with("1 verified"), "{counts}");
    assert_eq!(cloud.state.requests_for("/sc_cloud/upgrade/start"), 1, "sent once");
    console.close().await;
}
