//! The browser's own facilities the console leans on, outside any view: the clock,
//! cookies, page visibility, localStorage for the history, and performance marks.

pub mod perf;
pub mod storage;

/// Epoch milliseconds now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The local time of day, for "last read at".
pub fn now_text() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// The cookies this page may read (`mwcloud-sid` is HttpOnly; `mwcloud-uid` is not).
pub fn document_cookie() -> String {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default()
}

/// Whether the tab is hidden (polling pauses then).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
