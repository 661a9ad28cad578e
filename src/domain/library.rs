//! The firmware library as administrators see it: every firmware on the Cloud grouped by
//! model and hardware, newest first, with what each would do to the fleet; and the checks
//! on a file before it is uploaded.

use std::collections::BTreeMap;
use std::fmt;

use sc_wire::{BuildTime, FirmwareInfo, UploadFirmwareReply};

use super::device::{CompatKey, FleetDevice, same_hardware};
use super::firmware::{FirmwareEntry, FirmwareKind, FirmwareList};
use super::fleet_view::FleetFilter;
use super::selection::Selection;
use super::text::devices;
use super::version::{Change, Version};

/// Largest file the console offers to upload (the sample proxy allows 512 MiB).
pub const MAX_UPLOAD_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// One firmware with its fit to the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    pub entry: FirmwareEntry,
    pub file_path: String,
    /// Devices of its model and hardware in the fleet.
    pub fits: usize,
    /// Of those, online ones on an older version.
    pub would_upgrade: usize,
}

/// The firmware of one model and hardware version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryGroup {
    pub model: i64,
    pub hardware: String,
    /// "Ultra Stream HDMI (model 770)", or "model 770" if no device of it is in the fleet.
    pub label: String,
    /// The family, known from a device of the fleet.
    pub family: Option<i64>,
    pub entries: Vec<LibraryEntry>,
}

/// Groups the Cloud's list; unreadable entries are counted.
pub fn group(list: &FirmwareList, fleet: &[FleetDevice]) -> (Vec<LibraryGroup>, usize) {
    let mut groups: BTreeMap<(i64, String), LibraryGroup> = BTreeMap::new();
    for firmware in &list.firmwares {
        let entry = firmware.entry.clone();
        let of_key: Vec<&FleetDevice> = fleet
            .iter()
            .filter(|d| {
                d.key.model == entry.model && same_hardware(&d.key.hardware, &entry.hardware)
            })
            .collect();
        let would_upgrade = of_key
            .iter()
            .filter(|d| d.online() && Change::between(d.version, entry.version) == Change::Upgrade)
            .count();
        let group = groups
            .entry((entry.model, entry.hardware.to_ascii_uppercase()))
            .or_insert_with(|| LibraryGroup {
                model: entry.model,
                hardware: entry.hardware.clone(),
                label: of_key.first().map_or(format!("model {}", entry.model), |d| d.model_label()),
                family: of_key.first().map(|d| d.key.family),
                entries: Vec::new(),
            });
        group.entries.push(LibraryEntry {
            entry,
            file_path: firmware.file_path.clone(),
            fits: of_key.len(),
            would_upgrade,
        });
    }
    let mut groups: Vec<LibraryGroup> = groups.into_values().collect();
    for group in &mut groups {
        super::order::sort(&mut group.entries, &|a, b| {
            FirmwareEntry::newest_first(&a.entry, &b.entry)
        });
    }
    (groups, list.unreadable())
}

/// When a firmware file was built, as its header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Built {
    /// Epoch seconds.
    At(i64),
    /// A text the Cloud passed on as it was.
    Text(String),
}

/// What the Cloud read from an uploaded file, waiting to be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFirmware {
    /// The Cloud's path of the file: what `firmware/add` takes.
    pub file_path: String,
    pub size: Option<u64>,
    pub product_name: String,
    pub model: i64,
    pub hardware: String,
    /// `major.minor.build`, as the file declares it (shown even if not a valid version).
    pub version: String,
    pub kind: FirmwareKind,
    pub built: Option<Built>,
}

