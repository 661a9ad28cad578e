//! Who a request comes from and what they may do with the record, decided by the Cloud:
//! the request's own Cloud cookies are shown to the Cloud — a read everyone may make says
//! whether the session is alive, `get-users` (the administrator's only) tells the
//! administrator from an operator. The answer is kept a short time per session, in memory
//! only; a session id is never written anywhere.

use mwcloud_console::api::address;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;

use crate::cloud::{Cloud, CloudError};

/// What a caller may do with the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rights {
    /// Reads and writes.
    Administrator,
    /// Reads.
    Operator,
}

impl Rights {
    pub fn word(self) -> &'static str {
        match self {
            Rights::Administrator => "administrator",
            Rights::Operator => "operator",
        }
    }
}

/// A caller the Cloud vouched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user: String,
    pub rights: Rights,
}

/// Why a caller was not vouched for.
#[derive(Debug)]
pub enum Refusal {
    /// No Cloud session cookie came with the request.
    NoSession,
    /// The Cloud says the session is not (or no longer) valid.
    Expired,
    /// The Cloud could not be asked.
    CloudDown(CloudError),
    /// The Cloud answered something that is not an answer.
    Unreadable(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NoSession => {
                f.write_str("no Magewell Cloud session came with the request: sign in")
            }
            Refusal::Expired => f.write_str("your Magewell Cloud session has ended: sign in again"),
            Refusal::CloudDown(e) => write!(f, "your rights could not be checked: {e}"),
            Refusal::Unreadable(why) => write!(f, "your rights could not be checked: {why}"),
        }
    }
}

/// How long the Cloud's answer about a session is kept.
pub const KEPT: Duration = Duration::from_secs(30);

/// Asks the Cloud who callers are, remembering each answer for [`KEPT`].
pub struct Who {
    cloud: Arc<Cloud>,
    known: Mutex<HashMap<String, (Instant, Caller)>>,
}

/// The Cloud's cookies of a request as one `Cookie` header, if a session came with it.
pub fn session_cookie(headers: &HeaderMap) -> Option<HeaderValue> {
    cloud_cookies(headers).map(|(_, _, cookie)| cookie)
}

/// The Cloud's two cookies of a request, as one `Cookie` header (nothing else is sent on).
fn cloud_cookies(headers: &HeaderMap) -> Option<(String, Option<String>, HeaderValue)> {
    let mut sid = None;
    let mut uid = None;
    for value in headers.get_all(header::COOKIE) {
        let Ok(text) = value.to_str() else { continue };
        for pair in text.split(';') {
            let Some((name, value)) = pair.trim().split_once('=') else { continue };
            match name {
                sc_wire::cookie::SID if !value.is_empty() => sid = Some(value.to_string()),
                sc_wire::cookie::UID if !value.is_empty() => uid = Some(value.to_string()),
                _ => {}
            }
        }
    }
    let sid = sid?;
    let mut cookie = format!("{}={sid}", sc_wire::cookie::SID);
    if let Some(uid) = &uid {
        cookie.push_str(&format!("; {}={uid}", sc_wire::cookie::UID));
    }
    let value = HeaderValue::from_str(&cookie).ok()?;
    Some((sid, uid, value))
}

impl Who {
    pub fn new(cloud: Arc<Cloud>) -> Who {
        Who { cloud, known: Mutex::new(HashMap::new()) }
    }

    /// Who sent a request with these headers.
    pub async fn caller(&self, headers: &HeaderMap) -> Result<Caller, Refusal> {
        let (sid, uid, cookie) = cloud_cookies(headers).ok_or(Refusal::NoSession)?;
        let now = Instant::now();
        if let Some((at, caller)) = self.lock().get(&sid)
            && now.duration_since(*at) < KEPT
        {
            return Ok(caller.clone());
        }
        if self.ask(address::GROUPS, &cookie).await? != 0 {
            self.lock().remove(&sid);
            return Err(Refusal::Expired);
        }
        let administrator = self.ask(address::USERS, &cookie).await? == 0;
        let rights = if administrator { Rights::Administrator } else { Rights::Operator };
        // The name the Cloud confirmed, as the console decides it: an operator's cookie
        // that says "Admin" does not make the record say the administrator did it.
        let (user, _) = mwcloud_console::domain::session::confirmed_identity(
            uid.as_deref(),
            Some(administrator),
        );
        let caller = Caller { user: user.unwrap_or_else(|| "unnamed operator".into()), rights };
        let mut known = self.lock();
        known.retain(|_, (at, _)| now.duration_since(*at) < KEPT);
        known.insert(sid, (now, caller.clone()));
        Ok(caller)
    }

    /// Forgets every session (a test of expiry).
    pub fn forget(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Caller)>> {
        self.known.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The `result` of a read of `path` with `cookie`; an HTTP 401/403 counts as a refusal.
    async fn ask(&self, path: &str, cookie: &HeaderValue) -> Result<i64, Refusal> {
        let uri = self.cloud.uri(path).map_err(Refusal::Unreadable)?;
        let mut request = Request::get(uri)
            .body(Body::empty())
            .map_err(|e| Refusal::Unreadable(e.to_string()))?;
        request.headers_mut().insert(header::COOKIE, cookie.clone());
        let response = self
            .cloud
            .send(request, self.cloud.timeouts.answer)
            .await
            .map_err(Refusal::CloudDown)?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Ok(-1);
        }
        if !status.is_success() {
            return Err(Refusal::Unreadable(format!(
                "the Cloud answered {path} with HTTP {status}"
            )));
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| Refusal::CloudDown(CloudError::Unreachable(e.to_string())))?
            .to_bytes();
        let reply: Value = serde_json::from_slice(&body).map_err(|_| {
            Refusal::Unreadable(format!("the Cloud's answer to {path} is not JSON"))
        })?;
        reply["result"].as_i64().ok_or_else(|| {
            Refusal::Unreadable(format!("the Cloud's answer to {path} has no result"))
        })
    }
}
