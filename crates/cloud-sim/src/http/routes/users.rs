//! `GET /sc_cloud/scapi/get-users` (administrator only): the accounts, as the contract's
//! example shows them. `Passwd` is always empty: the simulator never gives a password out.

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use serde_json::json;

use crate::codes::SimCode;
use crate::http::guard::SignedIn;
use crate::http::reply;
use crate::http::state::AppState;
use crate::sessions::USERS;

pub fn router() -> Router<AppState> {
    Router::new().route("/sc_cloud/scapi/get-users", get(get_users))
}

/// Every account for the administrator; an operator gets the not-administrator code.
pub async fn get_users(SignedIn(user): SignedIn) -> Response {
    if !user.is_admin() {
        return reply::sim(SimCode::NotAdministrator);
    }
    let users: Vec<_> = USERS
        .iter()
        .map(|u| {
            json!({
                "id": u.id, "name": u.name, "nick": u.name, "Passwd": "",
                "permit": if u.is_admin() { -1 } else { 1 },
            })
        })
        .collect();
    reply::json(&json!({ "result": 0, "users": users }))
}
