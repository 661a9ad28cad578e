//! The console service driving a campaign of 10,000 devices, as deployed: the simulator
//! (10,000 devices) in this process, the service's program (`target/native/mwcloud-console`)
//! with a service account, the campaign saved in its record as a console saves it. Read from
//! the outside: how long after the reading of the fleet that allows a wave its first call
//! left (the service's own log line), its resident memory at the peak, and its CPU time per
//! reading of the fleet (from `/proc`).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use console_server::clock::Clock;
use console_server::cloud::{Cloud, Timeouts, Trust};
use console_server::drive::calls::Calls;
use console_server::record::{Actor, Store};
use mwcloud_console::domain::campaign::Campaign;
use mwcloud_console::domain::campaign::plan::{PlanChoices, WaveSettings, plan};
use mwcloud_console::domain::codes::Catalogue;
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::history;

use super::Row;
use super::measure::{Process, median, resident_mb};

const DEVICES: usize = 10_000;

/// CPU time (user + system) of `pid`, in milliseconds (`/proc/<pid>/stat`, 100 ticks a second).
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

pub async fn row() -> Row {
    let config = cloud_sim::config::SimConfig {
        devices: DEVICES,
        upgrade_duration: Duration::from_secs(3),
        ..Default::default()
    };
    let sim = cloud_sim::http::AppState::new(&config, cloud_sim::config::SessionErrorStyle::Result);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let cloud = format!("http://{}", listener.local_addr().expect("its address"));
    let app = cloud_sim::http::router(sim.clone(), None);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    widen(&sim);
    let data = std::env::temp_dir().join(format!("bench-driving-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).expect("the record's folder");
    let (keys, to_send, id) = save_campaign(&cloud, &data).await;
    let password = data.join("password");
    std::fs::write(&password, "Admin\n").expect("the password file");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).expect("0600");
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/native/mwcloud-console");
    let mut child = Command::new(&binary)
        .args(["--listen", "127.0.0.1:0", "--cloud", &cloud, "--data"])
        .arg(&data)
        .args(["--cloud-user", "Admin", "--cloud-password-file"])
        .arg(&password)
        .env("RUST_LOG", "console_server=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("target/native/mwcloud-console (scripts/bench.sh builds it)");
    let stdout = child.stdout.take().expect("its output");
    let service = Process(child);
    let pid = service.0.id();
    let waves: Arc<Mutex<Vec<f64>>> = Arc::default();
    std::thread::spawn({
        let waves = waves.clone();
        move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let first = line
                    .split_once("the first left ")
                    .and_then(|(_, rest)| rest.split_once(" ms"))
                    .and_then(|(ms, _)| ms.parse::<f64>().ok());
                if let Some(ms) = first {
                    waves.lock().unwrap_or_else(|p| p.into_inner()).push(ms);
                }
            }
        }
    });
    let (done, peak) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
    let sampler = std::thread::spawn({
        let (done, peak) = (done.clone(), peak.clone());
        move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max((resident_mb(pid) * 10.0) as u64, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    });
    let store = Store::open_sqlite_in(&data).await.expect("the record");
    let started = Instant::now();
    let finished = loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let changes = store.changes(0).await.expect("the record");
        let campaign =
            changes.campaigns.iter().find(|c| c.id == id).map(|c| history::read_campaign(&c.body));
        if let Some(Ok(campaign)) = campaign
            && !campaign.is_running()
        {
            break Some(campaign.status_word());
        }
        if started.elapsed() > Duration::from_secs(600) {
            break None;
        }
    };
    let cpu = cpu_ms(pid);
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    drop(service);
    store.close().await;
    let _ = std::fs::remove_dir_all(&data);
    let polls = sim.requests_for("/sc_cloud/scapi/get-devs").max(1);
    let waves = waves.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let worst = waves.iter().copied().fold(0.0, f64::max);
    let memory = peak.load(Ordering::Relaxed) as f64 / 10.0;
    let per_poll = cpu / polls as f64;
    Row::new(
        "service drives a campaign, 10,000 devices in 20 models and hardware: reading that allows a wave → its first call · peak memory · CPU per reading",
        "≤ 1 s · ≤ 150 MB",
        format!(
            "{} devices to send of {keys}, {} waves, {}: worst {worst:.0} ms (median {:.0}) · {memory:.0} MB · {per_poll:.0} ms CPU per reading ({polls} readings, {:.0} s)",
            to_send,
            waves.len(),
            finished.as_deref().unwrap_or("NOT finished in 10 min"),
            median(waves.clone()),
            started.elapsed().as_secs_f64(),
        ),
        Some(finished.is_some() && worst <= 1000.0 && memory <= 150.0),
    )
}

/// Widens the simulator's fleet to the 20 model and hardware pairs with firmware
/// (its product line has 11): a hardware "C" for nine more models, every third device of
/// each moved to it, and the Cloud holding the same releases for it under new ids — as a
/// real fleet with several hardware revisions would. Arranged in the simulator's state,
/// as the tests arrange failures.
fn widen(sim: &cloud_sim::http::AppState) {
    const MODELS: [i64; 9] = [771, 772, 800, 801, 802, 900, 901, 950, 951];
    let mut sim = sim.sim();
    let mut moved: BTreeMap<i64, usize> = BTreeMap::new();
    for device in sim.fleet.iter_mut() {
        let status = &mut device.base.status;
        if MODELS.contains(&status.product_id) && status.hardware_ver == "A" {
            let seen = moved.entry(status.product_id).or_default();
            *seen += 1;
            if seen.is_multiple_of(3) {
                status.hardware_ver = "C".into();
            }
        }
    }
    let next = sim.firmwares.iter().map(|f| f.id).max().unwrap_or(0);
    let copies: Vec<_> = sim
        .firmwares
        .iter()
        .filter(|f| MODELS.contains(&f.product_id) && f.hardware_ver == "A")
        .cloned()
        .enumerate()
        .map(|(n, mut f)| {
            f.id = next + 1 + n as i64;
            f.hardware_ver = "C".into();
            f.file_path = f.file_path.replace("-A-", "-C-");
            f
        })
        .collect();
    sim.firmwares.extend(copies);
}

/// A campaign over the whole fleet (newest release for each model and hardware, the
/// simulator's natural failures tolerated), saved in the record as a console saves it:
/// its models and hardware in words, devices to send, its number.
async fn save_campaign(cloud: &str, data: &Path) -> (String, usize, u64) {
    let upstream = Cloud::new(cloud, &Trust::System, Timeouts::default()).expect("its address");
    let calls = Calls::new(Arc::new(upstream), Catalogue::builtin());
    let (cookie, _) = calls.sign_in("Admin", "Admin").await.expect("sign in");
    let fleet = calls.devices(&cookie).await.expect("the fleet").items;
    let library = calls.firmwares(&cookie).await.expect("the firmware list");
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let settings = WaveSettings { canary_threshold: 100, threshold: 100, ..Default::default() };
    let planned = plan(&scope, &library, &PlanChoices { settings, ..Default::default() });
    let campaign = Campaign::begin(
        &planned,
        mwcloud_console::testing::admin_begins(60, Clock::system().now_ms()),
    );
    let store = Store::open_sqlite_in(data).await.expect("a SQLite record");
    let admin = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let saved = store
        .begin_campaign(&admin, "bench", &history::encode_campaign(&campaign))
        .await
        .expect("the campaign saved");
    store.close().await;
    let sending = planned.keys.iter().filter(|k| !k.included.is_empty()).count();
    (
        format!("{} models and hardware ({sending} with devices to send)", planned.keys.len()),
        planned.to_send(),
        saved.id,
    )
}
