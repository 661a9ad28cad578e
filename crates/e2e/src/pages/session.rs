//! Logging in and out, and the dialog that asks again when a session ends.

use super::Region;

page_object! {
    /// The login form, on its page or in the session-ended dialog, and logging out.
    LoginPage
}

impl<'a> LoginPage<'a> {
    /// The form's title ("Log in", "Your session has ended").
    pub fn title(&self) -> Region<'a> {
        self.part("#login-title")
    }

    /// The login form, wherever it is shown.
    pub fn form(&self) -> Region<'a> {
        self.part("form.login")
    }

    /// Why the last login failed.
    pub fn problem(&self) -> Region<'a> {
        self.part(".login-problem")
    }

    /// The session-ended dialog, while open.
    pub fn dialog(&self) -> Region<'a> {
        self.part(".session-dialog[open]")
    }

    /// The open session-ended dialog's title.
    pub fn dialog_title(&self) -> Region<'a> {
        self.part(".session-dialog[open] #login-title")
    }

    /// Whether the keyboard focus is inside the open session-ended dialog.
    pub async fn focus_in_dialog(&self) -> bool {
        self.client
            .execute("return !!document.activeElement.closest('.session-dialog[open]')", vec![])
            .await
            .expect("where the focus is")
            .as_bool()
            .unwrap_or(false)
    }

    /// Presses `key` (a WebDriver key code) where the focus is.
    pub async fn press(&self, key: &str) {
        super::Document::new(self.client).press(key).await;
    }

    /// "Log in again" on the banner left when the dialog was set aside.
    pub async fn log_in_again(&self) {
        self.part(".session-banner button").click().await;
    }

    /// Fills the form in view with `user` and `password` and submits it.
    pub async fn log_in(&self, user: &str, password: &str) {
        crate::log_in(self.client, user, password).await;
    }

    /// "Log out" in the top bar.
    pub async fn log_out(&self) {
        self.part("[data-testid=log-out]").click().await;
    }
}
