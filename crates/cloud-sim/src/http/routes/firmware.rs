//! `GET /sc_cloud/scapi/get-all-firmwares`.

use axum::Router;
use axum::routing::get;
use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use sc_wire::{FirmwaresReply, code};

use crate::codes::SimCode;
use crate::http::guard::SignedIn;
use crate::http::reply;
use crate::http::state::AppState;

/// `get-all-firmwares`.
pub fn router() -> Router<AppState> {
    Router::new().route("/sc_cloud/scapi/get-all-firmwares", get(get_all_firmwares))
}

/// `dev-type` (family; 0 = every firmware) is required; `product-id` and `hardware-ver`
/// narrow the list.
pub async fn get_all_firmwares(
    State(state): State<AppState>,
    _: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(Ok(dev_type)) = query.get("dev-type").map(|t| t.trim().parse::<i64>()) else {
        return reply::sim(SimCode::BadRequest);
    };
    let product_id = match query.get("product-id").filter(|p| !p.is_empty()) {
        None => None,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return reply::sim(SimCode::BadRequest),
        },
    };
    let hardware = query.get("hardware-ver").map(|h| h.trim()).filter(|h| !h.is_empty());
    let firmwares = state.sim().firmwares(dev_type, product_id, hardware);
    reply::json(&FirmwaresReply { result: code::OK, firmwares })
}
