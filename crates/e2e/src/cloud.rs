//! The simulator, in this process, serving the release console and the API on one
//! loopback origin (so cookies behave as in production); stopped when dropped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use cloud_sim::config::{SessionErrorStyle, SimConfig};
use cloud_sim::http::{AppState, router};
use tokio::task::JoinHandle;

/// The release build of the console, made by `scripts/build_release.py` (split into pieces).
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("CONSOLE_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    }
}

/// The simulator, in this process, serving the console and the API on one origin — or,
/// started with [`Cloud::start_behind_service`], the API only, with the console service
/// (`mwcloud-console`) in front serving the console and the shared record.
pub struct Cloud {
    /// `http://127.0.0.1:<port>/`: where the browser goes (the service's, when there is one).
    pub url: String,
    /// The simulator's state, for arranging and checking a test.
    pub state: AppState,
    addr: SocketAddr,
    server: JoinHandle<()>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    service: Option<Service>,
    /// The console build the simulator serves while no service is in front.
    dist: PathBuf,
}

/// The console service in front of the simulator, its SQLite record in a temporary folder
/// (removed when dropped).
struct Service {
    addr: SocketAddr,
    cloud: String,
    data: PathBuf,
    server: JoinHandle<()>,
    /// Stops the server with its open connections, as the end of a process would.
    handle: axum_server::Handle,
    store: console_server::record::Store,
    /// Its driver of campaigns and runs, and what stops it.
    driver: JoinHandle<()>,
    stop_driver: tokio::sync::watch::Sender<bool>,
}

impl Service {
    async fn start(addr: SocketAddr, cloud: &str, data: PathBuf) -> Service {
        use console_server::app::{App, router};
        use console_server::cloud::{Cloud as Upstream, Timeouts, Trust};
        let upstream = Upstream::new(cloud, &Trust::System, Timeouts::default())
            .expect("the simulator's address");
        let store = console_server::record::Store::open_sqlite_in(&data)
            .await
            .expect("the service's record");
        // Driven as the program drives: the session of the administrator who started a
        // campaign, handed by their requests (a cycle a second, for quicker tests).
        use console_server::drive::session::{Session, Source};
        use console_server::drive::{Driver, Settings, Shared, calls::Calls};
        let upstream = std::sync::Arc::new(upstream);
        let shared = std::sync::Arc::new(Shared::new(Session::new(Source::Handed)));
        let calls =
            Calls::new(upstream.clone(), mwcloud_console::domain::codes::Catalogue::builtin());
        let settings = Settings { every: Duration::from_secs(1), ..Settings::default() };
        let clock = console_server::clock::Clock::system();
        let (stop_driver, mut stopped) = tokio::sync::watch::channel(false);
        let driver = Driver::new(store.clone(), calls, shared.clone(), clock, settings);
        let driver = tokio::spawn(driver.run(async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }));
        let app = router(App::with_driver(upstream, store.clone(), shared), Some(&dist_dir()));
        // Served as the program serves it.
        let listener = std::net::TcpListener::bind(addr).expect("bind the service's port");
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let addr = listener.local_addr().expect("bound address");
        let handle = axum_server::Handle::new();
        let serving = handle.clone();
        let server = tokio::spawn(async move {
            let _ = console_server::app::serve(listener, app, None, serving).await;
        });
        Service { addr, cloud: cloud.to_string(), data, server, handle, store, driver, stop_driver }
    }

    async fn stop(&mut self) {
        self.handle.shutdown();
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.server).await;
        self.server.abort();
        let _ = self.stop_driver.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(10), &mut self.driver).await;
        self.driver.abort();
        self.store.close().await;
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.server.abort();
        self.driver.abort();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

impl Cloud {
    /// The simulator serving the console built in [`dist_dir`].
    pub async fn start(config: SimConfig) -> Cloud {
        Cloud::start_with_console(config, dist_dir()).await
    }

