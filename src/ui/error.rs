//! A failed call, told plainly, with the raw detail one click away.

use leptos::prelude::*;

use crate::api::ApiError;

/// The message, and the technical detail in a disclosure.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(optional, into)] lead: Option<String>) -> impl IntoView {
    let message = match lead {
        Some(lead) => format!("{lead} {}", error.message()),
        None => error.message(),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p><span class="notice-tag">"Error"</span> " " {message}</p>
            <details>
                <summary>"Technical details"</summary>
                <pre>{error.detail()}</pre>
            </details>
        </div>
    }
}
