//! The driver's own calls to the Cloud, with the session it sends as: signing in, reading
//! the fleet, a light read that keeps a session alive, and `upgrade/start` — exactly once,
//! never retried. Answers are read by the console's own decoding (`mwcloud_console::api`),
//! so the service and the browser understand the Cloud the same way.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, header};
use http_body_util::BodyExt;
use mwcloud_console::api::client::password_hash;
use mwcloud_console::api::{ApiError, Listed, RawReply, address, decode, lists};
use mwcloud_console::domain::batch::BatchPlan;
use mwcloud_console::domain::codes::{Catalogue, Context};
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::firmware::FirmwareList;
use mwcloud_console::domain::outcome::Reported;
use sc_wire::{LoginReply, UpgradeStartReply};

use crate::cloud::{Cloud, CloudError};

/// A Cloud session's cookies, as one `Cookie` header. Never written to the record or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Cookie(pub HeaderValue);

impl std::fmt::Debug for Cookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cookie(…)")
    }
}

/// What a call sent and what came back, for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub sent: String,
    pub answer: String,
}

/// The Cloud, as the driver calls it.
#[derive(Clone)]
pub struct Calls {
    cloud: Arc<Cloud>,
    pub catalogue: Arc<Catalogue>,
}

fn unanswered(error: CloudError) -> ApiError {
    match error {
        CloudError::Timeout(after) => ApiError::Timeout { seconds: after.as_secs() as u32 },
        CloudError::Unreachable(error) => ApiError::Network { error },
    }
}

/// A multipart form of text fields (the login's `id` and `pass`), with its content type.
fn form(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    // Neither a user name nor an MD5 hex can hold this line.
    const BOUNDARY: &str = "mwcloud-console-service-form-7d1f0c";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    (format!("multipart/form-data; boundary={BOUNDARY}"), body.into_bytes())
}

impl Calls {
    pub fn new(cloud: Arc<Cloud>, catalogue: Catalogue) -> Calls {
        Calls { cloud, catalogue: Arc::new(catalogue) }
    }

