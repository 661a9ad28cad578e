//! The simulator's HTTP surface, the top layer: shared state, one router per route module,
//! the control routes, fault injection, the built console (when a `dist/` folder is
//! given), and one log line per request. Assembled here and only here.

pub mod control;
pub mod faults;
mod guard;
pub mod reply;
pub mod routes;
pub mod serve;
pub mod state;

use std::path::Path;
use std::time::Instant as StdInstant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;

pub use state::AppState;

/// Largest request body accepted: room for 10,000 serial numbers and more.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The whole HTTP surface.
pub fn router(state: AppState, dist: Option<&Path>) -> Router {
    // A page of another site never changes the Cloud with the administrator's cookies.
    let api = routes::api()
        .layer(middleware::from_fn_with_state(state.clone(), control::inject))
        .layer(middleware::from_fn(console_files::data_headers))
        .layer(middleware::from_fn(console_files::same_site::loopback_only));
    let mut app = api.merge(control::routes()).with_state(state.clone());
    if let Some(dist) = dist {
        app = app.merge(console_files::router(dist));
    }
    app.layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state, log_request))
}

/// One line per request: method, path, status, milliseconds; and the count per path.
async fn log_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    {
        let mut requests = state.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
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
