//! The simulated fleet: a believable, deterministic set of devices made from a seed, and
//! what each device will do when it is upgraded (its hidden *fate*).

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sc_wire::{Device, DeviceStatus, NO_SIGNAL, cur_status};

use crate::codes::{INSTALL_FAILURES, InstallFailure};
use crate::groups;
use crate::product_line::{self, FACTORY_VERSION, MODELS, Model};
use crate::resting::RestingJson;
use crate::sessions::OPERATOR;
use crate::upgrade::Job;

/// Seeds the second stream of draws (groups below the top level, on-air state), kept apart
/// so fleets made before groups and on-air state existed keep their devices.
const SECOND_STREAM: u64 = 0x6a09_e667_f3bc_c908;

/// What a device does on its **first** upgrade. A failing device succeeds when retried;
/// a device that never returns stays offline for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Healthy,
    FailsAt(InstallFailure),
    NeverReturns,
}

/// One device: what it reports at rest, its fate, and the upgrade running on it.
#[derive(Debug, Clone)]
pub struct SimDevice {
    /// The device as reported when no upgrade is running.
    pub base: Device,
    pub fate: Fate,
    pub job: Option<Job>,
    /// Upgrades started on the device so far.
    pub attempts: u32,
    /// Its JSON at rest, kept between requests.
    pub resting: RestingJson,
}

impl SimDevice {
    /// Whether `user` may see the device: everyone, or an operator it is opened to.
    pub fn visible_to(&self, user: &str, is_admin: bool) -> bool {
        is_admin || self.base.is_everyone == 1 || self.base.users.iter().any(|u| u == user)
    }
}

/// All devices, in generation order, with an index by serial number.
#[derive(Debug, Clone)]
pub struct Fleet {
    devices: Vec<SimDevice>,
    by_sn: HashMap<String, usize>,
}

impl Fleet {
    /// Makes `count` devices from `seed`. The same seed and count give the same fleet;
    /// `now_epoch` only anchors the `online-date` of the devices that are online.
    pub fn generate(seed: u64, count: usize, now_epoch: i64) -> Fleet {
        Self::generate_of(MODELS, seed, count, now_epoch)
    }

    /// Like [`Fleet::generate`], with devices of the given models only.
    pub fn generate_of(models: &[Model], seed: u64, count: usize, now_epoch: i64) -> Fleet {
        let models = if models.is_empty() { MODELS } else { models };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let total_weight: u32 = models.iter().map(|m| m.weight).sum();
        let mut devices: Vec<SimDevice> = (0..count)
            .map(|index| {
                let mut pick = rng.random_range(0..total_weight);
                let model = models
                    .iter()
                    .find(|m| {
                        let hit = pick < m.weight;
                        pick = pick.saturating_sub(m.weight);
                        hit
                    })
                    .unwrap_or(&models[0]);
                make_device(&mut rng, model, index, now_epoch)
            })
            .collect();
        place_and_air(&mut devices, seed);
        // Exactly one upgradable device is lost at its first reboot.
        let candidates: Vec<usize> = (0..devices.len())
            .filter(|&i| devices[i].fate == Fate::Healthy && is_upgradable(&devices[i]))
            .collect();
        if !candidates.is_empty() {
            let lost = candidates[rng.random_range(0..candidates.len())];
            devices[lost].fate = Fate::NeverReturns;
        }
        let by_sn = devices.iter().enumerate().map(|(i, d)| (d.base.sn.clone(), i)).collect();
        Fleet { devices, by_sn }
    }

