//! Web Locks (`navigator.locks`): the browser grants a named lock to one tab at a time and
//! passes it on when that tab releases it or closes. Bound here by hand: web-sys has the
//! API only behind its unstable flag. Missing where the page is not a secure context
//! (plain http on a LAN), so callers need another way there.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, options: &Object, callback: &JsValue) -> Promise;

    #[wasm_bindgen(method)]
    fn query(this: &LockManager) -> Promise;
}

/// The names of the locks some tab of this browser holds now or has asked for, read in
/// one query; `None` without Web Locks (or when the browser does not say).
pub async fn taken() -> Option<std::collections::HashSet<String>> {
    let snapshot = wasm_bindgen_futures::JsFuture::from(manager()?.query()).await.ok()?;
    let mut names = std::collections::HashSet::new();
    for list in ["held", "pending"] {
        let locks: js_sys::Array = Reflect::get(&snapshot, &list.into()).ok()?.dyn_into().ok()?;
        names.extend(locks.iter().filter_map(|lock| {
            Reflect::get(&lock, &"name".into()).ok().and_then(|n| n.as_string())
        }));
    }
    Some(names)
}

fn manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Whether this browser, here, offers Web Locks.
pub fn available() -> bool {
    manager().is_some()
}

/// A lock held, or asked for and waiting: [`Lock::release`] gives it up or withdraws the
/// request.
pub struct Lock {
    release: Rc<RefCell<Option<Function>>>,
    withdraw: AbortController,
}

impl Lock {
    /// Asks for lock `name`; `granted` runs once this tab holds it. `None` without Web
    /// Locks.
    pub fn request(name: &str, granted: impl FnOnce() + 'static) -> Option<Lock> {
        let manager = manager()?;
        let withdraw = AbortController::new().ok()?;
        let options = Object::new();
        Reflect::set(&options, &"signal".into(), &withdraw.signal()).ok()?;
        let release = Rc::new(RefCell::new(None));
        let slot = release.clone();
        // Held for as long as the promise it returns is pending.
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let held = Promise::new(&mut |resolve, _| *slot.borrow_mut() = Some(resolve));
            granted();
            held.into()
        });
        let asked = manager.request(name, &options, &callback);
        // A withdrawn request rejects; that is expected, not an error to report.
        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = asked.catch(&ignore);
        // Called at most once, whenever the request ends; a few bytes per request.
        ignore.forget();
        Some(Lock { release, withdraw })
    }

    /// Gives the lock up (the next tab waiting gets it), or withdraws the request.
    pub fn release(self) {
        match self.release.borrow_mut().take() {
            Some(resolve) => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
            None => self.withdraw.abort(),
        }
    }
}
