//! What the browser lets the site keep (`navigator.storage`): how much it uses, how much
//! it may, and whether its data is kept for good. Missing outside a secure context.

use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{StorageEstimate, StorageManager};

fn manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = Reflect::get(&navigator, &"storage".into()).ok()?;
    (!storage.is_undefined() && !storage.is_null()).then(|| storage.unchecked_into())
}

/// Bytes this site uses and may use, as the browser estimates them.
pub async fn estimate() -> Option<(u64, u64)> {
    let promise = manager()?.estimate().ok()?;
    let estimate: StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage().unwrap_or(0.0) as u64, estimate.get_quota().unwrap_or(0.0) as u64))
}

/// Whether the site's data is kept until the user deletes it.
pub async fn persisted() -> Option<bool> {
    let promise = manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Asks to keep the site's data until the user deletes it; the browser's answer.
pub async fn persist() -> Option<bool> {
    let promise = manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}
