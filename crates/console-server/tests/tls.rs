//! https both ways: a Cloud with its own certificate authority (`--cloud-ca`), one whose
//! certificate nobody vouches for (refused, unless `--cloud-insecure`), and the service's
//! own https (`--tls-cert`, `--tls-key`).

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::Request;
use common::{TempDir, simulated_cloud};
use console_server::cloud::{Cloud, Timeouts, Trust};
use http_body_util::BodyExt;

/// A certificate for `localhost` and `127.0.0.1`, and its key, as PEM files in `dir`.
fn certificate(dir: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let made =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert, key) = (dir.0.join("cert.pem"), dir.0.join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.key_pair.serialize_pem()).unwrap();
    (cert, key)
}

/// `router` served over https with the certificate in `dir`: its address.
async fn https(router: axum::Router, dir: &TempDir) -> String {
    let (cert, key) = certificate(dir);
    let config = console_server::tls::tls_config(&cert, &key).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        let _ = axum_server::from_tcp_rustls(listener, config).serve(service).await;
    });
    format!("https://localhost:{}", addr.port())
}

async fn read(cloud: &Cloud, path: &str) -> Result<String, String> {
    let request = Request::get(cloud.uri(path).unwrap()).body(Body::empty()).unwrap();
    let answer = cloud.send(request, cloud.timeouts.answer).await.map_err(|e| e.to_string())?;
    let bytes = answer.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn a_cloud_with_its_own_authority_is_trusted_with_its_ca_and_refused_without() {
    let (_, state) = simulated_cloud().await;
    let dir = TempDir::new("tls-cloud");
    let url = https(cloud_sim::http::router(state, None), &dir).await;
    let ca = dir.0.join("cert.pem");

    let trusted = Cloud::new(&url, &Trust::Ca(ca), Timeouts::default()).unwrap();
    let answer = read(&trusted, "/sc_cloud/scapi/get-devs").await.unwrap();
    assert!(answer.contains("-9001"), "the Cloud answered (no session): {answer}");

    let system = Cloud::new(&url, &Trust::System, Timeouts::default()).unwrap();
    let refused = read(&system, "/sc_cloud/scapi/get-devs").await.unwrap_err();
    assert!(refused.contains("certificate"), "{refused}");

    let insecure = Cloud::new(&url, &Trust::Insecure, Timeouts::default()).unwrap();
    assert!(read(&insecure, "/sc_cloud/scapi/get-devs").await.unwrap().contains("-9001"));
}

#[tokio::test]
async fn the_service_serves_https_with_its_certificate() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("tls-service");
    let upstream = Cloud::new(&cloud, &Trust::System, Timeouts::default()).unwrap();
    let store = console_server::record::Store::open_sqlite_in(&dir.0).await.unwrap();
    let app = console_server::app::router(console_server::app::App::new(upstream, store), None);
    let url = https(app, &dir).await;
    let client = Cloud::new(&url, &Trust::Ca(dir.0.join("cert.pem")), Timeouts::default()).unwrap();
    assert_eq!(read(&client, "/healthz").await.unwrap(), "ok\n");
    assert!(read(&client, "/record/v1/about").await.unwrap().contains("mwcloud-console"));
}

#[test]
fn a_certificate_file_without_a_certificate_is_said() {
    let dir = TempDir::new("tls-empty");
    let empty = dir.0.join("empty.pem");
    std::fs::write(&empty, "nothing here").unwrap();
    let error = Cloud::new("https://cloud.example", &Trust::Ca(empty.clone()), Timeouts::default())
        .err()
        .unwrap();
    assert_eq!(error, format!("{} holds no certificate", empty.display()));
}
