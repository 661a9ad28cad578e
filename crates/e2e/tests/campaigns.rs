//! Campaigns end to end (release build + simulator + Chromium): three batch keys brought to
//! their newest release canary first, then in waves, each `upgrade/start` single-key and
//! each device sent once — checked against the simulator's own record of calls; a key made
//! to fail halts after its canary; a reload mid-campaign sends nothing twice; a device put
//! on air between waves is not sent; a lost answer, damaged records and failing polls are
//! said and ridden through.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use cloud_sim::cloud::{KeyFailure, UpgradeCall};
use cloud_sim::config::SimConfig;
use cloud_sim::fleet::{Fate, Fleet, SimDevice};
use console_e2e::Console;

const DEVICES: usize = 48;
/// Ultra Encode: three models, each with hardware A — three batch keys.
const FAMILY: i64 = 2;
const FAMILY_NAME: &str = "Ultra Encode";
const NEWEST: &str = "2.2.41";

/// A device the plan sends: online, idle, not on air, not on the newest release.
fn sendable(d: &SimDevice) -> bool {
    d.base.module == FAMILY
        && d.base.is_online()
        && d.base.status.firmware_ver != NEWEST
        && d.base.status.cur_status.unwrap_or(0) & 0x06 == 0
}

/// A seed whose Ultra Encode devices that would be sent all upgrade fine, with at least
/// three of each key (so there is a canary and later waves), and one on air.
fn seed() -> u64 {
    (1..3000)
        .find(|&seed| {
            let fleet = Fleet::generate(seed, DEVICES, 1_700_000_000);
            let sent: Vec<&SimDevice> = fleet.iter().filter(|d| sendable(d)).collect();
            let per_key =
                |model: i64| sent.iter().filter(|d| d.base.status.product_id == model).count();
            sent.iter().all(|d| d.fate == Fate::Healthy)
                && [800, 801, 802].iter().all(|&m| per_key(m) >= 3)
                && fleet
                    .iter()
                    .any(|d| d.base.module == FAMILY && d.base.status.cur_status.unwrap_or(0) != 0)
        })
        .expect("a seed with a healthy, mixed Ultra Encode fleet")
}

fn config(seed: u64) -> SimConfig {
    SimConfig { seed, ..console_e2e::cloud_of(DEVICES, 3) }
}

/// The serial numbers the plan should send, and each one's batch key.
fn expected(console: &Console) -> HashMap<String, (i64, String)> {
    console
        .cloud
        .state
        .sim()
        .fleet
        .iter()
        .filter(|d| sendable(d))
        .map(|d| {
            (d.base.sn.clone(), (d.base.status.product_id, d.base.status.hardware_ver.clone()))
        })
        .collect()
}

fn calls(console: &Console) -> Vec<UpgradeCall> {
    console.cloud.state.sim().calls.clone()
}

