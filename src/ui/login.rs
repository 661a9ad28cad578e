//! The login form: on its own page, or over the console when a session expires.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error::ErrorNotice;
use super::store::Console;
use crate::api::ApiError;

/// User name and password; the password leaves the browser only as its MD5.
#[component]
pub fn LoginForm(
    /// Shown over the console after the session expired: says that nothing is lost.
    #[prop(optional)]
    expired: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let user = RwSignal::new(console.session.get_untracked().user().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Result<String, ApiError>>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = user.get_untracked().trim().to_string();
        let secret = password.get_untracked();
        if name.is_empty() || secret.is_empty() {
            problem.set(Some(Ok("Enter both a user name and a password.".into())));
            return;
        }
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match console.login(name, secret).await {
                Ok(()) => password.set(String::new()),
                Err(ApiError::Refused { description, .. }) => {
                    problem.set(Some(Ok(format!("Login failed: {}.", description.text))))
                }
                Err(error) => problem.set(Some(Err(error))),
            }
            busy.set(false);
        });
    };

    let title = if expired {
        "Your session has ended"
    } else {
        "Log in to the Magewell Cloud"
    };
    view! {
        <form class="login card" on:submit=submit aria-labelledby="login-title" novalidate>
            <h2 id="login-title">{title}</h2>
            {expired.then(|| view! {
                <p>"Log in again to continue. Your selection, firmware choice and results are kept."</p>
            })}
            <label for="login-user">"User name"</label>
            <input
                id="login-user"
                name="user"
                autocomplete="username"
                prop:value=move || user.get()
                on:input=move |ev| user.set(event_target_value(&ev))
            />
            <label for="login-password">"Password"</label>
            <input
                id="login-password"
                name="password"
                type="password"
                autocomplete="current-password"
                prop:value=move || password.get()
                on:input=move |ev| password.set(event_target_value(&ev))
            />
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Logging in…" } else { "Log in" }}
            </button>
            {move || match problem.get() {
                None => ().into_any(),
                Some(Ok(text)) => view! {
                    <p class="notice notice-error login-problem" role="alert">
                        <span class="notice-tag">"Error"</span> " " {text}
                    </p>
                }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error=error /> }.into_any(),
            }}
        </form>
    }
}
