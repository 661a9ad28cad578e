//! The built console as served on the Cloud's origin: the release build's precompressed
//! `.br`/`.gz` files sent as they are, names carrying a content hash kept for good, the page
//! checked again each time, the content security policy and `nosniff` on every answer.
//! One copy, used by the simulator (`--dist`) and the console service.

pub mod same_site;

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

/// The policy of `index.html`'s meta tag, plus what only a header can say: the console is
/// never framed (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     connect-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The console's files from `dist`, every address without a file answered with
/// `index.html` (the console's own routes), with [`page_headers`].
pub fn router<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    // The release build writes .br and .gz beside each asset: sent as they are when the
    // browser accepts them.
    let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
    Router::new().fallback_service(files).layer(middleware::from_fn(page_headers))
}

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
pub async fn page_headers(request: Request, next: Next) -> Response {
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

/// Headers on every answer that is data, not a file: never sniffed as another type, never
/// kept by a cache (a fleet's or a record's answer is only true when it is read).
pub async fn data_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