    /// One request, its answer read whole; the `Set-Cookie` values that came with it.
    async fn send(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&Cookie>,
        body: Option<(String, Vec<u8>)>,
        timeout: Duration,
    ) -> Result<(RawReply, Vec<String>), ApiError> {
        let uri = self.cloud.uri(path).map_err(|error| ApiError::Network { error })?;
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie.0.clone());
        }
        let request = match body {
            Some((content_type, bytes)) => {
                builder.header(header::CONTENT_TYPE, content_type).body(Body::from(bytes))
            }
            None => builder.body(Body::empty()),
        }
        .map_err(|e| ApiError::Network { error: e.to_string() })?;
        let response = self.cloud.send(request, timeout).await.map_err(unanswered)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect();
        let bytes = tokio::time::timeout(timeout, response.into_body().collect())
            .await
            .map_err(|_| ApiError::Timeout { seconds: timeout.as_secs() as u32 })?
            .map_err(|e| ApiError::Network { error: e.to_string() })?
            .to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Ok((RawReply { status, content_type, body }, cookies))
    }

    /// Signs in as `user` with `password`: the session's cookies and the name the Cloud
    /// gives the user.
    pub async fn sign_in(&self, user: &str, password: &str) -> Result<(Cookie, String), ApiError> {
        let hash = password_hash(password);
        let body = form(&[("id", user), ("pass", &hash)]);
        let timeout = self.cloud.timeouts.answer;
        let (raw, set) =
            self.send(Method::POST, "/sc_cloud/login", None, Some(body), timeout).await?;
        let reply = decode::<LoginReply>(&raw, &self.catalogue, Some(Context::Login))?;
        let cookie = session_cookie(&set).ok_or_else(|| ApiError::Decode {
            error: "the Cloud accepted the sign-in but set no session cookie".into(),
            body: String::new(),
        })?;
        let name = reply.name.filter(|n| !n.is_empty()).unwrap_or_else(|| user.to_string());
        Ok((cookie, name))
    }

    /// The fleet as the session may see it, with what was set aside.
    pub async fn devices(&self, cookie: &Cookie) -> Result<Listed<Vec<FleetDevice>>, ApiError> {
        let path = address::DEVICES;
        let (raw, _) =
            self.send(Method::GET, path, Some(cookie), None, self.cloud.timeouts.answer).await?;
        lists::devices(&raw, &self.catalogue)
    }

    /// Every firmware on the Cloud (`dev-type=0`), with what was set aside.
    pub async fn firmwares(&self, cookie: &Cookie) -> Result<FirmwareList, ApiError> {
        let path = address::LIBRARY;
        let (raw, _) =
            self.send(Method::GET, path, Some(cookie), None, self.cloud.timeouts.answer).await?;
        lists::firmwares(&raw, &self.catalogue)
    }

    /// A light read that keeps the session alive (and says whether it still is).
    pub async fn touch(&self, cookie: &Cookie) -> Result<(), ApiError> {
        let path = address::GROUPS;
        let (raw, _) =
            self.send(Method::GET, path, Some(cookie), None, self.cloud.timeouts.answer).await?;
        decode::<serde_json::Value>(&raw, &self.catalogue, None).map(|_| ())
    }

    /// `POST /sc_cloud/upgrade/start` for `plan`, once: each serial number's code, and what
    /// went and came back (for the audit trail) whatever the outcome.
    pub async fn start_upgrade(
        &self,
        cookie: &Cookie,
        plan: &BatchPlan,
    ) -> (Result<Vec<Reported>, ApiError>, Exchange) {
        let sent = match serde_json::to_string(&plan.request()) {
            Ok(sent) => sent,
            Err(e) => {
                return (Err(ApiError::Network { error: e.to_string() }), Exchange::default());
            }
        };
        let body = Some(("application/json;charset=utf-8".to_string(), sent.clone().into_bytes()));
        let timeout = self.cloud.timeouts.answer;
        let answer =
            self.send(Method::POST, "/sc_cloud/upgrade/start", Some(cookie), body, timeout).await;
        let (result, answer) = match answer {
            Ok((raw, _)) => {
                let result = decode::<UpgradeStartReply>(&raw, &self.catalogue, None)
                    .map(|reply| reply.details.iter().map(Reported::from).collect());
                (result, format!("HTTP {}: {}", raw.status, raw.body))
            }
            Err(error) => {
                let said = error.message();
                (Err(error), said)
            }
        };
        (result, Exchange { sent, answer })
    }
}

/// The Cloud's two session cookies of a sign-in's `Set-Cookie` values, as one `Cookie`.
fn session_cookie(set: &[String]) -> Option<Cookie> {
    let pair = |name: &str| {
        set.iter()
            .filter_map(|line| line.split(';').next())
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, v)| *n == name && !v.is_empty())
            .map(|(n, v)| format!("{n}={v}"))
    };
    let sid = pair(sc_wire::cookie::SID)?;
    let text = match pair(sc_wire::cookie::UID) {
        Some(uid) => format!("{sid}; {uid}"),
        None => sid,
    };
    HeaderValue::from_str(&text).ok().map(Cookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_ins_cookies_become_one_cookie_header() {
        let set = vec![
            "mwcloud-sid=ABC; Path=/; HttpOnly".to_string(),
            "mwcloud-uid=Admin; Path=/".to_string(),
            "other=1".to_string(),
        ];
        assert_eq!(session_cookie(&set).unwrap().0, "mwcloud-sid=ABC; mwcloud-uid=Admin");
        assert!(session_cookie(&["mwcloud-uid=Admin".to_string()]).is_none());
    }

    #[test]
    fn the_login_form_carries_each_field_in_its_own_part() {
        let (content_type, body) = form(&[("id", "Admin"), ("pass", "e3af")]);
        let body = String::from_utf8(body).unwrap();
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.contains("name=\"id\"\r\n\r\nAdmin\r\n"));
        assert!(body.contains("name=\"pass\"\r\n\r\ne3af\r\n"));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    }
}
