//! Serde types of every JSON body in the Magewell Cloud (`sc_cloud`) API contract.
//!
//! Field names are the Cloud's own, spelling mistakes included (`marjor-ver`). Two wire
//! names carry a double meaning and are renamed here so Rust code cannot mix them up:
//! a firmware list entry's `firmware-id` is its *version type* ([`Firmware::version_type`]),
//! while `upgrade/start`'s `firmware-id` is the list entry's `id`
//! ([`UpgradeStartRequest::firmware`]).
//!
//! Replies decode leniently: unknown fields are ignored and everything but a reply's
//! `result` may be absent, because the Cloud leaves data fields out of error replies.

mod catalog;
mod device;
mod firmware;
mod nullable;
mod reply;

pub use catalog::{CatalogsReply, Group, cur_status};
pub use device::{Device, DeviceStatus, NO_SIGNAL};
pub use firmware::{
    AddFirmwareReply, AddFirmwareRequest, BuildTime, Firmware, FirmwareInfo, FirmwaresReply,
    TEST_BUILD, UploadFirmwareReply,
};
pub use reply::{
    DevReply, DevsReply, LoginReply, LogoutReply, ResultReply, UpgradeDetail, UpgradeStartReply,
    UpgradeStartRequest,
};

/// Result codes the contract documents (Magewell's own, not a convention of ours).
pub mod code {
    /// Success, everywhere.
    pub const OK: i64 = 0;
    /// `upgrade/start` `details[]`: the device is already upgrading.
    pub const REPEAT_OPERATION: i64 = 1;
    /// Login: the password is incorrect.
    pub const PASSWORD_INCORRECT: i64 = -1;
    /// Login: no user has that name.
    pub const NO_SUCH_USER: i64 = -14;
}

/// Names of the session cookies set by login.
pub mod cookie {
    /// Session id; usually `HttpOnly`, so unreadable from JavaScript.
    pub const SID: &str = "mwcloud-sid";
    /// User name.
    pub const UID: &str = "mwcloud-uid";
}
