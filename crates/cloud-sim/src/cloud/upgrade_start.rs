//! `upgrade/start` in the simulated Cloud: the whole-call rules, each serial number's
//! result, the record of every call, and installs made to fail on a key for tests.

use super::*;

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
            && device.status.hardware_ver.eq_ignore_ascii_case(&self.hardware_ver)
            && ((hash % 1000) as f64) < self.rate * 1000.0
    }
}

impl Sim {
    /// `upgrade/start`. Whole-call problems (rights, mixed batch, firmware) reject the call
    /// and change nothing; otherwise each serial number gets its own result.
    pub fn start_upgrade(
        &mut self,
        user: &User,
        sns: &[String],
        firmware_id: i64,
        now: Instant,
    ) -> Result<Vec<UpgradeDetail>, SimCode> {
        let answer = self
            .check_call(user, sns, firmware_id)
            .map(|target| self.start_each(sns, firmware_id, &target, now));
        self.calls.push(UpgradeCall { sn: sns.to_vec(), firmware_id, accepted: answer.is_ok() });
        answer
    }

    /// The rules on the whole call; the version it installs when they hold.
    fn check_call(&self, user: &User, sns: &[String], firmware_id: i64) -> Result<String, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        if sns.is_empty() || sns.iter().collect::<HashSet<_>>().len() != sns.len() {
            return Err(SimCode::BadRequest);
        }
        let keys: HashSet<(i64, i64, &str)> = sns
            .iter()
            .filter_map(|sn| self.fleet.get(sn))
            .map(|d| (d.base.module, d.base.status.product_id, d.base.status.hardware_ver.as_str()))
            .collect();
        if keys.len() > 1 {
            return Err(SimCode::IncompatibleBatch);
        }
        let firmware =
            self.firmwares.iter().find(|f| f.id == firmware_id).ok_or(SimCode::UnknownFirmware)?;
        if let Some(&(family, model, hardware)) = keys.iter().next() {
            let fits = firmware.product_id == model
                && firmware.hardware_ver == hardware
                && product_line::family_of_product(model) == Some(family);
            if !fits {
                return Err(SimCode::FirmwareDoesNotFit);
            }
        }
        Ok(firmware.version_text())
    }

    /// Each serial number's own result: started, or why not.
    fn start_each(
        &mut self,
        sns: &[String],
        firmware_id: i64,
        target: &str,
        now: Instant,
    ) -> Vec<UpgradeDetail> {
        let duration = self.upgrade_duration;
        let clock = self.clock;
        sns.iter()
            .map(|sn| {
                let rules = &self.key_failures;
                let result = match self.fleet.get_mut(sn) {
                    None => SimCode::UnknownDevice.code(),
                    Some(device) => {
                        let made_to_fail = rules
                            .iter()
                            .any(|r| r.fails(&device.base))
                            .then_some(INSTALL_FAILURES[0]);
                        let start = Start { firmware_id, target, duration, made_to_fail };
                        start_on(device, start, now, &clock)
                    }
                };
                UpgradeDetail { sn: sn.clone(), result }
            })
            .collect()
    }
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
    let Start { firmware_id, target, duration, made_to_fail } = start;
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
    device.job =
        Some(Job { firmware_id, target: target.to_string(), started: now, duration, ending });
    code::OK
}
