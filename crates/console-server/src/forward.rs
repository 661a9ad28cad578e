//! `/sc_cloud/…` forwarded to the Cloud: cookies both ways unchanged, an upload streamed
//! (up to the library's 512 MiB), the answer streamed back, each request sent once. When
//! the Cloud does not answer, the console gets a 502 or 504 whose text says why. Each call
//! that changes the Cloud (an upgrade, a firmware added or uploaded) leaves an audit line:
//! who, from where, what was sent and what the Cloud answered — never a password, a
//! password hash or a session id.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use serde_json::Value;

use crate::app::App;
use crate::cloud::CloudError;
use crate::record::{Actor, AuditEntry};

/// The largest firmware file the library accepts.
pub const UPLOAD_LIMIT: usize = 512 * 1024 * 1024;
/// The largest body of any other call (10,000 serial numbers take 300 KB).
pub const CALL_LIMIT: usize = 16 * 1024 * 1024;
/// The largest answer read whole to keep it in the audit trail.
const AUDITED_ANSWER_LIMIT: usize = 16 * 1024 * 1024;

const UPLOAD: &str = "/sc_cloud/uploadFirmware";

/// What the audit trail calls a forwarded call that changes the Cloud.
fn audited(method: &Method, path: &str) -> Option<&'static str> {
    if method != Method::POST {
        return None;
    }
    match path {
        "/sc_cloud/upgrade/start" => Some("upgrade started"),
        "/sc_cloud/firmware/add" => Some("firmware added"),
        UPLOAD => Some("firmware uploaded"),
        "/sc_cloud/login" => Some("signed in"),
        "/sc_cloud/logout" => Some("signed out"),
        _ => None,
    }
}

/// Headers of one connection, not of the message: never passed on.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "host"
            // Checked here (the service's own origin); the Cloud is another origin.
            | "origin"
    )
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !hop_by_hop(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

/// An answer of the service's own about the Cloud: a status and its reason in words.
pub fn gateway_error(status: StatusCode, words: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "error": words }).to_string(),
    )
        .into_response()
}

fn failure(error: CloudError) -> Response {
    let status = match error {
        CloudError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
        CloudError::Unreachable(_) => StatusCode::BAD_GATEWAY,
    };
    gateway_error(status, error.to_string())
}

/// The user a request names in its Cloud cookie (as the Cloud will check it).
fn named_user(headers: &HeaderMap) -> String {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|t| t.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == sc_wire::cookie::UID && !value.is_empty())
        .map_or_else(|| "unnamed user".into(), |(_, value)| value.to_string())
}

/// Forwards one request to the Cloud.
pub async fn forward(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let path_and_query =
        parts.uri.path_and_query().map_or(path.as_str(), |pq| pq.as_str()).to_string();
    let upload = path == UPLOAD;
    let limit = if upload { UPLOAD_LIMIT } else { CALL_LIMIT };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return gateway_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request is larger than the {} MiB the service forwards",
                limit / 1024 / 1024
            ),
        );
    }
    let Ok(uri) = app.cloud.uri(&path_and_query) else {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            format!("{path_and_query} cannot be forwarded"),
        );
    };
    let action = audited(&parts.method, &path);
    let actor = Actor { user: named_user(&parts.headers), address: peer.ip().to_string() };
    // What the audit keeps of the request: an upgrade's or an addition's JSON whole; of an
    // upload its size; of a sign-in nothing (its body is the password's hash).
    let (body, sent) = match action {
        Some(_) if !upload && path != "/sc_cloud/login" => {
            match Limited::new(body, limit).collect().await {
                Ok(collected) => {
                    let bytes = collected.to_bytes();
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    (Body::from(bytes), text)
                }
                Err(error) => return too_large_or_broken(&*error, limit),
            }
        }
        _ => {
            let size = declared.map(|n| format!("{n} bytes")).unwrap_or_default();
            (Body::new(Limited::new(body, limit)), if upload { size } else { String::new() })
        }
    };
    let mut outgoing = axum::http::Request::builder().method(parts.method.clone()).uri(uri);
    if let Some(headers) = outgoing.headers_mut() {
        copy_headers(&parts.headers, headers);
        if let Ok(ip) = HeaderValue::from_str(&peer.ip().to_string()) {
            headers.insert("x-forwarded-for", ip);
        }
    }
    let Ok(outgoing) = outgoing.body(body) else {
        return gateway_error(StatusCode::BAD_REQUEST, "the request cannot be forwarded".into());
    };
    let timeout = if upload { app.cloud.timeouts.upload } else { app.cloud.timeouts.answer };
    let answer = match app.cloud.send(outgoing, timeout).await {
        Ok(answer) => answer,
        Err(error) => {
            tracing::warn!("{} {path} → {error}", parts.method);
            if let Some(action) = action {
                let entry =
                    AuditEntry::now(&actor, action, &path, &sent, &format!("no answer: {error}"));
                keep(&app, entry).await;
            }
            return failure(error);
        }
    };
    let (answer_parts, answer_body) = answer.into_parts();
    let mut response = Response::builder().status(answer_parts.status);
    if let Some(headers) = response.headers_mut() {
        copy_headers(&answer_parts.headers, headers);
    }
    let body = match action {
        Some(action) => {
            let bytes = match Limited::new(answer_body, AUDITED_ANSWER_LIMIT).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(error) => {
                    let words = format!("the Cloud's answer broke off: {error}");
                    let entry = AuditEntry::now(&actor, action, &path, &sent, &words);
                    keep(&app, entry).await;
                    return gateway_error(StatusCode::BAD_GATEWAY, words);
                }
            };
            let (who, answer) =
                audit_answer(&path, answer_parts.status, &bytes, actor.user.clone());
            let entry =
                AuditEntry::now(&Actor { user: who, ..actor }, action, &path, &sent, &answer);
            keep(&app, entry).await;
            Body::from(bytes)
        }
        None => Body::new(answer_body),
    };
    response.body(body).unwrap_or_else(|_| {
        gateway_error(StatusCode::BAD_GATEWAY, "the Cloud's answer cannot be passed on".into())
    })
}

/// What the audit keeps of an answer, and who it names: a sign-in's answer is kept as its
/// result and user name only (it carries the session id).
fn audit_answer(path: &str, status: StatusCode, bytes: &Bytes, user: String) -> (String, String) {
    if !status.is_success() {
        return (user, format!("HTTP {status}"));
    }
    if path == "/sc_cloud/login" || path == "/sc_cloud/logout" {
        let reply: Value = serde_json::from_slice(bytes).unwrap_or_default();
        let who = reply["name"].as_str().map_or(user, str::to_string);
        return (who, format!("result {}", reply["result"]));
    }
    (user, String::from_utf8_lossy(bytes).into_owned())
}

fn too_large_or_broken(error: &(dyn std::error::Error + 'static), limit: usize) -> Response {
    if error.is::<http_body_util::LengthLimitError>() {
        gateway_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request is larger than the {} MiB the service forwards",
                limit / 1024 / 1024
            ),
        )
    } else {
        gateway_error(StatusCode::BAD_REQUEST, format!("the request broke off: {error}"))
    }
}

/// Writes an audit line; a record that cannot be written is logged, the answer still goes
/// back (the Cloud has acted: hiding its answer would lose more).
async fn keep(app: &App, entry: AuditEntry) {
    if let Err(error) = app.store.audit(&entry).await {
        tracing::error!("audit line not written ({} {}): {error}", entry.action, entry.subject);
    }
}
