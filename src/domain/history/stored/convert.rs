//! Between the domain's types and format 1 of the stored records, both ways, field by
//! field: where the domain renames or reshapes, this is the one place that follows.

use super::v1;
use crate::domain::attempt::{Attempt, Attempts, Outcome};
use crate::domain::batch::LeftOut;
use crate::domain::call::{CampaignCall, NotFollowed};
use crate::domain::campaign::plan::{Canary, WaveSettings};
use crate::domain::campaign::schedule::{Schedule, Waiting, Window};
use crate::domain::campaign::way_back::Undoes;
use crate::domain::campaign::{
    CallState, Campaign, CampaignKey, CampaignState, Deferred, Wave, WaveCall,
};
use crate::domain::device::CompatKey;
use crate::domain::firmware::{FirmwareEntry, FirmwareRef};
use crate::domain::outcome::{Answer, DeviceOutcome};
use crate::domain::run::{LeftOutDevice, Run, SentDevice, StartRecord};
use crate::domain::tracking::{DeviceTrack, Moment, Tracked};
use crate::domain::version::Version;

fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

/// Both ways between a domain type and its stored twin, owned.
macro_rules! both_ways {
    ($domain:ty, $stored:ty, |$d:ident| $to_stored:expr, |$s:ident| $to_domain:expr) => {
        impl From<$domain> for $stored {
            fn from($d: $domain) -> Self {
                $to_stored
            }
        }
        impl From<$stored> for $domain {
            fn from($s: $stored) -> Self {
                $to_domain
            }
        }
    };
}

both_ways!(
    Version,
    v1::Version,
    |v| v1::Version { major: v.major, minor: v.minor, build: v.build },
    |v| Version { major: v.major, minor: v.minor, build: v.build }
);

both_ways!(
    CompatKey,
    v1::CompatKey,
    |k| v1::CompatKey { family: k.family, model: k.model, hardware: k.hardware },
    |k| CompatKey { family: k.family, model: k.model, hardware: k.hardware }
);

both_ways!(
    FirmwareEntry,
    v1::FirmwareEntry,
    |f| v1::FirmwareEntry {
        reference: f.reference.0,
        version: f.version.into(),
        is_test_build: f.is_test_build,
        uploaded: f.uploaded,
        model: f.model,
        hardware: f.hardware,
    },
    |f| FirmwareEntry {
        reference: FirmwareRef(f.reference),
        version: f.version.into(),
        is_test_build: f.is_test_build,
        uploaded: f.uploaded,
        model: f.model,
        hardware: f.hardware,
    }
);

/// Unit variants of the same names, both ways.
macro_rules! same_units {
    ($domain:ident, $stored:ty, [$($variant:ident),* $(,)?]) => {
        impl From<$domain> for $stored {
            fn from(value: $domain) -> Self {
                match value {
                    $($domain::$variant => Self::$variant,)*
                }
            }
        }
        impl From<$stored> for $domain {
            fn from(value: $stored) -> Self {
                match value {
                    $(<$stored>::$variant => $domain::$variant,)*
                }
            }
        }
    };
}

same_units!(
    LeftOut,
    v1::LeftOut,
    [
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
    ]
);

both_ways!(
    NotFollowed,
    v1::NotFollowed,
    |n| match n {
        NotFollowed::Plan(why) => v1::NotFollowed::Plan(why.into()),
        NotFollowed::AlreadyUpgrading => v1::NotFollowed::AlreadyUpgrading,
        NotFollowed::Refused(code) => v1::NotFollowed::Refused(code),
        NotFollowed::CallRefused => v1::NotFollowed::CallRefused,
    },
    |n| match n {
        v1::NotFollowed::Plan(why) => NotFollowed::Plan(why.into()),
        v1::NotFollowed::AlreadyUpgrading => NotFollowed::AlreadyUpgrading,
        v1::NotFollowed::Refused(code) => NotFollowed::Refused(code),
        v1::NotFollowed::CallRefused => NotFollowed::CallRefused,
    }
);

both_ways!(
    CampaignCall,
    v1::CampaignCall,
    |c| v1::CampaignCall { campaign: c.campaign, wave: c.wave },
    |c| CampaignCall { campaign: c.campaign, wave: c.wave }
);

