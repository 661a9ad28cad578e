//! Fault injection through `/__sim`: each fault damages replies as documented, can be
//! limited to a path and a count, and lifts cleanly.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cloud_sim::fleet::Fate;
use common::TestCloud;
use serde_json::{Value, json};

async fn set_fault(cloud: &TestCloud, fault: Value) {
    let request = Request::post("/__sim/faults")
        .header("content-type", "application/json")
        .body(Body::from(fault.to_string()))
        .unwrap();
    assert_eq!(cloud.send(request).await.status, StatusCode::OK);
}

async fn clear_faults(cloud: &TestCloud) {
    let request = Request::delete("/__sim/faults")
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    assert_eq!(cloud.send(request).await.status, StatusCode::OK);
}

const DEVS: &str = "/sc_cloud/scapi/get-devs?id=0&module=0";

#[tokio::test(start_paused = true)]
async fn http_500_and_html_pages_replace_the_reply_until_lifted() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    set_fault(&cloud, json!({"mode": "http500"})).await;
    let failed = cloud.get(DEVS, &cookie).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(serde_json::from_slice::<Value>(&failed.body).is_err());

    set_fault(&cloud, json!({"mode": "html"})).await;
    let html = cloud.get(DEVS, &cookie).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&html.body).contains("<html>"));

    clear_faults(&cloud).await;
    assert_eq!(cloud.get(DEVS, &cookie).await.result(), 0);
}

#[tokio::test(start_paused = true)]
async fn corrupted_bodies_do_not_decode() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    for mode in ["malformed", "truncated"] {
        set_fault(&cloud, json!({"mode": mode, "times": 1})).await;
        let reply = cloud.get(DEVS, &cookie).await;
        assert!(serde_json::from_slice::<Value>(&reply.body).is_err(), "{mode}");
    }
    set_fault(&cloud, json!({"mode": "wrong-type", "times": 1})).await;
    let wrong = cloud.get(DEVS, &cookie).await.json();
    assert_eq!(wrong["result"], "0");
    assert!(serde_json::from_value::<sc_wire::DevsReply>(wrong).is_err());
    assert_eq!(cloud.get(DEVS, &cookie).await.result(), 0, "times: 1 lifted it");
}

#[tokio::test(start_paused = true)]
async fn details_can_lose_or_repeat_a_serial_number() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let devices = cloud.upgradable(|f| *f == Fate::Healthy);
    let first = &devices[0];
    let same_key: Vec<String> = devices
        .iter()
        .filter(|d| {
            d.base.status.product_id == first.base.status.product_id
                && d.base.status.hardware_ver == first.base.status.hardware_ver
        })
        .map(|d| d.base.sn.clone())
        .take(2)
        .collect();
    assert_eq!(same_key.len(), 2);
    let firmware = cloud.firmware_for(first);
    let path = "/sc_cloud/upgrade/start";
    set_fault(&cloud, json!({"mode": "details-missing", "path": path, "times": 1})).await;
    let body = json!({"sn": [same_key[0]], "firmware-id": firmware}).to_string();
    let missing = cloud.start(&cookie, &body).await.json();
    assert_eq!(missing["details"], json!([]));
    assert_eq!(cloud.device(&cookie, &same_key[0]).await["is-upload-file"], 1, "it did start");

    set_fault(&cloud, json!({"mode": "details-repeat", "path": path, "times": 1})).await;
    let body = json!({"sn": [same_key[1]], "firmware-id": firmware}).to_string();
    let repeated = cloud.start(&cookie, &body).await.json();
    assert_eq!(repeated["details"].as_array().unwrap().len(), 2);
    assert_eq!(repeated["details"][0], repeated["details"][1]);
}

#[tokio::test(start_paused = true)]
async fn a_fault_limited_to_a_path_leaves_other_calls_alone() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    set_fault(&cloud, json!({"mode": "http500", "path": "/sc_cloud/upgrade/"})).await;
    assert_eq!(cloud.get(DEVS, &cookie).await.result(), 0);
    let start = cloud.start(&cookie, r#"{"sn":["X"],"firmware-id":1}"#).await;
    assert_eq!(start.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test(start_paused = true)]
async fn http_500_after_the_call_took_effect_hides_a_started_upgrade() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = &cloud.upgradable(|_| true)[0];
    let body = json!({"sn": [device.base.sn], "firmware-id": cloud.firmware_for(device)});
    set_fault(&cloud, json!({"mode": "http500", "after": true, "times": 1})).await;
    assert_eq!(cloud.start(&cookie, &body.to_string()).await.status, 500);
    assert_eq!(cloud.device(&cookie, &device.base.sn).await["is-upload-file"], 1);
}

#[tokio::test(start_paused = true)]
async fn a_hang_never_answers_and_latency_delays() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    set_fault(&cloud, json!({"mode": "hang", "times": 1})).await;
    let hung = tokio::time::timeout(Duration::from_secs(30), cloud.get(DEVS, &cookie)).await;
    assert!(hung.is_err(), "no reply within 30 s");

    set_fault(&cloud, json!({"latency-ms": 5000, "times": 1})).await;
    let slow = tokio::time::timeout(Duration::from_secs(4), cloud.get(DEVS, &cookie)).await;
    assert!(slow.is_err(), "not before the latency");
    set_fault(&cloud, json!({"latency-ms": 5000, "times": 1})).await;
    let later = tokio::time::timeout(Duration::from_secs(6), cloud.get(DEVS, &cookie)).await;
    assert_eq!(later.expect("after the latency").result(), 0);
}

