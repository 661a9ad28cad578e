//! The service drives campaigns with no browser: against the simulator, a campaign planned
//! over its fleet goes wave by wave to its end with every device sent once; a session that
//! ends mid-campaign makes it wait and say so, and an administrator's next request lets it
//! go on; two drivers contending for one PostgreSQL record over many rounds never send a
//! device twice.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Backend, TempDir, listen};
use console_server::clock::Clock;
use console_server::cloud::{Cloud, Timeouts, Trust};
use console_server::drive::calls::{Calls, Cookie};
use console_server::drive::notify::{Notice, Webhook};
use console_server::drive::session::{Session, Source};
use console_server::drive::{Driver, Settings, Shared};
use console_server::record::{Actor, Store, StoreError};
use mwcloud_console::domain::campaign::plan::{PlanChoices, WaveSettings, plan as plan_campaign};
use mwcloud_console::domain::campaign::{Campaign, CampaignState};
use mwcloud_console::domain::codes::Catalogue;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::history;

/// The simulator, upgrades taking `upgrade` each: its address and state.
async fn simulator(devices: usize, upgrade: Duration) -> (String, cloud_sim::http::AppState) {
    let config =
        cloud_sim::config::SimConfig { devices, upgrade_duration: upgrade, ..Default::default() };
    let state =
        cloud_sim::http::AppState::new(&config, cloud_sim::config::SessionErrorStyle::Result);
    (listen(cloud_sim::http::router(state.clone(), None)).await, state)
}

fn calls_to(cloud: &str) -> Calls {
    let cloud = Cloud::new(cloud, &Trust::System, Timeouts::default()).unwrap();
    Calls::new(Arc::new(cloud), Catalogue::builtin())
}

fn fast() -> Settings {
    Settings {
        every: Duration::from_millis(100),
        lease_ms: 2_000,
        keep_alive: Duration::from_secs(60),
    }
}

/// A campaign over the simulator's whole fleet (newest release for each model and
/// hardware, on-air devices left out, no pause; the simulator's natural failures tolerated,
/// so it goes to its end), saved in `store` as the console saves it.
async fn campaign_over_fleet(cloud: &str, store: &Store, deadline_secs: u32) -> (u64, Campaign) {
    let calls = calls_to(cloud);
    let (cookie, _) = calls.sign_in("Admin", "Admin").await.unwrap();
    let fleet = calls.devices(&cookie).await.unwrap().items;
    let library = calls.firmwares(&cookie).await.unwrap();
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let settings = WaveSettings { canary_threshold: 100, threshold: 100, ..Default::default() };
    let choices = PlanChoices { settings, ..Default::default() };
    let planned = plan_campaign(&scope, &library, &choices);
    assert!(planned.to_send() > 5, "a campaign worth driving: {} to send", planned.to_send());
    // The simulator has devices that go down to reboot and never come back: they time out
    // after `deadline_secs`, and the campaign goes on.
    let now = Clock::system().now_ms();
    let campaign =
        Campaign::begin(&planned, mwcloud_console::testing::admin_begins(deadline_secs, now));
    let admin = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let saved = store.begin_campaign(&admin, "c-1", &history::encode_campaign(&campaign)).await;
    let saved = saved.unwrap();
    (saved.id, history::read_campaign(&saved.body).unwrap())
}

/// The campaign as the record holds it now. ("What changed since 0" leaves out a write
/// committing while it reads — the next read brings it — so it is asked again then.)
async fn stored(store: &Store, id: u64) -> Campaign {
    loop {
        let changes = store.changes(0).await.unwrap();
        if let Some(saved) = changes.campaigns.iter().find(|c| c.id == id) {
            return history::read_campaign(&saved.body).unwrap();
        }
    }
}

