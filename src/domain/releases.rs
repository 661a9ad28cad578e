//! Where a device stands against the releases the Cloud holds for its model and hardware:
//! on the newest, behind it by how many releases, on a test build, or not comparable. One
//! rule for the overview's counts and the fleet's filter, so a number on the overview and
//! the fleet it links to always agree.

use std::collections::HashMap;

use super::device::{CompatKey, FleetDevice, same_hardware};
use super::firmware::FirmwareList;
use super::version::Version;

/// A device's firmware against its model and hardware's releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// On the newest release the Cloud holds for it.
    Newest,
    /// Behind the newest release by this many releases (1 or more).
    Behind(usize),
    /// On a test build the Cloud lists, or newer than every release.
    TestBuild,
    /// Its version cannot be read, or the Cloud holds no release to compare with.
    Unknown,
}

impl Standing {
    /// For people, against the newest release: "one release behind 1.5.178".
    pub fn describe(self, newest: Option<Version>) -> String {
        let newest = newest.map(|v| format!(" {v}")).unwrap_or_default();
        match self {
            Standing::Newest => "the newest release".into(),
            Standing::Behind(1) => format!("one release behind{newest}"),
            Standing::Behind(n) => format!("{n} releases behind{newest}"),
            Standing::TestBuild => "a test build".into(),
            Standing::Unknown => "not comparable with a release on the Cloud".into(),
        }
    }

    /// Its colour's name, the same on every page and in every legend: the newest, behind
    /// by 1, by 2, by 3 or more, a test build, not comparable.
    pub fn shade(self) -> &'static str {
        match self {
            Standing::Newest => "newest",
            Standing::Behind(1) => "behind-1",
            Standing::Behind(2) => "behind-2",
            Standing::Behind(_) => "behind-3",
            Standing::TestBuild => "test-build",
            Standing::Unknown => "unknown",
        }
    }

    /// Its words beside a version in a legend: "newest", "2 behind", "test build".
    pub fn short(self) -> String {
        match self {
            Standing::Newest => "newest".into(),
            Standing::Behind(n) => format!("{n} behind"),
            Standing::TestBuild => "test build".into(),
            Standing::Unknown => "not comparable".into(),
        }
    }

    /// Every colour once, in the legend's order, with its words.
    pub const SHADES: [(&'static str, &'static str); 6] = [
        ("newest", "newest release"),
        ("behind-1", "1 release behind"),
        ("behind-2", "2 behind"),
        ("behind-3", "3 or more behind"),
        ("test-build", "test build"),
        ("unknown", "not comparable"),
    ];
}

/// The versions the Cloud holds for one model and hardware, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyReleases {
    hardware: String,
    pub releases: Vec<Version>,
    pub test_builds: Vec<Version>,
    /// An entry of the Cloud's list for it was set aside: its newest release is not
    /// decided (the entry may be the newest), so no device of it stands against one.
    pub undecided: bool,
}

impl KeyReleases {
    /// The newest release, unless it cannot be decided.
    pub fn newest(&self) -> Option<Version> {
        if self.undecided { None } else { self.releases.first().copied() }
    }

    pub fn standing(&self, version: Option<Version>) -> Standing {
        match (version, self.newest()) {
            (Some(version), Some(newest)) if version == newest => Standing::Newest,
            (Some(version), Some(newest))
                if version > newest || self.test_builds.contains(&version) =>
            {
                Standing::TestBuild
            }
            (Some(version), Some(_)) => {
                Standing::Behind(self.releases.iter().take_while(|r| **r > version).count())
            }
            _ => Standing::Unknown,
        }
    }
}

/// The releases of `model` and `hardware` in `by_model`, made empty when new.
fn slot<'a>(
    by_model: &'a mut HashMap<i64, Vec<KeyReleases>>,
    model: i64,
    hardware: &str,
) -> &'a mut KeyReleases {
    let of_model = by_model.entry(model).or_default();
    match of_model.iter().position(|k| same_hardware(&k.hardware, hardware)) {
        Some(at) => &mut of_model[at],
        None => {
            of_model.push(KeyReleases { hardware: hardware.to_string(), ..Default::default() });
            of_model.last_mut().expect("just pushed")
        }
    }
}