both_ways!(
    Tracked,
    v1::Tracked,
    |t| match t {
        Tracked::Waiting => v1::Tracked::Waiting,
        Tracked::Pushing { percent } => v1::Tracked::Pushing { percent },
        Tracked::Installing { step } => v1::Tracked::Installing { step },
        Tracked::Rebooting => v1::Tracked::Rebooting,
        Tracked::Verified => v1::Tracked::Verified,
        Tracked::InstallFailed { code, step } => v1::Tracked::InstallFailed { code, step },
        Tracked::WrongVersion { version } => v1::Tracked::WrongVersion { version },
        Tracked::TimedOut => v1::Tracked::TimedOut,
        Tracked::Lost => v1::Tracked::Lost,
    },
    |t| match t {
        v1::Tracked::Waiting => Tracked::Waiting,
        v1::Tracked::Pushing { percent } => Tracked::Pushing { percent },
        v1::Tracked::Installing { step } => Tracked::Installing { step },
        v1::Tracked::Rebooting => Tracked::Rebooting,
        v1::Tracked::Verified => Tracked::Verified,
        v1::Tracked::InstallFailed { code, step } => Tracked::InstallFailed { code, step },
        v1::Tracked::WrongVersion { version } => Tracked::WrongVersion { version },
        v1::Tracked::TimedOut => Tracked::TimedOut,
        v1::Tracked::Lost => Tracked::Lost,
    }
);

both_ways!(Moment, v1::Moment, |m| v1::Moment { at: m.at, state: m.state.into() }, |m| Moment {
    at: m.at,
    state: m.state.into()
});

both_ways!(
    DeviceTrack,
    v1::DeviceTrack,
    |t| v1::DeviceTrack {
        sn: t.sn,
        name: t.name,
        from: t.from,
        target: t.target.into(),
        state: t.state.into(),
        ret_before: t.ret_before,
        saw_activity: t.saw_activity,
        last_change: t.last_change,
        attempt: t.attempt,
        timeline: all(t.timeline),
    },
    |t| DeviceTrack {
        sn: t.sn,
        name: t.name,
        from: t.from,
        target: t.target.into(),
        state: t.state.into(),
        ret_before: t.ret_before,
        saw_activity: t.saw_activity,
        last_change: t.last_change,
        attempt: t.attempt,
        timeline: all(t.timeline),
    }
);

both_ways!(
    Outcome,
    v1::Outcome,
    |o| match o {
        Outcome::Ended(state) => v1::Outcome::Ended(state.into()),
        Outcome::NotStarted(why) => v1::Outcome::NotStarted(why.into()),
        Outcome::RunDeleted => v1::Outcome::RunDeleted,
        Outcome::NotRecorded => v1::Outcome::NotRecorded,
    },
    |o| match o {
        v1::Outcome::Ended(state) => Outcome::Ended(state.into()),
        v1::Outcome::NotStarted(why) => Outcome::NotStarted(why.into()),
        v1::Outcome::RunDeleted => Outcome::RunDeleted,
        v1::Outcome::NotRecorded => Outcome::NotRecorded,
    }
);

both_ways!(
    Attempt,
    v1::Attempt,
    |a| v1::Attempt::Data {
        run: a.run,
        campaign: a.campaign.map(Into::into),
        target: a.target.map(Into::into),
        outcome: a.outcome.into(),
    },
    |a| match a {
        v1::Attempt::Data { run, campaign, target, outcome } => Attempt {
            run,
            campaign: campaign.map(Into::into),
            target: target.map(Into::into),
            outcome: outcome.into(),
        },
        v1::Attempt::Words(words) => Attempt::from_words(&words),
    }
);

fn attempts_stored(attempts: Attempts) -> v1::Attempts {
    attempts.into_iter().map(|(sn, list)| (sn, all(list))).collect()
}

fn attempts_read(attempts: v1::Attempts) -> Attempts {
    attempts.into_iter().map(|(sn, list)| (sn, all(list))).collect()
}

both_ways!(
    Answer,
    v1::Answer,
    |a| match a {
        Answer::Code(code) => v1::Answer::Code(code),
        Answer::Conflicting { first, second } => v1::Answer::Conflicting { first, second },
        Answer::NoAnswer => v1::Answer::NoAnswer,
        Answer::NotSent(code) => v1::Answer::NotSent(code),
    },
    |a| match a {
        v1::Answer::Code(code) => Answer::Code(code),
        v1::Answer::Conflicting { first, second } => Answer::Conflicting { first, second },
        v1::Answer::NoAnswer => Answer::NoAnswer,
        v1::Answer::NotSent(code) => Answer::NotSent(code),
    }
);

both_ways!(
    DeviceOutcome,
    v1::DeviceOutcome,
    |o| v1::DeviceOutcome { sn: o.sn, name: o.name, answer: o.answer.into() },
    |o| DeviceOutcome { sn: o.sn, name: o.name, answer: o.answer.into() }
);

