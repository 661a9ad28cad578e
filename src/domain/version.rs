//! Firmware versions (`major.minor.build`) that order numerically: 1.5.178 > 1.5.79.

use std::fmt;

/// A parsed firmware version. Field order gives the numeric ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub build: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, build: u32) -> Self {
        Version { major, minor, build }
    }

    /// Parses `1.5.178` (surrounding spaces and a leading `v` are tolerated);
    /// anything else is `None`, since a device may report text we cannot compare.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        let mut parts = text.split('.').map(|p| p.parse::<u32>().ok());
        let version = Version::new(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(version)
    }

    /// From the firmware list's three numeric fields; negative numbers are not versions.
    pub fn from_parts(major: i64, minor: i64, build: i64) -> Option<Version> {
        Some(Version::new(
            u32::try_from(major).ok()?,
            u32::try_from(minor).ok()?,
            u32::try_from(build).ok()?,
        ))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.build)
    }
}

/// What installing a target version does to a device on `current`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    Upgrade,
    Same,
    Downgrade,
    /// The device reports a version we cannot read.
    Unknown,
}

impl Change {
    pub fn between(current: Option<Version>, target: Version) -> Change {
        match current {
            None => Change::Unknown,
            Some(current) if current < target => Change::Upgrade,
            Some(current) if current == target => Change::Same,
            Some(_) => Change::Downgrade,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_numbers_order_numerically_not_as_text() {
        let newer = Version::parse("1.5.178").unwrap();
        let older = Version::parse("1.5.79").unwrap();
        assert!(newer > older);
        assert!(Version::parse("1.10.0").unwrap() > Version::parse("1.9.999").unwrap());
        assert!(Version::parse("2.0.0").unwrap() > Version::parse("1.99.99").unwrap());
    }

    #[test]
    fn parse_round_trips_and_rejects_junk() {
        assert_eq!(Version::parse(" v1.5.79 ").unwrap().to_string(), "1.5.79");
        for junk in ["", "1.5", "1.5.x", "1.5.79.2", "-1.5.2", "abc", "1..2"] {
            assert_eq!(Version::parse(junk), None, "{junk:?}");
        }
        assert_eq!(Version::from_parts(1, -5, 2), None);
    }

    #[test]
    fn change_compares_current_with_target() {
        let target = Version::new(1, 5, 178);
        assert_eq!(Change::between(Version::parse("1.5.79"), target), Change::Upgrade);
        assert_eq!(Change::between(Version::parse("1.5.178"), target), Change::Same);
        assert_eq!(Change::between(Version::parse("1.6.3"), target), Change::Downgrade);
        assert_eq!(Change::between(None, target), Change::Unknown);
    }
}
