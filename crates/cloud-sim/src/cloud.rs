//! The simulated Cloud: its state and the rules of each operation, free of HTTP so they
//! can be read and tested on their own. Handlers in `http::routes` only translate to and
//! from HTTP.

use std::collections::HashSet;
use std::time::Duration;

use sc_wire::{Device, Firmware, UpgradeDetail, UploadFirmwareReply, code};
use tokio::time::Instant;

use crate::catalogue;
use crate::clock::Clock;
use crate::codes::SimCode;
use crate::config::SimConfig;
use crate::fleet::{Fate, Fleet, SimDevice};
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
    upgrade_duration: Duration,
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
            upgrade_duration: config.upgrade_duration,
        }
    }

    /// `get-devs`: the devices `user` may see, in group `group` and family `family`
    /// (0 = any), as they report themselves at `now`.
    pub fn devices(&self, user: &User, group: i64, family: i64, now: Instant) -> Vec<Device> {
        self.fleet
            .iter()
            .filter(|d| d.visible_to(user.name, user.is_admin()))
            .filter(|d| group == 0 || d.base.catalog_id == group)
            .filter(|d| family == 0 || d.base.module == family)
            .map(|d| snapshot(&self.clock, d, now))
            .collect()
    }

    /// `get-devs` as the reply's JSON bytes: the same content as [`Sim::devices`], written
    /// from each resting device's kept JSON.
    pub fn devices_json(&mut self, user: &User, group: i64, family: i64, now: Instant) -> Vec<u8> {
        let clock = self.clock;
        let epoch = clock.epoch_at(now);
        let mut out = Vec::with_capacity(self.fleet.len() * 480 + 32);
        out.extend_from_slice(b"{\"result\":0,\"devs\":[");
        let mut first = true;
        for device in self.fleet.iter_mut() {
            if !device.visible_to(user.name, user.is_admin())
                || (group != 0 && device.base.catalog_id != group)
                || (family != 0 && device.base.module != family)
            {
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
                let result = match self.fleet.get_mut(sn) {
                    None => SimCode::UnknownDevice.code(),
                    Some(device) => start_on(device, firmware_id, &target, duration, now, &clock),
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

/// Starts an upgrade on one device unless it is offline or already upgrading.
fn start_on(
    device: &mut SimDevice,
    firmware_id: i64,
    target: &str,
    duration: Duration,
    now: Instant,
    clock: &Clock,
) -> i64 {
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
    let ending = match device.fate {
        Fate::NeverReturns => Ending::NeverReturns,
        Fate::FailsAt(failure) if device.attempts == 0 => Ending::FailsAt(failure),
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
