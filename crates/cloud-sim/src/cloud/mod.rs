//! The simulated Cloud: its state and the rules of each operation, free of HTTP so they
//! can be read and tested on their own. Handlers in `http::routes` only translate to and
//! from HTTP.

mod firmware_ops;
mod upgrade_start;

use std::collections::HashSet;
use std::time::Duration;

use sc_wire::{Device, Firmware, Group, UpgradeDetail, UploadFirmwareReply, code, cur_status};
use tokio::time::Instant;

use crate::clock::Clock;
use crate::codes::{INSTALL_FAILURES, InstallFailure, SimCode};
use crate::config::SimConfig;
use crate::fleet::{Fate, Fleet, SimDevice};
use crate::groups;
use crate::library::{self, Library};
use crate::product_line;
use crate::sessions::{Sessions, User};
use crate::upgrade::{Ending, Job};
pub use upgrade_start::{KeyFailure, UpgradeCall};

/// The whole simulated Cloud.
#[derive(Debug)]
pub struct Sim {
    pub clock: Clock,
    pub fleet: Fleet,
    pub firmwares: Vec<Firmware>,
    pub sessions: Sessions,
    pub library: Library,
    pub max_firmware_bytes: usize,
    /// Every `upgrade/start` received, in order: the simulator's own record of calls.
    pub calls: Vec<UpgradeCall>,
    /// Installs made to fail on one batch key, for tests (see [`KeyFailure`]).
    pub key_failures: Vec<KeyFailure>,
    upgrade_duration: Duration,
}

/// Which devices `get-devs` lists: those the user may see, in the group asked for or any
/// group below it, of the family asked for (0 = any, for either).
struct Listing<'a> {
    user: &'a User,
    group: i64,
    groups: Vec<i64>,
    family: i64,
}

impl<'a> Listing<'a> {
    fn new(user: &'a User, group: i64, family: i64) -> Self {
        Listing { user, group, groups: groups::subtree(group), family }
    }

    fn lists(&self, device: &SimDevice) -> bool {
        device.visible_to(self.user.name, self.user.is_admin())
            && (self.group == 0 || self.groups.contains(&device.base.catalog_id))
            && (self.family == 0 || device.base.module == self.family)
    }
}

impl Sim {
    pub fn new(config: &SimConfig, clock: Clock) -> Self {
        let now_epoch = clock.epoch_at(Instant::now());
        Sim {
            clock,
            fleet: match config.only_model.and_then(product_line::model) {
                Some(model) => Fleet::generate_of(
                    std::slice::from_ref(model),
                    config.seed,
                    config.devices,
                    now_epoch,
                ),
                None => Fleet::generate(config.seed, config.devices, now_epoch),
            },
            firmwares: product_line::initial_firmwares(),
            sessions: Sessions::new(config.session_ttl),
            library: Library::default(),
            max_firmware_bytes: config.max_firmware_bytes,
            calls: Vec::new(),
            key_failures: Vec::new(),
            upgrade_duration: config.upgrade_duration,
        }
    }

    /// `get-devs`: the devices `user` may see, in group `group` or any group below it, and
    /// in family `family` (0 = any), as they report themselves at `now`.
    pub fn devices(&self, user: &User, group: i64, family: i64, now: Instant) -> Vec<Device> {
        let listing = Listing::new(user, group, family);
        self.fleet
            .iter()
            .filter(|d| listing.lists(d))
            .map(|d| snapshot(&self.clock, d, now))
            .collect()
    }

    /// `get-devs` as the reply's JSON bytes: the same content as [`Sim::devices`], written
    /// from each resting device's kept JSON.
    pub fn devices_json(&mut self, user: &User, group: i64, family: i64, now: Instant) -> Vec<u8> {
        let clock = self.clock;
        let epoch = clock.epoch_at(now);
        let listing = Listing::new(user, group, family);
        let mut out = Vec::with_capacity(self.fleet.len() * 480 + 32);
        out.extend_from_slice(b"{\"result\":0,\"devs\":[");
        let mut first = true;
        for device in self.fleet.iter_mut() {
            if !listing.lists(device) {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            if device.job.is_some() {
                // Serializing our own wire type cannot fail.
                let _ = serde_json::to_writer(&mut out, &snapshot(&clock, device, now));
            } else {
                let base = &device.base;
                let up_time = if base.is_online() {
                    (epoch - base.online_date.unwrap_or(epoch)).max(0)
                } else {
                    0
                };
                device.resting.write(base, up_time, &mut out);
            }
        }
        out.extend_from_slice(b"]}");
        out
    }

    /// `get-dev-catalogs`: the group tree as `user` may see it.
    pub fn groups(&self, user: &User) -> Vec<Group> {
        groups::tree_for(user.name, user.is_admin())
    }

    /// Puts a device on or off air (a test's control): `bits` holds the recording and live
    /// bits of `cur-status`; other bits are ignored. `None` when no device has that number.
    pub fn set_on_air(&mut self, sn: &str, bits: i64) -> Option<i64> {
        let device = self.fleet.get_mut(sn)?;
        let status = &mut device.base.status;
        let kept = status.cur_status.unwrap_or(0) & !cur_status::ON_AIR;
        status.cur_status = Some(kept | (bits & cur_status::ON_AIR));
        status.cur_status
    }

    /// `get-dev`: one device, if `user` may see it.
    pub fn device(&self, user: &User, sn: &str, now: Instant) -> Option<Device> {
        let device = self.fleet.get(sn).filter(|d| d.visible_to(user.name, user.is_admin()))?;
        Some(snapshot(&self.clock, device, now))
    }

    /// `get-all-firmwares`: family `dev_type` (0 = all), optionally one model and hardware.
    pub fn firmwares(
        &self,
        dev_type: i64,
        product_id: Option<i64>,
        hardware: Option<&str>,
    ) -> Vec<Firmware> {
        self.firmwares
            .iter()
            .filter(|f| {
                dev_type == 0 || product_line::family_of_product(f.product_id) == Some(dev_type)
            })
            .filter(|f| product_id.is_none_or(|p| f.product_id == p))
            .filter(|f| hardware.is_none_or(|h| f.hardware_ver.eq_ignore_ascii_case(h)))
            .cloned()
            .collect()
    }
}

/// The device as it reports itself at `now`.
fn snapshot(clock: &Clock, device: &SimDevice, now: Instant) -> Device {
    let mut dev = match &device.job {
        Some(job) => job.apply(&device.base, now, clock),
        None => device.base.clone(),
    };
    dev.status.up_time = Some(if dev.is_online() {
        (clock.epoch_at(now) - dev.online_date.unwrap_or(0)).max(0)
    } else {
        0
    });
    dev
}
