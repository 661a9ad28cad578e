//! Planning a campaign: the devices in scope grouped by batch key, a target per key (that
//! key's newest release unless the administrator chose another), who is left out and why,
//! and the waves — canary first — that will send them.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::batch::{self, BatchPlan, LeftOut, OnAirRule, PlanError};
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{ChangeCounts, FirmwareEntry, FirmwareList, FirmwareRef, offer_for};
use crate::domain::selection::Anchor;

use super::way_back::{Undoes, WayBack};

/// How big the canary wave is, per batch key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canary {
    /// This many devices of each key (at least one).
    Devices(u32),
    /// This share of each key's devices, rounded up (at least one device).
    Percent(u8),
}

/// The waves and when to halt: what the administrator may edit before starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveSettings {
    pub canary: Canary,
    /// After the canary, waves of these shares of each key's devices (rounded up); one
    /// last wave takes the rest.
    pub waves: Vec<u8>,
    /// Seconds to wait after a wave passes before the next starts.
    pub pause_secs: u32,
    /// The share (percent) of the canary's devices that may end other than verified.
    pub canary_threshold: u8,
    /// The same for every later wave.
    pub threshold: u8,
    /// How many devices of a later wave may end other than verified whatever their share:
    /// one natural failure in a small wave (1 of 5 is 20 %) is no reason to halt. Saved
    /// campaigns from before it read 0, their rule unchanged.
    pub allowance: u32,
}

impl Default for WaveSettings {
    fn default() -> Self {
        WaveSettings {
            canary: Canary::Devices(1),
            waves: vec![10, 50],
            pause_secs: 0,
            canary_threshold: 0,
            threshold: 10,
            allowance: 1,
        }
    }
}

impl WaveSettings {
    /// Reads "10, 50" (percent signs allowed): each share from 1 to 99.
    pub fn parse_waves(text: &str) -> Result<Vec<u8>, String> {
        text.split([',', ' ', ';'])
            .map(|part| part.trim().trim_end_matches('%').trim())
            .filter(|part| !part.is_empty())
            .map(|part| match part.parse::<u8>() {
                Ok(share) if (1..=99).contains(&share) => Ok(share),
                _ => Err(format!(
                    "“{part}” is not a share from 1 to 99 %: write the waves as “10, 50”"
                )),
            })
            .collect()
    }

    /// "10 %, 50 %": the waves as the form shows them.
    pub fn waves_text(&self) -> String {
        self.waves.iter().map(|w| format!("{w} %")).collect::<Vec<_>>().join(", ")
    }

    /// How many of a wave's `sent` devices may end other than verified before the
    /// campaign halts: the canary's share; a later wave's share or its allowance, whichever
    /// is larger ("halts when more than 2 devices and more than 10 % do not verify").
    pub fn tolerated(&self, wave: usize, sent: usize) -> usize {
        let share = usize::from(self.threshold_of(wave)) * sent / 100;
        if wave == 0 { share } else { share.max(self.allowance as usize) }
    }

    /// The threshold of wave `wave` (0 is the canary).
    pub fn threshold_of(&self, wave: usize) -> u8 {
        if wave == 0 { self.canary_threshold } else { self.threshold }
    }

    /// How many of `count` devices each wave sends, canary first; empty waves dropped
    /// from the end only (a key with few devices is done early).
    pub fn sizes(&self, count: usize) -> Vec<usize> {
        let mut left = count;
        let mut sizes = Vec::new();
        let share = |percent: u8| (count * usize::from(percent)).div_ceil(100).max(1);
        let canary = match self.canary {
            Canary::Devices(n) => (n as usize).max(1),
            Canary::Percent(p) => share(p),
        };
        for wanted in std::iter::once(canary).chain(self.waves.iter().map(|&p| share(p))) {
            let size = wanted.min(left);
            sizes.push(size);
            left -= size;
        }
        sizes.push(left);
        while sizes.last() == Some(&0) {
            sizes.pop();
        }
        sizes
    }
}

/// One row of the plan: a batch key in scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPlan {
    pub key: CompatKey,
    /// "Ultra Stream · Ultra Stream HDMI (model 770) · hardware A".
    pub label: String,
    /// Devices of this key in scope.
    pub in_scope: usize,
    /// What the Cloud holds for this key, newest first.
    pub offer: Vec<FirmwareEntry>,
    /// `None`: the Cloud holds no firmware for this key.
    pub target: Option<FirmwareEntry>,
    /// Devices to send, in serial-number order.
    pub included: Vec<FleetDevice>,
    pub left_out: Vec<(String, LeftOut)>,
    /// A rollback's row: the version its devices came from (and the nearest release when
    /// the Cloud no longer holds it).
    pub way_back: Option<WayBack>,
}

impl KeyPlan {
    /// What the target does to the devices in scope: upgrades · unchanged · downgrades
    /// (unchanged: those already on it).
    pub fn changes(&self) -> ChangeCounts {
        let Some(target) = &self.target else {
            return ChangeCounts::default();
        };
        let mut counts = ChangeCounts::of(target.version, self.included.iter().map(|d| d.version));
        counts.same +=
            self.left_out.iter().filter(|(_, why)| *why == LeftOut::AlreadyOnTarget).count();
        counts
    }

    /// A test build or a downgrade: the administrator must accept it explicitly.
    pub fn risks(&self) -> Vec<String> {
        match &self.target {
            Some(target) if !self.included.is_empty() => {
                let mut changes = self.changes();
                changes.same = 0;
                batch::risks(target, changes)
            }
            _ => Vec::new(),
        }
    }
}