/// The simulator's calls once there are `n` of them (or after 30 s, however many).
async fn calls_reaching(console: &Console, n: usize) -> Vec<UpgradeCall> {
    for _ in 0..300 {
        let made = calls(console);
        if made.len() >= n {
            return made;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    calls(console)
}

/// Every call names one batch key, and no device is named twice.
fn assert_single_key_and_once(calls: &[UpgradeCall], keys: &HashMap<String, (i64, String)>) {
    let mut seen = HashSet::new();
    for call in calls {
        let call_keys: HashSet<_> = call.sn.iter().map(|sn| keys.get(sn).cloned()).collect();
        assert_eq!(call_keys.len(), 1, "one key per call: {call:?}");
        assert!(!call_keys.contains(&None), "only planned devices: {call:?}");
        for sn in &call.sn {
            assert!(seen.insert(sn.clone()), "{sn} sent twice");
        }
        assert!(call.accepted, "the Cloud accepted {call:?}");
    }
}

/// Fleet in campaign mode, Ultra Encode added, the plan checked; returns what it sends.
async fn plan_ultra_encode(console: &Console) -> HashMap<String, (i64, String)> {
    let campaign = console.campaign();
    campaign.new_campaign().await;
    campaign.filter_family(FAMILY_NAME).await;
    console.fleet().counts_when(|t| !t.contains(&format!("{DEVICES} shown"))).await;
    campaign.add_shown().await;
    let keys = expected(console);
    let plan = campaign.plan_when(|t| t.contains("Ultra Encode HDMI") && t.contains(NEWEST)).await;
    for model in ["Ultra Encode HDMI", "Ultra Encode SDI", "Ultra Encode AIO"] {
        assert!(plan.contains(model), "{model} has its row: {plan}");
    }
    assert!(plan.contains("on air"), "on-air devices are left out, saying so: {plan}");
    let totals = console.campaign().plan_totals().when(|t| !t.is_empty()).await;
    assert!(totals.contains(&format!("{} devices to send", keys.len())), "{totals}");
    keys
}

#[tokio::test]
async fn a_campaign_over_three_keys_runs_canary_then_waves_to_the_end() {
    let console = Console::admin(config(seed())).await;
    let keys = plan_ultra_encode(&console).await;
    console.campaign().start().await;
    console.campaign().status_within(120, |t| t == "finished").await;
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    // The canary first: one device of each key, in three calls.
    let canary: HashSet<_> = calls[..3]
        .iter()
        .map(|c| {
            assert_eq!(c.sn.len(), 1, "a canary of one: {c:?}");
            keys[&c.sn[0]].clone()
        })
        .collect();
    assert_eq!(canary.len(), 3, "one canary per key");
    let sent: usize = calls.iter().map(|c| c.sn.len()).sum();
    assert_eq!(sent, keys.len(), "every planned device sent");
    let counts = console.campaign().counts().await;
    assert!(counts.starts_with(&format!("{} verified", keys.len())), "{counts}");

    // The history holds the campaign as one line, its runs folded inside it.
    let history = console.history();
    assert!(history.runs().await.is_empty(), "no call of the campaign listed on its own");
    assert_eq!(history.rows().count().await, 1, "one line: the campaign");
    let line = history.campaign(1).text().await;
    assert!(line.contains("finished") && line.contains("3 model and hardware pairs"), "{line}");
    assert_eq!(history.link_of("data-campaign='1'").await.as_deref(), Some("/campaigns/1"));
    history.unfold(1).await;
    assert_eq!(history.calls().await.len(), calls.len(), "each call's run, inside it");
    console.close().await;
}

#[tokio::test]
async fn a_campaign_kept_by_the_console_service_runs_to_the_end_sending_each_device_once() {
    let console = Console::behind_service(config(seed()), "Admin", "Admin").await;
    let keys = plan_ultra_encode(&console).await;
    console.campaign().start().await;
    console.campaign().status_within(120, |t| t == "finished").await;
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    let sent: usize = calls.iter().map(|c| c.sn.len()).sum();
    assert_eq!(sent, keys.len(), "every planned device sent");
    // The record holds the campaign and each call's run under its numbers.
    let trail = console.cloud.audit_trail().await;
    let made = trail.iter().filter(|e| e.action == "campaign call made").count();
    assert_eq!(made, calls.len(), "each call recorded once before it left");
    console.history().open().await;
    let line = console.history().campaign(1).text().await;
    assert!(line.contains("finished"), "{line}");
    console.close().await;
}

#[tokio::test]
async fn a_campaign_the_service_drives_goes_to_its_end_with_no_console_open() {
    let console = Console::behind_service(config(seed()), "Admin", "Admin").await;
    let keys = plan_ultra_encode(&console).await;
    let said = console.campaign().driven_by().text().await;
    assert!(said.starts_with("Driven by the console service"), "{said}");
    assert!(said.contains("the session of the administrator who started it"), "{said}");
    console.campaign().start().await;
    console.campaign().status_within(30, |t| t.starts_with("running")).await;
    let address = console.client().current_url().await.expect("its address");
    // The console closed: no page of it is open anywhere.
    console.client().goto("about:blank").await.expect("a blank page");
    finished_in_record(&console, 1, 150).await;
    // Opened again: it finished, every wave went, and the history says who started it.
    let (calls, log) = each_device_once_then_reopened(&console, &keys, address.as_str()).await;
    assert!(log.contains("Wave 2 started") && log.contains("Finished"), "{log}");
    let trail = console.cloud.audit_trail().await;
    let sent = trail.iter().filter(|e| e.action == "upgrade started").count();
    assert_eq!(sent, calls.len(), "each call in the audit trail");
    assert!(
        trail
            .iter()
            .filter(|e| e.action == "upgrade started")
            .all(|e| e.who == "Admin (sent by the service)")
    );
    console.close().await;
}

/// The Ultra Encode campaign started, every upgrade of model 800 (hardware A) made to fail.
async fn started_with_model_800_failing() -> (Console, HashMap<String, (i64, String)>) {
    started_with_model_800_failing_and_a_pause(0).await
}

async fn started_with_model_800_failing_and_a_pause(
    pause: u32,
) -> (Console, HashMap<String, (i64, String)>) {
    let console = Console::admin(config(seed())).await;
    console.cloud.state.sim().key_failures.push(KeyFailure {
        product_id: 800,
        hardware_ver: "A".into(),
        rate: 1.0,
    });
    let keys = plan_ultra_encode(&console).await;
    if pause > 0 {
        console.campaign().set_pause(pause).await;
    }
    console.campaign().start().await;
    (console, keys)
}

#[tokio::test]
async fn a_key_made_to_fail_halts_the_campaign_after_its_canary() {
    let (console, keys) = started_with_model_800_failing().await;
    let notice = console.campaign().halt_notice(60).await;
    let calls_at_halt = calls(&console);
    assert_eq!(calls_at_halt.len(), 3, "only the canary went out");
    let failed =
        calls_at_halt.iter().find(|c| keys[&c.sn[0]].0 == 800).expect("the failing key's canary");
    assert!(notice.contains("After the canary, 1 device did not verify"), "{notice}");
    assert!(notice.contains("install failed"), "the reason: {notice}");
    assert!(notice.contains(&failed.sn[0]) || notice.contains("1 × install failed"));
    // Said on every page, whichever is open.
    console.history().open().await;
    let top = console_e2e::wait_for_text_within(
        console.client(),
        "[data-testid=campaigns-halted]",
        10,
        |t| !t.is_empty(),
    )
    .await;
    assert_eq!(top, "Halted Campaign 1 waits for the administrator to resume or abort.");
    console.client().back().await.expect("back to the campaign");
    // Nothing more goes out while halted.
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(calls(&console).len(), 3);
    // The console's own question: Cancel focused first; Escape declines, nothing changes.
    let asked = console.campaign().abort_halted_then_escape().await;
    assert!(asked.starts_with("Abort campaign 1? No further waves are sent."), "{asked}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!console.campaign().asking().await, "Escape closed the question");
    console.campaign().status_within(5, |t| t.starts_with("halted")).await;
    let asked = console.campaign().abort_halted().await;
    assert!(asked.starts_with("Abort campaign 1? No further waves are sent."), "{asked}");
    console.campaign().status_within(10, |t| t.starts_with("aborted")).await;
    let counts = console.campaign().counts().await;
    assert!(counts.contains("not sent (aborted)"), "{counts}");
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(calls(&console).len(), 3, "aborted: no further waves");
    console.close().await;
}

#[tokio::test]
async fn leaving_the_failing_model_out_sends_nothing_more_to_it_while_the_others_go_on() {
    let (console, keys) = started_with_model_800_failing_and_a_pause(8).await;
    console.campaign().halt_notice(60).await;
    let failing = console.campaign().failing_keys().text().await;
    assert!(
        failing.contains("(model 800)") && failing.contains("1 device did not verify"),
        "{failing}"
    );
    let marked = console.campaign().failing_rows().text().await;
    assert!(marked.contains("(model 800)"), "the matrix marks the failing model: {marked}");
    let asked = console.campaign().leave_out_model(800).await;
    assert!(asked.contains("are not sent. The other models go on"), "{asked}");
    // The heads, the cells, the status and the log agree: the canary ended (acknowledged),
    // wave 2 in its pause, wave 3 waiting above model 800's "left out" cells.
    console.campaign().status_within(10, |t| t == "running: pause before wave 2").await;
    let heads = console.campaign().wave_heads().text().await;
    let heads = heads.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        heads.contains(
            "The canary ended, failures acknowledged Wave 2 waiting: pause Wave 3 waiting"
        ),
        "{heads}"
    );
    let rows = console.campaign().matrix_rows().text().await;
    assert!(rows.contains("left out"), "{rows}");
    assert!(console.campaign().failing_rows().count().await == 0, "none failing once left out");
    console.campaign().status_within(150, |t| t == "finished").await;
    let heads = console.campaign().wave_heads().text().await;
    assert!(!heads.contains("waiting") && !heads.contains("under way"), "{heads}");
    assert_eq!(
        console.campaign().failing_rows().count().await,
        0,
        "a finished campaign: none failing"
    );
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    let to_800 = calls.iter().filter(|c| keys[&c.sn[0]].0 == 800).count();
    assert_eq!(to_800, 1, "only model 800's canary was ever sent");
    let others = keys.values().filter(|(model, _)| *model != 800).count();
    let sent: usize = calls.iter().filter(|c| keys[&c.sn[0]].0 != 800).map(|c| c.sn.len()).sum();
    assert_eq!(sent, others, "every device of the other models was sent");
    let log = console.campaign().log().await;
    assert!(log.contains("left out by Admin after the canary"), "{log}");
    let resumed = log.find("Resumed with the other models").expect("the resume in the log");
    assert!(!log[resumed..].contains("The canary ended"), "the canary's end said once: {log}");
    console.close().await;
}

#[tokio::test]
async fn a_reload_mid_campaign_resumes_without_sending_any_call_twice() {
    let console = Console::admin(config(seed())).await;
    let keys = plan_ultra_encode(&console).await;
    console.campaign().start().await;
    console.campaign().status_within(60, |t| t == "running: wave 2").await;
    console.client().refresh().await.expect("reload");
    console.campaign().status_within(120, |t| t == "finished").await;
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    let sent: usize = calls.iter().map(|c| c.sn.len()).sum();
    assert_eq!(sent, keys.len());
    // The ended campaign's address still opens it, after a reload and in a new page.
    console.client().refresh().await.expect("reload");
    console.campaign().status_within(30, |t| t == "finished").await;
    let address = console.client().current_url().await.expect("its address");
    console.new_tab().await;
    console.client().goto(address.as_str()).await.expect("the campaign's address");
    console.campaign().status_within(30, |t| t == "finished").await;
    console.close().await;
}

#[tokio::test]
async fn the_console_service_stopped_mid_wave_and_started_again_sends_nothing_twice() {
    let mut console = Console::behind_service(config(seed()), "Admin", "Admin").await;
    let keys = plan_ultra_encode(&console).await;
    console.campaign().start().await;
    console.campaign().status_within(60, |t| t == "running: wave 2").await;
    // Stopped once wave 2's calls (one per key) reached the Cloud, its devices installing.
    // (Stopped between a call's record and its sending, the call is "outcome unknown",
    // never resent: the service's own tests kill it there.)
    let made = calls_reaching(&console, 6).await;
    assert_eq!(made.len(), 6, "the canary's and wave 2's calls, one per key each");
    // Its connections dropped, its record closed, then the same record again.
    console.cloud.restart_service().await;
    console.client().refresh().await.expect("reload");
    console.campaign().status_within(120, |t| t == "finished").await;
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    let sent: usize = calls.iter().map(|c| c.sn.len()).sum();
    assert_eq!(sent, keys.len(), "every planned device sent, once");
    console.close().await;
}

#[tokio::test]
async fn a_device_put_on_air_between_waves_is_not_sent() {
    let console = Console::admin(config(seed())).await;
    let keys = plan_ultra_encode(&console).await;
    console.campaign().set_pause(8).await;
    console.campaign().start().await;
    // Once the canary is out, a device of a later wave goes live.
    let canary = calls_reaching(&console, 3).await;
    assert_eq!(canary.len(), 3, "the canary went out");
    let called: HashSet<&String> = canary.iter().flat_map(|c| &c.sn).collect();
    let mut later: Vec<&String> = keys.keys().filter(|sn| !called.contains(sn)).collect();
    later.sort();
    let live = later[0].clone();
    assert!(console.cloud.state.sim().set_on_air(&live, 0x04).is_some());
    // The pause between waves is said as a pause, with when the next wave may go.
    console.campaign().status_within(90, |t| t == "running: pause before wave 2").await;
    let pause = console.campaign().pause().within(10, |t| !t.is_empty()).await;
    assert!(pause.starts_with("Pause: Wave 2 goes at "), "{pause}");
    console.campaign().status_within(150, |t| t == "finished").await;
    let calls = calls(&console);
    assert!(calls.iter().all(|c| !c.sn.contains(&live)), "{live} was on air and must not be sent");
    assert_single_key_and_once(&calls, &keys);
    let log = console.campaign().log().await;
    assert!(log.contains(&format!("{live} went on air")), "{log}");
    let counts = console.campaign().counts().await;
    assert!(counts.contains(&format!("{} verified", keys.len() - 1)), "{counts}");
    console.close().await;
}

/// Waits until the fault in force has been used up.
async fn fault_used_up(console: &Console) {
    for _ in 0..600 {
        let lifted =
            console.cloud.state.faults.lock().map(|f| f.current().is_none()).unwrap_or(true);
        if lifted {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the fault was never used up");
}

#[tokio::test]
async fn a_campaign_goes_on_through_a_lost_answer_damaged_records_and_failing_polls() {
    use cloud_sim::http::faults::{Damage, Fault, FaultMode, RecordDamage};
    let console = Console::admin(config(seed())).await;
    let keys = plan_ultra_encode(&console).await;
    let cloud = &console.cloud;
    // The canary's calls take effect, but their answers arrive damaged: lost.
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Malformed),
        path: Some("/sc_cloud/upgrade/start".into()),
        times: Some(3),
        ..Fault::default()
    });
    console.campaign().start().await;
    let counts =
        console.campaign().counts_line().within(30, |t| t.contains("outcome unknown")).await;
    // One a call: the first may already show progress by the time the last is answered.
    assert!(counts.contains(" outcome unknown"), "{counts}");
    let mut log = String::new();
    for _ in 0..100 {
        log = console.campaign().log().await;
        if log.contains("call was lost") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(log.contains("call was lost"), "{log}");
    // Then a few polls with damaged records, and a few that cannot be read at all.
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some("/sc_cloud/scapi/get-devs".into()),
        times: Some(2),
        records: vec![RecordDamage {
            field: "status.hardware-ver".into(),
            how: Damage::Null,
            share: Some(0.25),
            ..RecordDamage::default()
        }],
        ..Fault::default()
    });
    fault_used_up(&console).await;
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Malformed),
        path: Some("/sc_cloud/scapi/get-devs".into()),
        times: Some(2),
        ..Fault::default()
    });
    let said =
        console.campaign().following().within(30, |t| t.contains("could not be read since")).await;
    assert!(said.contains("Trying again"), "{said}");
    // Lifted: the campaign ends with every device verified, each sent once.
    console.campaign().status_within(180, |t| t == "finished").await;
    let calls = calls(&console);
    assert_single_key_and_once(&calls, &keys);
    let counts = console.campaign().counts().await;
    assert!(counts.starts_with(&format!("{} verified", keys.len())), "{counts}");
    console.close().await;
}

