//! The simulator's result codes for situations the contract leaves undocumented.
//!
//! These are **conventions of this project**, not Magewell's codes: Magewell's full API
//! status table is not public. They sit in one block (-9001…) unlikely to collide with
//! real codes, and docs/simulator.md documents them; a test keeps the two in step.

/// A situation the contract gives no code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimCode {
    /// No session cookie, an unknown session id, or an expired session.
    SessionInvalid,
    /// The call is for administrators and the session is an operator's.
    NotAdministrator,
    /// The serial numbers of one `upgrade/start` differ in family, model or hardware.
    IncompatibleBatch,
    /// No firmware on the Cloud has that `id`.
    UnknownFirmware,
    /// The firmware exists but is for another model or hardware version than the batch.
    FirmwareDoesNotFit,
    /// No device with that serial number is visible to the session.
    UnknownDevice,
    /// The device is offline, so no upgrade can start on it.
    DeviceOffline,
    /// The request is malformed: wrong content type, bad JSON, missing or mistyped fields,
    /// an empty or duplicated serial number list.
    BadRequest,
    /// An uploaded file is not a firmware the Cloud can identify (name, extension, empty).
    UnidentifiableFirmware,
    /// An uploaded file is larger than the Cloud accepts.
    FirmwareTooLarge,
    /// That upload (or the same version for the same model and hardware) is already added.
    FirmwareAlreadyAdded,
    /// `firmware/add` names a file path no upload returned.
    UnknownFilePath,
}

impl SimCode {
    /// Every convention, in documentation order.
    pub const ALL: [SimCode; 12] = [
        SimCode::SessionInvalid,
        SimCode::NotAdministrator,
        SimCode::IncompatibleBatch,
        SimCode::UnknownFirmware,
        SimCode::FirmwareDoesNotFit,
        SimCode::UnknownDevice,
        SimCode::DeviceOffline,
        SimCode::BadRequest,
        SimCode::UnidentifiableFirmware,
        SimCode::FirmwareTooLarge,
        SimCode::FirmwareAlreadyAdded,
        SimCode::UnknownFilePath,
    ];

    /// The `result` value sent on the wire.
    pub const fn code(self) -> i64 {
        match self {
            SimCode::SessionInvalid => -9001,
            SimCode::NotAdministrator => -9002,
            SimCode::IncompatibleBatch => -9003,
            SimCode::UnknownFirmware => -9004,
            SimCode::FirmwareDoesNotFit => -9005,
            SimCode::UnknownDevice => -9006,
            SimCode::DeviceOffline => -9007,
            SimCode::BadRequest => -9008,
            SimCode::UnidentifiableFirmware => -9009,
            SimCode::FirmwareTooLarge => -9010,
            SimCode::FirmwareAlreadyAdded => -9011,
            SimCode::UnknownFilePath => -9012,
        }
    }

    /// One line for people reading logs and docs/simulator.md.
    pub const fn meaning(self) -> &'static str {
        match self {
            SimCode::SessionInvalid => "session missing, unknown or expired",
            SimCode::NotAdministrator => "only an administrator may do this",
            SimCode::IncompatibleBatch => {
                "devices differ in product family, model or hardware version"
            }
            SimCode::UnknownFirmware => "no firmware with that id on the Cloud",
            SimCode::FirmwareDoesNotFit => {
                "firmware is for another model or hardware version than the devices"
            }
            SimCode::UnknownDevice => "no such device (or not visible to this user)",
            SimCode::DeviceOffline => "device is offline",
            SimCode::BadRequest => "malformed request",
            SimCode::UnidentifiableFirmware => "not a firmware file the Cloud can identify",
            SimCode::FirmwareTooLarge => "firmware file too large",
            SimCode::FirmwareAlreadyAdded => "this firmware is already on the Cloud",
            SimCode::UnknownFilePath => "no uploaded file at that path",
        }
    }
}

/// A simulated device's firmware-install failure, reported in `status.upgrade-ret`.
/// Also a convention of this project: real devices' codes are not documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstallFailure {
    /// The upgrade step (1–4) the install stops at.
    pub step: i64,
    /// The non-zero `upgrade-ret` the device reports.
    pub code: i64,
    pub meaning: &'static str,
}

/// One failure per upgrade step.
pub const INSTALL_FAILURES: [InstallFailure; 4] = [
    InstallFailure { step: 1, code: 101, meaning: "firmware image failed verification" },
    InstallFailure { step: 2, code: 102, meaning: "flash erase failed" },
    InstallFailure { step: 3, code: 103, meaning: "flash write failed" },
    InstallFailure { step: 4, code: 104, meaning: "settings migration failed" },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_distinct_and_never_a_documented_code() {
        let codes: HashSet<i64> = SimCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), SimCode::ALL.len());
        for documented in [0, 1, -1, -14] {
            assert!(!codes.contains(&documented));
        }
    }

    /// The console describes codes from its data file; the conventions there must be
    /// exactly the simulator's.
    #[test]
    fn console_catalogue_describes_every_convention_as_one() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../public/result-codes.json")).unwrap();
        let entries = file["codes"].as_array().unwrap();
        let find = |code: i64, context: Option<&str>| {
            entries
                .iter()
                .find(|e| e["code"] == code && e.get("context").and_then(|c| c.as_str()) == context)
                .unwrap_or_else(|| panic!("result-codes.json lacks {code} ({context:?})"))
        };
        for code in SimCode::ALL {
            let entry = find(code.code(), None);
            assert_eq!(entry["meaning"], code.meaning());
            assert_eq!(entry["source"], "simulator convention");
        }
        assert_eq!(find(SimCode::SessionInvalid.code(), None)["kind"], "session");
        assert_eq!(find(SimCode::NotAdministrator.code(), None)["kind"], "forbidden");
        for failure in INSTALL_FAILURES {
            let entry = find(failure.code, Some("device-install"));
            assert_eq!(entry["meaning"], failure.meaning);
            assert_eq!(entry["source"], "simulator convention");
        }
    }

    #[test]
    fn the_simulator_page_documents_every_convention() {
        let page = include_str!("../../../docs/simulator.md");
        for code in SimCode::ALL {
            let row = format!("| {} | {} |", code.code(), code.meaning());
            assert!(page.contains(&row), "docs/simulator.md lacks the row `{row}`");
        }
        for failure in INSTALL_FAILURES {
            let row = format!("| {} | {} | {} |", failure.code, failure.step, failure.meaning);
            assert!(page.contains(&row), "docs/simulator.md lacks the row `{row}`");
        }
    }
}
