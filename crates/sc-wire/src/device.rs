//! The device object of `get-devs` / `get-dev`, and its `status` object.

use serde::{Deserialize, Serialize};

use crate::nullable;

/// `dev-warning` bit: the device has no input signal. Other bits are undocumented.
pub const NO_SIGNAL: u32 = 0x01;

/// One hosted device as the Cloud reports it.
///
/// `sn`, `module` and the `status` identity fields are required: a device without them
/// cannot be placed in a batch. Everything else defaults when absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Device {
    /// Group id.
    #[serde(default)]
    pub catalog_id: i64,
    /// Serial number, e.g. `A302190930002`.
    pub sn: String,
    /// Product family id.
    pub module: i64,
    /// Warning bitmask; see [`NO_SIGNAL`].
    #[serde(default)]
    pub dev_warning: u32,
    /// 1 when every user may see the device, 0 when only [`Device::users`] may.
    #[serde(default)]
    pub is_everyone: i64,
    /// Operator names allowed to see the device when `is-everyone` is 0.
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub users: Vec<String>,
    /// When the device applied to join (epoch seconds).
    #[serde(default)]
    pub apply_date: i64,
    /// When the device came online (epoch seconds); 0 or less means offline. `None` when
    /// the Cloud did not report it (null or missing): neither online nor offline.
    #[serde(default)]
    pub online_date: Option<i64>,
    /// 1 while the Cloud is pushing firmware to the device.
    #[serde(default)]
    pub is_upload_file: i64,
    /// Firmware push progress in percent.
    #[serde(default)]
    pub upload_file_pos: i64,
    /// What the device itself reports.
    pub status: DeviceStatus,
}

impl Device {
    /// Whether the Cloud reports the device online.
    pub fn is_online(&self) -> bool {
        self.online_date.is_some_and(|date| date > 0)
    }
}

/// The `status` object of a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DeviceStatus {
    /// Product name.
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub name: String,
    /// Product model id.
    pub product_id: i64,
    /// Family / model name.
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub module_name: String,
    /// Hardware version, a letter such as `A`.
    pub hardware_ver: String,
    /// Current firmware version text, e.g. `1.5.79`.
    pub firmware_ver: String,
    /// Seconds since the device booted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_time: Option<i64>,
    /// Device-specific status mask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cur_status: Option<i64>,
    /// Wired IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eth: Option<String>,
    /// Wireless IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wifi: Option<String>,
    /// USB network (RNDIS) IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rndis: Option<String>,
    /// The device's firmware-install status code; 0 when the last install succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_ret: Option<i64>,
    /// Current upgrade step, 1 to 4 while installing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_step: Option<i64>,
}
