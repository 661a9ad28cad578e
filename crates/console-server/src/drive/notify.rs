//! Notifications of what a driven campaign needs people for — halted, finished, aborted,
//! waiting for an administrator: a JSON `POST` to `--webhook URL` (the usual way into Slack
//! or Teams: `text` is the sentence), sent apart from the driver's cycle, each attempt with
//! a time limit and at most [`ATTEMPTS`] of them. A notification that never gets through is
//! logged; the campaign's own log and page say the same thing regardless.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde::Serialize;

use crate::cloud::{Cloud, Timeouts, Trust};

/// How often a notification is tried at the most.
pub const ATTEMPTS: u32 = 3;

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// One sentence (what Slack and Teams show).
    pub text: String,
    /// `halted`, `finished`, `aborted` or `waiting`.
    pub event: &'static str,
    pub campaign: u64,
    /// Epoch milliseconds, on the service's clock.
    pub at: i64,
}

/// Where notifications go.
#[derive(Clone)]
pub struct Webhook {
    /// A client of the webhook's origin (the same client the Cloud gets: rustls, time
    /// limits, never a silent retry).
    target: Arc<Cloud>,
    /// The whole address, query included (some hooks carry their key there).
    url: axum::http::Uri,
    timeout: Duration,
    /// Time before the second attempt; doubled before each next one.
    backoff: Duration,
}

impl Webhook {
    /// Notifications to `url` (http or https, the system's certificate authorities).
    pub fn new(url: &str, timeout: Duration, backoff: Duration) -> Result<Webhook, String> {
        let timeouts = Timeouts { answer: timeout, ..Timeouts::default() };
        let target = Cloud::new(url, &Trust::System, timeouts)
            .map_err(|e| e.replace("--cloud", "--webhook"))?;
        let url = url.parse().map_err(|e| format!("--webhook {url:?}: {e}"))?;
        Ok(Webhook { target: Arc::new(target), url, timeout, backoff })
    }

    /// Sends `notice` in the background.
    pub fn send(&self, notice: Notice) {
        let webhook = self.clone();
        tokio::spawn(async move {
            if let Err(why) = webhook.deliver(&notice).await {
                tracing::warn!("the webhook did not take \"{}\": {why}", notice.text);
            }
        });
    }

    /// Tries `notice` up to [`ATTEMPTS`] times: the last failure's reason if none took.
    pub async fn deliver(&self, notice: &Notice) -> Result<(), String> {
        let body = serde_json::to_vec(notice).map_err(|e| e.to_string())?;
        let mut wait = self.backoff;
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
            let request = Request::builder()
                .method(Method::POST)
                .uri(self.url.clone())
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .map_err(|e| e.to_string())?;
            match self.target.send(request, self.timeout).await {
                Ok(response) if response.status().is_success() => return Ok(()),
                Ok(response) => last = format!("HTTP {}", response.status()),
                Err(error) => last = error.to_string(),
            }
        }
        Err(format!("{ATTEMPTS} attempts, the last: {last}"))
    }
}
