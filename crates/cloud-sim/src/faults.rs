//! Fault injection for tests, controlled at run time outside `/sc_cloud`:
//!
//! - `POST /__sim/faults` with a [`Fault`] as JSON sets the fault (replacing any other);
//!   `GET` shows it; `DELETE` lifts it.
//! - `POST /__sim/expire-sessions` ends every session at once.
//! - `GET /__sim/requests` counts the requests received, by path.
//!
//! Faults that replace the reply (`http500`, `html`, `hang`) do so *before* the handler
//! runs, so nothing changes on the Cloud, unless `after` is set. Faults that corrupt the
//! reply (`malformed`, `truncated`, `wrong-type`, `details-missing`, `details-repeat`) let
//! the handler run first: the call takes effect and only its answer is damaged.

use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::reply;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultMode {
    /// HTTP 500 with a plain-text body.
    Http500,
    /// An HTML error page instead of JSON (status 200 unless `status` says otherwise).
    Html,
    /// A body that is not valid JSON.
    Malformed,
    /// The first half of the real body.
    Truncated,
    /// The real body with every number turned into a string.
    WrongType,
    /// The real `upgrade/start` reply without its last `details` entry.
    DetailsMissing,
    /// The real `upgrade/start` reply with its first `details` entry twice.
    DetailsRepeat,
    /// No reply at all, ever (the client has to time out).
    Hang,
}

/// The fault in force. Every field is optional in the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Fault {
    pub mode: Option<FaultMode>,
    /// Added before every affected reply.
    pub latency_ms: u64,
    /// Only paths starting with this are affected (all of `/sc_cloud` when absent).
    pub path: Option<String>,
    /// Affect only this many more requests, then lift the fault.
    pub times: Option<u32>,
    /// For `http500`, `html` and `hang`: let the call take effect first.
    pub after: bool,
    /// Status code for `html` and the corrupting modes (default 200).
    pub status: Option<u16>,
}

/// The fault currently set, if any.
#[derive(Debug, Default)]
pub struct Faults {
    current: Option<Fault>,
}

impl Faults {
    /// Sets the fault in force (what `POST /__sim/faults` does).
    pub fn set(&mut self, fault: Fault) {
        self.current = Some(fault);
    }

    /// Lifts any fault.
    pub fn clear(&mut self) {
        self.current = None;
    }

    /// The fault to apply to a request for `path`, counting it against `times`.
    fn take(&mut self, path: &str) -> Option<Fault> {
        let fault = self.current.as_mut()?;
        if fault
            .path
            .as_deref()
            .is_some_and(|prefix| !path.starts_with(prefix))
        {
            return None;
        }
        let applied = fault.clone();
        if let Some(times) = fault.times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                self.current = None;
            }
        }
        Some(applied)
    }
}

/// The control endpoints, outside `/sc_cloud`.
pub fn control_routes() -> Router<AppState> {
    Router::new()
        .route("/__sim/faults", get(show).post(set).delete(clear))
        .route("/__sim/expire-sessions", post(expire_sessions))
        .route("/__sim/requests", get(requests))
}

async fn show(State(state): State<AppState>) -> Response {
    reply::json(&faults(&state).current)
}

async fn set(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            faults(&state).current = Some(fault.clone());
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

async fn clear(State(state): State<AppState>) -> Response {
    faults(&state).current = None;
    tracing::warn!("fault injection off");
    reply::json(&json!({ "cleared": true }))
}

/// Requests received so far, by path.
async fn requests(State(state): State<AppState>) -> Response {
    let requests = state
        .requests
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    reply::json(&requests)
}

async fn expire_sessions(State(state): State<AppState>) -> Response {
    state.sim().sessions.expire_all();
    tracing::warn!("every session expired");
    reply::json(&json!({ "expired": true }))
}

fn faults(state: &AppState) -> std::sync::MutexGuard<'_, Faults> {
    state
        .faults
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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
    let real = if replaces && !fault.after {
        None
    } else {
        Some(next.run(request).await)
    };
    let status = fault
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    match mode {
        FaultMode::Http500 => {
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
        }
        FaultMode::Html => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
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
            let damaged = corrupt(corrupting, &bytes);
            parts.status = status;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(damaged))
        }
    }
}

/// The damaged version of a JSON body.
fn corrupt(mode: FaultMode, body: &[u8]) -> Vec<u8> {
    match mode {
        FaultMode::Malformed => {
            let mut damaged = b"{,,".to_vec();
            damaged.extend_from_slice(body.strip_prefix(b"{").unwrap_or(body));
            damaged
        }
        FaultMode::Truncated => body[..body.len() / 2].to_vec(),
        FaultMode::WrongType | FaultMode::DetailsMissing | FaultMode::DetailsRepeat => {
            let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
                return body.to_vec();
            };
            match mode {
                FaultMode::WrongType => numbers_to_strings(&mut value),
                FaultMode::DetailsMissing => {
                    if let Some(details) = value.get_mut("details").and_then(Value::as_array_mut) {
                        details.pop();
                    }
                }
                _ => {
                    if let Some(details) = value.get_mut("details").and_then(Value::as_array_mut)
                        && let Some(first) = details.first().cloned()
                    {
                        details.push(first);
                    }
                }
            }
            serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
        }
        FaultMode::Http500 | FaultMode::Html | FaultMode::Hang => body.to_vec(),
    }
}

fn numbers_to_strings(value: &mut Value) {
    match value {
        Value::Number(n) => *value = Value::String(n.to_string()),
        Value::Array(items) => items.iter_mut().for_each(numbers_to_strings),
        Value::Object(fields) => fields.values_mut().for_each(numbers_to_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corruptions_damage_the_body_as_named() {
        let body = br#"{"result":0,"details":[{"sn":"A","result":0},{"sn":"B","result":1}]}"#;
        assert!(serde_json::from_slice::<Value>(&corrupt(FaultMode::Malformed, body)).is_err());
        assert!(serde_json::from_slice::<Value>(&corrupt(FaultMode::Truncated, body)).is_err());
        let wrong: Value = serde_json::from_slice(&corrupt(FaultMode::WrongType, body)).unwrap();
        assert_eq!(wrong["result"], "0");
        let missing: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsMissing, body)).unwrap();
        assert_eq!(missing["details"].as_array().unwrap().len(), 1);
        let repeat: Value =
            serde_json::from_slice(&corrupt(FaultMode::DetailsRepeat, body)).unwrap();
        assert_eq!(repeat["details"][2]["sn"], "A");
    }

    #[test]
    fn a_counted_fault_lifts_itself() {
        let mut faults = Faults {
            current: Some(Fault {
                times: Some(2),
                path: Some("/sc_cloud/upgrade".into()),
                ..Fault::default()
            }),
        };
        assert!(
            faults.take("/sc_cloud/scapi/get-devs").is_none(),
            "other paths untouched"
        );
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_some());
        assert!(faults.take("/sc_cloud/upgrade/start").is_none());
    }
}