#[tokio::test]
async fn a_finished_campaign_is_rolled_back_canary_first_to_the_versions_its_devices_came_from() {
    let console = Console::admin(config(seed())).await;
    let keys = plan_ultra_encode(&console).await;
    let came_from: HashMap<String, String> = console
        .cloud
        .state
        .sim()
        .fleet
        .iter()
        .filter(|d| keys.contains_key(&d.base.sn))
        .map(|d| (d.base.sn.clone(), d.base.status.firmware_ver.clone()))
        .collect();
    console.campaign().start().await;
    console.campaign().status_within(120, |t| t == "finished").await;
    let upgrade_calls = calls(&console).len();

    let notice = console.campaign().roll_back().await;
    assert!(notice.contains("campaign 1"), "{notice}");
    // The planner, the fleet's filters carried along (the family chosen before).
    assert_eq!(console.address().await, "/campaigns/new?family=2");
    // The versions the Cloud still holds come back; a row whose version it no longer holds
    // is said, and left out unless its nearest release is chosen.
    let held = |sn: &str| {
        let (model, hardware) = &keys[sn];
        let sim = console.cloud.state.sim();
        sim.firmwares.iter().find_map(|f| {
            (f.product_id == *model
                && f.hardware_ver == *hardware
                && f.version_text() == came_from[sn])
                .then_some(f.id)
        })
    };
    let returning: HashMap<&String, i64> =
        keys.keys().filter_map(|sn| held(sn).map(|id| (sn, id))).collect();
    assert!(!returning.is_empty(), "some devices came from a version the Cloud holds");
    let ways = console.campaign().ways_back().text().await;
    assert!(ways.starts_with("back to "), "{ways}");
    console.campaign().accept_risks().await;
    console.campaign().start().await;
    assert!(console.campaign().undoes().text().await.contains("campaign 1"));
    console.campaign().status_within(150, |t| t == "finished").await;

    let rollback = calls(&console)[upgrade_calls..].to_vec();
    assert_single_key_and_once(&rollback, &keys);
    let sent: HashSet<&String> = rollback.iter().flat_map(|c| &c.sn).collect();
    assert_eq!(sent.len(), returning.len(), "every device whose version is held, and only those");
    for call in &rollback {
        for sn in &call.sn {
            assert_eq!(call.firmware_id, returning[sn], "{sn} sent back to {}", came_from[sn]);
        }
    }
    // Canary first: the first wave is one device per row.
    let rows: HashSet<(i64, String, i64)> = rollback
        .iter()
        .map(|c| (keys[&c.sn[0]].0, keys[&c.sn[0]].1.clone(), c.firmware_id))
        .collect();
    assert!(rollback[..rows.len()].iter().all(|c| c.sn.len() == 1), "canary first: {rollback:?}");
    // As the Cloud reports them now (an upgrade's result is in its job until it rests).
    let admin = &cloud_sim::sessions::USERS[0];
    let reported = console.cloud.state.sim().devices(admin, 0, 0, tokio::time::Instant::now());
    for sn in returning.keys() {
        let now = &reported.iter().find(|d| &d.sn == *sn).expect("listed").status.firmware_ver;
        assert_eq!(now, &came_from[*sn], "{sn} is back on the version it had");
    }
    // The rollback's device table says where each device went, never cut off.
    let targets = console.campaign().device_targets().text().await;
    assert!(targets.starts_with("back to "), "{targets}");
    // A returned device's page offers to undo the rollback: an upgrade, named, for this
    // device, with no downgrade to acknowledge.
    let (sn, _) = returning.iter().next().expect("a returned device");
    let upgraded_to = reported_before_rollback(&console, sn, upgrade_calls);
    console.go(&format!("devices/{sn}")).await;
    let button =
        console_e2e::wait_for_text_within(console.client(), "[data-testid=roll-back]", 20, |t| {
            // Until the device and its history are read, the button cannot name a version.
            t.starts_with("Return this")
        })
        .await;
    assert_eq!(button, format!("Return this device to {upgraded_to}…"));
    console.campaign().roll_back().await;
    let plan = console.campaign().plan_when(|t| t.contains("upgrades")).await;
    assert!(plan.contains("upgrades 1 · unchanged 0 · downgrades 0"), "{plan}");
    assert_eq!(console.campaign().risks_to_accept().count().await, 0, "nothing to acknowledge");
    console.close().await;
}

