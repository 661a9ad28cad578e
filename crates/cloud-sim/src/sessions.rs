//! Accounts and login sessions.

use std::collections::HashMap;
use std::time::Duration;

use md5::{Digest, Md5};
use rand::Rng;
use rand::distr::Uniform;
use tokio::time::Instant;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Operator,
}

/// A built-in account.
#[derive(Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: &'static str,
    pub password: &'static str,
    pub role: Role,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Administrator
    }
}

/// The operator account, which some devices and groups are opened to.
pub const OPERATOR: &str = "operator";

/// The demo accounts, as printed at start-up and in the README.
pub const USERS: [User; 2] = [
    User { id: 1, name: "Admin", password: "Admin", role: Role::Administrator },
    User { id: 2, name: OPERATOR, password: "operator", role: Role::Operator },
];

/// Lower-case hex MD5, as the login form's `pass` carries it.
pub fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a login failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    NoSuchUser,
    WrongPassword,
}

/// Checks a user name and password hash against the accounts.
pub fn authenticate(name: &str, pass_md5: &str) -> Result<&'static User, LoginError> {
    let user = USERS.iter().find(|u| u.name == name).ok_or(LoginError::NoSuchUser)?;
    if md5_hex(user.password).eq_ignore_ascii_case(pass_md5.trim()) {
        Ok(user)
    } else {
        Err(LoginError::WrongPassword)
    }
}

#[derive(Debug)]
struct Session {
    user: &'static User,
    last_seen: Instant,
}

/// Open sessions by id. A session lives `ttl` past its last use.
#[derive(Debug)]
pub struct Sessions {
    ttl: Duration,
    by_sid: HashMap<String, Session>,
}

impl Sessions {
    pub fn new(ttl: Duration) -> Self {
        Sessions { ttl, by_sid: HashMap::new() }
    }

    /// Opens a session and returns its id: 32 random capital letters, like the Cloud's.
    pub fn open(&mut self, user: &'static User, now: Instant) -> String {
        let letters = Uniform::new_inclusive(b'A', b'Z').expect("valid range");
        let sid: String = rand::rng().sample_iter(letters).take(32).map(char::from).collect();
        self.by_sid.insert(sid.clone(), Session { user, last_seen: now });
        sid
    }

    /// The user of a live session, refreshing its lifetime; expired sessions are dropped.
    pub fn check(&mut self, sid: &str, now: Instant) -> Option<&'static User> {
        let ttl = self.ttl;
        let session = self.by_sid.get_mut(sid)?;
        if now.saturating_duration_since(session.last_seen) > ttl {
            self.by_sid.remove(sid);
            return None;
        }
        session.last_seen = now;
        Some(session.user)
    }

    pub fn close(&mut self, sid: &str) {
        self.by_sid.remove(sid);
    }

    /// Every open session now belongs to `user`: what a console sees when another tab logs
    /// its browser in as `user` and the user cookie cannot be read (fault injection).
    pub fn hand_all_to(&mut self, user: &'static User) {
        for session in self.by_sid.values_mut() {
            session.user = user;
        }
    }

    /// Ends every session at once (fault injection).
    pub fn expire_all(&mut self) {
        self.by_sid.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_example_hash_logs_admin_in() {
        assert_eq!(md5_hex("Admin"), "e3afed0047b08059d0fada10f400c1e5");
        assert_eq!(authenticate("Admin", "e3afed0047b08059d0fada10f400c1e5"), Ok(&USERS[0]));
        assert_eq!(authenticate("Admin", &md5_hex("admin")), Err(LoginError::WrongPassword));
        assert_eq!(authenticate("nobody", &md5_hex("x")), Err(LoginError::NoSuchUser));
    }

    #[test]
    fn sessions_expire_after_ttl_of_idleness() {
        let mut sessions = Sessions::new(Duration::from_secs(10));
        let t0 = Instant::now();
        let sid = sessions.open(&USERS[1], t0);
        assert_eq!(sid.len(), 32);
        assert!(sessions.check(&sid, t0 + Duration::from_secs(8)).is_some());
        assert!(sessions.check(&sid, t0 + Duration::from_secs(16)).is_some(), "use extends it");
        assert!(sessions.check(&sid, t0 + Duration::from_secs(40)).is_none());
        assert!(sessions.check(&sid, t0 + Duration::from_secs(41)).is_none());
    }
}
