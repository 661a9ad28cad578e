//! Exporting a run, a campaign or a report: a download link whose content is made only
//! when asked for.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A download link whose content is made when asked for (focus, or the click itself,
/// before the browser follows the link), not on every progress update of a large run.
#[component]
pub fn ExportLink(
    label: &'static str,
    test_id: &'static str,
    file: String,
    media_type: &'static str,
    content: impl Fn() -> String + Copy + 'static,
) -> impl IntoView {
    let fill = move |ev: leptos::ev::Event| {
        if let Some(link) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let href = format!("data:{media_type};charset=utf-8,{}", encode(&content()));
            let _ = link.set_attribute("href", &href);
        }
    };
    view! {
        <a
            class="button"
            data-testid=test_id
            download=file
            href="#"
            on:focus=move |ev: leptos::ev::FocusEvent| fill(ev.into())
            on:click=move |ev: leptos::ev::MouseEvent| fill(ev.into())
        >
            {label}
        </a>
    }
}

/// Percent-encodes text for a `data:` URL.
fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
