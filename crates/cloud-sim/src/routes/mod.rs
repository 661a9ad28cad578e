//! One handler per `sc_cloud` route. Handlers translate HTTP to the rules in `state` and
//! back; they never panic on input and never answer 500 on their own.

pub mod devices;
pub mod firmware;
pub mod library;
pub mod session;
pub mod upgrade;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde_json::json;
use tokio::time::Instant;

use crate::app::AppState;
use crate::codes::SimCode;
use crate::reply;
use crate::sessions::User;

/// How a call without a valid session is answered. The contract leaves it open, so the
/// console must handle both; the simulator can play either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SessionErrorStyle {
    /// HTTP 200 with `{"result": -9001}`.
    #[default]
    Result,
    /// HTTP 401 with `{"result": -9001}`.
    Http401,
}

/// A call refused for want of a valid session, answered in the configured style.
#[derive(Debug, Clone, Copy)]
pub struct SessionRefused(SessionErrorStyle);

impl IntoResponse for SessionRefused {
    fn into_response(self) -> Response {
        let status = match self.0 {
            SessionErrorStyle::Result => StatusCode::OK,
            SessionErrorStyle::Http401 => StatusCode::UNAUTHORIZED,
        };
        reply::json_with_status(status, &json!({ "result": SimCode::SessionInvalid.code() }))
    }
}

/// The user of the request's session cookie.
pub fn session_user(state: &AppState, jar: &CookieJar) -> Result<&'static User, SessionRefused> {
    jar.get(sc_wire::cookie::SID)
        .and_then(|sid| state.sim().sessions.check(sid.value(), Instant::now()))
        .ok_or(SessionRefused(state.session_error))
}

/// Whether the request says its body is JSON (`application/json`, any parameters).
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"))
}

/// Any other path under `/sc_cloud`: a JSON 404, so API clients never get the console's HTML.
pub async fn not_found() -> Response {
    reply::json_with_status(
        StatusCode::NOT_FOUND,
        &json!({ "result": SimCode::BadRequest.code() }),
    )
}
