//! The simulator, in this process, serving the release console and the API on one
//! loopback origin (so cookies behave as in production); stopped when dropped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use cloud_sim::config::{SessionErrorStyle, SimConfig};
use cloud_sim::http::{AppState, router};
use tokio::task::JoinHandle;

/// The release build of the console, made by `trunk build --release`.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("CONSOLE_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    }
}

/// The simulator, in this process, serving the console and the API on one origin.
pub struct Cloud {
    /// `http://127.0.0.1:<port>/`
    pub url: String,
    /// The simulator's state, for arranging and checking a test.
    pub state: AppState,
    addr: SocketAddr,
    server: JoinHandle<()>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Cloud {
    pub async fn start(config: SimConfig) -> Cloud {
        let dist = dist_dir();
        assert!(
            dist.join("index.html").is_file(),
            "no console build in {}: run `trunk build --release` (scripts/test.sh does)",
            dist.display()
        );
        let state = AppState::new(&config, SessionErrorStyle::Result);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let (server, shutdown) = serve(listener, state.clone());
        Cloud { url: format!("http://{addr}/"), state, addr, server, shutdown: Some(shutdown) }
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
        let (server, shutdown) = serve(listener, self.state.clone());
        self.server = server;
        self.shutdown = Some(shutdown);
    }
}

fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> (JoinHandle<()>, tokio::sync::oneshot::Sender<()>) {
    let app = router(state, Some(&dist_dir()));
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
