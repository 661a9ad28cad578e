//! Devices as the console reasons about them, and the compatibility key that decides
//! which devices may share one upgrade call.

use std::fmt;

use sc_wire::{Device, NO_SIGNAL, cur_status};
use serde::{Deserialize, Serialize};

use super::codes::{Catalogue, Context};
use super::version::Version;

/// Whether two hardware versions are the same: the same letters, in either case. The one
/// rule for matching hardware — device to device (the batch key), firmware to device
/// (the offer, the library, "behind the newest release").
pub fn same_hardware(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Devices in one `upgrade/start` must share all three: the Cloud's batch rule. Keys
/// compare their hardware by [`same_hardware`]; the text is kept as the Cloud sent it.
#[derive(Debug, Clone)]
pub struct CompatKey {
    /// Product family id (`module`).
    pub family: i64,
    /// Product model id (`status.product-id`).
    pub model: i64,
    /// Hardware version letter (`status.hardware-ver`).
    pub hardware: String,
}

impl CompatKey {
    /// What the key compares by: the hardware in one case.
    fn compared(&self) -> (i64, i64, String) {
        (self.family, self.model, self.hardware.to_ascii_uppercase())
    }
}

impl CompatKey {
    /// Whether something made for `model` and `hardware` (a firmware, a listing of one) is
    /// for devices of this key: the model, and the hardware by [`same_hardware`].
    pub fn is_for(&self, model: i64, hardware: &str) -> bool {
        self.model == model && same_hardware(&self.hardware, hardware)
    }
}

impl PartialEq for CompatKey {
    fn eq(&self, other: &Self) -> bool {
        self.family == other.family
            && self.model == other.model
            && same_hardware(&self.hardware, &other.hardware)
    }
}

impl Eq for CompatKey {}

impl std::hash::Hash for CompatKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.compared().hash(state);
    }
}

impl PartialOrd for CompatKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CompatKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.compared().cmp(&other.compared())
    }
}

/// What a device is doing about firmware right now, from its own report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activity {
    Idle,
    /// The Cloud is pushing the file, percent done.
    Pushing(i64),
    /// Installing, step 1–4 (offline at step 4 means rebooting).
    Installing(i64),
    /// The last install reported this non-zero `upgrade-ret`.
    LastInstallFailed(i64),
    /// Offline while its report still shows an upgrade (step 1–4, or 0 for the push): a
    /// reboot, or a device lost mid-upgrade — not "installing".
    WentOffline(i64),
}

/// What a device reports about an upgrade, as the Cloud lists it: what progress
/// tracking reads from each poll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct UpgradeReport {
    /// Percent of the file received, while the Cloud pushes it.
    pub pushing: Option<i64>,
    /// Install step 1–4, 0 when none.
    pub step: i64,
    /// The last install's status, 0 when fine.
    pub ret: i64,
}

impl UpgradeReport {
    fn of(device: &Device) -> UpgradeReport {
        UpgradeReport {
            pushing: (device.is_upload_file == 1).then(|| device.upload_file_pos.clamp(0, 100)),
            step: device.status.upgrade_step.unwrap_or(0),
            ret: device.status.upgrade_ret.unwrap_or(0),
        }
    }
}

impl Activity {
    fn of(report: UpgradeReport, online: bool) -> Activity {
        let reported = Activity::reported(report);
        match reported {
            Activity::Pushing(_) if !online => Activity::WentOffline(0),
            Activity::Installing(step) if !online => Activity::WentOffline(step),
            other => other,
        }
    }

    fn reported(report: UpgradeReport) -> Activity {
        if let Some(percent) = report.pushing {
            Activity::Pushing(percent)
        } else if report.ret != 0 {
            Activity::LastInstallFailed(report.ret)
        } else if (1..=4).contains(&report.step) {
            Activity::Installing(report.step)
        } else {
            Activity::Idle
        }
    }

    /// Whether an upgrade is under way (a new one would be refused as a repeat).
    pub fn is_upgrading(self) -> bool {
        matches!(self, Activity::Pushing(_) | Activity::Installing(_))
    }

    /// The activity in words, a failed install with what its code means, as a run says it.
    pub fn describe(self, catalogue: &Catalogue) -> String {
        match self {
            Activity::LastInstallFailed(code) => format!(
                "last install failed: {} (code {code})",
                catalogue.describe(Some(Context::DeviceInstall), code).text
            ),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Activity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activity::Idle => f.write_str("—"),
            Activity::Pushing(percent) => write!(f, "receiving firmware {percent} %"),
            Activity::Installing(step) => write!(f, "installing, step {step} of 4"),
            Activity::LastInstallFailed(code) => write!(f, "last install failed (code {code})"),
            Activity::WentOffline(0) => f.write_str("went offline during the firmware push"),
            Activity::WentOffline(step) => {
                write!(f, "went offline during install step {step} of 4")
            }
        }
    }
}