both_ways!(
    StartRecord,
    v1::StartRecord,
    |s| match s {
        StartRecord::Sending => v1::StartRecord::Sending,
        StartRecord::Answered { rows } => v1::StartRecord::Answered { rows: all(rows) },
        StartRecord::Refused { message, detail } => v1::StartRecord::Refused { message, detail },
        StartRecord::Unknown { message, detail } => v1::StartRecord::Unknown { message, detail },
    },
    |s| match s {
        v1::StartRecord::Sending => StartRecord::Sending,
        v1::StartRecord::Answered { rows } => StartRecord::Answered { rows: all(rows) },
        v1::StartRecord::Refused { message, detail } => StartRecord::Refused { message, detail },
        v1::StartRecord::Unknown { message, detail } => StartRecord::Unknown { message, detail },
    }
);

both_ways!(
    LeftOutDevice,
    v1::LeftOutDevice,
    |d| v1::LeftOutDevice { sn: d.sn, reason: d.reason.into() },
    |d| LeftOutDevice { sn: d.sn, reason: d.reason.into() }
);

both_ways!(
    SentDevice,
    v1::SentDevice,
    |d| v1::SentDevice { sn: d.sn, name: d.name, from: d.from, ret_before: d.ret_before },
    |d| SentDevice { sn: d.sn, name: d.name, from: d.from, ret_before: d.ret_before }
);

/// A run as stored: without its devices (its record) or with them (a whole run).
pub fn run_stored(run: &Run, with_devices: bool) -> v1::Run {
    v1::Run {
        id: run.id,
        user: run.user.clone(),
        created_at: run.created_at,
        key: run.key.clone().into(),
        batch: run.batch.clone(),
        firmware: run.firmware.clone().into(),
        deadline_secs: run.deadline_secs,
        sent: all(run.sent.clone()),
        start: run.start.clone().into(),
        devices: with_devices.then(|| all(run.devices.clone())),
        left_out: all(run.left_out.clone()),
        retry_of: run.retry_of,
        earlier: attempts_stored(run.earlier.clone()),
        updated_at: run.updated_at,
        stopped_at: run.stopped_at,
        campaign: run.campaign.map(Into::into),
    }
}

impl From<v1::Run> for Run {
    fn from(r: v1::Run) -> Self {
        Run {
            id: r.id,
            user: r.user,
            created_at: r.created_at,
            key: r.key.into(),
            batch: r.batch,
            firmware: r.firmware.into(),
            deadline_secs: r.deadline_secs,
            sent: all(r.sent),
            start: r.start.into(),
            devices: r.devices.map(all).unwrap_or_default(),
            left_out: all(r.left_out),
            retry_of: r.retry_of,
            earlier: attempts_read(r.earlier),
            updated_at: r.updated_at,
            stopped_at: r.stopped_at,
            campaign: r.campaign.map(Into::into),
        }
    }
}

both_ways!(
    Canary,
    v1::Canary,
    |c| match c {
        Canary::Devices(n) => v1::Canary::Devices(n),
        Canary::Percent(p) => v1::Canary::Percent(p),
    },
    |c| match c {
        v1::Canary::Devices(n) => Canary::Devices(n),
        v1::Canary::Percent(p) => Canary::Percent(p),
    }
);

both_ways!(
    WaveSettings,
    v1::WaveSettings,
    |w| v1::WaveSettings {
        canary: w.canary.into(),
        waves: w.waves,
        pause_secs: w.pause_secs,
        canary_threshold: w.canary_threshold,
        threshold: w.threshold,
        allowance: w.allowance,
    },
    |w| WaveSettings {
        canary: w.canary.into(),
        waves: w.waves,
        pause_secs: w.pause_secs,
        canary_threshold: w.canary_threshold,
        threshold: w.threshold,
        allowance: w.allowance,
    }
);

both_ways!(
    CampaignKey,
    v1::CampaignKey,
    |k| v1::CampaignKey {
        key: k.key.into(),
        label: k.label,
        firmware: k.firmware.map(Into::into),
        in_scope: k.in_scope,
    },
    |k| CampaignKey {
        key: k.key.into(),
        label: k.label,
        firmware: k.firmware.map(Into::into),
        in_scope: k.in_scope,
    }
);

both_ways!(
    CallState,
    v1::CallState,
    |c| match c {
        CallState::Pending => v1::CallState::Pending,
        CallState::Run(id) => v1::CallState::Run(id),
        CallState::NothingToSend(why) => v1::CallState::NothingToSend(
            why.into_iter().map(|(sn, left)| (sn, left.into())).collect()
        ),
    },
    |c| match c {
        v1::CallState::Pending => CallState::Pending,
        v1::CallState::Run(id) => CallState::Run(id),
        v1::CallState::NothingToSend(why) =>
            CallState::NothingToSend(why.into_iter().map(|(sn, left)| (sn, left.into())).collect()),
    }
);

