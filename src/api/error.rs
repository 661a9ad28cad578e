//! Everything that can go wrong with a call, each with words for the administrator and
//! the raw detail on demand.

use std::fmt;

use crate::domain::codes::Described;

/// Longest raw body kept for the "details" disclosure.
const RAW_LIMIT: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No valid session: log in again. `proven`: the Cloud said so in a reply it wrote
    /// (nothing happened); otherwise a 401/403 that could not be read, which a proxy may
    /// send after the call took effect.
    Session { detail: String, proven: bool },
    /// The account may not do this.
    Forbidden { code: i64, description: Described },
    /// A non-zero `result`.
    Refused { code: i64, description: Described },
    /// An HTTP status other than success.
    Http { status: u16, body: String },
    /// A reply that is not JSON (an HTML error page, a cut-off body…).
    NotJson { status: u16, content_type: String, body: String },
    /// JSON, but not the shape the contract promises.
    Decode { error: String, body: String },
    /// The request never got an answer (network down, server stopped, blocked).
    Network { error: String },
    /// The request could not even be made here (its body could not be written): nothing
    /// was sent, so nothing can have happened.
    NotSent { error: String },
    /// No answer within the time limit.
    Timeout { seconds: u32 },
}

impl ApiError {
    /// One sentence for the administrator.
    pub fn message(&self) -> String {
        match self {
            ApiError::Session { proven: true, .. } => {
                "Your session has ended. Log in again to continue.".into()
            }
            ApiError::Session { proven: false, .. } => {
                "The call was answered \"not allowed\" in a reply the Cloud did not write (a \
                 proxy's, or a damaged one); the session may have ended."
                    .into()
            }
            ApiError::Forbidden { description, .. } => {
                format!("The Cloud does not allow this for your account: {}.", description.text)
            }
            ApiError::Refused { code, description } => {
                format!("The Cloud refused: {} (code {code}).", description.text)
            }
            ApiError::Http { status, .. } => {
                format!("The Cloud answered with an error (HTTP {status}).")
            }
            ApiError::NotJson { .. } => {
                "The Cloud's answer was not readable data (perhaps an error page from a proxy)."
                    .into()
            }
            ApiError::Decode { .. } => {
                "The Cloud's answer did not have the expected content.".into()
            }
            ApiError::Network { .. } => {
                "The Cloud could not be reached. Check the network and that the Cloud is running."
                    .into()
            }
            ApiError::Timeout { seconds } => {
                format!("The Cloud did not answer within {seconds} s.")
            }
            ApiError::NotSent { .. } => {
                "The console could not write this request, so nothing was sent.".into()
            }
        }
    }

    /// The raw detail, for "show details".
    pub fn detail(&self) -> String {
        match self {
            ApiError::Session { detail, .. } => detail.clone(),
            // The code only: who defined it (Magewell or this project's simulator) is for
            // the catalogue, not for the administrator reading the error.
            ApiError::Forbidden { code, .. } | ApiError::Refused { code, .. } => {
                format!("Cloud result code {code}")
            }
            // Bodies are clipped when the error is made (`clip`).
            ApiError::Http { status, body } => format!("HTTP {status}\n{body}"),
            ApiError::NotJson { status, content_type, body } => {
                format!("HTTP {status}, Content-Type: {content_type}\n{body}")
            }
            ApiError::Decode { error, body } => format!("{error}\n{body}"),
            ApiError::Network { error } | ApiError::NotSent { error } => error.clone(),
            ApiError::Timeout { seconds } => {
                format!("no reply after {seconds} s; request abandoned")
            }
        }
    }

    /// Whether the Cloud might have acted on the request even though we got no usable
    /// answer. Only then is a non-idempotent call's outcome unknown.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Http { .. }
                | ApiError::NotJson { .. }
                | ApiError::Decode { .. }
                | ApiError::Network { .. }
                | ApiError::Timeout { .. }
                | ApiError::Session { proven: false, .. }
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A reply's body as an error keeps it: its first part, and how long it was (a 20 MB
/// error page is not kept whole in the page's state).
pub(crate) fn clip(body: &str) -> String {
    match body.char_indices().nth(RAW_LIMIT) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &body[..cut], body.len()),
        None => body.to_string(),
    }
}
