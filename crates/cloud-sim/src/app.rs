//! Assembles the router: the `sc_cloud` API, the fault-injection controls, the built
//! console (when a `dist/` folder is given), fault injection and one log line per request.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant as StdInstant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tower_http::services::{ServeDir, ServeFile};

use crate::faults::{self, Faults};
use crate::routes::{self, SessionErrorStyle};
use crate::state::{Clock, Sim, SimConfig};

/// Largest request body accepted: room for 10,000 serial numbers and more.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub sim: Arc<Mutex<Sim>>,
    pub faults: Arc<Mutex<Faults>>,
    pub session_error: SessionErrorStyle,
    /// Requests received, by path (so tests can check a call was made exactly once).
    pub requests: Arc<Mutex<HashMap<String, u64>>>,
}

impl AppState {
    pub fn new(config: &SimConfig, session_error: SessionErrorStyle) -> Self {
        AppState {
            sim: Arc::new(Mutex::new(Sim::new(config, Clock::system()))),
            faults: Arc::new(Mutex::new(Faults::default())),
            session_error,
            requests: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// How many requests for `path` arrived so far.
    pub fn requests_for(&self, path: &str) -> u64 {
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        requests.get(path).copied().unwrap_or(0)
    }

    /// The simulation, even if a handler panicked while holding it (state stays usable).
    pub fn sim(&self) -> std::sync::MutexGuard<'_, Sim> {
        self.sim
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The whole HTTP surface.
pub fn router(state: AppState, dist: Option<&Path>) -> Router {
    let api = Router::new()
        .route("/sc_cloud/login", post(routes::session::login))
        .route("/sc_cloud/logout", post(routes::session::logout))
        .route("/sc_cloud/scapi/get-devs", get(routes::devices::get_devs))
        .route("/sc_cloud/scapi/get-dev", get(routes::devices::get_dev))
        .route(
            "/sc_cloud/scapi/get-all-firmwares",
            get(routes::firmware::get_all_firmwares),
        )
        .route("/sc_cloud/upgrade/start", post(routes::upgrade::start))
        // Uploads enforce their own, configurable limit while streaming.
        .route(
            "/sc_cloud/uploadFirmware",
            post(routes::library::upload_firmware).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/sc_cloud/firmware/add",
            post(routes::library::add_firmware),
        )
        .route(
            "/sc_cloud/{*rest}",
            get(routes::not_found).post(routes::not_found),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ));
    let mut app = api
        .merge(faults::control_routes())
        .with_state(state.clone());
    if let Some(dist) = dist {
        let index = ServeFile::new(dist.join("index.html"));
        app = app.fallback_service(ServeDir::new(dist).fallback(index));
    }
    app.layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state, log_request))
}

/// One line per request: method, path, status, milliseconds; and the count per path.
async fn log_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    {
        let mut requests = state
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *requests.entry(path.clone()).or_default() += 1;
    }
    let started = StdInstant::now();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}
