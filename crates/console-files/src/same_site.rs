//! Who may change state: a request that changes something (any method but GET, HEAD and
//! OPTIONS) is refused when the browser says another site sent it — an `Origin` other than
//! the one its `Host` names, or `Sec-Fetch-Site: cross-site`/`same-site` — so a page
//! elsewhere cannot post a form with the administrator's cookies. A loopback server also
//! refuses a `Host` that is a DNS name (a rebinding page's `evil.example` resolving to
//! 127.0.0.1 sends a matching `Host` and `Origin`). Shared by the simulator and the console
//! service.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a request that changes state is refused, or `None` when it may go on.
pub fn refusal(method: &Method, headers: &HeaderMap, loopback: bool) -> Option<&'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if loopback && host.is_some_and(|h| !names_this_machine(h)) {
        return Some("the Host is a name, not this machine's address");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let own = host.is_some_and(|h| {
            origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(h)
        });
        if !own {
            return Some("the Origin is another site's");
        }
    }
    let fetched_from = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetched_from, Some("cross-site" | "same-site")) {
        return Some("the browser says another site sent it");
    }
    None
}

/// Whether `host` (a `Host` header, with or without its port) names this machine by
/// address or as `localhost`, not by a DNS name.
pub fn names_this_machine(host: &str) -> bool {
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// The middleware for a server on this machine's loopback (the simulator).
pub async fn loopback_only(request: Request, next: Next) -> Response {
    guard(request, next, true).await
}

/// The middleware for a server reached by any name (the console service).
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    guard(request, next, false).await
}

async fn guard(request: Request, next: Next, loopback: bool) -> Response {
    match refusal(request.method(), request.headers(), loopback) {
        None => next.run(request).await,
        Some(why) => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            format!("{{\"error\":\"refused: {why}\"}}"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_form_posted_from_another_site_is_refused_and_the_console_s_own_calls_go() {
        let post = Method::POST;
        let own = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]);
        assert_eq!(refusal(&post, &own, true), None);
        let no_origin = headers(&[("host", "127.0.0.1:8080")]);
        assert_eq!(refusal(&post, &no_origin, true), None, "curl and the service's own client");
        let other = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://evil.example")]);
        assert_eq!(refusal(&post, &other, true), Some("the Origin is another site's"));
        let rebound =
            headers(&[("host", "evil.example:8080"), ("origin", "http://evil.example:8080")]);
        assert!(refusal(&post, &rebound, true).is_some(), "DNS rebinding on loopback");
        assert_eq!(refusal(&post, &rebound, false), None, "a service reached by its name");
        let https = headers(&[("host", "console.example"), ("origin", "https://console.example")]);
        assert_eq!(refusal(&post, &https, false), None);
        let fetched = headers(&[("host", "127.0.0.1:8080"), ("sec-fetch-site", "cross-site")]);
        assert!(refusal(&post, &fetched, true).is_some());
        assert_eq!(refusal(&Method::GET, &other, true), None, "reads change nothing");
    }

    #[test]
    fn this_machine_is_named_by_address_or_localhost() {
        for host in ["127.0.0.1", "127.0.0.1:9", "[::1]:80", "localhost:3000", "LOCALHOST"] {
            assert!(names_this_machine(host), "{host}");
        }
        for host in ["evil.example", "evil.example:80", "127.0.0.1.nip.io"] {
            assert!(!names_this_machine(host), "{host}");
        }
    }
}
