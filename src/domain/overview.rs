//! Where the fleet stands (the overview, #23): per product family, per model and hardware,
//! how many devices run the newest release the Cloud holds for them, how many are behind it
//! and by how many releases, on a test build, offline, with a warning, on air — the versions
//! they run, and the fleet's compliance in one figure. Plain counting over the fleet and
//! the firmware list, so it stays instant at 50,000 devices.

use std::collections::{BTreeMap, HashMap};

use super::device::{CompatKey, FleetDevice, OnAir, Presence, Unreported};
use super::firmware::FirmwareList;
use super::releases::{KeyReleases, Releases, Standing};
use super::version::Version;

/// One model and hardware of the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStanding {
    pub key: CompatKey,
    /// "Ultra Stream HDMI (model 770) · hardware A".
    pub label: String,
    pub devices: usize,
    /// The newest release the Cloud holds for it, if any (and if it can be decided).
    pub newest: Option<Version>,
    /// Why its newest release cannot be decided (an entry for it was set aside), if so.
    pub undecided: Option<String>,
    pub on_newest: usize,
    /// Devices behind the newest release, by how many releases behind (1, 2, …).
    pub behind: BTreeMap<usize, usize>,
    /// On a test build the Cloud lists, or newer than every release.
    pub test_build: usize,
    /// Version not readable, or no release on the Cloud to compare with.
    pub unknown: usize,
    pub offline: usize,
    /// The Cloud did not report whether it is online (counted apart from offline).
    pub online_unknown: usize,
    /// Reporting a warning (no input signal).
    pub warning: usize,
    /// Recording or live, as the Cloud reports it.
    pub on_air: usize,
    /// Possibly on air: the Cloud did not report its on-air state.
    pub air_unknown: usize,
    /// Devices per firmware version as reported, newest first (unreadable ones last), each
    /// with where it stands against the releases (its colour everywhere).
    pub versions: Vec<(String, usize, Standing)>,
}

impl KeyStanding {
    /// No device of it can be compared with a release (none on the Cloud, or not decided):
    /// "not comparable" rather than "0 on it, 0 behind", which would look healthy.
    pub fn not_comparable(&self) -> bool {
        self.devices > 0 && self.unknown == self.devices
    }

    /// Devices behind the newest release, whatever by how much.
    pub fn behind_total(&self) -> usize {
        self.behind.values().sum()
    }
}

/// One product family and its models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyStanding {
    pub family: i64,
    pub name: String,
    pub keys: Vec<KeyStanding>,
}

/// The whole fleet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub families: Vec<FamilyStanding>,
    pub devices: usize,
}

impl Overview {
    pub fn of(devices: &[FleetDevice], firmware: &FirmwareList) -> Overview {
        let releases = Releases::of(firmware);
        let mut by_key: BTreeMap<(i64, i64, String), (String, Vec<&FleetDevice>)> = BTreeMap::new();
        for device in devices {
            let slot = (device.key.family, device.key.model, device.key.hardware.to_uppercase());
            by_key
                .entry(slot)
                .or_insert_with(|| (device.family_name.clone(), Vec::new()))
                .1
                .push(device);
        }
        let mut families: Vec<FamilyStanding> = Vec::new();
        for ((family, _, _), (family_name, devices)) in by_key {
            let of_key = releases.of_key(&devices[0].key).cloned().unwrap_or_default();
            let mut standing = standing(&devices, &of_key);
            standing.undecided = firmware.undecided_for(&devices[0].key).map(|u| u.why.join("; "));
            match families.last_mut() {
                Some(last) if last.family == family => last.keys.push(standing),
                _ => families.push(FamilyStanding {
                    family,
                    name: family_name,
                    keys: vec![standing],
                }),
            }
        }
        Overview { families, devices: devices.len() }
    }

    /// The devices whose on-air or online state the Cloud did not report, from the counts
    /// already made per model (no second pass over the fleet).
    pub fn unreported(&self) -> Unreported {
        self.families.iter().flat_map(|f| &f.keys).fold(Unreported::default(), |mut all, k| {
            all.on_air += k.air_unknown;
            all.online += k.online_unknown;
            all
        })
    }

    /// Devices on the newest release of those that have one to compare with, in tenths of a
    /// percent (whole numbers: no float formatting); `None` when no device has.
    pub fn compliance_permille(&self) -> Option<u32> {
        let (on, comparable) =
            self.families.iter().flat_map(|f| &f.keys).fold((0, 0), |(on, all), k| {
                (on + k.on_newest, all + k.on_newest + k.behind_total() + k.test_build)
            });
        (comparable > 0).then(|| (on * 1000 / comparable) as u32)
    }
}

fn standing(devices: &[&FleetDevice], releases: &KeyReleases) -> KeyStanding {
    let first = devices[0];
    let key = &first.key;
    let mut standing = KeyStanding {
        key: key.clone(),
        label: format!("{} · hardware {}", first.model_label(), super::text::drawn(&key.hardware)),
        devices: devices.len(),
        newest: releases.newest(),
        undecided: None,
        on_newest: 0,
        behind: BTreeMap::new(),
        test_build: 0,
        unknown: 0,
        offline: 0,
        online_unknown: 0,
        warning: 0,
        on_air: 0,
        air_unknown: 0,
        versions: Vec::new(),
    };
    let mut versions: HashMap<&str, (Option<Version>, usize)> = HashMap::new();
    for device in devices {
        standing.offline += usize::from(device.presence == Presence::Offline);
        standing.online_unknown += usize::from(device.presence == Presence::Unknown);
        standing.warning += usize::from(device.no_signal);
        standing.on_air += usize::from(device.on_air.is_some_and(OnAir::is_reported));
        standing.air_unknown += usize::from(device.on_air == Some(OnAir::Unknown));
        versions.entry(device.firmware.as_str()).or_insert((device.version, 0)).1 += 1;
        match releases.standing(device.version) {
            Standing::Newest => standing.on_newest += 1,
            Standing::Behind(by) => *standing.behind.entry(by).or_default() += 1,
            Standing::TestBuild => standing.test_build += 1,
            Standing::Unknown => standing.unknown += 1,
        }
    }
    let mut versions: Vec<(String, Option<Version>, usize)> =
        versions.into_iter().map(|(text, (version, n))| (text.to_string(), version, n)).collect();
    // Newest first; unreadable versions last, by their text.
    versions
        .sort_by(|a, b| b.1.is_some().cmp(&a.1.is_some()).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    standing.versions = versions
        .into_iter()
        .map(|(text, version, n)| (text, n, releases.standing(version)))
        .collect();
    standing
}

#[cfg(test)]
mod tests;