/// The whole plan: one row per key, and the waves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignPlan {
    pub keys: Vec<KeyPlan>,
    /// Per wave (0 is the canary): per key row, the serial numbers it sends.
    pub waves: Vec<Vec<(usize, Vec<String>)>>,
    pub on_air: OnAirRule,
    pub settings: WaveSettings,
    /// What the campaign returns devices from, when it is a rollback.
    pub undoes: Option<Undoes>,
}

impl CampaignPlan {
    pub fn in_scope(&self) -> usize {
        self.keys.iter().map(|k| k.in_scope).sum()
    }

    pub fn to_send(&self) -> usize {
        self.keys.iter().map(|k| k.included.len()).sum()
    }

    /// Devices left out because they are on air or possibly on air, by why (what including
    /// them would add).
    pub fn air_held(&self) -> batch::AirHold {
        batch::AirHold::of(self.keys.iter().flat_map(|k| &k.left_out).map(|(_, why)| *why))
    }

    /// Every risk to accept, named by key.
    pub fn risks(&self) -> Vec<String> {
        self.keys
            .iter()
            .flat_map(|k| k.risks().into_iter().map(move |r| format!("{}: {r}", k.label)))
            .collect()
    }
}

/// What the administrator chose: the scope, targets other than the default, on-air devices
/// included or not, and the waves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChoices {
    pub targets: BTreeMap<CompatKey, FirmwareRef>,
    pub include_on_air: bool,
    pub settings: WaveSettings,
    /// Seconds a device may show no change before it counts as timed out or lost.
    pub deadline_secs: u32,
    /// A rollback's rows (model and hardware, version they came from) that take the
    /// nearest release the Cloud holds instead of the version it no longer holds.
    pub nearest: BTreeSet<(CompatKey, String)>,
}

impl Default for PlanChoices {
    fn default() -> Self {
        PlanChoices {
            targets: BTreeMap::new(),
            include_on_air: false,
            settings: WaveSettings::default(),
            deadline_secs: batch::DEFAULT_DEADLINE_SECS,
            nearest: BTreeSet::new(),
        }
    }
}

impl PlanChoices {
    /// The on-air rule the choice of including on-air devices makes.
    pub fn on_air_rule(&self) -> OnAirRule {
        OnAirRule::of(self.include_on_air)
    }
}

/// Plans a campaign over `scope` (devices of any keys) with the Cloud's firmware `list`.
pub fn plan(scope: &[&FleetDevice], list: &FirmwareList, choices: &PlanChoices) -> CampaignPlan {
    let mut by_key: BTreeMap<&CompatKey, Vec<&FleetDevice>> = BTreeMap::new();
    for device in scope {
        by_key.entry(&device.key).or_default().push(device);
    }
    let on_air = choices.on_air_rule();
    let keys: Vec<KeyPlan> =
        by_key.into_iter().map(|(key, devices)| plan_key(key, &devices, list, choices)).collect();
    let waves = waves(&keys, &choices.settings);
    CampaignPlan { keys, waves, on_air, settings: choices.settings.clone(), undoes: None }
}

fn plan_key(
    key: &CompatKey,
    devices: &[&FleetDevice],
    list: &FirmwareList,
    choices: &PlanChoices,
) -> KeyPlan {
    let on_air = choices.on_air_rule();
    let (offer, _) = offer_for(key, list);
    let chosen = choices.targets.get(key).and_then(|r| offer.iter().find(|e| e.reference == *r));
    // A key whose newest release cannot be decided gets no target by default: the entry
    // set aside may be the newest. The administrator may still choose one of the offer.
    let undecided = list.undecided_for(key).is_some();
    let newest = offer.iter().find(|e| !e.is_test_build).filter(|_| !undecided);
    let target = chosen.or(newest).cloned();
    let (included, left_out) = match &target {
        None => {
            let why = if undecided { LeftOut::NewestUndecided } else { LeftOut::NoFirmware };
            (Vec::new(), devices.iter().map(|d| (d.sn.clone(), why)).collect())
        }
        Some(target) => split(key, devices, target, on_air),
    };
    KeyPlan {
        key: key.clone(),
        label: Anchor::of(devices[0]).label(),
        in_scope: devices.len(),
        offer,
        target,
        included,
        left_out,
        way_back: None,
    }
}

/// The devices of one row that `target` sends, and those it leaves out with why.
pub(super) fn split(
    key: &CompatKey,
    devices: &[&FleetDevice],
    target: &FirmwareEntry,
    on_air: OnAirRule,
) -> (Vec<FleetDevice>, Vec<(String, LeftOut)>) {
    let by_sn: std::collections::HashMap<&str, &FleetDevice> =
        devices.iter().map(|d| (d.sn.as_str(), *d)).collect();
    let sns = devices.iter().map(|d| d.sn.as_str());
    match BatchPlan::for_key(key, sns, |sn| by_sn.get(sn).copied(), target, on_air) {
        Ok(plan) => (plan.included, plan.left_out),
        Err(PlanError::NothingToSend { left_out }) => (Vec::new(), left_out),
        Err(_) => (Vec::new(), Vec::new()),
    }
}

/// Splits each key's devices over the waves; a wave sends one call per key present in it.
pub fn waves(keys: &[KeyPlan], settings: &WaveSettings) -> Vec<Vec<(usize, Vec<String>)>> {
    let mut waves: Vec<Vec<(usize, Vec<String>)>> = Vec::new();
    for (row, key) in keys.iter().enumerate() {
        let mut devices = key.included.iter().map(|d| d.sn.clone());
        for (wave, size) in settings.sizes(key.included.len()).into_iter().enumerate() {
            if waves.len() <= wave {
                waves.resize_with(wave + 1, Vec::new);
            }
            let sns: Vec<String> = devices.by_ref().take(size).collect();
            if !sns.is_empty() {
                waves[wave].push((row, sns));
            }
        }
    }
    waves.retain(|calls| !calls.is_empty());
    waves
}
