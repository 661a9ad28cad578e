//! Firmware on the Cloud, as the console offers it: newest first, release or test build,
//! and what it would do to the selected devices.

use sc_wire::Firmware;

use super::device::{CompatKey, same_hardware};
use super::reading::{Form, Reading};
use super::version::{Change, Version};

/// A firmware's index on the Cloud: the only thing `upgrade/start` accepts as its
/// `firmware-id`. Distinct from the list's version-type field, which the wire also calls
/// `firmware-id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FirmwareRef(pub i64);

/// One firmware the Cloud holds.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        key.is_for(self.model, &self.hardware)
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

/// What the firmware choice for one batch key shows: the offer, newest first; how many
/// entries of the list could not be read; what the list leaves in doubt for the key; and
/// whether its newest release can be decided (else no entry is marked the newest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOffer {
    pub entries: Vec<FirmwareEntry>,
    pub unreadable: usize,
    pub doubts: Vec<String>,
    pub undecided: bool,
}

impl KeyOffer {
    pub fn of(key: &CompatKey, list: &FirmwareList) -> KeyOffer {
        let (entries, unreadable) = offer_for(key, list);
        KeyOffer {
            entries,
            unreadable,
            doubts: list.doubts_for(key),
            undecided: list.undecided_for(key).is_some(),
        }
    }

    /// The newest release on offer, unless the list leaves it undecided.
    pub fn newest_release(&self) -> Option<&FirmwareEntry> {
        self.entries.iter().find(|e| !e.is_test_build).filter(|_| !self.undecided)
    }
}

/// A firmware as the Cloud stores it: its entry and the file behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudFirmware {
    pub entry: FirmwareEntry,
    /// The Cloud's path of the file, which identifies an uploaded firmware.
    pub file_path: String,
}

/// One firmware as the Cloud lists it under an id: what an ambiguous id is listed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub model: i64,
    pub hardware: String,
    /// `marjor-ver.minor-ver.build-number` as listed (not necessarily a version).
    pub version: String,
    pub is_test_build: bool,
}

impl Listing {
    fn of(firmware: &Firmware) -> Listing {
        Listing {
            model: firmware.product_id,
            hardware: firmware.hardware_ver.clone(),
            version: firmware.version_text(),
            is_test_build: firmware.is_test_build(),
        }
    }

    /// Two listings of one firmware: the same model, hardware (in either case), version
    /// and kind. The file path and upload date may differ in a repeated listing.
    fn same(&self, other: &Listing) -> bool {
        self.model == other.model
            && same_hardware(&self.hardware, &other.hardware)
            && self.version == other.version
            && self.is_test_build == other.is_test_build
    }
}

impl std::fmt::Display for Listing {
    /// "3.5.0 (model 900, hardware A)", "1.6.0 (test build, model 770, hardware A)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.is_test_build { "test build, " } else { "" };
        write!(f, "{} ({kind}model {}, hardware {})", self.version, self.model, self.hardware)
    }
}

/// A firmware id the Cloud lists for more than one firmware: which file `upgrade/start`
/// would install under it cannot be told, so none of its entries is offered or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousId {
    pub id: FirmwareRef,
    /// What the id is listed for, each once, in the Cloud's order.
    pub listings: Vec<Listing>,
}

impl AmbiguousId {
    /// Whether one of its listings is for `key`'s model and hardware.
    pub fn concerns(&self, key: &CompatKey) -> bool {
        self.listings.iter().any(|l| key.is_for(l.model, &l.hardware))
    }

    /// "listed for 1.5.178 (model 770, hardware A) and 3.5.0 (model 900, hardware A)".
    fn listed_for(&self) -> String {
        let listings: Vec<String> = self.listings.iter().map(ToString::to_string).collect();
        match listings.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                format!("listed for {} and {last}", rest.join(", "))
            }
            _ => format!("listed for {}", listings.join("")),
        }
    }
}

impl std::fmt::Display for AmbiguousId {
    /// "Firmware id 21 is listed for … and …: set aside, never offered or sent."
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Firmware id {} is {}: set aside, never offered or sent.",
            self.id.0,
            self.listed_for()
        )
    }
}

