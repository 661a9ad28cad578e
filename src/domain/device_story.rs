//! One device's story as this console knows it: every call that named it — single runs,
//! campaign waves, retries and rollbacks — when, from which version to which, and how it
//! ended; and, across the whole history, the latest devices that did not end well (the
//! overview's recent failures). Read from the runs as saved, so it survives reloads and
//! other tabs.

use super::call::{CampaignCall, NotFollowed, describe};
use super::codes::Catalogue;
use super::run::Run;
use super::tracking::Tracked;
use super::version::Version;

/// One call that named the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryStep {
    pub sn: String,
    pub run: u64,
    pub campaign: Option<CampaignCall>,
    /// When the call was made (epoch ms).
    pub at: i64,
    /// When it last changed (epoch ms): its end, once it ended.
    pub changed_at: i64,
    pub user: Option<String>,
    /// The version it ran when sent, as it reported it.
    pub from: String,
    pub to: Version,
    pub end: StepEnd,
}

/// Where the call left the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepEnd {
    /// Followed: under way, or ended in this state.
    Followed(Tracked),
    /// Named in the call, not followed (left out, refused, already upgrading).
    NotFollowed(NotFollowed),
    /// The call is being made, or its answer is not known yet.
    Sending,
}

impl StepEnd {
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        match self {
            StepEnd::Followed(state) => describe(state, catalogue),
            StepEnd::NotFollowed(why) => why.describe(catalogue),
            StepEnd::Sending => "being sent".into(),
        }
    }

    /// Ended other than verified: failed, timed out, lost, back on another version, or
    /// refused by the Cloud. (Left out when planning is a choice, not a failure.)
    pub fn is_failure(&self) -> bool {
        match self {
            StepEnd::Followed(state) => state.is_final() && *state != Tracked::Verified,
            StepEnd::NotFollowed(why) => {
                matches!(why, NotFollowed::Refused(_) | NotFollowed::CallRefused)
            }
            StepEnd::Sending => false,
        }
    }

    pub fn is_verified(&self) -> bool {
        *self == StepEnd::Followed(Tracked::Verified)
    }
}

/// The steps of `run`, one per device it named, in the order it sent them.
fn steps(run: &Run) -> impl Iterator<Item = StoryStep> + '_ {
    let tracks: std::collections::HashMap<&str, &super::tracking::DeviceTrack> =
        run.devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    let left: std::collections::HashMap<&str, &NotFollowed> =
        run.left_out.iter().map(|l| (l.sn.as_str(), &l.reason)).collect();
    let named: std::collections::HashSet<&str> = run.sent.iter().map(|s| s.sn.as_str()).collect();
    let sent = run.sent.iter().map(|s| (s.sn.as_str(), s.from.as_str()));
    // Devices left out when planning were never in `sent` (looked up, not searched: a
    // refused call of thousands leaves thousands out).
    let planned_out = run
        .left_out
        .iter()
        .filter(move |l| !named.contains(l.sn.as_str()))
        .map(|l| (l.sn.as_str(), ""));
    sent.chain(planned_out).map(move |(sn, from)| {
        let (end, changed_at, from) = match (tracks.get(sn), left.get(sn)) {
            (Some(track), _) => {
                (StepEnd::Followed(track.state.clone()), track.last_change, track.from.as_str())
            }
            (None, Some(why)) => (StepEnd::NotFollowed((*why).clone()), run.updated_at, from),
            (None, None) => (StepEnd::Sending, run.created_at, from),
        };
        StoryStep {
            sn: sn.to_string(),
            run: run.id,
            campaign: run.campaign,
            at: run.created_at,
            changed_at,
            user: run.user.clone(),
            from: from.to_string(),
            to: run.firmware.version,
            end,
        }
    })
}

/// Every call that named `sn`, newest first.
pub fn story(sn: &str, runs: &[Run]) -> Vec<StoryStep> {
    let mut story: Vec<StoryStep> = runs
        .iter()
        .filter(|run| {
            run.sent.iter().any(|s| s.sn == sn) || run.left_out.iter().any(|l| l.sn == sn)
        })
        .flat_map(|run| steps(run).filter(|step| step.sn == sn))
        .collect();
    story.sort_by(|a, b| b.at.cmp(&a.at).then(b.run.cmp(&a.run)));
    story
}

/// The latest `limit` devices whose call ended other than verified, newest end first.
pub fn recent_failures(runs: &[Run], limit: usize) -> Vec<StoryStep> {
    let mut failures: Vec<StoryStep> =
        runs.iter().flat_map(steps).filter(|step| step.end.is_failure()).collect();
    failures.sort_by(|a, b| b.changed_at.cmp(&a.changed_at).then(b.run.cmp(&a.run)));
    failures.truncate(limit);
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::started_run;

    #[test]
    fn a_device_story_holds_every_call_that_named_it_newest_first() {
        let mut first = started_run(1, &["A1", "A2"], 1_000);
        first.devices[0].state = Tracked::InstallFailed { code: 103, step: 3 };
        first.devices[0].last_change = 2_000;
        let mut retry = started_run(2, &["A1"], 5_000);
        retry.devices[0].state = Tracked::Verified;
        let other = started_run(3, &["B1"], 9_000);
        let runs = vec![first, retry, other];
        let steps = story("A1", &runs);
        assert_eq!(steps.iter().map(|s| s.run).collect::<Vec<_>>(), [2, 1], "newest first");
        assert!(steps[0].end.is_verified());
        assert_eq!(steps[1].from, "1.5.79");
        assert_eq!(steps[1].to.to_string(), "1.5.178");
        let catalogue = Catalogue::builtin();
        assert!(steps[1].end.describe(&catalogue).starts_with("install failed at step 3"));
        assert!(story("nobody", &runs).is_empty());

        let failures = recent_failures(&runs, 10);
        assert_eq!(failures.len(), 1, "only A1's install failure in run 1");
        assert_eq!((failures[0].sn.as_str(), failures[0].run), ("A1", 1));
    }

    #[test]
    fn refusals_are_failures_and_planned_left_outs_are_not() {
        let mut run = started_run(1, &["A1"], 1_000);
        run.left_out.push(super::super::run::LeftOutDevice {
            sn: "A9".into(),
            reason: NotFollowed::Plan(super::super::batch::LeftOut::OnAir),
        });
        run.left_out.push(super::super::run::LeftOutDevice {
            sn: "A8".into(),
            reason: NotFollowed::Refused(-9009),
        });
        let steps = story("A9", std::slice::from_ref(&run));
        assert_eq!(steps.len(), 1, "a device left out when planning is part of its story");
        assert!(!steps[0].end.is_failure());
        let failures = recent_failures(&[run], 5);
        assert_eq!(failures.iter().map(|f| f.sn.as_str()).collect::<Vec<_>>(), ["A8"]);
    }
}