both_ways!(
    WaveCall,
    v1::WaveCall,
    |c| v1::WaveCall { key: c.key, sns: c.sns, state: c.state.into() },
    |c| WaveCall { key: c.key, sns: c.sns, state: c.state.into() }
);

both_ways!(
    Wave,
    v1::Wave,
    |w| v1::Wave {
        calls: all(w.calls),
        started_at: w.started_at,
        passed_at: w.passed_at,
        acknowledged: w.acknowledged,
    },
    |w| Wave {
        calls: all(w.calls),
        started_at: w.started_at,
        passed_at: w.passed_at,
        acknowledged: w.acknowledged,
    }
);

both_ways!(
    CampaignState,
    v1::CampaignState,
    |s| match s {
        CampaignState::Running => v1::CampaignState::Running,
        CampaignState::Halted { wave, failures } => v1::CampaignState::Halted { wave, failures },
        CampaignState::Aborted { at } => v1::CampaignState::Aborted { at },
        CampaignState::Finished { at } => v1::CampaignState::Finished { at },
    },
    |s| match s {
        v1::CampaignState::Running => CampaignState::Running,
        v1::CampaignState::Halted { wave, failures } => CampaignState::Halted { wave, failures },
        v1::CampaignState::Aborted { at } => CampaignState::Aborted { at },
        v1::CampaignState::Finished { at } => CampaignState::Finished { at },
    }
);

both_ways!(Deferred, v1::Deferred, |d| v1::Deferred { sn: d.sn, from: d.from, to: d.to }, |d| {
    Deferred { sn: d.sn, from: d.from, to: d.to }
});

both_ways!(
    Undoes,
    v1::Undoes,
    |u| match u {
        Undoes::Run(id) => v1::Undoes::Run(id),
        Undoes::Campaign(id) => v1::Undoes::Campaign(id),
        Undoes::Device { sn, run } => v1::Undoes::Device { sn, run },
    },
    |u| match u {
        v1::Undoes::Run(id) => Undoes::Run(id),
        v1::Undoes::Campaign(id) => Undoes::Campaign(id),
        v1::Undoes::Device { sn, run } => Undoes::Device { sn, run },
    }
);

both_ways!(
    Window,
    v1::Window,
    |w| v1::Window { days: w.days, start_minute: w.start_minute, minutes: w.minutes, zone: w.zone },
    |w| Window { days: w.days, start_minute: w.start_minute, minutes: w.minutes, zone: w.zone }
);

both_ways!(
    Schedule,
    v1::Schedule,
    |s| v1::Schedule {
        zone: s.zone,
        start_at: s.start_at,
        end_at: s.end_at,
        windows: all(s.windows)
    },
    |s| Schedule { zone: s.zone, start_at: s.start_at, end_at: s.end_at, windows: all(s.windows) }
);

both_ways!(Waiting, v1::Waiting, |w| v1::Waiting { opens_at: w.opens_at, window: w.window }, |w| {
    Waiting { opens_at: w.opens_at, window: w.window }
});

both_ways!(
    Campaign,
    v1::Campaign,
    |c| v1::Campaign {
        id: c.id,
        user: c.user,
        created_at: c.created_at,
        updated_at: c.updated_at,
        settings: c.settings.into(),
        include_on_air: c.include_on_air,
        deadline_secs: c.deadline_secs,
        keys: all(c.keys),
        left_out: c.left_out.into_iter().map(|(key, sn, why)| (key, sn, why.into())).collect(),
        waves: all(c.waves),
        deferred: all(c.deferred),
        state: c.state.into(),
        log: c.log,
        retry_of: c.retry_of,
        earlier: attempts_stored(c.earlier),
        stopped_keys: c.stopped_keys,
        undoes: c.undoes.map(Into::into),
        schedule: (!c.schedule.is_empty()).then(|| c.schedule.into()),
        waiting: c.waiting.map(Into::into),
    },
    |c| Campaign {
        id: c.id,
        user: c.user,
        created_at: c.created_at,
        updated_at: c.updated_at,
        settings: c.settings.into(),
        include_on_air: c.include_on_air,
        deadline_secs: c.deadline_secs,
        keys: all(c.keys),
        left_out: c.left_out.into_iter().map(|(key, sn, why)| (key, sn, why.into())).collect(),
        waves: all(c.waves),
        deferred: all(c.deferred),
        state: c.state.into(),
        log: c.log,
        retry_of: c.retry_of,
        earlier: attempts_read(c.earlier),
        stopped_keys: c.stopped_keys,
        undoes: c.undoes.map(Into::into),
        schedule: c.schedule.map(Into::into).unwrap_or_default(),
        waiting: c.waiting.map(Into::into),
    }
);