#[tokio::test(start_paused = true)]
async fn expiring_sessions_logs_everyone_out() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let operator = cloud.operator().await;
    let request = Request::post("/__sim/expire-sessions")
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    assert_eq!(cloud.send(request).await.status, StatusCode::OK);
    assert_eq!(cloud.get(DEVS, &admin).await.result(), -9001);
    assert_eq!(cloud.get(DEVS, &operator).await.result(), -9001);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_fault_is_refused_with_a_reason() {
    let cloud = TestCloud::new();
    let request = Request::post("/__sim/faults")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"mode":"explode"}"#))
        .unwrap();
    let reply = cloud.send(request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.json()["error"].as_str().unwrap().contains("explode"));
}

#[test]
fn only_addresses_and_localhost_name_the_simulator() {
    use cloud_sim::http::control::names_this_machine;
    for host in
        ["127.0.0.1:8080", "127.0.0.1", "localhost:9000", "[::1]:8080", "[::1]", "10.0.0.5:80"]
    {
        assert!(names_this_machine(host), "{host}");
    }
    for host in
        ["evil.example:8080", "evil.example", "127.0.0.1.nip.io:8080", "localhost.evil:80", ""]
    {
        assert!(!names_this_machine(host), "{host}");
    }
}

#[tokio::test(start_paused = true)]
async fn control_routes_refuse_other_sites_and_form_posts() {
    let cloud = TestCloud::new();
    let post = |origin: Option<&str>, content_type: Option<&str>| {
        let mut request = Request::post("/__sim/expire-sessions").header("host", "127.0.0.1:8080");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.body(Body::empty()).unwrap()
    };
    let json = Some("application/json");
    // A page on another site, even one that manages to send JSON.
    let foreign = cloud.send(post(Some("https://evil.example"), json)).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    // The simulator's own address under another scheme.
    let https = cloud.send(post(Some("https://127.0.0.1:8080"), json)).await;
    assert_eq!(https.status, StatusCode::FORBIDDEN);
    // DNS rebinding: a name that resolves to this machine, Host and Origin matching.
    let rebound = Request::post("/__sim/expire-sessions")
        .header("host", "evil.example:8080")
        .header("origin", "http://evil.example:8080")
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    assert_eq!(cloud.send(rebound).await.status, StatusCode::FORBIDDEN);
    // What a cross-site form can send without a preflight.
    for simple in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let form = cloud.send(post(None, simple)).await;
        assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{simple:?}");
    }
    // The developer's tools, and the console's own origin.
    assert_eq!(cloud.send(post(None, json)).await.status, StatusCode::OK);
    let own = cloud.send(post(Some("http://127.0.0.1:8080"), json)).await;
    assert_eq!(own.status, StatusCode::OK);
    let read = Request::get("/__sim/requests").body(Body::empty()).unwrap();
    assert_eq!(cloud.send(read).await.status, StatusCode::OK, "reads need no header");
}

#[tokio::test(start_paused = true)]
async fn a_page_of_another_site_cannot_change_the_cloud_with_the_administrator_s_cookies() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = &cloud.upgradable(|_| true)[0];
    let body =
        format!(r#"{{"sn":["{}"],"firmware-id":{}}}"#, device.base.sn, cloud.firmware_for(device));
    let start = |host: &'static str, origin: Option<&'static str>| {
        // What a form can send without a preflight, or the console's own JSON.
        let kind = if origin.is_some_and(|o| o.contains("evil")) {
            "text/plain"
        } else {
            "application/json"
        };
        let mut request = Request::post("/sc_cloud/upgrade/start")
            .header("host", host)
            .header(axum::http::header::COOKIE, &cookie)
            .header(axum::http::header::CONTENT_TYPE, kind);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.body(Body::from(body.clone())).unwrap()
    };
    // A cross-site form post, and a DNS-rebinding page: refused before the Cloud acts.
    let forged = cloud.send(start("127.0.0.1:8080", Some("http://evil.example"))).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let rebound = cloud.send(start("evil.example:8080", Some("http://evil.example:8080"))).await;
    assert_eq!(rebound.status, StatusCode::FORBIDDEN);
    let logout = Request::post("/sc_cloud/logout")
        .header("host", "127.0.0.1:8080")
        .header("origin", "https://evil.example")
        .header(axum::http::header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(cloud.send(logout).await.status, StatusCode::FORBIDDEN, "no forced logout");
    assert!(cloud.state.sim().calls.is_empty(), "nothing was started");
    // The console's own origin goes on; the session is still the administrator's.
    let own = cloud.send(start("127.0.0.1:8080", Some("http://127.0.0.1:8080"))).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(cloud.state.sim().calls.len(), 1);
}
