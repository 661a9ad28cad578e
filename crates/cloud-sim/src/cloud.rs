//! The simulated Cloud: its state and the rules of each operation, free of HTTP so they
//! can be read and tested on their own. Handlers in `http::routes` only translate to and
//! from HTTP.

use std::collections::HashSet;
use std::time::Duration;

use sc_wire::{Device, Firmware, Group, UpgradeDetail, UploadFirmwareReply, code, cur_status};
use tokio::time::Instant;

use crate::catalogue;
use crate::clock::Clock;
use crate::codes::{INSTALL_FAILURES, InstallFailure, SimCode};
use crate::config::SimConfig;
use crate::fleet::{Fate, Fleet, SimDevice};
use crate::groups;
use crate::library::{self, Library};
use crate::sessions::{Sessions, User};
use crate::upgrade::{Ending, Job};

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

/// One `upgrade/start` as received, and whether the Cloud accepted it as a whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct UpgradeCall {
    pub sn: Vec<String>,
    pub firmware_id: i64,
    pub accepted: bool,
}

/// Makes the installs of one model and hardware version fail: a device of that key whose
/// serial number falls within `rate` (0 to 1, decided from the serial number, so the same
/// devices fail every time) stops at the first documented install failure — on every
/// attempt while the rule is in force.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct KeyFailure {
    pub product_id: i64,
    pub hardware_ver: String,
    #[serde(default = "always")]
    pub rate: f64,
}

fn always() -> f64 {
    1.0
}

impl KeyFailure {
    fn fails(&self, device: &Device) -> bool {
        // FNV-1a of the serial number: a stable share of the key's devices.
        let hash = device.sn.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        device.status.product_id == self.product_id
            && device
                .status
                .hardware_ver
                .eq_ignore_ascii_case(&self.hardware_ver)
            && ((hash % 1000) as f64) < self.rate * 1000.0
    }
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
        Listing {
            user,
            group,
            groups: groups::subtree(group),
            family,
        }
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
            fleet: match config.only_model.and_then(catalogue::model) {
                Some(model) => Fleet::generate_of(
                    std::slice::from_ref(model),
                    config.seed,
                    config.devices,
                    now_epoch,
                ),
                None => Fleet::generate(config.seed, config.devices, now_epoch),
            },
            firmwares: catalogue::initial_firmwares(),
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
                    (epoch - base.online_date).max(0)
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
        let device = self
            .fleet
            .get(sn)
            .filter(|d| d.visible_to(user.name, user.is_admin()))?;
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
                dev_type == 0 || catalogue::family_of_product(f.product_id) == Some(dev_type)
            })
            .filter(|f| product_id.is_none_or(|p| f.product_id == p))
            .filter(|f| hardware.is_none_or(|h| f.hardware_ver.eq_ignore_ascii_case(h)))
            .cloned()
            .collect()
    }

    /// `upgrade/start`. Whole-call problems (rights, mixed batch, firmware) reject the call
    /// and change nothing; otherwise each serial number gets its own result.
    pub fn start_upgrade(
        &mut self,
        user: &User,
        sns: &[String],
        firmware_id: i64,
        now: Instant,
    ) -> Result<Vec<UpgradeDetail>, SimCode> {
        let answer = self.answer_upgrade(user, sns, firmware_id, now);
        self.calls.push(UpgradeCall {
            sn: sns.to_vec(),
            firmware_id,
            accepted: answer.is_ok(),
        });
        answer
    }

    fn answer_upgrade(
        &mut self,
        user: &User,
        sns: &[String],
        firmware_id: i64,
        now: Instant,
    ) -> Result<Vec<UpgradeDetail>, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        if sns.is_empty() || sns.iter().collect::<HashSet<_>>().len() != sns.len() {
            return Err(SimCode::BadRequest);
        }
        let keys: HashSet<(i64, i64, &str)> = sns
            .iter()
            .filter_map(|sn| self.fleet.get(sn))
            .map(|d| {
                (
                    d.base.module,
                    d.base.status.product_id,
                    d.base.status.hardware_ver.as_str(),
                )
            })
            .collect();
        if keys.len() > 1 {
            return Err(SimCode::IncompatibleBatch);
        }
        let firmware = self
            .firmwares
            .iter()
            .find(|f| f.id == firmware_id)
            .ok_or(SimCode::UnknownFirmware)?;
        if let Some(&(family, model, hardware)) = keys.iter().next() {
            let fits = firmware.product_id == model
                && firmware.hardware_ver == hardware
                && catalogue::family_of_product(model) == Some(family);
            if !fits {
                return Err(SimCode::FirmwareDoesNotFit);
            }
        }
        let target = firmware.version_text();
        let duration = self.upgrade_duration;
        let clock = self.clock;
        let details = sns
            .iter()
            .map(|sn| {
                let rules = &self.key_failures;
                let result = match self.fleet.get_mut(sn) {
                    None => SimCode::UnknownDevice.code(),
                    Some(device) => {
                        let made_to_fail = rules
                            .iter()
                            .any(|r| r.fails(&device.base))
                            .then_some(INSTALL_FAILURES[0]);
                        let start = Start {
                            firmware_id,
                            target: &target,
                            duration,
                            made_to_fail,
                        };
                        start_on(device, start, now, &clock)
                    }
                };
                UpgradeDetail {
                    sn: sn.clone(),
                    result,
                }
            })
            .collect();
        Ok(details)
    }
}