/// The version `sn` was upgraded to by the campaign's calls (those before `rollback_from`).
fn reported_before_rollback(console: &Console, sn: &str, rollback_from: usize) -> String {
    let calls = calls(console);
    let call = calls[..rollback_from].iter().find(|c| c.sn.iter().any(|s| s == sn)).expect("sent");
    let sim = console.cloud.state.sim();
    let firmware = sim.firmwares.iter().find(|f| f.id == call.firmware_id).expect("held");
    firmware.version_text()
}

#[tokio::test]
async fn a_live_device_whose_on_air_state_goes_unreported_is_never_sent_by_a_campaign() {
    use cloud_sim::http::faults::{Damage, Fault, FaultMode, RecordDamage};
    let console = Console::admin(config(seed())).await;
    let cloud = &console.cloud;
    let live = cloud.devices_where(sendable)[0].clone();
    assert!(cloud.state.sim().set_on_air(&live, 0x04).is_some());
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some("/sc_cloud/scapi/get-devs".into()),
        records: vec![RecordDamage {
            field: "status.cur-status".into(),
            how: Damage::Missing,
            names: Some(vec![live.clone()]),
            ..RecordDamage::default()
        }],
        ..Fault::default()
    });
    console.fleet().open().await;
    console.fleet().refresh().await;
    console.fleet().unreported().when(|t| t.contains("1 device whose on-air state")).await;
    let campaign = console.campaign();
    campaign.new_campaign().await;
    campaign.filter_family(FAMILY_NAME).await;
    console.fleet().counts_when(|t| !t.contains(&format!("{DEVICES} shown"))).await;
    campaign.add_shown().await;
    let plan = campaign.plan_when(|t| t.contains("on-air state unknown")).await;
    assert!(plan.contains("on-air state unknown"), "{plan}");
    campaign.start().await;
    campaign.status_within(120, |t| t == "finished").await;
    let sent: Vec<String> = calls(&console).into_iter().flat_map(|c| c.sn).collect();
    assert!(!sent.is_empty(), "the others were sent");
    assert!(!sent.contains(&live), "{live} was never sent as idle");
    console.close().await;
}