impl UploadedFirmware {
    /// The entry of `list` this upload repeats — same model, hardware, version and kind —
    /// if the library lists one already (adding it would make a second entry).
    pub fn already_listed<'a>(
        &self,
        list: &'a super::firmware::FirmwareList,
    ) -> Option<&'a super::firmware::FirmwareEntry> {
        let version = super::version::Version::parse(&self.version)?;
        list.firmwares.iter().map(|f| &f.entry).find(|e| {
            e.model == self.model
                && same_hardware(&e.hardware, &self.hardware)
                && e.version == version
                && e.kind() == self.kind
        })
    }

    /// The upload's answer, or `None` when it lacks the file's path or what was read.
    pub fn from_wire(reply: UploadFirmwareReply) -> Option<UploadedFirmware> {
        Some(UploadedFirmware::of(reply.file_path?, reply.file_size, reply.firmware_info?))
    }

    pub fn of(file_path: String, size: Option<u64>, info: FirmwareInfo) -> UploadedFirmware {
        let version = Version::from_parts(info.major_ver, info.minor_ver, info.build_number)
            .map_or_else(
                || format!("{}.{}.{}", info.major_ver, info.minor_ver, info.build_number),
                |v| v.to_string(),
            );
        UploadedFirmware {
            file_path,
            size,
            product_name: info.product_name,
            model: info.product_id,
            hardware: info.hardware_ver,
            version,
            kind: FirmwareKind::of(info.version_type == sc_wire::TEST_BUILD),
            built: info.build_time.map(|t| match t {
                BuildTime::Epoch(secs) => Built::At(secs),
                BuildTime::Text(text) => Built::Text(text),
            }),
        }
    }
}

/// The fleet view and selection for "upgrade devices to this": the firmware's model and
/// hardware shown, and its online devices on an older version selected.
pub fn upgrade_preset(
    fleet: &[FleetDevice],
    family: i64,
    entry: &FirmwareEntry,
) -> (FleetFilter, Selection) {
    let key = CompatKey { family, model: entry.model, hardware: entry.hardware.clone() };
    let filter = FleetFilter {
        family: Some(family),
        model: Some(entry.model),
        hardware: Some(entry.hardware.clone()),
        ..FleetFilter::default()
    };
    let candidates: Vec<&FleetDevice> = fleet
        .iter()
        .filter(|d| {
            d.key == key
                && d.online()
                && Change::between(d.version, entry.version) == Change::Upgrade
        })
        .collect();
    let mut selection = Selection::default();
    selection.select_all_compatible(candidates);
    (filter, selection)
}

/// Why a file cannot be uploaded.
#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    NotMwf { name: String },
    Empty { name: String },
    TooLarge { name: String, bytes: f64 },
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::NotMwf { name } => {
                write!(f, "{name} is not a Magewell firmware file: choose a .mwf file.")
            }
            FileProblem::Empty { name } => write!(f, "{name} is empty."),
            FileProblem::TooLarge { name, bytes } => write!(
                f,
                "{name} is {} MiB; the largest accepted is {} MiB.",
                mib(*bytes),
                mib(MAX_UPLOAD_BYTES)
            ),
        }
    }
}

/// Whole mebibytes, rounded, written without float formatting (which would add its own
/// code to the bundle for this one message).
fn mib(bytes: f64) -> u64 {
    (bytes / 1_048_576.0).round() as u64
}

/// Checks a file before any byte is sent.
pub fn check_file(name: &str, bytes: f64) -> Result<(), FileProblem> {
    let name_owned = name.to_string();
    if !name.to_ascii_lowercase().ends_with(".mwf") {
        Err(FileProblem::NotMwf { name: name_owned })
    } else if bytes <= 0.0 {
        Err(FileProblem::Empty { name: name_owned })
    } else if bytes > MAX_UPLOAD_BYTES {
        Err(FileProblem::TooLarge { name: name_owned, bytes })
    } else {
        Ok(())
    }
}

