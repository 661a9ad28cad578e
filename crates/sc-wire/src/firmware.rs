//! Firmware list entries, and the upload / add bodies of the firmware library.

use serde::{Deserialize, Serialize};

use crate::nullable;

/// [`Firmware::version_type`] / [`FirmwareInfo::version_type`] value of a test build;
/// any other value is a release.
pub const TEST_BUILD: i64 = 1;

/// One entry of `get-all-firmwares`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Firmware {
    /// The firmware's index on the Cloud: what `upgrade/start` calls `firmware-id`.
    pub id: i64,
    /// Where the Cloud keeps the file.
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub file_path: String,
    /// Upload time (epoch seconds).
    #[serde(default)]
    pub upload_date: i64,
    /// Product model id the firmware is for.
    pub product_id: i64,
    /// Version type: [`TEST_BUILD`] or a release. The wire calls it `firmware-id`.
    #[serde(rename = "firmware-id", default)]
    pub version_type: i64,
    /// Hardware version the firmware is for.
    pub hardware_ver: String,
    /// Major version. The wire spells it `marjor-ver`.
    #[serde(rename = "marjor-ver")]
    pub major_ver: i64,
    /// Minor version.
    pub minor_ver: i64,
    /// Build number.
    pub build_number: i64,
}

impl Firmware {
    /// Version text as devices report it: `marjor-ver.minor-ver.build-number`.
    pub fn version_text(&self) -> String {
        format!("{}.{}.{}", self.major_ver, self.minor_ver, self.build_number)
    }

    /// Whether this entry is a test build rather than a release.
    pub fn is_test_build(&self) -> bool {
        self.version_type == TEST_BUILD
    }
}

/// Reply of `GET /sc_cloud/scapi/get-all-firmwares`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwaresReply {
    pub result: i64,
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub firmwares: Vec<Firmware>,
}

/// A `.mwf` file's build time as `uploadFirmware` reports it. The contract does not say
/// whether it is epoch seconds or text, so both decode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BuildTime {
    Epoch(i64),
    Text(String),
}

/// What the Cloud read from an uploaded `.mwf` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FirmwareInfo {
    pub product_id: i64,
    /// Version type, as in [`Firmware::version_type`]. The wire calls it `firmware-id`.
    #[serde(rename = "firmware-id", default)]
    pub version_type: i64,
    #[serde(rename = "marjor-ver")]
    pub major_ver: i64,
    pub minor_ver: i64,
    pub build_number: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_time: Option<BuildTime>,
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub product_name: String,
    pub hardware_ver: String,
}

/// Reply of `POST /sc_cloud/uploadFirmware`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct UploadFirmwareReply {
    pub result: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware_info: Option<FirmwareInfo>,
}

/// Body of `POST /sc_cloud/firmware/add`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AddFirmwareRequest {
    pub file_path: String,
}

/// Reply of `POST /sc_cloud/firmware/add`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddFirmwareReply {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub result: i64,
}