/// A device recording or streaming live — or one that may be: what an upgrade (and its
/// reboot) would cut off. Every path that sends holds a device with any of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OnAir {
    Recording,
    Live,
    RecordingAndLive,
    /// Of a family that reports its on-air bits (or of a family the Cloud did not name),
    /// but the Cloud did not report them — `cur-status` null, missing, or of a form the
    /// console does not understand: possibly on air, never taken for idle.
    Unknown,
}

impl OnAir {
    /// From `status.cur-status` (`None` when the Cloud did not report it in a form the
    /// console understands) and the family's name as the Cloud gives it (`module-name`).
    /// The families known to report these bits (Ultra Stream, Ultra Encode) are read;
    /// others are not known to report them: `None`, "not known to be on air" (docs/using.md
    /// says so). A device whose family the Cloud did not name is read as possibly on air
    /// when its bits are missing or say on air: which family it is cannot be told.
    pub fn of(module_name: &str, cur_status: Option<i64>) -> Option<OnAir> {
        let reports =
            ["Ultra Stream", "Ultra Encode"].iter().any(|family| module_name.starts_with(family));
        let unnamed = module_name.trim().is_empty();
        let bits = cur_status.map(|bits| bits & cur_status::ON_AIR);
        match (reports, unnamed, bits) {
            (true, _, None) | (_, true, None) => Some(OnAir::Unknown),
            (false, true, Some(bits)) if bits != 0 => Some(OnAir::Unknown),
            (false, _, _) | (true, _, Some(0)) => None,
            (true, _, Some(cur_status::RECORDING)) => Some(OnAir::Recording),
            (true, _, Some(cur_status::LIVE)) => Some(OnAir::Live),
            (true, _, Some(_)) => Some(OnAir::RecordingAndLive),
        }
    }

    /// Whether the Cloud reported it on air (not merely possibly).
    pub fn is_reported(self) -> bool {
        self != OnAir::Unknown
    }
}

impl fmt::Display for OnAir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OnAir::Recording => "on air: recording",
            OnAir::Live => "on air: live",
            OnAir::RecordingAndLive => "on air: recording and live",
            OnAir::Unknown => "on-air state unknown",
        })
    }
}

/// Whether the Cloud reports a device online, from `online-date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    Online,
    Offline,
    /// `online-date` null or missing: the Cloud did not say. Never sent (it may be
    /// offline), never counted as offline either.
    Unknown,
}

impl Presence {
    fn of(online_date: Option<i64>) -> Presence {
        match online_date {
            Some(date) if date > 0 => Presence::Online,
            Some(_) => Presence::Offline,
            None => Presence::Unknown,
        }
    }

    /// "online", "offline", "online state unknown".
    pub fn label(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Offline => "offline",
            Presence::Unknown => "online state unknown",
        }
    }
}

/// One device of the fleet, ready for display, filtering and batch rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FleetDevice {
    pub sn: String,
    /// Product name, e.g. "Ultra Stream HDMI".
    pub name: String,
    /// Family name as the device reports it, e.g. "Ultra Stream".
    pub family_name: String,
    pub key: CompatKey,
    /// Firmware version text as reported.
    pub firmware: String,
    /// `firmware` parsed, when it is a version we can compare.
    pub version: Option<Version>,
    pub presence: Presence,
    pub no_signal: bool,
    pub group: i64,
    /// Recording or live when its family reports it; possibly on air when the Cloud did
    /// not say ([`OnAir::Unknown`]).
    pub on_air: Option<OnAir>,
    pub activity: Activity,
    pub report: UpgradeReport,
}

/// Devices whose state the Cloud did not report, counted apart: what the overview and the
/// fleet say above everything else, so a gap in the Cloud's answer is never silent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unreported {
    /// Possibly on air: `cur-status` not reported.
    pub on_air: usize,
    /// `online-date` not reported.
    pub online: usize,
}

impl Unreported {
    pub fn of(devices: &[FleetDevice]) -> Unreported {
        devices.iter().fold(Unreported::default(), |mut counts, device| {
            counts.on_air += usize::from(device.on_air == Some(OnAir::Unknown));
            counts.online += usize::from(device.presence == Presence::Unknown);
            counts
        })
    }

