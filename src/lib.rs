//! The Magewell Cloud firmware console: the session gate, the page, and the contexts.

pub mod api;
pub mod domain;
pub mod ui;

use leptos::prelude::*;

use ui::firmware::FirmwarePicker;
use ui::fleet::FleetSection;
use ui::header::TopBar;
use ui::library::LibraryPage;
use ui::login::LoginForm;
use ui::review::ReviewPanel;
use ui::runs::RunsSection;
use ui::store::{Console, FirmwareOffer, Page, SessionState};

/// The whole console, talking to the Cloud on this page's origin.
#[component]
pub fn App() -> impl IntoView {
    let console = Console::new();
    provide_context(console);
    console.load_catalogue();
    console.load_runs();
    console.flush_history_on_pagehide();
    console.refresh_fleet();
    console.track();
    view! { <Shell /> }
}

/// The console's page for whatever state the store is in. Tests mount this with a
/// prepared [`Console`] in context, without any network.
#[component]
pub fn Shell() -> impl IntoView {
    let console = expect_context::<Console>();
    // The firmware on offer follows the batch key, and only the key.
    let key = Memo::new(move |_| console.selection.with(|s| s.key().cloned()));
    Effect::new(move |_| match key.get() {
        Some(key) => {
            let current = match console.offer.get_untracked() {
                FirmwareOffer::Loading(k) | FirmwareOffer::Ready { key: k, .. } => Some(k),
                FirmwareOffer::NoKey | FirmwareOffer::Failed { .. } => None,
            };
            if current.as_ref() != Some(&key) {
                console.load_firmwares(key);
            }
        }
        None => {
            console.offer.set(FirmwareOffer::NoKey);
            console.chosen.set(None);
            console.reviewing.set(false);
        }
    });
    let may_upgrade = move || {
        console
            .session
            .with(|s| s.role().is_some_and(|r| r.may_upgrade()))
    };
    view! {
        <div class="live visually-hidden" aria-live="polite" role="status" data-testid="live">
            {move || console.announcement.get()}
        </div>
        {move || match console.session.get() {
            SessionState::Checking => view! {
                <main class="centered"><p aria-busy="true">"Checking your session…"</p></main>
            }.into_any(),
            SessionState::LoggedOut => view! {
                <main class="centered">
                    <h1 class="brand">"Magewell Cloud · Firmware console"</h1>
                    <LoginForm />
                </main>
            }.into_any(),
            SessionState::Active { .. } | SessionState::Expired { .. } => ().into_any(),
        }}
        <Show when=move || console.session.with(|s| s.role().is_some())>
            <TopBar />
            <main class="workspace" class:library-page=move || console.page.get() == Page::Library>
                {move || console.catalogue_note.get().map(|note| view! { <p class="notice notice-info">{note}</p> })}
                <Show when=move || console.page.get() == Page::Library>
                    <LibraryPage />
                </Show>
                <Show when=move || console.page.get() == Page::Fleet>
                <FleetSection />
                <Show when=move || may_upgrade() && console.selection.with(|s| !s.is_empty())>
                    <aside class="upgrade-panel" aria-label="Upgrade">
                        <FirmwarePicker />
                        <Show when=move || console.reviewing.get()>
                            <ReviewPanel />
                        </Show>
                    </aside>
                </Show>
                <RunsSection />
                </Show>
            </main>
        </Show>
        <Show when=move || matches!(console.session.get(), SessionState::Expired { .. })>
            <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="login-title">
                <LoginForm expired=true />
            </div>
        </Show>
    }
}
