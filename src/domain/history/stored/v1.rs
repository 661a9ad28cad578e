//! Format 1 of the stored records: the shape every run, chunk of devices and campaign
//! saved since the history began has, spelled out field by field. These types are the
//! format and nothing else: the domain's types may rename and reshape freely, and only the
//! conversions in [`super::convert`] follow them. Changing what is written here changes
//! what old records mean — a new shape is a new module (`v2`) with a conversion from this.
//!
//! Enums are externally tagged (`"Verified"`, `{"Installing":{"step":4}}`), as serde
//! writes them by default; fields missing from older records read as their defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub build: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompatKey {
    pub family: i64,
    pub model: i64,
    pub hardware: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareEntry {
    /// The Cloud's firmware id.
    pub reference: i64,
    pub version: Version,
    pub is_test_build: bool,
    pub uploaded: i64,
    pub model: i64,
    pub hardware: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeftOut {
    Offline,
    AlreadyOnTarget,
    AlreadyUpgrading,
    NotInFleet,
    OnAir,
    OnAirUnknown,
    OnlineUnknown,
    NewestUndecided,
    PreviousVersionAmbiguous,
    NoFirmware,
    ModelStopped,
    PreviousVersionGone,
    PreviousVersionUnknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotFollowed {
    Plan(LeftOut),
    AlreadyUpgrading,
    Refused(i64),
    CallRefused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCall {
    pub campaign: u64,
    pub wave: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tracked {
    Waiting,
    Pushing { percent: i64 },
    Installing { step: i64 },
    Rebooting,
    Verified,
    InstallFailed { code: i64, step: i64 },
    WrongVersion { version: String },
    TimedOut,
    Lost,
}

/// A moment of a device's timeline: written `{"at":…,"state":…}` in a whole run and
/// `[at, state]` in a chunk; both read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub at: i64,
    pub state: Tracked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceTrack {
    pub sn: String,
    pub name: String,
    pub from: String,
    pub target: Version,
    pub state: Tracked,
    pub ret_before: i64,
    pub saw_activity: bool,
    pub last_change: i64,
    pub attempt: u32,
    pub timeline: Vec<Moment>,
}

/// A device's progress in a chunk: `[sn, saw_activity, [[at, state], …]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress(pub String, pub bool, pub Vec<(i64, Tracked)>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ended(Tracked),
    NotStarted(NotFollowed),
    RunDeleted,
    NotRecorded,
}

/// An earlier attempt: data, or (read only) the words a version before attempts were
/// data wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Attempt {
    Data {
        run: Option<u64>,
        #[serde(default)]
        campaign: Option<CampaignCall>,
        #[serde(default)]
        target: Option<Version>,
        outcome: Outcome,
    },
    Words(String),
}

pub type Attempts = BTreeMap<String, Vec<Attempt>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Code(i64),
    Conflicting { first: i64, second: i64 },
    NoAnswer,
    NotSent(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceOutcome {
    pub sn: String,
    pub name: String,
    pub answer: Answer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StartRecord {
    Sending,
    Answered { rows: Vec<DeviceOutcome> },
    Refused { message: String, detail: String },
    Unknown { message: String, detail: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOutDevice {
    pub sn: String,
    pub reason: NotFollowed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentDevice {
    pub sn: String,
    pub name: String,
    pub from: String,
    pub ret_before: i64,
}

/// A run. Its record holds no `devices` (they are chunks of their own); a whole run (an
/// export, the first history's entries) holds them. Its campaign call is written only
/// when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub id: u64,
    pub user: Option<String>,
    pub created_at: i64,
    pub key: CompatKey,
    pub batch: String,
    pub firmware: FirmwareEntry,
    pub deadline_secs: u32,
    pub sent: Vec<SentDevice>,
    pub start: StartRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<DeviceTrack>>,
    pub left_out: Vec<LeftOutDevice>,
    pub retry_of: Option<u64>,
    #[serde(default)]
    pub earlier: Attempts,
    pub updated_at: i64,
    #[serde(default)]
    pub stopped_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<CampaignCall>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Canary {
    Devices(u32),
    Percent(u8),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaveSettings {
    pub canary: Canary,
    pub waves: Vec<u8>,
    pub pause_secs: u32,
    pub canary_threshold: u8,
    pub threshold: u8,
    #[serde(default)]
    pub allowance: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignKey {
    pub key: CompatKey,
    pub label: String,
    pub firmware: Option<FirmwareEntry>,
    pub in_scope: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallState {
    Pending,
    Run(u64),
    NothingToSend(Vec<(String, LeftOut)>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaveCall {
    pub key: usize,
    pub sns: Vec<String>,
    pub state: CallState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wave {
    pub calls: Vec<WaveCall>,
    pub started_at: Option<i64>,
    pub passed_at: Option<i64>,
    pub acknowledged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignState {
    Running,
    Halted { wave: usize, failures: Vec<(String, String)> },
    Aborted { at: i64 },
    Finished { at: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deferred {
    pub sn: String,
    pub from: usize,
    pub to: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Undoes {
    Run(u64),
    Campaign(u64),
    Device { sn: String, run: u64 },
}

/// A maintenance window: days (Monday = 0), opening minute and length on its zone's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub days: Vec<u8>,
    pub start_minute: u16,
    pub minutes: u32,
    pub zone: String,
}

/// When a campaign may send; instants in epoch ms (UTC), written in `zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub zone: String,
    pub start_at: Option<i64>,
    pub end_at: Option<i64>,
    pub windows: Vec<Window>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub opens_at: Option<i64>,
    pub window: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: u64,
    pub user: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub settings: WaveSettings,
    pub include_on_air: bool,
    pub deadline_secs: u32,
    pub keys: Vec<CampaignKey>,
    pub left_out: Vec<(usize, String, LeftOut)>,
    pub waves: Vec<Wave>,
    pub deferred: Vec<Deferred>,
    pub state: CampaignState,
    pub log: Vec<(i64, String)>,
    #[serde(default)]
    pub retry_of: Option<u64>,
    #[serde(default)]
    pub earlier: Attempts,
    #[serde(default)]
    pub stopped_keys: Vec<usize>,
    #[serde(default)]
    pub undoes: Option<Undoes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Waiting>,
}
