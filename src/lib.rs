//! The Magewell Cloud firmware console: the session gate, the page, and the contexts.
//!
//! `domain` holds the rules (plain Rust), `api` the calls to the Cloud (domain values
//! in and out), `browser` the browser's own facilities, `state` the state by concern with
//! its actions, and `ui` the components that read it.

pub mod api;
pub mod browser;
pub mod domain;
pub mod state;
pub mod ui;

use leptos::prelude::*;

use domain::session::SessionStatus;
use state::nav::Page;
use state::{Announcer, Batch, Cloud, Concerns, Nav, Session};
use ui::firmware::FirmwarePicker;
use ui::fleet::FleetSection;
use ui::header::TopBar;
use ui::library::LibraryPage;
use ui::login::LoginForm;
use ui::review::ReviewPanel;
use ui::runs::RunsSection;

/// The whole console, talking to the Cloud on this page's origin.
#[component]
pub fn App() -> impl IntoView {
    let concerns = Concerns::new();
    concerns.provide();
    concerns.start();
    view! { <Shell /> }
}

/// The console's page for whatever state the concerns are in. Tests mount this with
/// prepared concerns in context, without any network.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let batch = expect_context::<Batch>();
    let announcer = expect_context::<Announcer>();
    let cloud = expect_context::<Cloud>();
    let nav = expect_context::<Nav>();
    let on_page = move |page: Page| nav.page.get() == page;
    view! {
        <div class="live visually-hidden" aria-live="polite" role="status" data-testid="live">
            {move || announcer.text()}
        </div>
        {move || match session.status.get() {
            SessionStatus::Checking => view! {
                <main class="centered"><p aria-busy="true">"Checking your session…"</p></main>
            }.into_any(),
            SessionStatus::LoggedOut => view! {
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    <LoginForm />
                </main>
            }.into_any(),
            SessionStatus::Active { .. } | SessionStatus::Expired { .. } => ().into_any(),
        }}
        <Show when=move || session.signed_in()>
            <TopBar />
            <main class="workspace" class:library-page=move || on_page(Page::Library)>
                {move || cloud.note().map(|note| view! { <p class="notice notice-info">{note}</p> })}
                <Show when=move || on_page(Page::Library)>
                    <LibraryPage />
                </Show>
                <Show when=move || on_page(Page::Fleet)>
                <FleetSection />
                <Show when=move || session.may_upgrade() && batch.selection.with(|s| !s.is_empty())>
                    <aside class="upgrade-panel" aria-label="Upgrade">
                        <FirmwarePicker offer=Signal::derive(move || batch.offer()) />
                        <Show when=move || batch.reviewing.get()>
                            <ReviewPanel />
                        </Show>
                    </aside>
                </Show>
                <RunsSection />
                </Show>
            </main>
        </Show>
        <Show when=move || matches!(session.status.get(), SessionStatus::Expired { .. })>
            <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="login-title">
                <LoginForm expired=true />
            </div>
        </Show>
    }
}