    /// " whose on-air state the Cloud did not report: each is held back from every
    /// upgrade as if on air unless you include it." — what follows the count.
    pub fn on_air_said(&self) -> &'static str {
        if self.on_air == 1 {
            " whose on-air state the Cloud did not report: it is held back from every upgrade as if on air, unless you include it."
        } else {
            " whose on-air state the Cloud did not report: each is held back from every upgrade as if on air, unless you include it."
        }
    }

    /// What follows the count of devices whose online state is not reported.
    pub fn online_said(&self) -> &'static str {
        " whose online state the Cloud did not report: not counted as offline, and not sent until the Cloud says it is online."
    }
}

/// What a device's own page shows beyond its row in the fleet (from `get-dev`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceDetails {
    /// `online-date` when it reads as a time (epoch seconds).
    pub online_since: Option<i64>,
    /// When it applied to join the Cloud (epoch seconds), when known.
    pub joined: Option<i64>,
    /// Seconds since it started, when reported.
    pub up_time: Option<i64>,
    /// Its addresses as reported: ("Ethernet", "192.168.1.20"), …
    pub addresses: Vec<(&'static str, String)>,
    /// The warning bits as reported (0x01: no signal; the others undocumented).
    pub warning_bits: u32,
}

impl DeviceDetails {
    pub fn from_wire(device: &Device) -> DeviceDetails {
        // Times before 2001 are not times (some firmware reports 1 for "online").
        let time = |t: i64| (t > 1_000_000_000).then_some(t);
        let status = &device.status;
        let addresses =
            [("Ethernet", &status.eth), ("Wi-Fi", &status.wifi), ("USB (RNDIS)", &status.rndis)]
                .into_iter()
                .filter_map(|(name, a)| {
                    a.as_ref().filter(|a| !a.trim().is_empty()).map(|a| (name, a.clone()))
                })
                .collect();
        DeviceDetails {
            online_since: device.online_date.and_then(time),
            joined: time(device.apply_date),
            up_time: status.up_time.filter(|t| *t >= 0),
            addresses,
            warning_bits: device.dev_warning,
        }
    }
}

impl FleetDevice {
    pub fn from_wire(device: &Device) -> FleetDevice {
        FleetDevice::from_owned(device.clone())
    }

    /// The same, taking the record's text instead of copying it (a reading of 50,000
    /// devices is 250,000 strings fewer to copy).
    pub fn from_owned(device: Device) -> FleetDevice {
        let report = UpgradeReport::of(&device);
        let presence = Presence::of(device.online_date);
        let online = presence == Presence::Online;
        let status = device.status;
        let on_air = OnAir::of(&status.module_name, status.cur_status);
        let family_name = if status.module_name.is_empty() {
            format!("family {}", device.module)
        } else {
            status.module_name
        };
        FleetDevice {
            sn: device.sn,
            name: status.name,
            on_air,
            family_name,
            key: CompatKey {
                family: device.module,
                model: status.product_id,
                hardware: status.hardware_ver,
            },
            version: Version::parse(&status.firmware_ver),
            firmware: status.firmware_ver,
            presence,
            no_signal: device.dev_warning & NO_SIGNAL != 0,
            group: device.catalog_id,
            activity: Activity::of(report, online),
            report,
        }
    }

    /// Whether the Cloud reports it online (not offline, and not unknown).
    pub fn online(&self) -> bool {
        self.presence == Presence::Online
    }

    /// "Ultra Stream HDMI (model 770)": the model as people know it, with its id.
    pub fn model_label(&self) -> String {
        if self.name.is_empty() {
            format!("model {}", self.key.model)
        } else {
            format!("{} (model {})", super::text::drawn(&self.name), self.key.model)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::wire;

    #[test]
    fn a_hardware_version_in_either_case_is_the_same_key_and_keeps_its_text() {
        let key = |hardware: &str| CompatKey { family: 1, model: 770, hardware: hardware.into() };
        assert!(same_hardware("a", "A"));
        assert_eq!(key("a"), key("A"));
        assert_ne!(key("A"), key("B"));
        let keys: std::collections::HashSet<CompatKey> = [key("a"), key("A")].into();
        assert_eq!(keys.len(), 1);
        assert_eq!(key("a").cmp(&key("A")), std::cmp::Ordering::Equal);
        assert_eq!(key("a").hardware, "a", "sent as the Cloud wrote it");
    }

    #[test]
    fn a_failed_install_in_the_fleet_says_what_its_code_means_as_a_run_does() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            Activity::LastInstallFailed(101).describe(&catalogue),
            "last install failed: firmware image failed verification (code 101)"
        );
        assert_eq!(Activity::Installing(2).describe(&catalogue), "installing, step 2 of 4");
    }

    #[test]
    fn key_is_family_model_and_hardware() {
        let device = FleetDevice::from_wire(&wire("A1", 1, 770, "B", "1.5.79"));
        assert_eq!(device.key, CompatKey { family: 1, model: 770, hardware: "B".into() });
        assert_eq!(device.version, Version::parse("1.5.79"));
        assert!(device.online());
    }

