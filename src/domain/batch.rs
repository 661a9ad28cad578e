//! Planning one upgrade call from a selection and a firmware: who is sent, who is left
//! out and why, and the exact request. The request can only come from a plan, and a plan
//! only holds devices of one batch key.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use sc_wire::UpgradeStartRequest;

use super::device::{CompatKey, FleetDevice, OnAir, Presence};
use super::firmware::{ChangeCounts, FirmwareEntry};
use super::selection::Selection;
use super::text::{devices, noun};
use super::version::Change;

/// Why a selected device is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    Offline,
    AlreadyOnTarget,
    AlreadyUpgrading,
    /// Selected earlier, but the last fleet refresh no longer lists it.
    NotInFleet,
    /// Recording or streaming live (a campaign sends such devices only when told to).
    OnAir,
    /// Possibly on air: the Cloud did not report its on-air state (held as on air is).
    OnAirUnknown,
    /// The Cloud did not report whether it is online.
    OnlineUnknown,
    /// Its model and hardware's newest release cannot be decided from the Cloud's list
    /// (an entry for it was set aside), and no target was chosen for it (campaigns).
    NewestUndecided,
    /// A rollback's: the Cloud lists the firmware id of the version it came from for
    /// another version too, so which file it is cannot be told.
    PreviousVersionAmbiguous,
    /// The Cloud holds no firmware for its model and hardware version (campaigns).
    NoFirmware,
    /// Its model and hardware failed in an earlier wave of the campaign, and the
    /// administrator left them out.
    ModelStopped,
    /// A rollback's: the Cloud no longer holds the version it came from.
    PreviousVersionGone,
    /// A rollback's: the version it came from was not a version (or not recorded).
    PreviousVersionUnknown,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LeftOut::Offline => "offline",
            LeftOut::AlreadyOnTarget => "already on the target version",
            LeftOut::AlreadyUpgrading => "already upgrading",
            LeftOut::NotInFleet => "no longer listed by the Cloud",
            LeftOut::OnAir => "on air (recording or live)",
            LeftOut::OnAirUnknown => "on-air state unknown (the Cloud did not report it)",
            LeftOut::OnlineUnknown => "online state unknown (the Cloud did not report it)",
            LeftOut::NewestUndecided => {
                "the newest release for its model and hardware cannot be decided: choose a target"
            }
            LeftOut::PreviousVersionAmbiguous => {
                "the Cloud lists the firmware id of the version it came from for another version too"
            }
            LeftOut::NoFirmware => "no firmware for its model and hardware on the Cloud",
            LeftOut::ModelStopped => {
                "its model and hardware failed in an earlier wave and were left out"
            }
            LeftOut::PreviousVersionGone => "the Cloud no longer holds the version it came from",
            LeftOut::PreviousVersionUnknown => "the version it came from is not known",
        })
    }
}

impl LeftOut {
    /// Whether it is held for being on air or possibly on air: what "I understand" may
    /// include.
    pub fn is_air(self) -> bool {
        matches!(self, LeftOut::OnAir | LeftOut::OnAirUnknown)
    }
}

/// Devices held for their on-air state, counted by why: what the "I understand" consent
/// says, for a single batch and a campaign alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AirHold {
    /// Recording or live, as the Cloud reports them.
    pub on_air: usize,
    /// Whose on-air state the Cloud did not report.
    pub unknown: usize,
}

impl AirHold {
    /// Counts the devices held (or included) for these reasons.
    pub fn of(reasons: impl IntoIterator<Item = LeftOut>) -> AirHold {
        let mut hold = AirHold::default();
        for reason in reasons {
            match reason {
                LeftOut::OnAir => hold.on_air += 1,
                LeftOut::OnAirUnknown => hold.unknown += 1,
                _ => {}
            }
        }
        hold
    }

    pub fn total(self) -> usize {
        self.on_air + self.unknown
    }

    /// "2 devices recording or streaming live and 1 whose on-air state the Cloud did not
    /// report": who, in words.
    pub fn who(self) -> String {
        let unknown = |lead: String| {
            format!("{lead} whose on-air state the Cloud did not report (possibly on air)")
        };
        match (self.on_air, self.unknown) {
            (n, 0) => format!("{} recording or streaming live", devices(n)),
            (0, m) => unknown(devices(m)),
            (n, m) => {
                format!("{} recording or streaming live and {}", devices(n), unknown(m.to_string()))
            }
        }
    }

    /// "I understand: include the 3 devices on air or possibly on air" (or only one of the
    /// two, when the other is none).
    pub fn consent(self) -> String {
        let what = match (self.on_air, self.unknown) {
            (_, 0) => "on air",
            (0, _) => "possibly on air",
            _ => "on air or possibly on air",
        };
        format!("I understand: include the {} {what}", devices(self.total()))
    }
}

/// Devices that share a reason for being left out: "13 × already on the target version".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOutGroup {
    pub reason: String,
    pub sns: Vec<String>,
}

