//! `POST /sc_cloud/upgrade/start`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use sc_wire::{UpgradeStartReply, UpgradeStartRequest, code};
use tokio::time::Instant;

use crate::codes::SimCode;
use crate::http::guard::{SignedIn, is_json};
use crate::http::reply;
use crate::http::state::AppState;

/// `upgrade/start`.
pub fn router() -> Router<AppState> {
    Router::new().route("/sc_cloud/upgrade/start", post(start))
}

/// JSON `{"sn": [...], "firmware-id": <id>}`. Each serial number gets its own result;
/// a malformed body or a whole-call problem gets a non-zero `result` and changes nothing.
pub async fn start(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = match parse(&headers, &body) {
        Some((sns, firmware_id)) => {
            state.sim().start_upgrade(user, &sns, firmware_id, Instant::now())
        }
        None => Err(SimCode::BadRequest),
    };
    let (result, details) = match outcome {
        Ok(details) => (code::OK, details),
        Err(refusal) => (refusal.code(), Vec::new()),
    };
    let method = Some("start-upgrade".to_string());
    reply::json(&UpgradeStartReply { result, method, details })
}

/// The serial numbers and firmware id of a well-formed body: JSON, read as the contract's
/// request type (any other shape is refused the same clear way).
fn parse(headers: &HeaderMap, body: &[u8]) -> Option<(Vec<String>, i64)> {
    if !is_json(headers) {
        return None;
    }
    let request: UpgradeStartRequest = serde_json::from_slice(body).ok()?;
    Some((request.sn, request.firmware))
}
