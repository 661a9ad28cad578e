//! Fault injection for tests, controlled at run time outside `/sc_cloud`:
//!
//! - `POST /__sim/faults` with a [`Fault`] as JSON sets the fault (replacing any other);
//!   `GET` shows it; `DELETE` lifts it.
//! - `POST /__sim/expire-sessions` ends every session at once.
//! - `GET /__sim/requests` counts the requests received, by path.
//! - `GET /__sim/upgrade-calls` lists every `upgrade/start` received: `sn`, `firmware-id`,
//!   `accepted`.
//! - `POST /__sim/devices/{sn}/on-air` with `{"cur-status": 4}` puts a device on air
//!   (`2` recording, `4` live, `6` both, `0` off air).
//! - `POST /__sim/key-failures` with `{"product-id": 770, "hardware-ver": "A", "rate": 1}`
//!   makes that key's installs fail (see [`KeyFailure`]); `GET` lists the rules, `DELETE`
//!   lifts them all.
//!
//! They are for the developer's own tools, never for a web page: a request that changes
//! something must say `Content-Type: application/json` (which a cross-site page cannot
//! send without a preflight the simulator never grants), and a request carrying an
//! `Origin` other than the simulator's own is refused.
//!
//! Faults that replace the reply (`http500`, `html`, `hang`) do so *before* the handler
//! runs, so nothing changes on the Cloud, unless `after` is set. Faults that corrupt the
//! reply (`malformed`, `truncated`, `wrong-type`, `details-missing`, `details-repeat`,
//! `records`) let the handler run first: the call takes effect and only its answer is
//! damaged. `records` damages a share of a list's records only (`{"mode": "records",
//! "records": {"field": "status.hardware-ver", "how": "null", "share": 0.1}}`), or the
//! records it names (`"names": ["A302…"]`); a list of such damages applies each.

use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::faults::{Fault, FaultMode, Faults, corrupt};
use super::reply;
use super::state::AppState;
use crate::cloud::KeyFailure;

/// The control endpoints, outside `/sc_cloud`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__sim/faults", get(show).post(set).delete(clear))
        .route("/__sim/expire-sessions", post(expire_sessions))
        .route("/__sim/requests", get(requests))
        .route("/__sim/upgrade-calls", get(upgrade_calls))
        .route("/__sim/devices/{sn}/on-air", post(set_on_air))
        .route(
            "/__sim/key-failures",
            get(key_failures).post(add_key_failure).delete(clear_key_failures),
        )
        .layer(axum::middleware::from_fn(same_site_only))
}

/// Refuses cross-site use of the control routes (see the module's note): a `Host` that
/// names the simulator by a DNS name (a rebinding page's `evil.example` resolving to
/// 127.0.0.1 sends matching `Host` and `Origin`), and an `Origin` other than
/// `http://<Host>` (the simulator speaks plain HTTP only).
async fn same_site_only(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let refuse = |why: &str| {
        reply::json_with_status(
            StatusCode::FORBIDDEN,
            &json!({ "error": format!("control routes are not for other sites: {why}") }),
        )
    };
    if let Some(host) = host
        && !names_this_machine(host)
    {
        return refuse("the Host is a name, not this machine's address");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = host.map(|h| format!("http://{h}"));
        if origin.to_str().ok() != own.as_deref() {
            return refuse("the Origin is not the simulator's");
        }
    }
    let reads = request.method() == axum::http::Method::GET;
    let json_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if !reads && !json_body {
        return reply::json_with_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &json!({ "error": "send Content-Type: application/json" }),
        );
    }
    next.run(request).await
}

async fn show(State(state): State<AppState>) -> Response {
    reply::json(&faults(&state).current())
}

async fn set(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            faults(&state).set(fault.clone());
            tracing::warn!(
                "fault injection on: {}",
                serde_json::to_string(&fault).unwrap_or_default()
            );
            reply::json(&fault)
        }
        Err(error) => reply::json_with_status(
            StatusCode::BAD_REQUEST,
            &json!({ "error": format!("not a fault: {error}") }),
        ),
    }
}

/// Whether a `Host` header is an address literal or `localhost`, with or without a port:
/// what the simulator is reached by, and what DNS rebinding cannot forge.
pub use console_files::same_site::names_this_machine;

async fn clear(State(state): State<AppState>) -> Response {
    faults(&state).clear();
    tracing::warn!("fault injection off");
    reply::json(&json!({ "cleared": true }))
}

/// Requests received so far, by path.
async fn requests(State(state): State<AppState>) -> Response {
    let requests = state.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
    reply::json(&requests)
}

async fn upgrade_calls(State(state): State<AppState>) -> Response {
    reply::json(&state.sim().calls)
}

#[derive(serde::Deserialize)]
struct OnAir {
    #[serde(rename = "cur-status")]
    cur_status: i64,
}

async fn set_on_air(
    State(state): State<AppState>,
    axum::extract::Path(sn): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(OnAir { cur_status }) = serde_json::from_slice(&body) else {
        return reply::json_with_status(
            StatusCode::BAD_REQUEST,
            &json!({ "error": "send {\"cur-status\": <bits>}" }),
        );
    };
    match state.sim().set_on_air(&sn, cur_status) {
        Some(now) => reply::json(&json!({ "sn": sn, "cur-status": now })),
        None => reply::json_with_status(
            StatusCode::NOT_FOUND,
            &json!({ "error": format!("no device {sn}") }),
        ),
    }
}

async fn key_failures(State(state): State<AppState>) -> Response {
    reply::json(&state.sim().key_failures)
}

async fn add_key_failure(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<KeyFailure>(&body) {
        Ok(rule) if (0.0..=1.0).contains(&rule.rate) => {
            tracing::warn!(
                "installs of model {} hardware {} fail (rate {})",
                rule.product_id,
                rule.hardware_ver,
                rule.rate
            );
            state.sim().key_failures.push(rule.clone());
            reply::json(&rule)
        }
        Ok(_) => reply::json_with_status(
            StatusCode::BAD_REQUEST,
            &json!({ "error": "rate is a share from 0 to 1" }),
        ),
        Err(error) => reply::json_with_status(
            StatusCode::BAD_REQUEST,
            &json!({ "error": format!("not a key failure: {error}") }),
        ),
    }
}

async fn clear_key_failures(State(state): State<AppState>) -> Response {
    state.sim().key_failures.clear();
    reply::json(&json!({ "cleared": true }))
}

async fn expire_sessions(State(state): State<AppState>) -> Response {
    state.sim().sessions.expire_all();
    tracing::warn!("every session expired");
    reply::json(&json!({ "expired": true }))
}

fn faults(state: &AppState) -> std::sync::MutexGuard<'_, Faults> {
    state.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Middleware on `/sc_cloud`: applies the fault in force, if it covers the request.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(fault) = faults(&state).take(request.uri().path()) else {
        return next.run(request).await;
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    let Some(mode) = fault.mode else {
        return next.run(request).await;
    };
    let replaces = matches!(mode, FaultMode::Http500 | FaultMode::Html | FaultMode::Hang);
    let real = if replaces && !fault.after { None } else { Some(next.run(request).await) };
    let status = fault.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    match mode {
        FaultMode::Http500 => {
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
        }
        FaultMode::Html => (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
            "<html><head><title>502 Bad Gateway</title></head>\
             <body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
        )
            .into_response(),
        FaultMode::Hang => std::future::pending().await,
        corrupting => {
            let Some(real) = real else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let (mut parts, body) = real.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
            let damaged = corrupt(corrupting, &fault.records, &bytes);
            parts.status = status;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(damaged))
        }
    }
}
