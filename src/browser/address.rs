//! The browser's address bar: read it, write it (a new history entry, or the current one
//! replaced), and hear Back and Forward. By hand over `window.history`: the console needs
//! nothing more of a router, and `leptos_router` cost 17 KB gzip of wasm for it.

use wasm_bindgen::JsValue;

/// The path and the query string (with its `?`, or empty) shown now.
pub fn read() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return ("/".into(), String::new());
    };
    (location.pathname().unwrap_or_else(|_| "/".into()), location.search().unwrap_or_default())
}

/// Shows `url` (same origin) in the address bar without loading it: as a new entry, or in
/// place of the current one.
pub fn write(url: &str, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(url))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(url))
    };
}

/// Calls `moved` whenever Back or Forward changes the address, for the page's life.
pub fn on_back_forward(moved: impl Fn() + 'static) {
    // The handle is dropped, not removed: the listener lives as long as the page.
    drop(leptos::prelude::window_event_listener(leptos::ev::popstate, move |_| moved()));
}
