//! `/sc_cloud/` through the service: cookies both ways, an upload, the Cloud's own error
//! replies, a Cloud that hangs or is gone, and a POST never sent twice — checked against
//! the simulator's count of the calls it received, or a Cloud made of a bare socket.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{TempDir, service, sign_in, simulated_cloud};
use console_server::cloud::Timeouts;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        answer: Duration::from_secs(1),
        upload: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn cookies_pass_both_ways_unchanged() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("cookies");
    let (base, _) = service(&cloud, &dir, quick()).await;
    let client = reqwest::Client::new();
    let form = reqwest::multipart::Form::new()
        .text("id", "Admin")
        .text("pass", cloud_sim::sessions::md5_hex("Admin"));
    let login = client.post(format!("{base}/sc_cloud/login")).multipart(form).send().await.unwrap();
    let set: Vec<&str> =
        login.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(set.iter().any(|c| c.starts_with("mwcloud-sid=") && c.contains("HttpOnly")), "{set:?}");
    assert!(set.iter().any(|c| c.starts_with("mwcloud-uid=Admin")), "{set:?}");

    let cookie = sign_in(&client, &base, "Admin", "Admin").await;
    let devices: serde_json::Value = client
        .get(format!("{base}/sc_cloud/scapi/get-devs"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(devices["result"], 0);
    assert_eq!(devices["devs"].as_array().map(Vec::len), Some(30));
    let without: serde_json::Value = client
        .get(format!("{base}/sc_cloud/scapi/get-devs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(without["result"], -9001, "no cookie, no session: the Cloud's own answer");
}

#[tokio::test]
async fn an_upload_is_streamed_to_the_cloud_and_its_answer_comes_back() {
    let (cloud, state) = simulated_cloud().await;
    let dir = TempDir::new("upload");
    let (base, store) = service(&cloud, &dir, quick()).await;
    let client = reqwest::Client::new();
    let cookie = sign_in(&client, &base, "Admin", "Admin").await;
    let file = vec![7u8; 3 * 1024 * 1024];
    let part = reqwest::multipart::Part::bytes(file).file_name("770_rev_A_1_6_20.mwf");
    let form = reqwest::multipart::Form::new().part("file", part);
    let reply = client
        .post(format!("{base}/sc_cloud/uploadFirmware"))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let answer: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(answer["result"], 0, "{answer}");
    assert_eq!(state.requests.lock().unwrap().get("/sc_cloud/uploadFirmware"), Some(&1));
    let trail = store.audit_trail(10, None).await.unwrap();
    let upload = trail.iter().find(|e| e.action == "firmware uploaded").unwrap();
    assert_eq!(upload.who, "Admin");
    assert!(upload.sent.ends_with("bytes"), "its size, not its content: {}", upload.sent);
}

#[tokio::test]
async fn the_clouds_error_replies_come_back_as_they_were() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("errors");
    let (base, _) = service(&cloud, &dir, quick()).await;
    let reply = reqwest::get(format!("{base}/sc_cloud/no-such-call")).await.unwrap();
    assert_eq!(reply.status(), 404);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["result"], -9008);
}

#[tokio::test]
async fn an_upgrade_forwarded_is_audited_without_the_session() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("audit");
    let (base, store) = service(&cloud, &dir, quick()).await;
    let client = reqwest::Client::new();
    let cookie = sign_in(&client, &base, "Admin", "Admin").await;
    let body = r#"{"sn":["NOPE-1"],"firmware-id":1}"#;
    let reply = client
        .post(format!("{base}/sc_cloud/upgrade/start"))
        .header("cookie", &cookie)
        .header("content-type", "application/json;charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    let answer = reply.text().await.unwrap();
    let trail = store.audit_trail(10, None).await.unwrap();
    let upgrade = trail.iter().find(|e| e.action == "upgrade started").unwrap();
    assert_eq!((upgrade.who.as_str(), upgrade.address.as_str()), ("Admin", "127.0.0.1"));
    assert_eq!(upgrade.sent, body);
    assert_eq!(upgrade.answer, answer);
    let login = trail.iter().find(|e| e.action == "signed in").unwrap();
    let sid = cookie.split("; ").find_map(|c| c.strip_prefix("mwcloud-sid=")).unwrap();
    for entry in &trail {
        for text in [&entry.sent, &entry.answer, &entry.subject] {
            assert!(!text.contains(sid), "the session id is never kept: {entry:?}");
            assert!(
                !text.contains(&cloud_sim::sessions::md5_hex("Admin")),
                "nor the password's hash"
            );
        }
    }
    assert_eq!(login.answer, "result 0");
}

/// A Cloud that takes connections and reads requests but never answers, counting them.
async fn silent_cloud(close_at_once: bool) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counted = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 65536];
                if let Ok(n) = socket.read(&mut buffer).await
                    && n > 0
                {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                if close_at_once {
                    let _ = socket.shutdown().await;
                } else {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_cloud_that_hangs_gets_a_gateway_timeout_that_says_so() {
    let (cloud, seen) = silent_cloud(false).await;
    let dir = TempDir::new("hang");
    let (base, _) = service(&cloud, &dir, quick()).await;
    let reply = reqwest::get(format!("{base}/sc_cloud/scapi/get-devs")).await.unwrap();
    assert_eq!(reply.status(), 504);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["error"], "the Magewell Cloud did not answer within 1 s");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_post_whose_connection_breaks_is_never_sent_again() {
    let (cloud, seen) = silent_cloud(true).await;
    let dir = TempDir::new("noretry");
    let (base, _) = service(&cloud, &dir, quick()).await;
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("{base}/sc_cloud/upgrade/start"))
        .header("content-type", "application/json;charset=utf-8")
        .body(r#"{"sn":["A"],"firmware-id":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 502);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().starts_with("the Magewell Cloud could not be reached"),
        "{body}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(seen.load(Ordering::SeqCst), 1, "sent once, never again");
}

#[tokio::test]
async fn a_cloud_that_is_gone_is_said() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = TempDir::new("gone");
    let (base, _) = service(&format!("http://127.0.0.1:{port}"), &dir, quick()).await;
    let reply = reqwest::get(format!("{base}/sc_cloud/scapi/get-devs")).await.unwrap();
    assert_eq!(reply.status(), 502);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(
        body["error"],
        "the Magewell Cloud could not be reached: Connection refused (os error 111)"
    );
}

#[tokio::test]
async fn a_page_of_another_site_is_refused_and_the_console_s_own_origin_is_forwarded() {
    let (cloud, state) = simulated_cloud().await;
    let dir = TempDir::new("origin");
    let (base, _) = service(&cloud, &dir, quick()).await;
    let client = reqwest::Client::new();
    let cookie = sign_in(&client, &base, "Admin", "Admin").await;
    let start = |origin: String| {
        client
            .post(format!("{base}/sc_cloud/upgrade/start"))
            .header("cookie", &cookie)
            .header("origin", origin)
            .header("content-type", "application/json;charset=utf-8")
            .body(r#"{"sn":["NOPE-1"],"firmware-id":1}"#)
            .send()
    };
    let forged = start("https://evil.example".into()).await.unwrap();
    assert_eq!(forged.status(), reqwest::StatusCode::FORBIDDEN);
    assert!(state.sim().calls.is_empty(), "never forwarded to the Cloud");
    // The console's own page: its Origin is checked here, not passed to the Cloud (another
    // origin, which would refuse it).
    let own = start(base.clone()).await.unwrap();
    assert_eq!(own.status(), reqwest::StatusCode::OK);
    assert_eq!(state.sim().calls.len(), 1);
}