/// Serial numbers sent, each with how often: from the simulator's own record of calls.
fn sent_by_cloud(cloud: &cloud_sim::http::AppState) -> HashMap<String, usize> {
    let mut sent = HashMap::new();
    for call in &cloud.sim().calls {
        for sn in &call.sn {
            *sent.entry(sn.clone()).or_default() += 1;
        }
    }
    sent
}

/// Asserts the campaign finished and no device was sent twice: what the Cloud received.
fn finished_each_device_once(
    ended: &Campaign,
    cloud: &cloud_sim::http::AppState,
) -> HashMap<String, usize> {
    assert!(
        matches!(ended.state, CampaignState::Finished { .. }),
        "{:#?}\n{:#?}",
        ended.state,
        ended.log
    );
    let sent = sent_by_cloud(cloud);
    assert!(sent.values().all(|&n| n == 1), "a device sent twice: {sent:?}");
    sent
}

fn planned_sns(campaign: &Campaign) -> Vec<String> {
    campaign.waves.iter().flat_map(|w| &w.calls).flat_map(|c| c.sns.clone()).collect()
}

async fn drive_until(
    driver: &mut Driver,
    store: &Store,
    id: u64,
    done: impl Fn(&Campaign) -> bool,
) {
    let started = Instant::now();
    loop {
        driver.cycle().await.unwrap();
        let campaign = stored(store, id).await;
        if done(&campaign) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{:#?}", campaign.log);
        assert!(campaign.is_running(), "{:#?}\n{:#?}", campaign.state, campaign.log);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_campaign_goes_to_its_end_with_no_browser_each_device_sent_once() {
    let (cloud, sim) = simulator(40, Duration::from_millis(300)).await;
    let dir = TempDir::new("drive-account");
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    let (id, campaign) = campaign_over_fleet(&cloud, &store, 4).await;
    let source = Source::Account { user: "Admin".into(), password: "Admin".into() };
    let shared = Arc::new(Shared::new(Session::new(source)));
    let (hook, notices) = webhook_receiver(0).await;
    let webhook = Webhook::new(&hook, Duration::from_secs(2), Duration::from_millis(50)).unwrap();
    let driver = Driver::new(store.clone(), calls_to(&cloud), shared, Clock::system(), fast());
    let mut driver = driver.with_webhook(webhook);
    drive_until(&mut driver, &store, id, |c| !c.is_running()).await;
    let ended = stored(&store, id).await;
    let sent = finished_each_device_once(&ended, &sim);
    // The webhook was told, once, in words a chat shows.
    let told = received(&notices, 1).await;
    assert_eq!(told[0]["event"], "finished");
    assert_eq!(told[0]["campaign"], id);
    let text = told[0]["text"].as_str().unwrap();
    assert!(text.starts_with(&format!("Campaign {id} · ")) && text.contains("finished"), "{text}");
    let mut planned = planned_sns(&campaign);
    planned.sort();
    let mut went: Vec<String> = sent.keys().cloned().collect();
    went.sort();
    assert_eq!(went, planned, "every planned device went, none other");
    assert_eq!(sim.sim().calls.len(), ended.run_ids().count(), "one Cloud call per recorded call");
    // The audit trail says who sent each call: the service, as the account.
    let trail = store.audit_trail(1000, None).await.unwrap();
    let sends: Vec<_> = trail.iter().filter(|e| e.action == "upgrade started").collect();
    assert_eq!(sends.len(), sim.sim().calls.len());
    assert!(sends.iter().all(|e| e.who == "Admin (sent by the service)" && e.address == "service"));
}

#[tokio::test]
async fn a_campaign_whose_session_ends_waits_and_goes_on_when_an_administrator_comes_back() {
    let (cloud, sim) = simulator(40, Duration::from_millis(300)).await;
    let dir = TempDir::new("drive-handed");
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    let (id, _) = campaign_over_fleet(&cloud, &store, 4).await;
    let shared = Arc::new(Shared::new(Session::new(Source::Handed)));
    let (hook, notices) = webhook_receiver(0).await;
    let webhook = Webhook::new(&hook, Duration::from_secs(2), Duration::from_millis(50)).unwrap();
    let mut driver =
        Driver::new(store.clone(), calls_to(&cloud), shared.clone(), Clock::system(), fast())
            .with_webhook(webhook);
    // Nobody handed a session yet: nothing is sent, and the campaign says why.
    driver.cycle().await.unwrap();
    driver.cycle().await.unwrap();
    assert!(sim.sim().calls.is_empty());
    let waiting = stored(&store, id).await;
    let said = |c: &Campaign, what: &str| c.log.iter().filter(|(_, l)| l.contains(what)).count();
    assert_eq!(said(&waiting, "Waiting for an administrator to sign in"), 1, "said once");
    assert!(shared.status().waiting.is_some());
    // An administrator's request hands their session: the canary goes.
    let (cookie, _) = calls_to(&cloud).sign_in("Admin", "Admin").await.unwrap();
    shared.session.offer(cookie.clone(), "Admin");
    drive_until(&mut driver, &store, id, |c| c.waves[0].passed_at.is_some()).await;
    assert_eq!(said(&stored(&store, id).await, "Going on: Admin's Cloud session"), 1);
    // The Cloud ends every session mid-campaign: the driver stops sending and waits.
    sim.sim().sessions.expire_all();
    let calls_before = sim.sim().calls.len();
    for _ in 0..5 {
        driver.cycle().await.unwrap();
    }
    assert_eq!(sim.sim().calls.len(), calls_before, "nothing sent with a dead session");
    let paused = stored(&store, id).await;
    assert!(paused.is_running(), "it waits, it does not fail");
    assert_eq!(said(&paused, "Waiting for an administrator to sign in"), 2);
    // An administrator signs in again: it goes on to its end, each device once.
    let (fresh, _) = calls_to(&cloud).sign_in("Admin", "Admin").await.unwrap();
    shared.session.offer(fresh, "Admin");
    drive_until(&mut driver, &store, id, |c| !c.is_running()).await;
    let ended = stored(&store, id).await;
    assert!(
        matches!(ended.state, CampaignState::Finished { .. }),
        "{:#?}\n{:#?}",
        ended.state,
        ended.log
    );
    assert!(sent_by_cloud(&sim).values().all(|&n| n == 1));
    let _: Cookie = cookie;
    // The webhook heard each wait, then the end.
    let told = received(&notices, 3).await;
    let events: Vec<&str> = told.iter().map(|n| n["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["waiting", "waiting", "finished"]);
    assert!(told[0]["text"].as_str().unwrap().contains("Waiting for an administrator to sign in"));
}

/// The service's program, driving with the simulator's administrator as its account.
fn service_process(
    cloud: &str,
    record: &[std::ffi::OsString],
    password: &std::path::Path,
) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_mwcloud-console"))
        .args(["--listen", "127.0.0.1:0", "--cloud", cloud])
        .args(record)
        .args(["--cloud-user", "Admin", "--cloud-password-file"])
        .arg(password)
        // Its clock 20 times as fast: a call whose answer was lost settles after the 60 s
        // it could still be awaited in 3 s, and the lease of 20 s lasts 1 s.
        .args(["--drive-every", "0.2", "--lease", "20", "--clock-speed", "20"])
        .env("RUST_LOG", "console_server=warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the mwcloud-console program")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_killed_mid_wave_goes_on_after_a_restart_sending_nothing_twice() {
    let dir = TempDir::new("drive-kill");
    let data = dir.0.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open_sqlite_in(&data).await.unwrap();
    killed_mid_wave(&dir, store, vec!["--data".into(), data.into()]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_killed_mid_wave_on_postgresql_goes_on_after_a_restart_sending_nothing_twice() {
    let dir = TempDir::new("drive-kill-pg");
    let backend = Backend::postgres();
    let (store, url) = backend.open("kill").await;
    killed_mid_wave(&dir, store, vec!["--database".into(), url.into()]).await;
}

/// The real program driving a campaign over the record `store` (opened by the program with
/// `record`), `kill -9` once some calls went, started again on the same record.
async fn killed_mid_wave(dir: &TempDir, store: Store, record: Vec<std::ffi::OsString>) {
    let (cloud, sim) = simulator(60, Duration::from_millis(400)).await;
    let password = dir.0.join("password");
    std::fs::write(&password, "Admin\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
    // 60 s on the service's clock: 3 s of real time.
    let (id, campaign) = campaign_over_fleet(&cloud, &store, 60).await;
    let planned = planned_sns(&campaign).len();
    let mut service = service_process(&cloud, &record, &password);
    // Killed (SIGKILL: no goodbye, the lease not given up) once some calls went, not all.
    let started = Instant::now();
    while sim.sim().calls.len() < 3 {
        assert!(started.elapsed() < Duration::from_secs(60), "no call went");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    service.kill().unwrap();
    service.wait().unwrap();
    let at_kill = sent_by_cloud(&sim).values().sum::<usize>();
    assert!(at_kill < planned, "killed mid-campaign: {at_kill} of {planned} sent");
    // Started again: it takes the lease over once the old one expired, and goes on.
    let mut service = service_process(&cloud, &record, &password);
    let started = Instant::now();
    let ended = loop {
        let campaign = stored(&store, id).await;
        if !campaign.is_running() {
            break campaign;
        }
        assert!(started.elapsed() < Duration::from_secs(90), "{:#?}", campaign.log);
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    service.kill().unwrap();
    service.wait().unwrap();
    let sent = finished_each_device_once(&ended, &sim);
    // A call recorded as made whose answer was not recorded when it was killed (it may or
    // may not have left) is "outcome unknown": read back from its devices, never resent.
    let interrupted = ended.log.iter().filter(|(_, l)| l.contains("never resent")).count();
    let (calls, recorded) = (sim.sim().calls.len(), ended.run_ids().count());
    assert!(
        calls <= recorded && calls + interrupted >= recorded,
        "{calls} calls, {recorded} recorded, {interrupted} unknown"
    );
    assert!(sent.len() == planned || interrupted > 0, "{} of {planned} sent", sent.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_drivers_on_one_postgresql_never_send_a_device_twice() {
    let (cloud, sim) = simulator(60, Duration::from_millis(200)).await;
    let backend = Backend::postgres();
    let (store, _) = backend.open("contend").await;
    let (id, campaign) = campaign_over_fleet(&cloud, &store, 4).await;
    // A lease shorter than a cycle: it runs out in the middle of cycles all the time, so
    // the drivers keep taking it from each other and fenced writes are refused.
    let settings = Settings { lease_ms: 25, ..fast() };
    let spawn = |n: u64| {
        let store = store.clone();
        let calls = calls_to(&cloud);
        tokio::spawn(async move {
            let source = Source::Account { user: "Admin".into(), password: "Admin".into() };
            let shared = Arc::new(Shared::new(Session::new(source)));
            let mut driver = Driver::new(store.clone(), calls, shared, Clock::system(), settings);
            let (mut fenced, mut rounds) = (0u32, 0u32);
            let started = Instant::now();
            loop {
                rounds += 1;
                if let Err(error) = driver.cycle().await {
                    assert!(matches!(error, StoreError::Fenced(_)), "{error}");
                    fenced += 1;
                }
                if !stored(&store, id).await.is_running() {
                    return (fenced, rounds);
                }
                assert!(started.elapsed() < Duration::from_secs(120), "driver {n}: round {rounds}");
                tokio::time::sleep(Duration::from_millis(5 + 7 * n)).await;
            }
        })
    };
    let (a, b) = (spawn(0), spawn(1));
    let ((fenced_a, rounds_a), (fenced_b, rounds_b)) = (a.await.unwrap(), b.await.unwrap());
    eprintln!(
        "rounds {rounds_a}+{rounds_b}, writes refused for a lost lease {fenced_a}+{fenced_b}"
    );
    let token = store.holder(console_server::record::DRIVER).await.unwrap().unwrap().token;
    assert!(token >= 3, "the lease changed hands: token {token}");
    let sent = sent_by_cloud(&sim);
    assert!(sent.values().all(|&n| n == 1), "a device sent twice: {sent:?}");
    assert_eq!(sent.len(), planned_sns(&campaign).len());
    let ended = stored(&store, id).await;
    assert!(
        matches!(ended.state, CampaignState::Finished { .. }),
        "{:#?}\n{:#?}",
        ended.state,
        ended.log
    );
    assert_eq!(sim.sim().calls.len(), ended.run_ids().count(), "one Cloud call per recorded call");
}

/// A webhook's receiver that refuses (HTTP 500) the first `refusals` requests: its address
/// and the JSON bodies it took.
async fn webhook_receiver(
    refusals: usize,
) -> (String, Arc<std::sync::Mutex<Vec<serde_json::Value>>>) {
    let taken: Arc<std::sync::Mutex<Vec<serde_json::Value>>> = Arc::default();
    let refused = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post({
            let taken = taken.clone();
            move |body: axum::body::Bytes| async move {
                if refused.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < refusals {
                    return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                }
                taken.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                axum::http::StatusCode::OK
            }
        }),
    );
    (format!("{}/hook?key=k", listen(app).await), taken)
}

/// The first `n` notifications the receiver took (waiting a little for them).
async fn received(
    taken: &std::sync::Mutex<Vec<serde_json::Value>>,
    n: usize,
) -> Vec<serde_json::Value> {
    for _ in 0..100 {
        if taken.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let taken = taken.lock().unwrap().clone();
    assert_eq!(taken.len(), n, "{taken:?}");
    taken
}

#[tokio::test]
async fn a_webhook_is_tried_again_a_bounded_number_of_times() {
    let notice =
        Notice { text: "Campaign 1 · halted".into(), event: "halted", campaign: 1, at: 0 };
    let (hook, taken) = webhook_receiver(2).await;
    let webhook = Webhook::new(&hook, Duration::from_secs(2), Duration::from_millis(10)).unwrap();
    webhook.deliver(&notice).await.expect("the third attempt takes");
    assert_eq!(received(&taken, 1).await[0]["event"], "halted");
    let (hook, taken) = webhook_receiver(10).await;
    let webhook = Webhook::new(&hook, Duration::from_secs(2), Duration::from_millis(10)).unwrap();
    let why = webhook.deliver(&notice).await.unwrap_err();
    assert_eq!(why, "3 attempts, the last: HTTP 500 Internal Server Error");
    assert!(taken.lock().unwrap().is_empty());
    // Nobody listening: said, never a hang.
    let webhook =
        Webhook::new("http://127.0.0.1:9/hook", Duration::from_secs(2), Duration::from_millis(10))
            .unwrap();
    assert!(webhook.deliver(&notice).await.unwrap_err().starts_with("3 attempts"));
}

/// Epoch ms of an RFC 3339 instant.
fn instant(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

#[tokio::test]
async fn a_scheduled_campaign_sends_only_inside_its_windows_follows_a_wave_past_a_close_and_stops_at_its_end()
 {
    use mwcloud_console::domain::campaign::schedule::{Schedule, Window};
    // Upgrades take 2 real seconds; the driver's clock runs 60× (a real second is a minute).
    let (cloud, sim) = simulator(40, Duration::from_secs(2)).await;
    let dir = TempDir::new("drive-windows");
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    // Tue 8 Dec 2026 in Paris (CET, UTC+1): window A 02:00–02:01, window B 02:04–02:34; the
    // end at 02:05 comes before the third wave can go.
    let paris = |minute: u16, minutes: u32| Window {
        days: vec![1],
        start_minute: 120 + minute,
        minutes,
        zone: "Europe/Paris".into(),
    };
    let schedule = Schedule {
        zone: "Europe/Paris".into(),
        start_at: None,
        end_at: Some(instant("2026-12-08T01:05:00Z")),
        windows: vec![paris(0, 1), paris(4, 30)],
    };
    let (id, mut campaign) = campaign_over_fleet(&cloud, &store, 240).await;
    campaign.schedule = schedule;
    let admin = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let text = history::encode_campaign(&campaign);
    store.change_campaign(&admin, id, stored_revision(&store, id).await, &text).await.unwrap();
    let clock = Clock::starting_at(instant("2026-12-08T00:59:00Z"), 60.0);
    let source = Source::Account { user: "Admin".into(), password: "Admin".into() };
    let shared = Arc::new(Shared::new(Session::new(source)).with_clock(clock));
    let settings = Settings { lease_ms: 600_000, ..fast() };
    let (hook, notices) = webhook_receiver(0).await;
    let webhook = Webhook::new(&hook, Duration::from_secs(2), Duration::from_millis(50)).unwrap();
    let mut driver =
        Driver::new(store.clone(), calls_to(&cloud), shared, clock, settings).with_webhook(webhook);
    // Before the window: nothing is sent, and the fleet is not even read.
    driver.cycle().await.unwrap();
    assert!(sim.sim().calls.is_empty());
    let waiting = stored(&store, id).await;
    assert_eq!(waiting.waiting.as_ref().and_then(|w| w.window), Some(0));
    assert_eq!(
        waiting.waiting.as_ref().and_then(|w| w.opens_at),
        Some(instant("2026-12-08T01:00:00Z"))
    );
    drive_until(&mut driver, &store, id, |c| !c.is_running()).await;
    let ended = stored(&store, id).await;
    let log: Vec<&str> = ended.log.iter().map(|(_, t)| t.as_str()).collect();
    // The canary left inside window A; it ended after A closed and was followed to its end.
    let canary = &ended.waves[0];
    let (a_opens, a_closes) = (instant("2026-12-08T01:00:00Z"), instant("2026-12-08T01:01:00Z"));
    let started = canary.started_at.unwrap();
    assert!((a_opens..a_closes).contains(&started), "canary left at {started}: {log:#?}");
    assert!(canary.passed_at.unwrap() >= a_closes, "the canary ran past A's close: {log:#?}");
    // Wave 2 waited for window B and left inside it.
    let b_opens = instant("2026-12-08T01:04:00Z");
    let second = ended.waves[1].started_at.expect("wave 2 went");
    assert!((b_opens..b_opens + 60_000).contains(&second), "wave 2 left at {second}: {log:#?}");
    assert!(
        log.contains(&"Wave 2 waits for the window: Tue 02:04–02:34 Europe/Paris."),
        "{log:#?}"
    );
    assert!(log.contains(&"Wave 2 may go: inside Tue 02:04–02:34 Europe/Paris."), "{log:#?}");
    // The end came before the third: nothing more was sent, and the log says so.
    assert!(ended.waves[2].started_at.is_none(), "{log:#?}");
    assert!(matches!(ended.state, CampaignState::Aborted { .. }), "{:?}", ended.state);
    assert!(
        log.iter().any(|l| l.starts_with("Ended: its end date passed before wave 3")),
        "{log:#?}"
    );
    let told = received(&notices, 1).await;
    assert_eq!(told[0]["event"], "ended", "the end by its date is told: {told:?}");
    let sent = sent_by_cloud(&sim);
    assert!(sent.values().all(|&n| n == 1), "a device sent twice: {sent:?}");
    let in_waves: usize = ended.waves[..2].iter().flat_map(|w| &w.calls).map(|c| c.sns.len()).sum();
    assert_eq!(sent.len(), in_waves, "the two waves' devices, none of the third's");
}

/// The record's revision of campaign `id` now.
async fn stored_revision(store: &Store, id: u64) -> i64 {
    let changes = store.changes(0).await.unwrap();
    changes.campaigns.iter().find(|c| c.id == id).unwrap().revision
}

/// The fault matrix with the service driving: the Cloud failing to list the fleet (an
/// error, a hang) holds everything back and is said; `upgrade/start` failing before it acts,
/// answering garbage after it acted, and never answering after it acted each leave that
/// call's outcome unknown — followed to the truth, never resent — and the campaign reaches
/// its end.
#[tokio::test]
async fn under_every_fault_the_driver_never_resends_and_the_campaign_reaches_its_end() {
    use cloud_sim::http::faults::{Fault, FaultMode};
    const START: &str = "/sc_cloud/upgrade/start";
    const DEVS: &str = "/sc_cloud/scapi/get-devs";
    let (cloud, sim) = simulator(40, Duration::from_millis(300)).await;
    let fault = |mode: FaultMode, path: &str, after: bool| {
        let fault = Fault {
            mode: Some(mode),
            path: Some(path.into()),
            times: Some(1),
            after,
            ..Fault::default()
        };
        sim.faults.lock().unwrap().set(fault);
    };
    let dir = TempDir::new("drive-faults");
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    let (id, _) = campaign_over_fleet(&cloud, &store, 4).await;
    // A Cloud that does not answer is given up on after a second.
    let timeouts = Timeouts { answer: Duration::from_secs(1), ..Timeouts::default() };
    let calls = Calls::new(
        Arc::new(Cloud::new(&cloud, &Trust::System, timeouts).unwrap()),
        Catalogue::builtin(),
    );
    let source = Source::Account { user: "Admin".into(), password: "Admin".into() };
    let shared = Arc::new(Shared::new(Session::new(source)));
    let mut driver = Driver::new(store.clone(), calls, shared.clone(), Clock::system(), fast());
    // The fleet cannot be read (an error, then no answer): nothing is sent, and it is said.
    for mode in [FaultMode::Http500, FaultMode::Hang] {
        fault(mode, DEVS, false);
        driver.cycle().await.unwrap();
        let problem = shared.status().problem.unwrap_or_default();
        assert!(problem.starts_with("reading the fleet"), "{mode:?}: {problem}");
        assert!(sim.sim().calls.is_empty(), "{mode:?}: nothing sent without a reading");
    }
    // The canary's first call fails before the Cloud acts. (A wave's calls all leave in
    // one cycle: the next fault waits for the next wave.)
    fault(FaultMode::Http500, START, false);
    drive_until(&mut driver, &store, id, |c| c.waves[0].started_at.is_some()).await;
    // Wave 2's first call: the Cloud acts, its answer is garbage.
    fault(FaultMode::Malformed, START, false);
    drive_until(&mut driver, &store, id, |c| c.waves[1].started_at.is_some()).await;
    // Wave 3's first call: the Cloud acts and never answers.
    fault(FaultMode::Hang, START, true);
    drive_until(&mut driver, &store, id, |c| !c.is_running()).await;
    let ended = stored(&store, id).await;
    let sent = finished_each_device_once(&ended, &sim);
    assert_eq!(
        sim.requests_for(START) as usize,
        ended.run_ids().count(),
        "one request per recorded call: none resent"
    );
    let lost: Vec<&str> = ended
        .log
        .iter()
        .map(|(_, l)| l.as_str())
        .filter(|l| l.contains("answer to run") && l.contains("never resent"))
        .collect();
    assert_eq!(lost.len(), 3, "each faulty call said: {:#?}", ended.log);
    // The garbled and the unanswered calls took effect: their devices were followed to the
    // truth (the Cloud's calls hold them once; none was resent).
    assert!(sent.len() >= planned_sns(&ended).len() - 4, "{} sent", sent.len());
}