#[tokio::test]
async fn a_campaign_scheduled_a_minute_ahead_goes_in_its_window_with_the_browser_closed() {
    let console = Console::behind_service(config(seed()), "Admin", "Admin").await;
    let keys = plan_ultra_encode(&console).await;
    // A minute ahead, in UTC; a window every day from that minute for an hour.
    // Whole seconds: the start field keeps no milliseconds.
    let now = jiff::Timestamp::now();
    let start = jiff::Timestamp::from_second(now.as_second() + 60).expect("a minute ahead");
    let start_text = start.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let window_text = start.strftime("%H:%M").to_string();
    let campaign = console.campaign();
    campaign.schedule("UTC", &start_text, &window_text, "1").await;
    let summary = campaign.schedule_summary().when(|t| t.starts_with("Sends from")).await;
    assert!(summary.contains(&format!("inside every day {window_text}–")), "{summary}");
    let waves = campaign.wave_preview().when(|t| t.contains("at the earliest")).await;
    assert!(waves.contains("The canary: "), "{waves}");
    campaign.start().await;
    let waiting = campaign.waiting().within(30, |t| t.contains("Waiting for its start (in")).await;
    assert!(waiting.contains(" s)") || waiting.contains("1 min)"), "{waiting}");
    let status = campaign.status_within(10, |t| t.starts_with("scheduled")).await;
    assert_eq!(status, "scheduled: the canary waits for its start");
    let address = console.client().current_url().await.expect("its address");
    // The browser closed: no page of the console is open anywhere.
    console.client().goto("about:blank").await.expect("a blank page");
    assert!(calls(&console).is_empty(), "nothing before its start");
    let ended = finished_in_record(&console, 1, 240).await;
    // Every wave went, none before the start, each inside the window.
    let (opens, closes) = (start.as_millisecond(), start.as_millisecond() + 3_600_000);
    for (n, wave) in ended.waves.iter().enumerate() {
        let left = wave.started_at.expect("every wave went");
        assert!(
            (opens..closes).contains(&left),
            "wave {n} left at {left}, window {opens}–{closes}"
        );
    }
    // Opened again: the history says who scheduled it, when each wave left, what came back.
    let (_, log) = each_device_once_then_reopened(&console, &keys, address.as_str()).await;
    for said in [
        "Scheduled by Admin: from",
        "The canary may go: inside every day",
        "The canary started",
        "The canary ended",
        "Wave 2 started",
        "Finished",
    ] {
        assert!(log.contains(said), "{said:?} in {log}");
    }
    console.close().await;
}

