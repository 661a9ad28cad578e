//! Serving the simulator's connections with limits `axum::serve` does not offer, so a
//! careless or hostile client cannot hold it: a request's head must arrive within
//! [`HEAD_TIMEOUT`] (a half-sent header is dropped, not kept for minutes), each connection's
//! read buffer is bounded, and at most [`MAX_CONNECTIONS`] are open at once (the next
//! waits to be accepted), so memory held for clients stays bounded.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a request's head may take to arrive.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// A connection's read buffer (a request's head and what is read ahead of its body).
const MAX_READ_BUFFER: usize = 64 * 1024;

/// Accepts and serves connections on `listener` until accepting fails.
pub async fn serve(listener: TcpListener, app: Router) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return Ok(());
        };
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_READ_BUFFER);
            if let Err(error) = builder.serve_connection(TokioIo::new(stream), service).await {
                tracing::debug!("connection ended: {error}");
            }
            drop(permit);
        });
    }
}
