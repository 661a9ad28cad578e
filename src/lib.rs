//! The Magewell Cloud firmware console.

pub mod api;
pub mod domain;

use leptos::prelude::*;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main>
            <h1>"Magewell Cloud firmware console"</h1>
        </main>
    }
}