/// Groups devices by why they were left out, the largest group first (ties by reason).
pub fn group_left_out(devices: impl IntoIterator<Item = (String, String)>) -> Vec<LeftOutGroup> {
    let mut groups: Vec<LeftOutGroup> = Vec::new();
    for (sn, reason) in devices {
        match groups.iter_mut().find(|g| g.reason == reason) {
            Some(group) => group.sns.push(sn),
            None => groups.push(LeftOutGroup { reason, sns: vec![sn] }),
        }
    }
    super::order::sort(&mut groups, &|a, b| {
        b.sns.len().cmp(&a.sns.len()).then(a.reason.cmp(&b.reason))
    });
    groups
}

/// "13 × already on the target version · 4 × offline".
pub fn left_out_summary(groups: &[LeftOutGroup]) -> String {
    groups.iter().map(|g| format!("{} × {}", g.sns.len(), g.reason)).collect::<Vec<_>>().join(" · ")
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    NothingSelected,
    FirmwareDoesNotFit,
    /// Every selected device is left out; each with its reason.
    NothingToSend {
        left_out: Vec<(String, LeftOut)>,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlanError::NothingSelected => "Select at least one device.",
            PlanError::FirmwareDoesNotFit => "This firmware is not for the selected devices.",
            PlanError::NothingToSend { .. } => {
                "None of the selected devices can take this upgrade now."
            }
        })
    }
}

/// One upgrade call, ready for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchPlan {
    pub key: CompatKey,
    pub firmware: FirmwareEntry,
    /// Devices the call will name, in serial-number order.
    pub included: Vec<FleetDevice>,
    /// Selected devices not sent, with the reason.
    pub left_out: Vec<(String, LeftOut)>,
}

/// Why a device cannot be sent any firmware now (offline, or upgrading already), whatever
/// the firmware: what the firmware list counts over, and what a plan leaves out first.
pub fn unreachable(device: &FleetDevice) -> Option<LeftOut> {
    match device.presence {
        Presence::Offline => Some(LeftOut::Offline),
        Presence::Unknown => Some(LeftOut::OnlineUnknown),
        Presence::Online if device.activity.is_upgrading() => Some(LeftOut::AlreadyUpgrading),
        Presence::Online => None,
    }
}

/// Why a device is held for its on-air state, if it is: on air, or possibly on air. The
/// one rule every path that sends (single batches, retries, campaigns, rollbacks) applies.
pub fn held_for_air(device: &FleetDevice) -> Option<LeftOut> {
    match device.on_air? {
        OnAir::Unknown => Some(LeftOut::OnAirUnknown),
        _ => Some(LeftOut::OnAir),
    }
}

/// Whether devices on air may be sent. There is no rule that ignores it: every path that
/// sends leaves on-air devices out unless the administrator said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnAirRule {
    /// The default everywhere: a device on air is left out.
    LeaveOut,
    /// The administrator included on-air devices explicitly.
    Include,
}

impl OnAirRule {
    /// The rule for an administrator who did (`true`) or did not include on-air devices.
    pub fn of(included: bool) -> OnAirRule {
        if included { OnAirRule::Include } else { OnAirRule::LeaveOut }
    }
}

impl BatchPlan {
    /// Of `earlier` (attempts by serial number), those of the devices this plan sends:
    /// what a retry's run carries.
    pub fn earlier_attempts<T: Clone>(&self, earlier: &BTreeMap<String, T>) -> BTreeMap<String, T> {
        let mut theirs = BTreeMap::new();
        for device in &self.included {
            if let Some(attempts) = earlier.get(&device.sn) {
                theirs.insert(device.sn.clone(), attempts.clone());
            }
        }
        theirs
    }