    /// The simulator serving the console built in `dist` (another build, for comparing).
    pub async fn start_with_console(config: SimConfig, dist: PathBuf) -> Cloud {
        assert!(
            dist.join("index.html").is_file(),
            "no console build in {}: run `python3 scripts/build_release.py` (scripts/test.sh does)",
            dist.display()
        );
        let state = AppState::new(&config, SessionErrorStyle::Result);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let (server, shutdown) = serve(listener, state.clone(), Some(dist.clone()));
        Cloud {
            url: format!("http://{addr}/"),
            state,
            addr,
            server,
            shutdown: Some(shutdown),
            service: None,
            dist,
        }
    }

    /// The simulator (API only) with the console service in front of it: the browser goes
    /// to the service, which serves the console, forwards the API and keeps the record.
    pub async fn start_behind_service(config: SimConfig) -> Cloud {
        let state = AppState::new(&config, SessionErrorStyle::Result);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let (server, shutdown) = serve(listener, state.clone(), None);
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let data = std::env::temp_dir().join(format!("e2e-service-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&data).expect("the record's folder");
        let service = Service::start(
            "127.0.0.1:0".parse().expect("an address"),
            &format!("http://{addr}"),
            data,
        )
        .await;
        Cloud {
            url: format!("http://{}/", service.addr),
            state,
            addr,
            server,
            shutdown: Some(shutdown),
            service: Some(service),
            dist: dist_dir(),
        }
    }

    /// Puts the console service in front, on this origin: the simulator (same state, same
    /// sessions) moves to a port of its own, API only, and the service takes its address —
    /// as a deployment that served plain files and now runs `mwcloud-console`.
    pub async fn put_service_in_front(&mut self) {
        self.stop().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let cloud = format!("http://{}", listener.local_addr().expect("bound address"));
        let (server, shutdown) = serve(listener, self.state.clone(), None);
        self.server = server;
        self.shutdown = Some(shutdown);
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let data = std::env::temp_dir().join(format!("e2e-front-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&data).expect("the record's folder");
        self.service = Some(Service::start(self.addr, &cloud, data).await);
    }

    /// Stops the console service and starts it again on the same address and record, as
    /// a restart of the process would.
    pub async fn restart_service(&mut self) {
        let mut old = self.service.take().expect("a console service");
        old.stop().await;
        let (addr, cloud) = (old.addr, old.cloud.clone());
        let data = std::mem::take(&mut old.data);
        drop(old);
        self.service = Some(Service::start(addr, &cloud, data).await);
    }

    /// The console service's record, to arrange a test or a benchmark directly.
    pub fn record(&self) -> console_server::record::Store {
        self.service.as_ref().expect("a console service").store.clone()
    }

    /// The service's audit trail, newest first.
    pub async fn audit_trail(&self) -> Vec<console_server::record::AuditEntry> {
        let service = self.service.as_ref().expect("a console service");
        service.store.audit_trail(100, None).await.expect("the audit trail")
    }

    /// Sets the simulator's fault in force (as `POST /__sim/faults` would).
    pub fn set_fault(&self, fault: cloud_sim::http::faults::Fault) {
        self.state.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).set(fault);
    }

    /// Lifts any fault (as `DELETE /__sim/faults` would).
    pub fn clear_fault(&self) {
        self.state.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clear();
    }

    /// Stops the server, closing idle connections: requests fail until [`Cloud::restart`].
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.server).await;
        self.server.abort();
    }

    /// Serves again on the same address, with the same state.
    pub async fn restart(&mut self) {
        if self.shutdown.is_some() {
            self.stop().await;
        }
        let listener =
            tokio::net::TcpListener::bind(self.addr).await.expect("rebind the same port");
        let (server, shutdown) =
            serve(listener, self.state.clone(), self.service.is_none().then(|| self.dist.clone()));
        self.server = server;
        self.shutdown = Some(shutdown);
    }
}

fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    console: Option<PathBuf>,
) -> (JoinHandle<()>, tokio::sync::oneshot::Sender<()>) {
    let app = router(state, console.as_deref());
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (server, shutdown)
}

impl Drop for Cloud {
    fn drop(&mut self) {
        self.server.abort();
    }
}
