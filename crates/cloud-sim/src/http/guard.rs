//! What every `sc_cloud` handler checks first: the session of the request (the
//! [`SignedIn`] extractor), and whether its body says it is JSON; and the JSON 404 for any
//! other `sc_cloud` path.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde_json::json;
use tokio::time::Instant;

use super::reply;
use super::state::AppState;
use crate::codes::SimCode;
use crate::config::SessionErrorStyle;
use crate::sessions::User;

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

/// The signed-in user of a request: its session cookie names a live session. A handler
/// taking it is never reached without one — the request is refused in the configured
/// style first.
pub struct SignedIn(pub &'static User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = SessionRefused;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        CookieJar::from_headers(&parts.headers)
            .get(sc_wire::cookie::SID)
            .and_then(|sid| state.sim().sessions.check(sid.value(), Instant::now()))
            .map(SignedIn)
            .ok_or(SessionRefused(state.session_error))
    }
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
    reply::json_with_status(StatusCode::NOT_FOUND, &json!({ "result": SimCode::BadRequest.code() }))
}
