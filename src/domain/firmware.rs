//! Firmware on the Cloud, as the console offers it: newest first, release or test build,
//! and what it would do to the selected devices.

use sc_wire::Firmware;
use serde::{Deserialize, Serialize};

use super::device::{CompatKey, same_hardware};
use super::reading::Reading;
use super::version::{Change, Version};

/// A firmware's index on the Cloud: the only thing `upgrade/start` accepts as its
/// `firmware-id`. Distinct from the list's version-type field, which the wire also calls
/// `firmware-id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FirmwareRef(pub i64);

/// One firmware the Cloud holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareEntry {
    pub reference: FirmwareRef,
    pub version: Version,
    pub is_test_build: bool,
    /// Upload time, epoch seconds.
    pub uploaded: i64,
    pub model: i64,
    pub hardware: String,
}

impl FirmwareEntry {
    /// `None` for an entry whose version numbers are not a version.
    pub fn from_wire(firmware: &Firmware) -> Option<FirmwareEntry> {
        Some(FirmwareEntry {
            reference: FirmwareRef(firmware.id),
            version: Version::from_parts(
                firmware.major_ver,
                firmware.minor_ver,
                firmware.build_number,
            )?,
            is_test_build: firmware.is_test_build(),
            uploaded: firmware.upload_date,
            model: firmware.product_id,
            hardware: firmware.hardware_ver.clone(),
        })
    }

    /// Newer versions first; of one version, the later upload first.
    pub fn newest_first(a: &FirmwareEntry, b: &FirmwareEntry) -> std::cmp::Ordering {
        b.version.cmp(&a.version).then(b.uploaded.cmp(&a.uploaded))
    }

    pub fn kind(&self) -> FirmwareKind {
        FirmwareKind::of(self.is_test_build)
    }

    /// Whether the firmware is made for devices of `key` (the Cloud lists by family
    /// already; model and hardware are checked again here).
    pub fn fits(&self, key: &CompatKey) -> bool {
        self.model == key.model && same_hardware(&self.hardware, &key.hardware)
    }
}

/// The entries of a `get-all-firmwares` reply that fit `key`, newest version first
/// (newest upload first among equal versions). Unreadable entries are counted, not shown.
pub fn offer_for(key: &CompatKey, list: &FirmwareList) -> (Vec<FirmwareEntry>, usize) {
    let mut entries: Vec<FirmwareEntry> =
        list.firmwares.iter().map(|f| &f.entry).filter(|e| e.fits(key)).cloned().collect();
    super::order::sort(&mut entries, &FirmwareEntry::newest_first);
    (entries, list.unreadable())
}

/// A firmware as the Cloud stores it: its entry and the file behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudFirmware {
    pub entry: FirmwareEntry,
    /// The Cloud's path of the file, which identifies an uploaded firmware.
    pub file_path: String,
}

/// The Cloud's firmware list as the console reads it: what could be read, and the notes of
/// the reading (entries set aside are never offered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirmwareList {
    pub firmwares: Vec<CloudFirmware>,
    pub reading: Reading,
}

impl FirmwareList {
    /// Entries whose numbers are not a version are set aside, by id.
    pub fn from_wire(list: &[Firmware]) -> FirmwareList {
        let mut reading = Reading::default();
        let firmwares = list
            .iter()
            .filter_map(|f| {
                let Some(entry) = FirmwareEntry::from_wire(f) else {
                    reading.set_aside(
                        Some(f.id.to_string()),
                        "marjor-ver.minor-ver.build-number",
                        format!("{}.{}.{}", f.major_ver, f.minor_ver, f.build_number),
                    );
                    return None;
                };
                Some(CloudFirmware { entry, file_path: f.file_path.clone() })
            })
            .collect();
        FirmwareList { firmwares, reading }
    }

    /// How many entries of the Cloud's list are not offered.
    pub fn unreadable(&self) -> usize {
        self.reading.set_aside.len()
    }
}

/// Release or test build: the one place that names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirmwareKind {
    Release,
    TestBuild,
}

impl FirmwareKind {
    pub fn of(is_test_build: bool) -> FirmwareKind {
        if is_test_build { FirmwareKind::TestBuild } else { FirmwareKind::Release }
    }

    /// "release" or "test build", as the console says it.
    pub fn label(self) -> &'static str {
        match self {
            FirmwareKind::Release => "release",
            FirmwareKind::TestBuild => "test build",
        }
    }

    /// The badge's style class.
    pub fn badge(self) -> &'static str {
        match self {
            FirmwareKind::Release => "badge release",
            FirmwareKind::TestBuild => "badge test",
        }
    }
}

/// How many devices a firmware upgrades, leaves unchanged, downgrades, or can't compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub upgrade: usize,
    pub same: usize,
    pub downgrade: usize,
    pub unknown: usize,
}

impl std::fmt::Display for ChangeCounts {
    /// "upgrades 3 · unchanged 1 · downgrades 0", and the unknown ones if any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "upgrades {} · unchanged {} · downgrades {}",
            self.upgrade, self.same, self.downgrade
        )?;
        if self.unknown > 0 {
            write!(f, " · unknown current version {}", self.unknown)?;
        }
        Ok(())
    }
}

impl ChangeCounts {
    /// Counts over the devices' versions (`None`: a version that could not be read).
    pub fn of(target: Version, versions: impl IntoIterator<Item = Option<Version>>) -> Self {
        let mut counts = ChangeCounts::default();
        for version in versions {
            match Change::between(version, target) {
                Change::Upgrade => counts.upgrade += 1,
                Change::Same => counts.same += 1,
                Change::Downgrade => counts.downgrade += 1,
                Change::Unknown => counts.unknown += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fw(id: i64, model: i64, hw: &str, v: (i64, i64, i64), kind: i64, date: i64) -> Firmware {
        serde_json::from_value(json!({"id": id, "product-id": model, "hardware-ver": hw,
            "marjor-ver": v.0, "minor-ver": v.1, "build-number": v.2, "firmware-id": kind,
            "upload-date": date}))
        .unwrap()
    }

    #[test]
    fn offer_keeps_the_key_and_puts_the_newest_first() {
        let key = CompatKey { family: 1, model: 770, hardware: "A".into() };
        let list = [
            fw(1, 770, "A", (1, 5, 79), 0, 10),
            fw(2, 770, "A", (1, 5, 178), 0, 20),
            fw(3, 770, "B", (1, 6, 0), 0, 30),
            fw(4, 771, "A", (1, 6, 0), 0, 30),
            fw(5, 770, "A", (1, 6, 3), 1, 40),
            fw(6, 770, "A", (1, -1, 3), 0, 40),
        ];
        let (offer, unreadable) = offer_for(&key, &FirmwareList::from_wire(&list));
        let counts = ChangeCounts { upgrade: 2, same: 1, downgrade: 0, unknown: 1 };
        assert_eq!(
            counts.to_string(),
            "upgrades 2 · unchanged 1 · downgrades 0 · unknown current version 1"
        );
        let ids: Vec<i64> = offer.iter().map(|e| e.reference.0).collect();
        assert_eq!(ids, [5, 2, 1]);
        assert!(offer[0].is_test_build);
        assert_eq!(unreadable, 1);
    }
}
