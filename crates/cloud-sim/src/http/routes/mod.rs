//! One router per `sc_cloud` route module; each handler translates HTTP to the rules of
//! the simulated Cloud and back, never panics on input, and never answers 500 on its own.

pub mod devices;
pub mod firmware;
pub mod library;
pub mod session;
pub mod upgrade;
pub mod users;

use axum::Router;
use axum::routing::get;

use super::guard;
use super::state::AppState;

/// Every `sc_cloud` route, and a JSON 404 for any other path under it.
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(session::router())
        .merge(devices::router())
        .merge(firmware::router())
        .merge(upgrade::router())
        .merge(library::router())
        .merge(users::router())
        .route("/sc_cloud/{*rest}", get(guard::not_found).post(guard::not_found))
}
