//! Who polls the Cloud for every tab, where the browser has no Web Locks (plain http on a
//! LAN is not a secure context): a lease record in the history database that the polling
//! tab renews every cycle; a lease not renewed in time passes to the next tab that asks.

use serde::{Deserialize, Serialize};

/// The lease record's key in the meta store.
pub const LEASE: &str = "poller_lease";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// The tab holding it (a random id per page).
    pub tab: String,
    /// Epoch milliseconds after which it is free.
    pub until: i64,
}

/// The lease after `tab` asked for it at `now` to hold it `for_ms`: renewed or taken when
/// it is `tab`'s, free, expired or unreadable; `None` while another tab holds it.
pub fn claim(current: Option<&str>, tab: &str, now: i64, for_ms: i64) -> Option<Lease> {
    let held = current.and_then(|text| super::read::<Lease>(text).ok());
    match held {
        Some(lease) if lease.tab != tab && lease.until > now => None,
        _ => Some(Lease { tab: tab.to_string(), until: now + for_ms }),
    }
}

/// Whether the lease record names `tab`.
pub fn held_by(current: Option<&str>, tab: &str) -> bool {
    current.and_then(|text| super::read::<Lease>(text).ok()).is_some_and(|lease| lease.tab == tab)
}

impl Lease {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_tab_holds_the_lease_until_it_lapses() {
        let a = claim(None, "a", 0, 7_000).unwrap();
        assert_eq!(a.until, 7_000);
        let held = a.encode();
        assert_eq!(claim(Some(&held), "b", 6_999, 7_000), None, "a holds it");
        assert_eq!(claim(Some(&held), "a", 3_000, 7_000).unwrap().until, 10_000, "renewed");
        assert_eq!(claim(Some(&held), "b", 7_001, 7_000).unwrap().tab, "b", "lapsed");
        assert_eq!(claim(Some("garbage"), "b", 0, 7_000).unwrap().tab, "b");
        assert!(held_by(Some(&held), "a"));
        assert!(!held_by(Some(&held), "b"));
        assert!(!held_by(None, "a"));
    }
}
