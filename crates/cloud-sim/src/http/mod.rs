//! The simulator's HTTP surface, the top layer: shared state, one router per route module,
//! the control routes, fault injection, the built console (when a `dist/` folder is
//! given), and one log line per request. Assembled here and only here.

pub mod control;
pub mod faults;
mod guard;
pub mod reply;
pub mod routes;
pub mod state;

use std::path::Path;
use std::time::Instant as StdInstant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

pub use state::AppState;

/// Largest request body accepted: room for 10,000 serial numbers and more.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The whole HTTP surface.
pub fn router(state: AppState, dist: Option<&Path>) -> Router {
    let api = routes::api()
        .layer(middleware::from_fn_with_state(state.clone(), control::inject))
        .layer(middleware::from_fn(api_headers));
    let mut app = api.merge(control::routes()).with_state(state.clone());
    if let Some(dist) = dist {
        // The release build writes .br and .gz beside each asset: sent as they are when
        // the browser accepts them.
        let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
        let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
        let console =
            Router::new().fallback_service(files).layer(middleware::from_fn(page_headers));
        app = app.merge(console);
    }
    app.layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state, log_request))
}

/// The policy of `index.html`'s meta tag, plus what only a header can say: the console is
/// never framed (clickjacking).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     connect-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// How long a browser may keep a file of the console: a file whose name carries its content
/// hash (`main-7d1becc60754286f.css`, `…_bg.wasm`) never changes, so for good; everything
/// else (`index.html` and the addresses that answer with it, `result-codes.json`, which a
/// deployment may replace) is checked again each time.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // Trunk writes a 64-bit hash in hex without leading zeros: 16 digits, 15 one time in
    // 16, fewer rarely.
    let hashed = stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    });
    if hashed { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Headers on every file of the console: caching, no content-type sniffing, the policy.
async fn page_headers(request: Request, next: Next) -> Response {
    let cache = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    response
}

/// Headers on every API reply: never sniffed as another type, never kept by a cache (a
/// fleet or a session's answer is only true when it is read).
async fn api_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// One line per request: method, path, status, milliseconds; and the count per path.
async fn log_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    {
        let mut requests = state.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *requests.entry(path.clone()).or_default() += 1;
    }
    let started = StdInstant::now();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}
