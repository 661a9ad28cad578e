//! Pieces: code fetched when it is first needed. The login is in the wasm every visit
//! loads; the signed-in workspace (top bar, overview, fleet) and each other page are
//! pieces, cut out of the release build by `scripts/build_release.py` at the split points
//! [`piece!`] declares, fetched when first opened and, once the first screen is drawn,
//! ahead of time while the browser is idle. A piece that cannot be fetched is said on its
//! page, with a way to try again; nothing is cached about a failure, so the next visit to
//! the page tries afresh.

use std::future::Future;

use leptos::prelude::*;

/// A piece's code could not be fetched (the network, or the console's server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceMissing;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for PieceMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        // The loader has already written what failed to the browser's console.
        PieceMissing
    }
}

/// What a piece gives once fetched: a function in its code (a plain function pointer, so
/// it can cross the split point and be kept).
pub type Fetched<T> = Result<T, PieceMissing>;

/// Declares a piece: `piece!(name -> Type = value);` becomes `async fn name() ->
/// Fetched<Type>`. With the `split` feature (the release build) it is a split point: the
/// value and everything only it reaches go into a wasm of their own, fetched on the first
/// call; without it (trunk serve, the browser tests), an ordinary async function.
macro_rules! piece {
    ($(#[$doc:meta])* $name:ident -> $ty:ty = $value:expr) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($name, fallible)]
        pub fn $name() -> $crate::ui::piece::Fetched<$ty> {
            Ok($value)
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> $crate::ui::piece::Fetched<$ty> {
            Ok($value)
        }
    };
}
pub(crate) use piece;

/// Shows what piece `load` gives, through `show`; until then "Loading {what}…", and if it
/// cannot be fetched, says so with a way to try again.
#[component]
pub fn Piece<P, Fut, S>(
    /// What is fetched, for the words: "the device page".
    what: &'static str,
    load: fn() -> Fut,
    show: S,
    /// The whole screen waits for it (the workspace): laid out as the static shell of
    /// index.html, so nothing moves.
    #[prop(optional)]
    whole_screen: bool,
) -> impl IntoView
where
    P: Clone + Send + Sync + 'static,
    Fut: Future<Output = Fetched<P>> + 'static,
    S: Fn(P) -> AnyView + Send + Sync + 'static,
{
    let fetched = LocalResource::new(load);
    let framed = move |inner: AnyView| {
        if whole_screen {
            view! {
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    {inner}
                </main>
            }
            .into_any()
        } else {
            inner
        }
    };
    let retry = move || fetched.refetch();
    move || match fetched.get() {
        None => framed(view! { <p aria-busy="true">{format!("Loading {what}…")}</p> }.into_any()),
        Some(Ok(piece)) => show(piece),
        Some(Err(PieceMissing)) => framed(missing(what, retry)),
    }
}

/// What a page says when its code could not be fetched, with a way to try again.
fn missing(what: &'static str, retry: impl Fn() + 'static) -> AnyView {
    let words = format!(
        " The code of {what} could not be fetched: the network or the console's server did \
         not answer. Nothing you did is lost. "
    );
    view! {
        <section class="card" data-testid="piece-missing">
            <p class="notice notice-error" role="alert">
                <span class="notice-tag">"Not loaded"</span>
                {words}
                <button type="button" on:click=move |_| retry()>"Try again"</button>
            </p>
        </section>
    }
    .into_any()
}

/// Runs `fetch` (pieces fetched one after another) once the browser is idle
/// (`requestIdleCallback`, a second at most; or a second later where there is none), so
/// that the next page opens without waiting. A piece that cannot be fetched now is left for
/// its page to fetch (and say).
pub fn fetch_when_idle(fetch: impl Future<Output = ()> + 'static) {
    when_idle(move || leptos::task::spawn_local(fetch));
}

/// Calls `then` once the browser is idle.
fn when_idle(then: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(then);
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        // At the latest a second later: a page that is never idle (a run's progress
        // redrawn, a busy fleet) still gets its pieces and its work.
        Some(request) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
            request.call2(&window, &callback, &options).map(|_| ())
        }
        None => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1000)
            .map(|_| ()),
    };
}
