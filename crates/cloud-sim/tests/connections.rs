//! The simulator's own server: a client that never finishes its request's head is
//! dropped after the time limit instead of being kept.

use std::time::Duration;

use cloud_sim::config::{SessionErrorStyle, SimConfig};
use cloud_sim::http::{AppState, router};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(start_paused = true)]
async fn a_half_sent_request_head_is_dropped_after_the_time_limit() {
    let state = AppState::new(&SimConfig::default(), SessionErrorStyle::Result);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address");
    let server = tokio::spawn(cloud_sim::http::serve::serve(listener, router(state, None)));
    let mut client = tokio::net::TcpStream::connect(addr).await.expect("connect");
    client
        .write_all(b"GET /sc_cloud/scapi/get-devs HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), client.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was closed, not kept");
    let waited = started.elapsed();
    assert!(
        waited >= cloud_sim::http::serve::HEAD_TIMEOUT && waited < Duration::from_secs(20),
        "closed after {waited:?}"
    );
    server.abort();
}