    pub fn len(&self) -> usize {
        self.devices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &SimDevice> {
        self.devices.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut SimDevice> {
        self.devices.iter_mut()
    }

    pub fn get(&self, sn: &str) -> Option<&SimDevice> {
        self.by_sn.get(sn).map(|&i| &self.devices[i])
    }

    pub fn get_mut(&mut self, sn: &str) -> Option<&mut SimDevice> {
        self.by_sn.get(sn).map(|&i| &mut self.devices[i])
    }
}

/// From the second stream: moves each device from its top-level group to a group of that
/// subtree (a few to no group at all), and puts some online Ultra Stream / Ultra Encode
/// devices on air (recording, live, or both). Other families report no on-air bits.
fn place_and_air(devices: &mut [SimDevice], seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SECOND_STREAM);
    for device in devices {
        let base = &mut device.base;
        let subtree = groups::subtree(base.catalog_id);
        let pick = rng.random_range(0..subtree.len() * 10 + 1);
        base.catalog_id = subtree.get(pick / 10).copied().unwrap_or(0);
        let reports_air = matches!(
            product_line::model(base.status.product_id).map(|m| m.family),
            Some(product_line::ULTRA_STREAM | product_line::ULTRA_ENCODE)
        );
        let air = match rng.random_range(0..100) {
            0..8 => cur_status::LIVE,
            8..12 => cur_status::RECORDING,
            12..14 => cur_status::ON_AIR,
            _ => 0,
        };
        if reports_air && base.is_online() {
            base.status.cur_status = Some(air);
        }
    }
}

/// Online, and the Cloud holds firmware for its model and hardware.
fn is_upgradable(device: &SimDevice) -> bool {
    let status = &device.base.status;
    device.base.is_online()
        && product_line::model(status.product_id).is_some_and(|m| {
            m.hardware
                .iter()
                .any(|(hw, releases)| *hw == status.hardware_ver && !releases.is_empty())
        })
}

fn make_device(rng: &mut ChaCha8Rng, model: &Model, index: usize, now_epoch: i64) -> SimDevice {
    let &(hardware, releases) = &model.hardware[rng.random_range(0..model.hardware.len())];
    let (major, minor, build) = if releases.is_empty() {
        FACTORY_VERSION
    } else {
        releases[rng.random_range(0..releases.len())]
    };
    let online = rng.random_bool(0.85);
    let group = groups::TOP_LEVEL[rng.random_range(0..groups::TOP_LEVEL.len())];
    let (is_everyone, users) = match rng.random_range(0..10) {
        0..7 => (1, Vec::new()),
        7..9 => (0, vec![OPERATOR.to_string()]),
        _ => (0, Vec::new()),
    };
    let made = format!(
        "{:02}{:02}{:02}",
        rng.random_range(19..25),
        rng.random_range(1..13),
        rng.random_range(1..29)
    );
    let up_time = rng.random_range(600..30 * 24 * 3600);
    let no_signal = online && rng.random_bool(0.15);
    let fate = if online && !releases.is_empty() && rng.random_bool(0.12) {
        Fate::FailsAt(INSTALL_FAILURES[rng.random_range(0..INSTALL_FAILURES.len())])
    } else {
        Fate::Healthy
    };
    let base = Device {
        catalog_id: group,
        sn: format!("{}{made}{:05}", model.sn_prefix, index + 1),
        module: model.family.id,
        dev_warning: if no_signal { NO_SIGNAL } else { 0 },
        is_everyone,
        users,
        apply_date: 1_560_000_000 + rng.random_range(0..150_000_000),
        online_date: Some(if online { now_epoch - up_time } else { 0 }),
        is_upload_file: 0,
        upload_file_pos: 0,
        status: DeviceStatus {
            name: model.name.to_string(),
            product_id: model.product_id,
            module_name: model.family.name.to_string(),
            hardware_ver: hardware.to_string(),
            firmware_ver: format!("{major}.{minor}.{build}"),
            up_time: None,
            cur_status: Some(0),
            eth: Some(format!("10.{group}.{}.{}", index / 250, index % 250 + 2)),
            wifi: Some(String::new()),
            rndis: Some(String::new()),
            upgrade_ret: Some(0),
            upgrade_step: Some(0),
        },
    };
    SimDevice { base, fate, job: None, attempts: 0, resting: RestingJson::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn fleet() -> Fleet {
        Fleet::generate(7, 60, 1_700_000_000)
    }

    #[test]
    fn same_seed_gives_the_same_fleet() {
        let a: Vec<Device> = fleet().iter().map(|d| d.base.clone()).collect();
        let b: Vec<Device> = fleet().iter().map(|d| d.base.clone()).collect();
        assert_eq!(a, b);
        let other: Vec<Device> =
            Fleet::generate(8, 60, 1_700_000_000).iter().map(|d| d.base.clone()).collect();
        assert_ne!(a, other);
    }

    #[test]
    fn default_sized_fleet_is_varied() {
        let fleet = fleet();
        let families: HashSet<i64> = fleet.iter().map(|d| d.base.module).collect();
        let versions: HashSet<&str> =
            fleet.iter().map(|d| d.base.status.firmware_ver.as_str()).collect();
        assert!(families.len() >= 4);
        assert!(versions.len() >= 4);
        assert!(fleet.iter().any(|d| !d.base.is_online()));
        assert!(fleet.iter().any(|d| d.base.dev_warning & NO_SIGNAL != 0));
        assert!(fleet.iter().any(|d| d.base.users == [OPERATOR]));
        assert!(fleet.iter().any(|d| d.base.is_everyone == 0 && d.base.users.is_empty()));
        let groups: HashSet<i64> = fleet.iter().map(|d| d.base.catalog_id).collect();
        assert!(groups.len() >= 3);
        assert!(fleet.iter().any(|d| matches!(d.fate, Fate::FailsAt(_))));
        assert_eq!(fleet.iter().filter(|d| d.fate == Fate::NeverReturns).count(), 1);
        let hw_770: HashSet<&str> = fleet
            .iter()
            .filter(|d| d.base.status.product_id == 770)
            .map(|d| d.base.status.hardware_ver.as_str())
            .collect();
        assert_eq!(hw_770.len(), 2, "model 770 comes in hardware A and B");
    }

    #[test]
    fn ten_thousand_devices_have_unique_serial_numbers() {
        let fleet = Fleet::generate(1, 10_000, 1_700_000_000);
        assert_eq!(fleet.len(), 10_000);
        let sns: HashSet<&str> = fleet.iter().map(|d| d.base.sn.as_str()).collect();
        assert_eq!(sns.len(), 10_000);
        assert!(sns.iter().all(|sn| sn.len() == 13));
    }
}