    /// Plans sending `firmware` to the selection, given the fleet as last read; devices on
    /// air are left out.
    pub fn new<'a>(
        selection: &Selection,
        find: impl Fn(&str) -> Option<&'a FleetDevice>,
        firmware: &FirmwareEntry,
    ) -> Result<BatchPlan, PlanError> {
        BatchPlan::with_on_air(selection, find, firmware, &BTreeSet::new())
    }

    /// As [`BatchPlan::new`], sending the devices of `included_on_air` even on air: the
    /// ones the administrator saw on air and included with "I understand". A device that
    /// went on air since (not in the set) is left out, whatever was accepted.
    pub fn with_on_air<'a>(
        selection: &Selection,
        find: impl Fn(&str) -> Option<&'a FleetDevice>,
        firmware: &FirmwareEntry,
        included_on_air: &BTreeSet<String>,
    ) -> Result<BatchPlan, PlanError> {
        let anchor = selection.anchor().ok_or(PlanError::NothingSelected)?;
        if included_on_air.is_empty() {
            return BatchPlan::for_key(
                &anchor.key,
                selection.sns(),
                find,
                firmware,
                OnAirRule::LeaveOut,
            );
        }
        let mut plan =
            BatchPlan::for_key(&anchor.key, selection.sns(), find, firmware, OnAirRule::Include)?;
        let (kept, held): (Vec<FleetDevice>, Vec<FleetDevice>) = std::mem::take(&mut plan.included)
            .into_iter()
            .partition(|d| held_for_air(d).is_none() || included_on_air.contains(&d.sn));
        plan.included = kept;
        let held = held.into_iter().filter_map(|d| held_for_air(&d).map(|why| (d.sn, why)));
        plan.left_out.extend(held);
        if plan.included.is_empty() {
            return Err(PlanError::NothingToSend { left_out: plan.left_out });
        }
        Ok(plan)
    }

    /// The devices on air (or possibly on air) this plan sends (included explicitly).
    pub fn on_air_included(&self) -> BTreeSet<String> {
        self.included.iter().filter(|d| held_for_air(d).is_some()).map(|d| d.sn.clone()).collect()
    }

    /// The serial numbers this plan leaves out for being on air or possibly on air.
    pub fn on_air_left_out(&self) -> BTreeSet<String> {
        self.left_out.iter().filter(|(_, why)| why.is_air()).map(|(sn, _)| sn.clone()).collect()
    }

    /// The batch rule, for every call the console makes: plans sending `firmware` to the
    /// devices `sns` of batch key `key`. A device of another key is never included, so no
    /// plan can mix keys; the others are included or left out with their reason.
    pub fn for_key<'a, 's>(
        key: &CompatKey,
        sns: impl IntoIterator<Item = &'s str>,
        find: impl Fn(&str) -> Option<&'a FleetDevice>,
        firmware: &FirmwareEntry,
        on_air: OnAirRule,
    ) -> Result<BatchPlan, PlanError> {
        if !firmware.fits(key) {
            return Err(PlanError::FirmwareDoesNotFit);
        }
        let mut included = Vec::new();
        let mut left_out = Vec::new();
        for sn in sns {
            let reason = match find(sn) {
                // The selection admits one key only; checked again so no path can mix.
                Some(device) if device.key != *key => Some(LeftOut::NotInFleet),
                Some(device) if unreachable(device).is_some() => unreachable(device),
                Some(device) if on_air == OnAirRule::LeaveOut && held_for_air(device).is_some() => {
                    held_for_air(device)
                }
                Some(device)
                    if Change::between(device.version, firmware.version) == Change::Same =>
                {
                    Some(LeftOut::AlreadyOnTarget)
                }
                Some(device) => {
                    included.push(device.clone());
                    None
                }
                None => Some(LeftOut::NotInFleet),
            };
            if let Some(reason) = reason {
                left_out.push((sn.to_string(), reason));
            }
        }
        if included.is_empty() {
            return Err(PlanError::NothingToSend { left_out });
        }
        // The request names devices in serial-number order (a selection already is).
        if !included.is_sorted_by(|a, b| a.sn <= b.sn) {
            super::order::sort(&mut included, &|a, b| a.sn.cmp(&b.sn));
        }
        Ok(BatchPlan { key: key.clone(), firmware: firmware.clone(), included, left_out })
    }

    /// The `upgrade/start` body.
    pub fn request(&self) -> UpgradeStartRequest {
        UpgradeStartRequest {
            sn: self.included.iter().map(|d| d.sn.clone()).collect(),
            firmware: self.firmware.reference.0,
        }
    }

    /// The versions the included devices come from, with how many run each.
    pub fn from_versions(&self) -> BTreeMap<String, usize> {
        let mut versions = BTreeMap::new();
        for device in &self.included {
            *versions.entry(device.firmware.clone()).or_default() += 1;
        }
        versions
    }

    pub fn changes(&self) -> ChangeCounts {
        ChangeCounts::of(self.firmware.version, self.included.iter().map(|d| d.version))
    }

    /// What the administrator must explicitly accept before sending, if anything.
    pub fn risks(&self) -> Vec<String> {
        risks(&self.firmware, self.changes())
    }

    /// The confirm button's words, e.g. "Upgrade 12 devices to 1.5.178".
    pub fn confirm_label(&self) -> String {
        let changes = self.changes();
        let verb = if changes.downgrade == self.included.len() { "Downgrade" } else { "Upgrade" };
        format!("{verb} {} to {}", devices(self.included.len()), self.firmware.version)
    }
}

/// What sending `firmware` to devices with these `changes` asks the administrator to
/// accept explicitly: a test build, a downgrade. One rule for single batches and campaigns.
pub fn risks(firmware: &FirmwareEntry, changes: ChangeCounts) -> Vec<String> {
    let mut risks = Vec::new();
    if firmware.is_test_build {
        risks.push(format!("{} is a test build, not a release", firmware.version));
    }
    let downgrades = changes.downgrade;
    if downgrades > 0 {
        risks.push(format!(
            "{} to an older version than {}",
            devices(downgrades),
            noun(downgrades, "it now runs", "they now run")
        ));
    }
    risks
}

/// How long a device may show no change before it counts as timed out or lost, unless the
/// administrator says otherwise: ten minutes.
pub const DEFAULT_DEADLINE_SECS: u32 = 600;
/// The shortest such wait the console accepts.
pub const MIN_DEADLINE_SECS: u32 = 5;

/// The deadline typed in the review: whole seconds, raised to the minimum; `None` for
/// anything unreadable (the current value then stays).
pub fn read_deadline(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().map(|secs| secs.max(MIN_DEADLINE_SECS))
}

mod reach;
pub use reach::{Choice, Reach};

#[cfg(test)]
mod tests;
