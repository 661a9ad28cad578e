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
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::write(dist.join("app.js"), "console.log(1)").unwrap();
    let cloud = TestCloud::build(SimConfig::default(), SessionErrorStyle::Result, Some(&dist));

    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let index = cloud.send(get("/")).await;
    assert_eq!(index.status, StatusCode::OK);
    for page in [&index, &cloud.send(get("/app.js")).await] {
        assert_eq!(page.headers["x-content-type-options"], "nosniff");
        let policy = page.headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{policy}"
        );
    }
    assert!(String::from_utf8_lossy(&index.body).contains("console"));
    assert_eq!(cloud.send(get("/app.js")).await.body, b"console.log(1)");
    let deep = cloud.send(get("/runs/42")).await;
    assert!(
        String::from_utf8_lossy(&deep.body).contains("console"),
        "SPA fallback"
    );

    let api = cloud.send(get("/sc_cloud/no-such-call")).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["result"], -9008);
    std::fs::remove_dir_all(&dist).unwrap();
}
