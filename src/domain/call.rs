//! The words and facts of one upgrade call that runs, campaigns and attempts share: which
//! campaign wave a call belongs to, why a device of it was not followed, and a device's
//! final state in words.

use super::batch::LeftOut;
use super::codes::{Catalogue, Context};
use super::tracking::Tracked;

/// Which campaign, and which of its waves, a run's call belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignCall {
    pub campaign: u64,
    pub wave: usize,
}

/// Why a device of the batch is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFollowed {
    /// Left out when planning.
    Plan(LeftOut),
    /// The Cloud said it was already upgrading (started elsewhere).
    AlreadyUpgrading,
    /// The Cloud refused this device (its code).
    Refused(i64),
    /// The Cloud refused the whole call.
    CallRefused,
}

impl NotFollowed {
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        match self {
            NotFollowed::Plan(reason) => format!("left out: {reason}"),
            NotFollowed::AlreadyUpgrading => "not started: already upgrading".into(),
            NotFollowed::Refused(code) => format!(
                "not started: {} (code {code})",
                catalogue.describe(Some(Context::UpgradeStart), *code).text
            ),
            NotFollowed::CallRefused => "not started: the call was refused".into(),
        }
    }
}

/// A final state in words, install failures through the catalogue.
pub fn describe(state: &Tracked, catalogue: &Catalogue) -> String {
    match state {
        Tracked::InstallFailed { code, step } => format!(
            "install failed at step {step}: {} (code {code})",
            catalogue.describe(Some(Context::DeviceInstall), *code).text
        ),
        other => other.to_string(),
    }
}

/// "the canary", "wave 2".
pub fn wave_name(wave: usize) -> String {
    if wave == 0 { "the canary".into() } else { format!("wave {}", wave + 1) }
}
