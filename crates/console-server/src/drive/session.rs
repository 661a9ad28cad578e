//! The Cloud session the service sends with while nobody is signed in — one of two, chosen
//! at deployment and said in every plan:
//! - **a service account** (`--cloud-user`, `--cloud-password-file`): the service signs in
//!   itself, again whenever the session ends;
//! - **an administrator's own session**, handed to the service by the administrator's
//!   requests (starting a campaign, and every request after): kept alive with a light read,
//!   and when it ends anyway, campaigns wait until an administrator's next request.
//!
//! Held in memory only: a password or a session id is never written to the record or logs.

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use super::calls::{Calls, Cookie};

/// Where the service's session comes from.
#[derive(Clone)]
pub enum Source {
    /// The service signs in as this account.
    Account { user: String, password: String },
    /// Administrators' sessions, handed by their requests.
    Handed,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Account { user, .. } => write!(f, "Account({user})"),
            Source::Handed => f.write_str("Handed"),
        }
    }
}

/// A session the service holds now.
#[derive(Debug, Clone)]
struct Held {
    cookie: Cookie,
    user: String,
    /// Its last use: a light read keeps it alive past the Cloud's idle timeout.
    used: Instant,
}

/// Why the service has no session to send with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSession {
    /// No administrator's session was handed, or the one handed ended.
    WaitingForAdministrator,
    /// The service account could not sign in.
    AccountRefused(String),
}

impl NoSession {
    /// In words, for a campaign's log, its page and the notification.
    pub fn words(&self) -> String {
        match self {
            NoSession::WaitingForAdministrator => "Waiting for an administrator to sign in: the \
                service has no live Cloud session to send with (the one handed to it ended, \
                or the service restarted). It goes on at an administrator's next request."
                .into(),
            NoSession::AccountRefused(why) => {
                format!("Waiting: the service account could not sign in to the Cloud: {why}")
            }
        }
    }
}

/// The service's Cloud session.
pub struct Session {
    source: Source,
    held: Mutex<Option<Held>>,
}

impl Session {
    pub fn new(source: Source) -> Session {
        Session { source, held: Mutex::new(None) }
    }

    /// Which session a campaign is sent with, for its plan and page.
    pub fn sends_as(&self) -> String {
        match &self.source {
            Source::Account { user, .. } => format!("the service account {user}"),
            Source::Handed => "the session of the administrator who started it, handed to the \
                service (kept alive; if it ends, the campaign waits for an administrator to \
                sign in)"
                .into(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Held>> {
        self.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An administrator's live session, from one of their requests: taken when the service
    /// has none (a live one is kept: it is not swapped at every request).
    pub fn offer(&self, cookie: Cookie, user: &str) {
        if !matches!(self.source, Source::Handed) {
            return;
        }
        let mut held = self.lock();
        if held.is_none() {
            tracing::info!("the service now sends with {user}'s Cloud session");
            *held = Some(Held { cookie, user: user.to_string(), used: Instant::now() });
        }
    }

    /// Whether a session is held now.
    pub fn is_held(&self) -> bool {
        self.lock().is_some()
    }

    /// The session to send with and its user, signing the service account in when needed.
    pub async fn get(&self, calls: &Calls) -> Result<(Cookie, String), NoSession> {
        if let Some(held) = self.lock().as_mut() {
            held.used = Instant::now();
            return Ok((held.cookie.clone(), held.user.clone()));
        }
        match &self.source {
            Source::Handed => Err(NoSession::WaitingForAdministrator),
            Source::Account { user, password } => match calls.sign_in(user, password).await {
                Ok((cookie, name)) => {
                    tracing::info!("the service signed in to the Cloud as {name}");
                    *self.lock() = Some(Held {
                        cookie: cookie.clone(),
                        user: name.clone(),
                        used: Instant::now(),
                    });
                    Ok((cookie, name))
                }
                Err(error) => {
                    tracing::warn!("the service account could not sign in: {}", error.message());
                    Err(NoSession::AccountRefused(error.message()))
                }
            },
        }
    }

    /// The Cloud said `cookie`'s session has ended: it is never sent again.
    pub fn ended(&self, cookie: &Cookie) {
        let mut held = self.lock();
        if held.as_ref().is_some_and(|h| &h.cookie == cookie) {
            tracing::warn!("the Cloud session the service sent with has ended");
            *held = None;
        }
    }

    /// The session held, when unused for `idle` or longer: to be kept alive by a light read.
    pub fn idle_for(&self, idle: std::time::Duration) -> Option<Cookie> {
        let mut held = self.lock();
        let held = held.as_mut()?;
        if held.used.elapsed() < idle {
            return None;
        }
        held.used = Instant::now();
        Some(held.cookie.clone())
    }
}

/// Reads the service account's password from `file`, refusing a file others may read.
pub fn read_password_file(file: &Path) -> Result<String, String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .map_err(|e| format!("--cloud-password-file {}: {e}", file.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "--cloud-password-file {} can be read by others (mode {:o}): make it the \
                 service's own (chmod 600) and start again",
                file.display(),
                mode & 0o777
            ));
        }
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("--cloud-password-file {}: {e}", file.display()))?;
    let password = text.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(format!("--cloud-password-file {} is empty", file.display()));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(mode: u32, text: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("pw-{}-{n}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn a_password_file_others_can_read_is_refused() {
        let open = file_with(0o644, "Admin\n");
        let error = read_password_file(&open).unwrap_err();
        assert!(error.contains("can be read by others (mode 644)"), "{error}");
        let own = file_with(0o600, "Admin\n");
        assert_eq!(read_password_file(&own).unwrap(), "Admin");
        let empty = file_with(0o600, "\n");
        assert!(read_password_file(&empty).unwrap_err().contains("is empty"));
        for path in [open, own, empty] {
            let _ = std::fs::remove_file(path);
        }
    }

    #[test]
    fn a_handed_session_is_kept_until_it_ends_and_never_swapped() {
        let session = Session::new(Source::Handed);
        let first = Cookie(axum::http::HeaderValue::from_static("mwcloud-sid=A"));
        let second = Cookie(axum::http::HeaderValue::from_static("mwcloud-sid=B"));
        session.offer(first.clone(), "Admin");
        session.offer(second.clone(), "Admin");
        assert_eq!(session.lock().as_ref().unwrap().cookie, first);
        session.ended(&second);
        assert!(session.is_held(), "another session's end does not drop the one held");
        session.ended(&first);
        assert!(!session.is_held());
        session.offer(second.clone(), "Admin");
        assert_eq!(session.lock().as_ref().unwrap().cookie, second);
    }

    #[test]
    fn an_account_service_takes_no_handed_session() {
        let session = Session::new(Source::Account { user: "svc".into(), password: "x".into() });
        session.offer(Cookie(axum::http::HeaderValue::from_static("mwcloud-sid=A")), "Admin");
        assert!(!session.is_held());
        assert_eq!(session.sends_as(), "the service account svc");
    }
}
