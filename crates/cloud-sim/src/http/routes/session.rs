//! `POST /sc_cloud/login` and `POST /sc_cloud/logout`.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum_extra::extract::CookieJar;
use sc_wire::{LoginReply, LogoutReply, code, cookie};
use tokio::time::Instant;

use crate::codes::SimCode;
use crate::http::reply;
use crate::http::state::AppState;
use crate::sessions::{LoginError, authenticate};

/// `login` and `logout`.
pub fn router() -> Router<AppState> {
    Router::new().route("/sc_cloud/login", post(login)).route("/sc_cloud/logout", post(logout))
}

/// Largest form field read from the login form.
const FIELD_LIMIT: usize = 1024;

/// Multipart `id` + `pass` (lower-case hex MD5). Sets `mwcloud-sid` (HttpOnly) and
/// `mwcloud-uid`.
pub async fn login(
    State(state): State<AppState>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let Ok(mut form) = form else {
        return reply::sim(SimCode::BadRequest);
    };
    let (mut id, mut pass) = (None, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return reply::sim(SimCode::BadRequest),
        };
        let name = field.name().unwrap_or_default().to_string();
        let Ok(value) = field.text().await else {
            return reply::sim(SimCode::BadRequest);
        };
        if value.len() > FIELD_LIMIT {
            return reply::sim(SimCode::BadRequest);
        }
        match name.as_str() {
            "id" => id = Some(value),
            "pass" => pass = Some(value),
            _ => {}
        }
    }
    let (Some(id), Some(pass)) = (id, pass) else {
        return reply::sim(SimCode::BadRequest);
    };
    let user = match authenticate(&id, &pass) {
        Ok(user) => user,
        Err(LoginError::NoSuchUser) => return reply::code(code::NO_SUCH_USER),
        Err(LoginError::WrongPassword) => return reply::code(code::PASSWORD_INCORRECT),
    };
    let sid = state.sim().sessions.open(user, Instant::now());
    let body = LoginReply {
        id: Some(user.id),
        name: Some(user.name.to_string()),
        pass: Some(String::new()),
        result: code::OK,
        sid: Some(sid.clone()),
    };
    let mut response = reply::json(&body);
    let headers = response.headers_mut();
    for value in [
        format!("{}={sid}; Path=/; HttpOnly; SameSite=Lax", cookie::SID),
        format!("{}={}; Path=/; SameSite=Lax", cookie::UID, user.name),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Ends the session (if any) and clears `mwcloud-sid` exactly as the contract shows.
pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    let sid = jar.get(cookie::SID).map(|c| c.value().to_string()).unwrap_or_default();
    state.sim().sessions.close(&sid);
    let clear = format!("{}=; Path=/; Max-Age=60; HttpOnly", cookie::SID);
    let mut response = reply::json(&LogoutReply { result: code::OK, sid: Some(sid) });
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response.into_response()
}
