//! What the browser's cookies say about the session, and what an account may do.

/// Cookie name/value pairs from `document.cookie`.
pub fn parse_cookies(header: &str) -> Vec<(String, String)> {
    header
        .split(';')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            let name = name.trim();
            (!name.is_empty()).then(|| {
                let value = value.trim().trim_matches('"');
                let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                (name.to_string(), decoded.into_owned())
            })
        })
        .collect()
}

/// What the readable cookies tell. The sid is usually `HttpOnly`, so its absence means
/// "unknown", never "logged out": only an API call can tell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CookieHint {
    /// `mwcloud-uid`, when readable and not empty.
    pub user: Option<String>,
    /// Whether `mwcloud-sid` is readable and not empty.
    pub sid_readable: bool,
}

impl CookieHint {
    pub fn read(header: &str) -> CookieHint {
        let mut hint = CookieHint::default();
        for (name, value) in parse_cookies(header) {
            if value.is_empty() {
                continue;
            }
            if name == sc_wire::cookie::UID {
                hint.user = Some(value);
            } else if name == sc_wire::cookie::SID {
                hint.sid_readable = true;
            }
        }
        hint
    }
}

/// What an account may do. The contract: `Admin` is the one administrator; every other
/// account is an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Operator,
    /// The user name could not be read; the Cloud will decide on each call.
    Unknown,
}

impl Role {
    pub fn of(user: Option<&str>) -> Role {
        match user {
            Some("Admin") => Role::Administrator,
            Some(_) => Role::Operator,
            None => Role::Unknown,
        }
    }

    /// Whether the console offers upgrading.
    pub fn may_upgrade(self) -> bool {
        self != Role::Operator
    }

    /// The rights, as the top bar says them.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Operator => "operator, read-only",
            Role::Unknown => "rights checked by the Cloud",
        }
    }
}

/// Who the session is, from what the Cloud confirmed rather than what the readable
/// `mwcloud-uid` cookie claims (any page of the site can write that cookie):
/// `administrator` is whether the Cloud answered an administrator-only read (`get-users`);
/// `None` when it could not be asked. The contract's one administrator is `Admin`, so a
/// confirmed administrator is named `Admin`; an operator's name cannot be confirmed, so the
/// cookie's is shown — never `Admin`, which would claim the administrator's history and
/// buttons. The console service decides the same way for its record.
pub fn confirmed_identity(
    cookie_user: Option<&str>,
    administrator: Option<bool>,
) -> (Option<String>, Role) {
    match administrator {
        Some(true) => (Some(ADMINISTRATOR.to_string()), Role::Administrator),
        Some(false) => {
            (cookie_user.filter(|u| *u != ADMINISTRATOR).map(str::to_string), Role::Operator)
        }
        // Not confirmed either way: the Cloud decides on each call; no name that claims
        // the administrator's.
        None => (cookie_user.filter(|u| *u != ADMINISTRATOR).map(str::to_string), Role::Unknown),
    }
}

/// The contract's one administrator account.
pub const ADMINISTRATOR: &str = "Admin";

/// Where the console's session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// Asking the Cloud whether the browser's session is valid.
    Checking,
    /// No session: the login page.
    LoggedOut,
    Active {
        user: Option<String>,
        role: Role,
    },
    /// The session ended mid-use: a login prompt over the page, which keeps everything.
    Expired {
        user: Option<String>,
        role: Role,
    },
}

impl SessionStatus {
    pub fn role(&self) -> Option<Role> {
        match self {
            SessionStatus::Active { role, .. } | SessionStatus::Expired { role, .. } => Some(*role),
            SessionStatus::Checking | SessionStatus::LoggedOut => None,
        }
    }

    pub fn user(&self) -> Option<String> {
        match self {
            SessionStatus::Active { user, .. } | SessionStatus::Expired { user, .. } => {
                user.clone()
            }
            SessionStatus::Checking | SessionStatus::LoggedOut => None,
        }
    }

    /// Whether this user may start upgrades: the one rule every view asks.
    pub fn may_upgrade(&self) -> bool {
        self.role().is_some_and(Role::may_upgrade)
    }

    /// The same user and rights, after the session ended mid-use.
    pub fn expired(self) -> SessionStatus {
        match self {
            SessionStatus::Active { user, role } | SessionStatus::Expired { user, role } => {
                SessionStatus::Expired { user, role }
            }
            SessionStatus::Checking | SessionStatus::LoggedOut => SessionStatus::LoggedOut,
        }
    }
}

/// Who the browser's session was found to belong to, in words: the user the readable
/// cookie names, isolated, or what the Cloud's answer showed.
pub fn switched_words(cookie_user: Option<&str>) -> String {
    match cookie_user {
        Some(user) => {
            format!("{} (another tab or window logged in)", crate::domain::text::isolate(user))
        }
        None => "another user, not an administrator (another tab or window logged in)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_parses_with_spaces_quotes_and_escapes() {
        let cookies = parse_cookies(r#"a=1; mwcloud-uid="Ad%20min" ;empty=; =x; junk"#);
        assert_eq!(
            cookies,
            [
                ("a".into(), "1".into()),
                ("mwcloud-uid".into(), "Ad min".into()),
                ("empty".into(), String::new())
            ]
        );
    }

    #[test]
    fn hint_reads_uid_and_notices_a_readable_sid() {
        let hint = CookieHint::read("mwcloud-sid=ABC; mwcloud-uid=Admin");
        assert_eq!(hint, CookieHint { user: Some("Admin".into()), sid_readable: true });
        assert_eq!(CookieHint::read("mwcloud-sid=; other=1"), CookieHint::default());
        assert_eq!(CookieHint::read(""), CookieHint::default());
    }

    #[test]
    fn an_expired_session_keeps_its_user_and_an_operator_may_never_upgrade() {
        let operator =
            SessionStatus::Active { user: Some("operator".into()), role: Role::Operator };
        assert!(!operator.may_upgrade());
        let expired = operator.expired();
        assert_eq!(expired.user().as_deref(), Some("operator"));
        assert!(matches!(expired, SessionStatus::Expired { .. }));
        assert_eq!(SessionStatus::Checking.expired(), SessionStatus::LoggedOut);
        assert!(!SessionStatus::LoggedOut.may_upgrade());
    }

    #[test]
    fn identity_is_what_the_cloud_confirmed_not_what_the_cookie_claims() {
        // An operator whose cookie says Admin: an operator, and not named Admin.
        assert_eq!(confirmed_identity(Some("Admin"), Some(false)), (None, Role::Operator));
        assert_eq!(
            confirmed_identity(Some("ops"), Some(false)),
            (Some("ops".into()), Role::Operator)
        );
        // The administrator confirmed, whatever the cookie says (or if it is unreadable).
        assert_eq!(
            confirmed_identity(None, Some(true)),
            (Some("Admin".into()), Role::Administrator)
        );
        assert_eq!(confirmed_identity(Some("ops"), Some(true)).1, Role::Administrator);
        // Not asked: the Cloud decides on each call, and the cookie's Admin is not believed.
        assert_eq!(confirmed_identity(Some("Admin"), None), (None, Role::Unknown));
    }

    #[test]
    fn only_admin_is_an_administrator() {
        assert_eq!(Role::of(Some("Admin")), Role::Administrator);
        assert_eq!(Role::of(Some("operator")), Role::Operator);
        assert!(!Role::of(Some("admin")).may_upgrade());
        assert!(Role::of(None).may_upgrade(), "unknown: let the Cloud decide");
    }
}
