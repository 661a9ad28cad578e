//! An in-process simulator for HTTP tests: the real router, driven with `oneshot`, with the
//! raw status, headers and JSON of each reply available for assertions.

#![allow(dead_code)] // each test file uses its own part of this helper

use std::path::Path;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use cloud_sim::config::SessionErrorStyle;
use cloud_sim::config::SimConfig;
use cloud_sim::fleet::{Fate, SimDevice};
use cloud_sim::http::{AppState, router};
use serde_json::Value;
use tower::ServiceExt;

pub const ADMIN_MD5: &str = "e3afed0047b08059d0fada10f400c1e5";
pub const OPERATOR_MD5: &str = "4b583376b2767b923c3e1da60d10de59";

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn result(&self) -> i64 {
        self.json()["result"].as_i64().expect("numeric result")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
}

pub struct TestCloud {
    pub state: AppState,
    app: Router,
}

impl TestCloud {
    pub fn new() -> Self {
        Self::with(SimConfig { upgrade_duration: Duration::from_secs(10), ..SimConfig::default() })
    }

    pub fn with(config: SimConfig) -> Self {
        Self::build(config, SessionErrorStyle::Result, None)
    }

    pub fn build(config: SimConfig, style: SessionErrorStyle, dist: Option<&Path>) -> Self {
        let state = AppState::new(&config, style);
        let app = router(state.clone(), dist);
        TestCloud { state, app }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = to_bytes(body, usize::MAX).await.unwrap().to_vec();
        Reply { status: parts.status, headers: parts.headers, body }
    }

    /// The login form exactly as the contract describes it: multipart `id` + `pass`.
    pub async fn login_raw(&self, id: &str, pass_md5: &str) -> Reply {
        let boundary = "----mwcloudtestboundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{id}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"pass\"\r\n\r\n{pass_md5}\r\n\
             --{boundary}--\r\n"
        );
        let request = Request::post("/sc_cloud/login")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Logs in and returns the `Cookie` header a browser would send afterwards.
    pub async fn login(&self, id: &str, pass_md5: &str) -> String {
        let reply = self.login_raw(id, pass_md5).await;
        assert_eq!(reply.result(), 0, "login of {id}");
        reply
            .set_cookies()
            .iter()
            .map(|c| c.split(';').next().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn admin(&self) -> String {
        self.login("Admin", ADMIN_MD5).await
    }

    pub async fn operator(&self) -> String {
        self.login("operator", OPERATOR_MD5).await
    }

    pub async fn get(&self, uri: &str, cookie: &str) -> Reply {
        let request = Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        self.send(request).await
    }

    pub async fn post(&self, uri: &str, cookie: &str, content_type: &str, body: &str) -> Reply {
        let request = Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// `upgrade/start` with the contract's content type.
    pub async fn start(&self, cookie: &str, body: &str) -> Reply {
        self.post("/sc_cloud/upgrade/start", cookie, "application/json;charset=utf-8", body).await
    }

    pub async fn device(&self, cookie: &str, sn: &str) -> Value {
        let reply = self.get(&format!("/sc_cloud/scapi/get-dev?sn={sn}"), cookie).await;
        assert_eq!(reply.result(), 0);
        reply.json()["dev"].clone()
    }

    /// The whole fleet as the administrator sees it, for before/after comparisons.
    pub async fn fleet_json(&self, cookie: &str) -> Value {
        self.get("/sc_cloud/scapi/get-devs?id=0&module=0", cookie).await.json()
    }

    /// Devices matching `pick`, from the simulator's own state.
    pub fn devices_where(&self, pick: impl Fn(&SimDevice) -> bool) -> Vec<SimDevice> {
        self.state.sim().fleet.iter().filter(|d| pick(d)).cloned().collect()
    }

    /// The id of a release firmware that fits `device`.
    pub fn firmware_for(&self, device: &SimDevice) -> i64 {
        let status = &device.base.status;
        self.state
            .sim()
            .firmwares
            .iter()
            .find(|f| {
                f.product_id == status.product_id
                    && f.hardware_ver == status.hardware_ver
                    && !f.is_test_build()
            })
            .map(|f| f.id)
            .expect("a firmware for the device")
    }

    /// Online devices with firmware available and the given fate.
    pub fn upgradable(&self, fate: impl Fn(&Fate) -> bool) -> Vec<SimDevice> {
        self.devices_where(|d| {
            d.base.is_online() && fate(&d.fate) && d.base.status.product_id != 952
        })
    }
}

/// Lets simulated time pass (tests run with a paused clock).
pub async fn advance(secs: f64) {
    tokio::time::advance(Duration::from_secs_f64(secs)).await;
}
