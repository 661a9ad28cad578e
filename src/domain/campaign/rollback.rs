//! A way back: "Return these devices to the version they had". From a finished run, a
//! campaign or one device, the version each device came from (as its run recorded it when
//! it was sent) becomes its target; the devices of one model and hardware that came from
//! different versions become separate rows — separate calls, each still one model and
//! hardware — and the campaign sends them canary first with the usual thresholds. When the
//! Cloud no longer holds the version a row came from, the plan says so for that row and
//! offers the nearest release it does hold, or leaves the row out.

use std::collections::BTreeMap;

use super::plan::{CampaignPlan, KeyPlan, PlanChoices, split, waves};
pub use super::way_back::{Undoes, WayBack};
use crate::domain::batch::LeftOut;
use crate::domain::device::{CompatKey, FleetDevice};
use crate::domain::firmware::{FirmwareEntry, FirmwareList, offer_for};
use crate::domain::run::Run;
use crate::domain::selection::Anchor;
use crate::domain::version::Version;

/// The devices to return, each with the version text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollback {
    pub undoes: Undoes,
    pub from: BTreeMap<String, String>,
}

impl Rollback {
    /// Every device run `run` sent, back to what it ran then.
    pub fn of_run(run: &Run) -> Rollback {
        Rollback {
            undoes: Undoes::Run(run.id),
            from: run.sent.iter().map(|s| (s.sn.clone(), s.from.clone())).collect(),
        }
    }

    /// Every device campaign `id` sent, back to what it ran before the campaign's first
    /// call that named it (a retry's second call does not move its starting point).
    pub fn of_campaign(id: u64, runs: &[Run]) -> Rollback {
        let mut calls: Vec<&Run> =
            runs.iter().filter(|r| r.campaign.is_some_and(|c| c.campaign == id)).collect();
        calls.sort_by_key(|r| (r.created_at, r.id));
        let mut from = BTreeMap::new();
        for run in calls {
            for sent in &run.sent {
                from.entry(sent.sn.clone()).or_insert_with(|| sent.from.clone());
            }
        }
        Rollback { undoes: Undoes::Campaign(id), from }
    }

    /// One device, back to what it ran before the latest call that sent it.
    pub fn of_device(sn: &str, runs: &[Run]) -> Option<Rollback> {
        let (run, sent) = runs
            .iter()
            .filter_map(|r| r.sent.iter().find(|s| s.sn == sn).map(|s| (r, s)))
            .max_by_key(|(r, _)| (r.created_at, r.id))?;
        Some(Rollback {
            undoes: Undoes::Device { sn: sn.to_string(), run: run.id },
            from: BTreeMap::from([(sn.to_string(), sent.from.clone())]),
        })
    }
}

impl Rollback {
    /// What its button says: "Return this device to 1.5.120…", "Return these 12 devices
    /// to 1.5.120…", "Return these 19 devices to the versions they had…".
    pub fn button_text(&self) -> String {
        let mut versions: Vec<&str> = self.from.values().map(String::as_str).collect();
        versions.sort_unstable();
        versions.dedup();
        let to = match versions.as_slice() {
            [one] if !one.trim().is_empty() => (*one).to_string(),
            [_] if self.from.len() == 1 => "the version it had".to_string(),
            _ => "the versions they had".to_string(),
        };
        match self.from.len() {
            1 => format!("Return this device to {to}…"),
            n => format!("Return these {n} devices to {to}…"),
        }
    }
}

/// The release nearest to `wanted`: the newest below it, else the oldest above it.
pub fn nearest_release(offer: &[FirmwareEntry], wanted: Version) -> Option<FirmwareEntry> {
    let releases = offer.iter().filter(|e| !e.is_test_build);
    releases
        .clone()
        .filter(|e| e.version < wanted)
        .max_by_key(|e| e.version)
        .or_else(|| releases.filter(|e| e.version > wanted).min_by_key(|e| e.version))
        .cloned()
}

/// Plans the rollback over the devices the fleet still lists (those it no longer lists are
/// for the caller to name: they have no model and hardware to plan with).
pub fn plan(
    rollback: &Rollback,
    fleet: &[FleetDevice],
    list: &FirmwareList,
    choices: &PlanChoices,
) -> CampaignPlan {
    let by_sn: std::collections::HashMap<&str, &FleetDevice> = fleet
        .iter()
        .filter(|d| rollback.from.contains_key(&d.sn))
        .map(|d| (d.sn.as_str(), d))
        .collect();
    let mut rows: BTreeMap<(&CompatKey, &str), Vec<&FleetDevice>> = BTreeMap::new();
    for (sn, from) in &rollback.from {
        if let Some(device) = by_sn.get(sn.as_str()) {
            rows.entry((&device.key, from.as_str())).or_default().push(device);
        }
    }
    let on_air = choices.on_air_rule();
    let keys: Vec<KeyPlan> = rows
        .into_iter()
        .map(|((key, from), devices)| row(key, from, &devices, list, choices))
        .collect();
    let waves = waves(&keys, &choices.settings);
    CampaignPlan {
        keys,
        waves,
        on_air,
        settings: choices.settings.clone(),
        undoes: Some(rollback.undoes.clone()),
    }
}

fn row(
    key: &CompatKey,
    from: &str,
    devices: &[&FleetDevice],
    list: &FirmwareList,
    choices: &PlanChoices,
) -> KeyPlan {
    let on_air = choices.on_air_rule();
    let (offer, _) = offer_for(key, list);
    let wanted = Version::parse(from);
    // The version itself, a release before a test build of the same number.
    let exact = wanted.and_then(|w| {
        let mut same = offer.iter().filter(|e| e.version == w);
        same.clone().find(|e| !e.is_test_build).or_else(|| same.next()).cloned()
    });
    let nearest = match (&exact, wanted) {
        (None, Some(wanted)) => nearest_release(&offer, wanted),
        _ => None,
    };
    let take_nearest = choices.nearest.contains(&(key.clone(), from.to_string()));
    let target = exact.clone().or_else(|| nearest.clone().filter(|_| take_nearest));
    let ambiguous = exact.is_none() && wanted.is_some_and(|w| list.ambiguous_at(key, w).is_some());
    let (included, left_out) = match &target {
        None => {
            let why = if wanted.is_none() {
                LeftOut::PreviousVersionUnknown
            } else if ambiguous {
                LeftOut::PreviousVersionAmbiguous
            } else {
                LeftOut::PreviousVersionGone
            };
            (Vec::new(), devices.iter().map(|d| (d.sn.clone(), why)).collect())
        }
        Some(target) => split(key, devices, target, on_air),
    };
    KeyPlan {
        key: key.clone(),
        label: format!("{}, back to {from}", Anchor::of(devices[0]).label()),
        in_scope: devices.len(),
        offer,
        target,
        included,
        left_out,
        way_back: Some(WayBack {
            wanted: from.to_string(),
            missing: exact.is_none(),
            ambiguous,
            nearest,
        }),
    }
}

#[cfg(test)]
mod tests;
