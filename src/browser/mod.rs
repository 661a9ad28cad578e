//! The browser's own facilities the console leans on, outside any view: the clock,
//! cookies, page visibility, IndexedDB for the history, the channel between tabs, Web
//! Locks, storage estimates, and performance marks.

pub mod channel;
pub mod history_db;
pub mod idb;
pub mod locks;
pub mod perf;
pub mod space;

/// Where the name of the user who last logged in through this console is remembered: the
/// history is per user, and the Cloud's user cookie is not always readable.
const SIGNED_IN_AS: &str = "mwcloud-console.signed-in-as";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The user who last logged in through this console and has not logged out.
pub fn remembered_user() -> Option<String> {
    local_storage()?.get_item(SIGNED_IN_AS).ok().flatten()
}

/// Remembers who logged in (a name, nothing secret), or forgets on logout.
pub fn remember_user(user: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match user {
            Some(user) => storage.set_item(SIGNED_IN_AS, user),
            None => storage.remove_item(SIGNED_IN_AS),
        };
    }
}

/// Whether the page is laid out for a phone: the stylesheet's `max-width: 700px`, where
/// tables become cards.
pub fn is_phone() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(max-width: 700px)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// A value this browser keeps for the site (`None`: none kept, or no storage).
pub fn kept(name: &str) -> Option<String> {
    local_storage()?.get_item(name).ok().flatten()
}

/// Keeps a value for the site in this browser (quietly not, where storage is refused).
pub fn keep(name: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(name, value);
    }
}

pub fn page_id() -> String {
    format!("{:x}", (js_sys::Math::random() * 1e15) as u64)
}

/// The browser's time zone ("Europe/Paris"): where a schedule is written unless changed.
pub fn time_zone() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let zone = js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into());
        if let Some(zone) = zone.ok().and_then(|z| z.as_string()) {
            return zone;
        }
    }
    "UTC".into()
}

/// Epoch milliseconds now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
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

/// Expires the Cloud's readable user cookie after a logout. The contract's logout reply
/// clears only `mwcloud-sid`; a `mwcloud-uid` left behind would name a user who is no
/// longer signed in (and whose history another tab could take for the current one).
pub fn clear_user_cookie() {
    use wasm_bindgen::JsCast;
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = document
            .set_cookie(&format!("{}=; Path=/; Max-Age=0; SameSite=Lax", sc_wire::cookie::UID));
    }
}

/// Whether the tab is hidden (polling pauses then).
pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}
