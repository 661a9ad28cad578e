//! With `--dist`, the built console is served at `/` on the API's origin; API paths
//! never fall through to it.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cloud_sim::config::SessionErrorStyle;
use cloud_sim::config::SimConfig;
use common::TestCloud;

#[tokio::test(start_paused = true)]
async fn console_files_are_served_with_an_index_fallback() {
    let dist = std::env::temp_dir().join(format!("cloud-sim-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>console</title>").unwrap();
    std::fs::write(dist.join("app.js"), "console.log(1)").unwrap();
    let cloud = TestCloud::build(SimConfig::default(), SessionErrorStyle::Result, Some(&dist));

    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let index = cloud.send(get("/")).await;
    assert_eq!(index.status, StatusCode::OK);
    for page in [&index, &cloud.send(get("/app.js")).await] {
        assert_eq!(page.headers["x-content-type-options"], "nosniff");
        let policy = page.headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    }
    assert!(String::from_utf8_lossy(&index.body).contains("console"));
    assert_eq!(cloud.send(get("/app.js")).await.body, b"console.log(1)");
    let deep = cloud.send(get("/runs/42")).await;
    assert!(String::from_utf8_lossy(&deep.body).contains("console"), "SPA fallback");

    let api = cloud.send(get("/sc_cloud/no-such-call")).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["result"], -9008);
    std::fs::remove_dir_all(&dist).unwrap();
}

#[tokio::test(start_paused = true)]
async fn compressed_files_go_to_browsers_that_accept_them_with_the_right_caching() {
    let dist = std::env::temp_dir().join(format!("cloud-sim-packed-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    let wasm = "app-0123456789abcdef_bg.wasm";
    std::fs::write(dist.join("index.html"), "<!doctype html><title>console</title>").unwrap();
    std::fs::write(dist.join("index.html.br"), "BR-INDEX").unwrap();
    std::fs::write(dist.join(wasm), "plain wasm").unwrap();
    std::fs::write(dist.join(format!("{wasm}.br")), "BR").unwrap();
    std::fs::write(dist.join(format!("{wasm}.gz")), "GZ").unwrap();
    std::fs::write(dist.join("result-codes.json"), "[]").unwrap();
    let cloud = TestCloud::build(SimConfig::default(), SessionErrorStyle::Result, Some(&dist));
    let get = |uri: &str, accept: &str| {
        let mut request = Request::get(uri);
        if !accept.is_empty() {
            request = request.header("accept-encoding", accept);
        }
        request.body(Body::empty()).unwrap()
    };

    let br = cloud.send(get(&format!("/{wasm}"), "gzip, deflate, br")).await;
    assert_eq!(br.headers["content-encoding"], "br");
    assert_eq!(br.body, b"BR");
    assert_eq!(br.headers["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(br.headers["vary"], "accept-encoding");
    let gz = cloud.send(get(&format!("/{wasm}"), "gzip")).await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(gz.body, b"GZ");
    let plain = cloud.send(get(&format!("/{wasm}"), "")).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(plain.body, b"plain wasm");

    // The page itself, and whatever may change in place, is checked again each time.
    for uri in ["/", "/runs/3", "/result-codes.json"] {
        let reply = cloud.send(get(uri, "br")).await;
        assert_eq!(reply.headers["cache-control"], "no-cache", "{uri}");
    }
    let index = cloud.send(get("/", "br")).await;
    assert_eq!(index.body, b"BR-INDEX");
    std::fs::remove_dir_all(&dist).unwrap();
}