/// "fits 12 devices · would upgrade 9"
pub fn fit_text(entry: &LibraryEntry) -> String {
    format!("fits {} · would upgrade {}", devices(entry.fits), entry.would_upgrade)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::wire;
    use serde_json::json;

    use sc_wire::Firmware;

    fn fw(id: i64, model: i64, hw: &str, v: (i64, i64, i64)) -> Firmware {
        serde_json::from_value(json!({"id": id, "product-id": model, "hardware-ver": hw,
            "marjor-ver": v.0, "minor-ver": v.1, "build-number": v.2, "file-path": format!("/f/{id}")}))
        .unwrap()
    }

    #[test]
    fn an_upload_the_library_already_lists_is_found_before_adding_it() {
        let list =
            FirmwareList::from_wire(&[fw(1, 770, "A", (1, 9, 1)), fw(2, 770, "B", (1, 9, 2))]);
        let upload = |hw: &str, v: (i64, i64, i64), kind: i64| {
            let info: FirmwareInfo = serde_json::from_value(json!({"product-id": 770,
                "firmware-id": kind, "marjor-ver": v.0, "minor-ver": v.1, "build-number": v.2,
                "product-name": "Ultra Stream HDMI", "hardware-ver": hw}))
            .unwrap();
            UploadedFirmware::of("/data/upload/x.mwf".into(), Some(1), info)
        };
        let same = upload("A", (1, 9, 1), 0);
        assert_eq!(same.already_listed(&list).map(|e| e.reference.0), Some(1));
        assert!(upload("B", (1, 9, 1), 0).already_listed(&list).is_none(), "other hardware");
        assert!(upload("A", (1, 9, 3), 0).already_listed(&list).is_none(), "other version");
        assert!(
            upload("A", (1, 9, 1), sc_wire::TEST_BUILD).already_listed(&list).is_none(),
            "a test build of the same number is another firmware"
        );
    }

    #[test]
    fn groups_by_model_and_hardware_newest_first_with_fit() {
        let fleet = vec![
            FleetDevice::from_wire(&wire("A1", 1, 770, "A", "1.5.79")),
            FleetDevice::from_wire(&wire("A2", 1, 770, "A", "1.5.178")),
        ];
        let list =
            [fw(1, 770, "A", (1, 5, 79)), fw(2, 770, "A", (1, 5, 178)), fw(3, 900, "A", (3, 0, 1))];
        let (groups, unreadable) = group(&FirmwareList::from_wire(&list), &fleet);
        assert_eq!(unreadable, 0);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].label, "Model 770 (model 770)");
        let ids: Vec<i64> = groups[0].entries.iter().map(|e| e.entry.reference.0).collect();
        assert_eq!(ids, [2, 1]);
        assert_eq!((groups[0].entries[0].fits, groups[0].entries[0].would_upgrade), (2, 1));
        assert_eq!(groups[1].label, "model 900");
        assert_eq!(groups[1].family, None);
    }

    #[test]
    fn preset_selects_the_devices_the_firmware_would_upgrade() {
        let mut offline = FleetDevice::from_wire(&wire("A3", 1, 770, "A", "1.5.79"));
        offline.presence = crate::domain::device::Presence::Offline;
        let fleet = vec![
            FleetDevice::from_wire(&wire("A1", 1, 770, "A", "1.5.79")),
            FleetDevice::from_wire(&wire("A2", 1, 770, "A", "1.5.178")),
            offline,
            FleetDevice::from_wire(&wire("B1", 1, 770, "B", "1.5.79")),
        ];
        let list = FirmwareList::from_wire(&[fw(2, 770, "A", (1, 5, 178))]);
        let (groups, _) = group(&list, &fleet);
        let (filter, selection) = upgrade_preset(&fleet, 1, &groups[0].entries[0].entry);
        assert_eq!(filter.hardware.as_deref(), Some("A"));
        assert_eq!(selection.sns().collect::<Vec<_>>(), ["A1"]);
    }

    #[test]
    fn what_the_cloud_read_from_an_upload_becomes_a_version_and_a_kind() {
        let reply: UploadFirmwareReply = serde_json::from_value(json!({"result": 0,
            "file-path": "/f/x.mwf", "file-size": 12,
            "firmware-info": {"product-id": 770, "firmware-id": 1, "marjor-ver": 1,
                "minor-ver": 6, "build-number": 3, "build-time": 1635151650,
                "product-name": "Ultra Stream HDMI", "hardware-ver": "A"}}))
        .unwrap();
        let uploaded = UploadedFirmware::from_wire(reply).unwrap();
        assert_eq!(uploaded.version, "1.6.3");
        assert_eq!(uploaded.kind, FirmwareKind::TestBuild);
        assert_eq!(uploaded.built, Some(Built::At(1_635_151_650)));
        let partial: UploadFirmwareReply =
            serde_json::from_value(json!({"result": 0, "file-path": "/f/x.mwf"})).unwrap();
        assert_eq!(UploadedFirmware::from_wire(partial), None);
    }

    #[test]
    fn files_are_checked_before_upload() {
        assert!(check_file("770_rev_A_1_6_20.mwf", 10.0).is_ok());
        assert!(check_file("FW.MWF", 10.0).is_ok());
        assert_eq!(
            check_file("notes.txt", 10.0).unwrap_err().to_string(),
            "notes.txt is not a Magewell firmware file: choose a .mwf file."
        );
        assert_eq!(check_file("a.mwf", 0.0).unwrap_err().to_string(), "a.mwf is empty.");
        assert!(matches!(
            check_file("a.mwf", MAX_UPLOAD_BYTES + 1.0),
            Err(FileProblem::TooLarge { .. })
        ));
    }
}