#[tokio::test]
async fn editing_the_plan_keeps_the_focus_and_what_was_typed() {
    let console = Console::admin(config(seed())).await;
    plan_ultra_encode(&console).await;
    let client = console.client();
    let allowance = client
        .find(fantoccini::Locator::Css("[data-testid=wave-allowance]"))
        .await
        .expect("the later waves' allowance");
    allowance.click().await.expect("focus the allowance");
    allowance.clear().await.expect("clear");
    // Typed, then Tab: the plan changes (later waves now halt on any failure), the form
    // stays as it is, the focus on the field Tab reached.
    allowance.send_keys("0\u{e004}").await.expect("type the allowance");
    console
        .campaign()
        .wave_preview()
        .when(|t| {
            t.contains("Wave 2: 3 devices across 3 model and hardware pairs · halts if any device")
        })
        .await;
    let focused = client
        .execute(
            "const e = document.activeElement; return [e.tagName, !!e.closest('.plan'), \
             document.querySelector('[data-testid=wave-allowance]').value];",
            vec![],
        )
        .await
        .expect("the focused element");
    assert_eq!(focused[0], "INPUT", "focus stays on a field, not the page: {focused:?}");
    assert_eq!(focused[1], true, "the plan's next field: {focused:?}");
    assert_eq!(focused[2], "0", "what was typed stays: {focused:?}");
    console.close().await;
}

