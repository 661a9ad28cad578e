//! What a rollback undoes and, per row of its plan, the way back — the facts a campaign's
//! plan and record carry about a rollback, apart from how one is planned
//! ([`super::rollback`]).

use crate::domain::firmware::FirmwareEntry;

/// What a rollback returns devices from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undoes {
    Run(u64),
    Campaign(u64),
    /// One device's last call, from its page.
    Device {
        sn: String,
        run: u64,
    },
}

impl Undoes {
    /// "run 3", "campaign 2", "A302190930002's run 5".
    pub fn describe(&self) -> String {
        match self {
            Undoes::Run(id) => format!("run {id}"),
            Undoes::Campaign(id) => format!("campaign {id}"),
            Undoes::Device { sn, run } => format!("{sn}'s run {run}"),
        }
    }
}

/// A rollback row's facts: the version its devices came from, and when the Cloud no
/// longer holds it, the nearest release it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WayBack {
    /// The version text the devices came from.
    pub wanted: String,
    /// `wanted` is not on the Cloud (or not a version): the nearest release it holds.
    pub missing: bool,
    /// `wanted` is missing because the Cloud lists its firmware id for another firmware
    /// too: which file it is cannot be told, so it is never sent.
    pub ambiguous: bool,
    pub nearest: Option<FirmwareEntry>,
}