/// A model and hardware whose newest release the console cannot decide: an entry of the
/// Cloud's list for it was set aside, and it may be the newest. Never decided by omission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecided {
    pub model: i64,
    pub hardware: String,
    /// Why, one line per entry set aside: "firmware id 21 is listed for two firmwares".
    pub why: Vec<String>,
}

impl Undecided {
    pub fn concerns(&self, key: &CompatKey) -> bool {
        key.is_for(self.model, &self.hardware)
    }
}

impl std::fmt::Display for Undecided {
    /// "Newest release of model 900, hardware A not decided: firmware id 21 is listed for
    /// two firmwares."
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Newest release of model {}, hardware {} not decided: {}.",
            self.model,
            self.hardware,
            self.why.join("; ")
        )
    }
}

/// The Cloud's firmware list as the console reads it: what could be read, and the notes of
/// the reading (entries set aside are never offered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirmwareList {
    pub firmwares: Vec<CloudFirmware>,
    pub reading: Reading,
    /// Ids listed for more than one firmware (all their entries set aside).
    pub ambiguous: Vec<AmbiguousId>,
    /// Models and hardware whose newest release cannot be decided.
    pub undecided: Vec<Undecided>,
}

impl FirmwareList {
    /// Entries whose numbers are not a version are set aside, by id; an id listed for more
    /// than one firmware is set aside with every entry of it; an entry repeated exactly is
    /// listed once. Each model and hardware that lost an entry has no decided newest.
    pub fn from_wire(list: &[Firmware]) -> FirmwareList {
        let mut by_id: std::collections::HashMap<i64, Vec<Listing>> =
            std::collections::HashMap::with_capacity(list.len());
        for firmware in list {
            let listings = by_id.entry(firmware.id).or_default();
            let listing = Listing::of(firmware);
            if !listings.iter().any(|l| l.same(&listing)) {
                listings.push(listing);
            }
        }
        let mut out = FirmwareList::default();
        let mut taken = std::collections::HashSet::with_capacity(list.len());
        for firmware in list {
            let listings = &by_id[&firmware.id];
            if listings.len() > 1 {
                if taken.insert(firmware.id) {
                    out.set_aside_ambiguous(AmbiguousId {
                        id: FirmwareRef(firmware.id),
                        listings: listings.clone(),
                    });
                }
                continue;
            }
            if !taken.insert(firmware.id) {
                out.reading.accept("id", Form::Repeated);
                continue;
            }
            let Some(entry) = FirmwareEntry::from_wire(firmware) else {
                let version = firmware.version_text();
                out.reading.set_aside(
                    Some(firmware.id.to_string()),
                    "marjor-ver.minor-ver.build-number",
                    version.clone(),
                );
                out.doubt(
                    firmware.product_id,
                    &firmware.hardware_ver,
                    format!("firmware id {} has no readable version ({version})", firmware.id),
                );
                continue;
            };
            out.firmwares.push(CloudFirmware { entry, file_path: firmware.file_path.clone() });
        }
        out
    }

    fn set_aside_ambiguous(&mut self, ambiguous: AmbiguousId) {
        self.reading.set_aside(Some(ambiguous.id.0.to_string()), "id", ambiguous.listed_for());
        let why = format!(
            "firmware id {} is listed for {} firmwares",
            ambiguous.id.0,
            ambiguous.listings.len()
        );
        for listing in &ambiguous.listings {
            self.doubt(listing.model, &listing.hardware, why.clone());
        }
        self.ambiguous.push(ambiguous);
    }

    /// Marks `model` and `hardware`'s newest release as not decided, saying why (an entry
    /// for it was set aside).
    pub fn doubt(&mut self, model: i64, hardware: &str, why: String) {
        match self
            .undecided
            .iter_mut()
            .find(|u| u.model == model && same_hardware(&u.hardware, hardware))
        {
            Some(undecided) if undecided.why.contains(&why) => {}
            Some(undecided) => undecided.why.push(why),
            None => self.undecided.push(Undecided {
                model,
                hardware: hardware.to_string(),
                why: vec![why],
            }),
        }
    }