/// The Cloud's firmware list by model, then hardware (compared as [`same_hardware`] does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Releases(HashMap<i64, Vec<KeyReleases>>);

impl Releases {
    pub fn of(list: &FirmwareList) -> Releases {
        let mut by_model: HashMap<i64, Vec<KeyReleases>> = HashMap::new();
        for entry in list.firmwares.iter().map(|f| &f.entry) {
            let slot = slot(&mut by_model, entry.model, &entry.hardware);
            let into = if entry.is_test_build { &mut slot.test_builds } else { &mut slot.releases };
            into.push(entry.version);
        }
        for undecided in &list.undecided {
            slot(&mut by_model, undecided.model, &undecided.hardware).undecided = true;
        }
        for key in by_model.values_mut().flatten() {
            for versions in [&mut key.releases, &mut key.test_builds] {
                versions.sort_by(|a, b| b.cmp(a));
                versions.dedup();
            }
        }
        Releases(by_model)
    }

    /// What the Cloud holds for `key` (nothing when it holds nothing).
    pub fn of_key(&self, key: &CompatKey) -> Option<&KeyReleases> {
        self.0.get(&key.model)?.iter().find(|k| same_hardware(&k.hardware, &key.hardware))
    }

    pub fn newest(&self, key: &CompatKey) -> Option<Version> {
        self.of_key(key)?.newest()
    }

    pub fn standing(&self, device: &FleetDevice) -> Standing {
        self.of_key(&device.key).map_or(Standing::Unknown, |k| k.standing(device.version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{device, library};

    #[test]
    fn a_model_whose_newest_release_is_not_decided_has_no_newest_and_no_standing() {
        let mut list = library();
        list.doubt(770, "a", "firmware id 21 is listed for 2 firmwares".into());
        let releases = Releases::of(&list);
        let key = device("A", 770, "A", "1.5.178").key;
        assert_eq!(releases.newest(&key), None, "never the newest by omission");
        assert_eq!(releases.standing(&device("A", 770, "A", "1.5.178")), Standing::Unknown);
        assert!(releases.newest(&device("B", 770, "B", "1.0.0").key).is_some(), "others kept");
    }

    #[test]
    fn a_device_stands_on_behind_or_ahead_of_its_releases() {
        let releases = Releases::of(&library());
        let on = |sn, model, hw, fw| releases.standing(&device(sn, model, hw, fw));
        assert_eq!(on("A", 770, "A", "1.5.178"), Standing::Newest);
        assert_eq!(on("A", 770, "a", "1.5.178"), Standing::Newest, "hardware in either case");
        assert_eq!(on("A", 770, "A", "1.5.79"), Standing::Behind(1));
        assert_eq!(on("A", 770, "A", "1.5.100"), Standing::Behind(1), "between two releases");
        assert_eq!(on("A", 770, "A", "1.0.0"), Standing::Behind(2));
        assert_eq!(on("A", 770, "A", "1.6.0"), Standing::TestBuild, "a listed test build");
        assert_eq!(on("A", 770, "A", "2.0.0"), Standing::TestBuild, "newer than every release");
        assert_eq!(on("A", 770, "A", "garbled"), Standing::Unknown);
        assert_eq!(on("A", 999, "A", "1.0.0"), Standing::Unknown, "no release to compare with");
        assert_eq!(
            releases.newest(&device("B", 770, "B", "1.0.0").key).map(|v| v.to_string()),
            Some("1.6.12".into())
        );
        let newest = releases.newest(&device("A", 770, "A", "1.0.0").key);
        assert_eq!(Standing::Behind(2).describe(newest), "2 releases behind 1.5.178");
        assert_eq!(Standing::Behind(1).describe(newest), "one release behind 1.5.178");
    }
}
