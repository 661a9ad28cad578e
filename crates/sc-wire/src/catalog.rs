//! Device groups (`get-dev-catalogs`) and the running-state bits of `status.cur-status`.

use serde::{Deserialize, Serialize};

use crate::nullable;

/// One group ("catalog") of devices, with its sub-groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Group {
    pub id: i64,
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub name: String,
    /// 1 when every user may see the group, 0 when only [`Group::users`] may.
    #[serde(default)]
    pub is_everyone: i64,
    /// Operators allowed when `is-everyone` is 0; `null` otherwise.
    #[serde(default)]
    pub users: Option<Vec<String>>,
    /// Sub-groups; `null` at the bottom of the tree.
    #[serde(default)]
    pub childs: Option<Vec<Group>>,
}

/// Reply of `GET /sc_cloud/scapi/get-dev-catalogs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogsReply {
    pub result: i64,
    #[serde(rename = "dev-catalogs", default, deserialize_with = "nullable::or_default")]
    pub dev_catalogs: Vec<Group>,
}

/// Bits of `status.cur-status` documented by Ultra Stream and Ultra Encode ("Device Status
/// Masks"); other families are not known to report them.
pub mod cur_status {
    /// Recording.
    pub const RECORDING: i64 = 0x02;
    /// Live streaming.
    pub const LIVE: i64 = 0x04;
    /// Firmware update in progress.
    pub const UPGRADING: i64 = 0x4000;
    /// Rebooting.
    pub const REBOOTING: i64 = 0x2000_0000;
    /// Either on-air bit: the device is recording or streaming live.
    pub const ON_AIR: i64 = RECORDING | LIVE;
}