    #[test]
    fn on_air_is_read_from_the_bits_of_families_that_report_them() {
        let on_air = |family: &str, bits: i64| OnAir::of(family, Some(bits));
        assert_eq!(on_air("Ultra Stream", 0x04), Some(OnAir::Live));
        assert_eq!(on_air("Ultra Encode", 0x02), Some(OnAir::Recording));
        assert_eq!(on_air("Ultra Stream", 0x4006), Some(OnAir::RecordingAndLive));
        assert_eq!(on_air("Ultra Stream", 0x4000), None, "upgrading is not on air");
        assert_eq!(on_air("Pro Convert Encoder", 0x04), None);
        let mut device = wire("A1", 1, 770, "A", "1.5.79");
        device.status.module_name = "Ultra Stream".into();
        device.status.cur_status = Some(4);
        assert_eq!(FleetDevice::from_wire(&device).on_air, Some(OnAir::Live));
    }

    #[test]
    fn a_device_whose_on_air_state_the_cloud_did_not_report_is_possibly_on_air() {
        assert_eq!(OnAir::of("Ultra Stream", None), Some(OnAir::Unknown));
        assert_eq!(OnAir::of("Ultra Encode", None), Some(OnAir::Unknown));
        assert_eq!(OnAir::of("", None), Some(OnAir::Unknown), "family not named, no bits");
        assert_eq!(OnAir::of("", Some(0x04)), Some(OnAir::Unknown), "bits of an unnamed family");
        assert_eq!(OnAir::of("", Some(0)), None);
        assert_eq!(OnAir::of("Pro Convert Encoder", None), None, "its family never reports");
        assert_eq!(OnAir::Unknown.to_string(), "on-air state unknown");
        assert!(!OnAir::Unknown.is_reported() && OnAir::Live.is_reported());
        let mut device = wire("A1", 1, 770, "A", "1.5.79");
        device.status.module_name = "Ultra Stream".into();
        device.status.cur_status = None;
        assert_eq!(FleetDevice::from_wire(&device).on_air, Some(OnAir::Unknown));
    }

    #[test]
    fn a_device_whose_online_date_the_cloud_did_not_report_is_neither_online_nor_offline() {
        let mut device = wire("A1", 1, 770, "A", "1.5.79");
        device.online_date = None;
        let row = FleetDevice::from_wire(&device);
        assert_eq!(row.presence, Presence::Unknown);
        assert!(!row.online());
        assert_eq!(row.presence.label(), "online state unknown");
        device.online_date = Some(-1);
        assert_eq!(FleetDevice::from_wire(&device).presence, Presence::Offline);
    }

    #[test]
    fn devices_whose_state_is_not_reported_are_counted_apart() {
        let mut air = wire("A1", 1, 770, "A", "1.5.79");
        air.status.module_name = "Ultra Stream".into();
        let mut online = wire("A2", 1, 770, "A", "1.5.79");
        online.online_date = None;
        let fleet: Vec<FleetDevice> = [air, online, wire("A3", 1, 770, "A", "1.5.79")]
            .iter()
            .map(FleetDevice::from_wire)
            .collect();
        assert_eq!(Unreported::of(&fleet), Unreported { on_air: 1, online: 1 });
    }

    #[test]
    fn activity_reads_push_install_and_failure() {
        let activity = |d: &Device| FleetDevice::from_wire(d).activity;
        let mut device = wire("A1", 1, 770, "A", "1.5.79");
        assert_eq!(activity(&device), Activity::Idle);
        device.is_upload_file = 1;
        device.upload_file_pos = 40;
        assert_eq!(activity(&device), Activity::Pushing(40));
        device.is_upload_file = 0;
        device.status.upgrade_step = Some(3);
        assert!(activity(&device).is_upgrading());
        device.status.upgrade_ret = Some(103);
        assert_eq!(activity(&device), Activity::LastInstallFailed(103));
        assert!(!activity(&device).is_upgrading());
    }

    #[test]
    fn a_device_offline_mid_upgrade_is_not_shown_installing() {
        let mut device = wire("A1", 1, 770, "A", "1.5.79");
        device.status.upgrade_step = Some(4);
        device.online_date = Some(0);
        let row = FleetDevice::from_wire(&device);
        assert_eq!(row.presence, Presence::Offline);
        assert_eq!(row.activity, Activity::WentOffline(4));
        assert_eq!(row.activity.to_string(), "went offline during install step 4 of 4");
        assert_eq!(row.report.step, 4, "tracking still reads the raw report");
    }
}
