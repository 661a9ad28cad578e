//! Login and logout exactly as the contract describes them, and calls without a session.

mod common;

use axum::http::StatusCode;
use cloud_sim::config::SessionErrorStyle;
use cloud_sim::config::SimConfig;
use common::{ADMIN_MD5, OPERATOR_MD5, TestCloud};

#[tokio::test(start_paused = true)]
async fn contract_login_form_sets_httponly_sid_and_readable_uid() {
    let cloud = TestCloud::new();
    let reply = cloud.login_raw("Admin", ADMIN_MD5).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/json; charset=UTF-8");
    let body = reply.json();
    assert_eq!(body["result"], 0);
    assert_eq!(body["id"], 1);
    assert_eq!(body["name"], "Admin");
    assert_eq!(body["pass"], "");
    let sid = body["sid"].as_str().unwrap();
    assert!(sid.len() == 32 && sid.chars().all(|c| c.is_ascii_uppercase()));
    let cookies = reply.set_cookies();
    let sid_cookie = cookies.iter().find(|c| c.starts_with("mwcloud-sid=")).unwrap();
    assert!(sid_cookie.starts_with(&format!("mwcloud-sid={sid};")));
    assert!(sid_cookie.contains("HttpOnly"));
    let uid_cookie = cookies.iter().find(|c| c.starts_with("mwcloud-uid=")).unwrap();
    assert!(uid_cookie.starts_with("mwcloud-uid=Admin;"));
    assert!(!uid_cookie.contains("HttpOnly"));
}

#[tokio::test(start_paused = true)]
async fn wrong_password_is_minus_one_and_unknown_user_minus_fourteen() {
    let cloud = TestCloud::new();
    let wrong = cloud.login_raw("Admin", OPERATOR_MD5).await;
    assert_eq!(wrong.result(), -1);
    assert!(wrong.set_cookies().is_empty());
    assert_eq!(cloud.login_raw("nobody", ADMIN_MD5).await.result(), -14);
}

#[tokio::test(start_paused = true)]
async fn login_that_is_not_a_multipart_form_is_a_bad_request() {
    let cloud = TestCloud::new();
    let reply =
        cloud.post("/sc_cloud/login", "", "application/json", r#"{"id":"Admin","pass":"x"}"#).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.result(), -9008);
    let missing =
        cloud.post("/sc_cloud/login", "", "multipart/form-data; boundary=b", "--b--\r\n").await;
    assert_eq!(missing.result(), -9008);
}

#[tokio::test(start_paused = true)]
async fn logout_clears_the_sid_as_the_contract_shows_and_ends_the_session() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let reply = cloud.post("/sc_cloud/logout", &cookie, "text/plain", "").await;
    assert_eq!(reply.result(), 0);
    assert!(reply.json()["sid"].is_string());
    assert_eq!(reply.set_cookies(), vec!["mwcloud-sid=; Path=/; Max-Age=60; HttpOnly"]);
    let after = cloud.get("/sc_cloud/scapi/get-devs?id=0&module=0", &cookie).await;
    assert_eq!(after.result(), -9001);
}

#[tokio::test(start_paused = true)]
async fn every_call_without_a_valid_session_is_refused() {
    let cloud = TestCloud::new();
    for cookie in ["", "mwcloud-sid=NOTASESSION; mwcloud-uid=Admin"] {
        for uri in [
            "/sc_cloud/scapi/get-devs?id=0&module=0",
            "/sc_cloud/scapi/get-dev?sn=A302190930002",
            "/sc_cloud/scapi/get-all-firmwares?dev-type=0",
        ] {
            let reply = cloud.get(uri, cookie).await;
            assert_eq!((reply.status, reply.result()), (StatusCode::OK, -9001), "{uri}");
        }
        let start = cloud.start(cookie, r#"{"sn":["X"],"firmware-id":1}"#).await;
        assert_eq!(start.result(), -9001);
    }
}

#[tokio::test(start_paused = true)]
async fn sessions_expire_after_the_ttl_and_can_answer_401() {
    let config =
        SimConfig { session_ttl: std::time::Duration::from_secs(60), ..SimConfig::default() };
    let cloud = TestCloud::build(config, SessionErrorStyle::Http401, None);
    let cookie = cloud.admin().await;
    let uri = "/sc_cloud/scapi/get-devs?id=0&module=0";
    assert_eq!(cloud.get(uri, &cookie).await.status, StatusCode::OK);
    common::advance(61.0).await;
    let expired = cloud.get(uri, &cookie).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.result(), -9001);
}

#[tokio::test(start_paused = true)]
async fn get_users_lists_the_accounts_for_the_administrator_only() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let body = cloud.get("/sc_cloud/scapi/get-users", &admin).await.json();
    assert_eq!(body["result"], 0);
    let users = body["users"].as_array().unwrap();
    let admin_entry = users.iter().find(|u| u["name"] == "Admin").unwrap();
    assert_eq!(admin_entry["permit"], -1);
    assert!(users.iter().all(|u| u["Passwd"] == ""), "no password is given out");
    let operator = cloud.operator().await;
    assert_eq!(cloud.get("/sc_cloud/scapi/get-users", &operator).await.result(), -9002);
    assert_eq!(cloud.get("/sc_cloud/scapi/get-users", "").await.result(), -9001);
}