    /// How many entries of the Cloud's list are not offered.
    pub fn unreadable(&self) -> usize {
        self.reading.set_aside.len()
    }

    /// Whether `key`'s newest release cannot be decided, and why.
    pub fn undecided_for(&self, key: &CompatKey) -> Option<&Undecided> {
        self.undecided.iter().find(|u| u.concerns(key))
    }

    /// The ambiguous id listed for `key` at `version`, if any: what a rollback to that
    /// version cannot send.
    pub fn ambiguous_at(&self, key: &CompatKey, version: Version) -> Option<&AmbiguousId> {
        self.ambiguous.iter().find(|a| {
            a.listings.iter().any(|l| {
                key.is_for(l.model, &l.hardware) && Version::parse(&l.version) == Some(version)
            })
        })
    }

    /// What a page offering firmware for `key` must say: each ambiguous id listed for it,
    /// and that its newest release is not decided.
    pub fn doubts_for(&self, key: &CompatKey) -> Vec<String> {
        let ambiguous = self.ambiguous.iter().filter(|a| a.concerns(key)).map(ToString::to_string);
        ambiguous.chain(self.undecided_for(key).map(ToString::to_string)).collect()
    }

    /// The same for every model and hardware: what the library and the overview say.
    pub fn doubts(&self) -> Vec<String> {
        let ambiguous = self.ambiguous.iter().map(ToString::to_string);
        ambiguous.chain(self.undecided.iter().map(ToString::to_string)).collect()
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
    fn an_id_listed_for_two_firmwares_is_never_offered_and_its_keys_have_no_newest() {
        let key = |model: i64| CompatKey { family: 1, model, hardware: "A".into() };
        let list = [
            fw(21, 770, "A", (1, 5, 178), 0, 10),
            fw(21, 900, "A", (3, 5, 0), 0, 20),
            fw(22, 900, "A", (1, 0, 1), 0, 30),
            fw(23, 770, "A", (1, 5, 79), 0, 5),
            fw(23, 770, "a", (1, 5, 79), 0, 6),
        ];
        let list = FirmwareList::from_wire(&list);
        let ids: Vec<i64> = list.firmwares.iter().map(|f| f.entry.reference.0).collect();
        assert_eq!(ids, [22, 23], "21 never offered; 23 repeated exactly, listed once");
        assert_eq!(offer_for(&key(900), &list).0.len(), 1);
        assert_eq!(
            list.ambiguous[0].to_string(),
            "Firmware id 21 is listed for 1.5.178 (model 770, hardware A) and 3.5.0 (model 900, \
             hardware A): set aside, never offered or sent."
        );
        assert_eq!(list.reading.set_aside.len(), 1);
        assert_eq!(
            list.reading.accepted[0].to_string(),
            "id: listed again exactly, shown once (1 record)"
        );
        assert!(list.undecided_for(&key(770)).is_some() && list.undecided_for(&key(900)).is_some());
        assert_eq!(
            list.doubts_for(&key(900))[1],
            "Newest release of model 900, hardware A not decided: firmware id 21 is listed for 2 \
             firmwares."
        );
        let v = |t: &str| Version::parse(t).unwrap();
        assert_eq!(list.ambiguous_at(&key(900), v("3.5.0")).map(|a| a.id), Some(FirmwareRef(21)));
        assert_eq!(list.ambiguous_at(&key(900), v("1.0.1")), None);
    }

    #[test]
    fn an_entry_without_a_version_leaves_its_key_without_a_decided_newest() {
        let list = FirmwareList::from_wire(&[fw(6, 770, "A", (1, -1, 3), 0, 40)]);
        let key = CompatKey { family: 1, model: 770, hardware: "a".into() };
        assert_eq!(
            list.doubts_for(&key),
            ["Newest release of model 770, hardware A not decided: firmware id 6 has no \
              readable version (1.-1.3)."]
        );
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
