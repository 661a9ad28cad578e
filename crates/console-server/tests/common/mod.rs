//! What the service's tests share: a record on SQLite or on a throwaway PostgreSQL, and the
//! console's own runs and campaigns to store.

#![allow(dead_code)]

use std::path::PathBuf;

use console_server::record::Store;
use mwcloud_console::domain::campaign::Campaign;
use mwcloud_console::domain::campaign::plan::{PlanChoices, plan as plan_campaign};
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::history::{encode_campaign, encode_chunks, encode_run};
use mwcloud_console::testing;
use serde_json::value::RawValue;

/// A folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("console-server-{what}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where the suite's records are made: a fresh database per case.
pub enum Backend {
    Sqlite(TempDir),
    Postgres(pg_throwaway::Cluster),
}

impl Backend {
    pub fn sqlite() -> Backend {
        Backend::Sqlite(TempDir::new("sqlite"))
    }

    pub fn postgres() -> Backend {
        Backend::Postgres(pg_throwaway::Cluster::start().expect("a throwaway PostgreSQL"))
    }

    /// The address of a fresh record named `case`.
    pub fn url(&self, case: &str) -> String {
        match self {
            Backend::Sqlite(dir) => {
                console_server::record::sqlite_url(&dir.0.join(format!("{case}.db")))
            }
            Backend::Postgres(cluster) => cluster.database(case).unwrap(),
        }
    }

    pub async fn open(&self, case: &str) -> (Store, String) {
        let url = self.url(case);
        (Store::open(&url).await.unwrap(), url)
    }
}

pub const NOW: i64 = 1_780_000_000_000;

/// A run of `sns` as the console saves it: its record and its devices' chunks.
pub fn run_text(sns: &[&str]) -> (String, Vec<Box<RawValue>>) {
    let run = testing::started_run(0, sns, NOW);
    let chunks = encode_chunks(&run)
        .into_iter()
        .map(|(_, text)| RawValue::from_string(text).unwrap())
        .collect();
    (encode_run(&run), chunks)
}

/// A running campaign of the console's three-key fleet, nothing sent yet.
pub fn running_campaign() -> Campaign {
    let fleet = testing::campaign_fleet();
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let planned = plan_campaign(&scope, &testing::campaign_library(), &PlanChoices::default());
    Campaign::begin(&planned, mwcloud_console::testing::admin_begins(600, NOW))
}

pub fn campaign_text(campaign: &Campaign) -> String {
    encode_campaign(campaign)
}

/// A server on a free loopback port, stopped with the test's runtime.
pub async fn listen(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    format!("http://{addr}")
}

/// The simulator as the Cloud: its address and its state (to count calls).
pub async fn simulated_cloud() -> (String, cloud_sim::http::AppState) {
    let config = cloud_sim::config::SimConfig { devices: 30, ..Default::default() };
    let state =
        cloud_sim::http::AppState::new(&config, cloud_sim::config::SessionErrorStyle::Result);
    let url = listen(cloud_sim::http::router(state.clone(), None)).await;
    (url, state)
}

/// The service in front of `cloud`, its record on SQLite in `dir`.
pub async fn service(
    cloud: &str,
    dir: &TempDir,
    timeouts: console_server::cloud::Timeouts,
) -> (String, Store) {
    let cloud =
        console_server::cloud::Cloud::new(cloud, &console_server::cloud::Trust::System, timeouts)
            .unwrap();
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    let app = console_server::app::App::new(cloud, store.clone());
    (listen(console_server::app::router(app, None)).await, store)
}

/// Signs in through `base` and gives the cookies as a `Cookie` header.
pub async fn sign_in(client: &reqwest::Client, base: &str, user: &str, password: &str) -> String {
    let pass = cloud_sim::sessions::md5_hex(password);
    let form = reqwest::multipart::Form::new().text("id", user.to_string()).text("pass", pass);
    let reply = client.post(format!("{base}/sc_cloud/login")).multipart(form).send().await.unwrap();
    let cookies: Vec<String> = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    assert_eq!(reply.status(), 200);
    cookies.join("; ")
}
