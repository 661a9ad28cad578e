//! Who is using the console: the session's status, confirmed by the Cloud, lost when a
//! call says so (the page keeps everything and asks to log in again).

use leptos::prelude::*;

use super::announce::Announcer;
use crate::api::{ApiError, Client};
use crate::browser::{clear_user_cookie, document_cookie, remember_user, remembered_user};
use crate::domain::session::{CookieHint, Role, SessionStatus, confirmed_identity, switched_words};
use crate::domain::text::isolate;

#[derive(Clone, Copy)]
pub struct Session {
    pub status: ReadSignal<SessionStatus>,
    set_status: WriteSignal<SessionStatus>,
    announcer: Announcer,
    /// The Cloud is being asked who the session is (asked once).
    asking: StoredValue<bool>,
    /// Who the browser's session now belongs to, in words, since another tab or window
    /// logged it in as someone else; `None` while it is this user's.
    switched: RwSignal<Option<String>>,
}

impl Session {
    pub fn new(announcer: Announcer) -> Self {
        let (status, set_status) = signal(SessionStatus::Checking);
        Session {
            status,
            set_status,
            announcer,
            asking: StoredValue::new(false),
            switched: RwSignal::new(None),
        }
    }

    /// Whether this user may start upgrades (tracked).
    pub fn may_upgrade(&self) -> bool {
        self.status.with(SessionStatus::may_upgrade)
    }

    /// Whether someone is logged in, even if the session just expired (tracked).
    pub fn signed_in(&self) -> bool {
        self.status.with(|s| s.role().is_some())
    }

    /// Whether calls may be made now (not tracked).
    pub fn is_active(&self) -> bool {
        matches!(self.status.get_untracked(), SessionStatus::Active { .. })
    }

    /// The user name, if known (not tracked).
    pub fn user(&self) -> Option<String> {
        self.status.with_untracked(SessionStatus::user)
    }

    /// Whose history to show: the user signed in, even if the session just expired
    /// (tracked). `None` while logged out or still checking.
    pub fn owner(&self) -> Option<String> {
        self.status.with(SessionStatus::user)
    }

    /// The other user the browser's session now belongs to, when the readable user cookie
    /// names one (another tab logged in as someone else).
    pub fn replaced_by(&self) -> Option<String> {
        let (cookie, ours) = (CookieHint::read(&document_cookie()).user?, self.user()?);
        (cookie != ours).then_some(cookie)
    }

    /// Who the session now belongs to, in words, once it was found to be another user's
    /// (tracked).
    pub fn switched_to(&self) -> Option<String> {
        self.switched.get()
    }

    /// The browser's session turned out to be another user's (`to`, when the cookie names
    /// them): nothing more is read or sent as this user until they log in again, and they
    /// are told why — not that their session "ended", nor their devices "lost".
    pub fn switched(&self, to: Option<String>) {
        let ours = self.user().map_or_else(|| "you".into(), |u| isolate(&u).into_owned());
        let who = switched_words(to.as_deref());
        self.set_status.update(|status| {
            *status = std::mem::replace(status, SessionStatus::LoggedOut).expired()
        });
        self.announcer.say(format!(
            "This browser is now logged in as {who}. Nothing more is read or sent as {ours} until you log in again."
        ));
        self.switched.set(Some(who));
    }

    /// A login succeeded.
    pub fn logged_in(&self, user: String) {
        let role = Role::of(Some(&user));
        self.switched.set(None);
        remember_user(Some(&user));
        self.set_status.set(SessionStatus::Active { user: Some(user.clone()), role });
        self.announcer.say(format!("Logged in as {user}."));
    }

    /// The Cloud answered a call with something other than "no session": on start-up, that
    /// means the browser's session is valid. Who it is comes from the Cloud (an
    /// administrator-only read), not from the readable user cookie, which any page of the
    /// site can write.
    pub fn confirmed(&self, client: Client) {
        if self.status.get_untracked() != SessionStatus::Checking || self.asking.get_value() {
            return;
        }
        self.asking.set_value(true);
        let session = *self;
        leptos::task::spawn_local(async move {
            let answer = client.is_administrator().await;
            session.asking.set_value(false);
            if session.status.get_untracked() != SessionStatus::Checking {
                return;
            }
            let administrator = match answer {
                Ok(administrator) => Some(administrator),
                Err(ApiError::Session { .. }) => return session.lost(),
                Err(_) => None,
            };
            let cookie = CookieHint::read(&document_cookie()).user.or_else(remembered_user);
            let (user, role) = confirmed_identity(cookie.as_deref(), administrator);
            session.set_status.set(SessionStatus::Active { user, role });
        });
    }

    /// Every answer from the Cloud passes here on its way to its caller: one that says the
    /// session is gone asks to log in again (once, however many calls say it), whatever
    /// the caller then does with the answer.
    pub fn noticed<T>(&self, answer: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(ApiError::Session { .. }) = &answer {
            self.lost();
        }
        answer
    }

    /// A call failed because the session is gone: ask to log in, keep everything. Said
    /// only when a session was really lost — not on a first visit without one, nor after
    /// logging out on purpose, nor a second time.
    pub fn lost(&self) {
        let was_active = matches!(self.status.get_untracked(), SessionStatus::Active { .. });
        self.set_status.update(|status| {
            *status = std::mem::replace(status, SessionStatus::LoggedOut).expired()
        });
        if was_active {
            self.announcer
                .say("Your session has ended. Log in again to continue; nothing was lost.");
        }
    }

    /// Logged out on purpose.
    pub fn ended(&self) {
        remember_user(None);
        clear_user_cookie();
        self.set_status.set(SessionStatus::LoggedOut);
        self.announcer.say("Logged out.");
    }
}

#[cfg(any(test, feature = "testing"))]
impl Session {
    /// A status as a login, a read or a logout would have left it: for tests that mount a
    /// page without any network.
    pub fn arrange(&self, status: SessionStatus) {
        self.set_status.set(status);
    }
}