impl Sim {
    /// `uploadFirmware`: keeps an identifiable `.mwf` and says what it is.
    pub fn upload_firmware(
        &mut self,
        user: &User,
        file_name: &str,
        size: usize,
        now: Instant,
    ) -> Result<UploadFirmwareReply, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        if size > self.max_firmware_bytes {
            return Err(SimCode::FirmwareTooLarge);
        }
        if size == 0 {
            return Err(SimCode::UnidentifiableFirmware);
        }
        let info = library::identify(file_name, self.clock.epoch_at(now))
            .ok_or(SimCode::UnidentifiableFirmware)?;
        let upload = self.library.keep(file_name, info, size as u64);
        Ok(UploadFirmwareReply {
            result: code::OK,
            file_path: Some(upload.file_path.clone()),
            file_size: Some(upload.size),
            firmware_info: Some(upload.info.clone()),
        })
    }

    /// `firmware/add`: makes an upload available to `get-all-firmwares` under a new id.
    pub fn add_firmware(
        &mut self,
        user: &User,
        file_path: &str,
        now: Instant,
    ) -> Result<i64, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        let upload = self
            .library
            .find_mut(file_path)
            .ok_or(SimCode::UnknownFilePath)?;
        let info = upload.info.clone();
        let same_version = self.firmwares.iter().any(|f| {
            f.product_id == info.product_id
                && f.hardware_ver == info.hardware_ver
                && (f.major_ver, f.minor_ver, f.build_number)
                    == (info.major_ver, info.minor_ver, info.build_number)
        });
        if upload.added || same_version {
            return Err(SimCode::FirmwareAlreadyAdded);
        }
        upload.added = true;
        let id = self.firmwares.iter().map(|f| f.id).max().unwrap_or(0) + 1;
        self.firmwares.push(Firmware {
            id,
            file_path: file_path.to_string(),
            upload_date: self.clock.epoch_at(now),
            product_id: info.product_id,
            version_type: info.version_type,
            hardware_ver: info.hardware_ver,
            major_ver: info.major_ver,
            minor_ver: info.minor_ver,
            build_number: info.build_number,
        });
        Ok(id)
    }
}

/// The device as it reports itself at `now`.
fn snapshot(clock: &Clock, device: &SimDevice, now: Instant) -> Device {
    let mut dev = match &device.job {
        Some(job) => job.apply(&device.base, now, clock),
        None => device.base.clone(),
    };
    dev.status.up_time = Some(if dev.is_online() {
        (clock.epoch_at(now) - dev.online_date).max(0)
    } else {
        0
    });
    dev
}

/// What one device is asked to install.
struct Start<'a> {
    firmware_id: i64,
    target: &'a str,
    duration: Duration,
    /// A [`KeyFailure`] covers the device: its install fails this way whatever its fate.
    made_to_fail: Option<InstallFailure>,
}

/// Starts an upgrade on one device unless it is offline or already upgrading.
fn start_on(device: &mut SimDevice, start: Start<'_>, now: Instant, clock: &Clock) -> i64 {
    let Start {
        firmware_id,
        target,
        duration,
        made_to_fail,
    } = start;
    if let Some(job) = device.job.take() {
        if !job.phase(now).is_final() {
            device.job = Some(job);
            return code::REPEAT_OPERATION;
        }
        // Fold the finished upgrade into what the device reports at rest.
        device.base = job.apply(&device.base, now, clock);
    }
    if !device.base.is_online() {
        return SimCode::DeviceOffline.code();
    }
    let ending = match (made_to_fail, device.fate) {
        (Some(failure), _) => Ending::FailsAt(failure),
        (None, Fate::NeverReturns) => Ending::NeverReturns,
        (None, Fate::FailsAt(failure)) if device.attempts == 0 => Ending::FailsAt(failure),
        _ => Ending::Succeeds,
    };
    device.attempts += 1;
    device.job = Some(Job {
        firmware_id,
        target: target.to_string(),
        started: now,
        duration,
        ending,
    });
    code::OK
}
