//! The service's HTTP surface, assembled here and only here: the record's API, `/sc_cloud/`
//! forwarded, `/healthz` and `/readyz`, the built console, and one log line per request
//! (method, path, status, milliseconds — never a query's cookies or a body).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use crate::cloud::Cloud;
use crate::drive::Shared;
use crate::drive::session::{Session, Source};
use crate::record::Store;
use crate::who::Who;
use crate::{api, forward};

/// Largest body of a record request: a run of 10,000 devices with its chunks is ~3 MB.
const RECORD_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// What every request can reach.
#[derive(Clone)]
pub struct App {
    pub cloud: Arc<Cloud>,
    pub store: Store,
    pub who: Arc<Who>,
    /// The driver's session (handed by administrators' requests) and its status.
    pub driver: Arc<Shared>,
}

impl App {
    /// The service without a driver (administrators' sessions are still taken, unused).
    pub fn new(cloud: Cloud, store: Store) -> App {
        App::with_driver(
            Arc::new(cloud),
            store,
            Arc::new(Shared::new(Session::new(Source::Handed))),
        )
    }

    /// The service whose driver shares `driver`.
    pub fn with_driver(cloud: Arc<Cloud>, store: Store, driver: Arc<Shared>) -> App {
        App { who: Arc::new(Who::new(cloud.clone())), cloud, store, driver }
    }
}

/// The whole surface; the console's files when `dist` is given.
pub fn router(app: App, dist: Option<&Path>) -> Router {
    let record = api::routes()
        .layer(DefaultBodyLimit::max(RECORD_BODY_LIMIT))
        .layer(middleware::from_fn(console_files::data_headers));
    // The forwarder limits bodies itself (512 MiB for an upload, streamed).
    let cloud = Router::new()
        .route("/sc_cloud/{*rest}", any(forward::forward))
        .layer(DefaultBodyLimit::disable());
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .layer(middleware::from_fn(console_files::data_headers));
    let mut routes = record.merge(cloud).merge(ops).with_state(app);
    if let Some(dist) = dist {
        routes = routes.merge(console_files::router(dist));
    }
    // A page of another site never changes the record or the Cloud with an administrator's
    // cookies.
    routes
        .layer(middleware::from_fn(console_files::same_site::same_origin_only))
        .layer(middleware::from_fn(log_request))
}

/// Serves `app` on `listener` (https with `tls`) until `handle` says stop: every
/// connection with `TCP_NODELAY` (a reply's last bytes leave at once), the caller's address
/// known to the audit.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Router,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    handle: axum_server::Handle,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match tls {
        Some(config) => {
            axum_server::from_tcp_rustls(listener, config).handle(handle).serve(app).await
        }
        None => axum_server::from_tcp(listener).handle(handle).serve(app).await,
    }
}

/// The process answers.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The record answers: a load balancer sends requests here only then.
async fn readyz(State(app): State<App>) -> Response {
    match app.store.ready().await {
        Ok(()) => "ready\n".into_response(),
        Err(error) => {
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {error}\n")).into_response()
        }
    }
}

async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}
