//! The login form: on its own page, or over the console when a session expires.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::error::ErrorNotice;
use crate::api::ApiError;
use crate::domain::text::isolate;
use crate::state::{Session, Workflows};

/// User name and password; the password leaves the browser only as its MD5.
#[component]
pub fn LoginForm(
    /// Shown over the console after the session expired: says that nothing is lost.
    #[prop(optional)]
    expired: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let flows = expect_context::<Workflows>();
    let user = RwSignal::new(session.user().unwrap_or_default());
    // The form is the page's one task when it shows: the user name box takes the focus
    // (the password box, when the name is already known — a session that expired).
    let user_box = NodeRef::<leptos::html::Input>::new();
    let password_box = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let target =
            if user.get_untracked().is_empty() { user_box.get() } else { password_box.get() };
        if let Some(input) = target {
            let _ = input.focus();
        }
    });
    let password = RwSignal::new(String::new());
    // Checked here before anything is sent.
    let incomplete = RwSignal::new(false);
    // A login that succeeded leaves no password behind in the form.
    Effect::new(move |_| {
        if matches!(flows.login_result(), Some(Ok(()))) {
            password.set(String::new());
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = user.get_untracked().trim().to_string();
        let secret = password.get_untracked();
        incomplete.set(name.is_empty() || secret.is_empty());
        if !incomplete.get_untracked() {
            flows.log_in(name, secret);
        }
    };
    let busy = move || flows.logging_in();
    let problem = move || {
        if incomplete.get() {
            return Some(Ok("Enter both a user name and a password.".to_string()));
        }
        if busy() {
            return None;
        }
        match flows.login_result()? {
            Ok(()) => None,
            Err(ApiError::Refused { description, .. }) => {
                Some(Ok(format!("Login failed: {}.", description.text)))
            }
            Err(error) => Some(Err(error)),
        }
    };

    let switched = move || expired.then(|| session.switched_to()).flatten();
    let title = move || match (expired, switched()) {
        (true, Some(_)) => "This browser is now someone else's session",
        (true, None) => "Your session has ended",
        (false, _) => "Log in to the Magewell Cloud",
    };
    view! {
        <form class="login card" on:submit=submit aria-labelledby="login-title" novalidate>
            <h2 id="login-title">{title}</h2>
            {expired.then(|| view! {
                <p data-testid="login-why">{move || match switched() {
                    Some(who) => format!(
                        "It is now logged in as {who}. Nothing more is read or sent as {}: the runs you follow wait as they were, none is marked lost. Log in again to go on; your selection, firmware choice and results are kept.",
                        isolate(&session.user().unwrap_or_default()),
                    ),
                    None => "Log in again to continue. Your selection, firmware choice and results are kept.".into(),
                }}</p>
            })}
            <Credential id="login-user" label="User name" autocomplete="username" value=user input=user_box />
            <Credential id="login-password" label="Password" autocomplete="current-password" value=password input=password_box secret=true />
            <button type="submit" class="primary" disabled=busy>
                {move || if busy() { "Logging in…" } else { "Log in" }}
            </button>
            {move || match problem() {
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

/// One labelled box of the form, bound to `value`; `secret` hides what is typed.
#[component]
fn Credential(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    input: NodeRef<leptos::html::Input>,
    #[prop(optional)] secret: bool,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            node_ref=input
            name=if secret { "password" } else { "user" }
            type=if secret { "password" } else { "text" }
            autocomplete=autocomplete
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