/// Campaign `id` once the service's record holds it finished (within `seconds`), read
/// from the record with no console open.
async fn finished_in_record(
    console: &Console,
    id: u64,
    seconds: u64,
) -> mwcloud_console::domain::campaign::Campaign {
    use mwcloud_console::domain::campaign::CampaignState;
    let record = console.cloud.record();
    let started = std::time::Instant::now();
    loop {
        let changes = record.changes(0).await.expect("the record");
        let campaign = changes
            .campaigns
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| mwcloud_console::domain::history::read_campaign(&c.body).ok());
        if let Some(c) = campaign.filter(|c| matches!(c.state, CampaignState::Finished { .. })) {
            return c;
        }
        assert!(
            started.elapsed() < Duration::from_secs(seconds),
            "not finished with no console open"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Every planned device sent once, in calls of one key each; then the campaign's page
/// opened again at `address`, finished: the calls, and its log as shown.
async fn each_device_once_then_reopened(
    console: &Console,
    keys: &HashMap<String, (i64, String)>,
    address: &str,
) -> (Vec<UpgradeCall>, String) {
    let calls = calls(console);
    assert_single_key_and_once(&calls, keys);
    assert_eq!(calls.iter().map(|c| c.sn.len()).sum::<usize>(), keys.len());
    console.client().goto(address).await.expect("the campaign's address");
    console.campaign().status_within(30, |t| t == "finished").await;
    (calls, console.campaign().log().await)
}
