//! `GET /sc_cloud/scapi/get-devs`, `GET /sc_cloud/scapi/get-dev` and
//! `GET /sc_cloud/scapi/get-dev-catalogs`.

use axum::Router;
use axum::routing::get;
use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use sc_wire::{CatalogsReply, DevReply, code};
use tokio::time::Instant;

use crate::codes::SimCode;
use crate::http::guard::SignedIn;
use crate::http::reply;
use crate::http::state::AppState;

/// `get-devs`, `get-dev` and `get-dev-catalogs`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sc_cloud/scapi/get-devs", get(get_devs))
        .route("/sc_cloud/scapi/get-dev", get(get_dev))
        .route("/sc_cloud/scapi/get-dev-catalogs", get(get_dev_catalogs))
}

/// The group tree open to the session's user.
pub async fn get_dev_catalogs(State(state): State<AppState>, SignedIn(user): SignedIn) -> Response {
    let groups = state.sim().groups(user);
    reply::json(&CatalogsReply { result: code::OK, dev_catalogs: groups })
}

/// `id` (group, with the groups below it) and `module` (family) filters; absent or 0
/// means all.
pub async fn get_devs(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (Some(group), Some(family)) = (number(&query, "id"), number(&query, "module")) else {
        return reply::sim(SimCode::BadRequest);
    };
    let body = state.sim().devices_json(user, group, family, Instant::now());
    reply::json_bytes(body)
}

/// One device by `sn`.
pub async fn get_dev(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(sn) = query.get("sn").filter(|sn| !sn.is_empty()) else {
        return reply::sim(SimCode::BadRequest);
    };
    match state.sim().device(user, sn, Instant::now()) {
        Some(dev) => reply::json(&DevReply { result: code::OK, dev: Some(dev) }),
        None => reply::sim(SimCode::UnknownDevice),
    }
}

/// An integer query parameter; absent means 0, anything unparsable is `None`.
fn number(query: &HashMap<String, String>, name: &str) -> Option<i64> {
    match query.get(name) {
        None => Some(0),
        Some(text) if text.is_empty() => Some(0),
        Some(text) => text.trim().parse().ok(),
    }
}
