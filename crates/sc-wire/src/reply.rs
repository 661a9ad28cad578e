//! Session, device and upgrade request / reply bodies.

use serde::{Deserialize, Serialize};

use crate::{Device, nullable};

/// The smallest reply: just a `result`. Every reply has one; error replies often
/// have nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultReply {
    pub result: i64,
}

/// Reply of `POST /sc_cloud/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginReply {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Always empty in practice; kept because the Cloud sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<String>,
    pub result: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// Reply of `POST /sc_cloud/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogoutReply {
    pub result: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// Reply of `GET /sc_cloud/scapi/get-devs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevsReply {
    pub result: i64,
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub devs: Vec<Device>,
}

/// Reply of `GET /sc_cloud/scapi/get-dev`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevReply {
    pub result: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<Device>,
}

/// Body of `POST /sc_cloud/upgrade/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeStartRequest {
    /// Serial numbers; all must share family, model and hardware version.
    pub sn: Vec<String>,
    /// The firmware list entry's `id` (not its version type). The wire calls it `firmware-id`.
    #[serde(rename = "firmware-id")]
    pub firmware: i64,
}

/// Reply of `POST /sc_cloud/upgrade/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeStartReply {
    pub result: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, deserialize_with = "nullable::or_default")]
    pub details: Vec<UpgradeDetail>,
}

/// One serial number's answer inside an `upgrade/start` reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeDetail {
    pub sn: String,
    /// 0 started, 1 already upgrading, anything else from the API status table.
    pub result: i64,
}
