//! A device's earlier tries at an upgrade, kept as data — which run (and campaign wave),
//! which target, how it ended — so a retry, a device's page or a rollback can reason about
//! them. Words are made only where they are shown ([`Attempt::describe`]).
//!
//! Histories saved before attempts were data hold them as the sentences the console wrote
//! ("run 2: lost: offline past the deadline"); they are read back into data here, once,
//! when such a record is loaded, and saved as data from then on.

use std::collections::BTreeMap;

use super::call::wave_name;
use super::call::{CampaignCall, NotFollowed, describe};
use super::codes::Catalogue;
use super::tracking::Tracked;
use super::version::Version;

/// One earlier try at upgrading one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The run its call became (`None`: not known — the run was deleted, or the attempt
    /// was saved before attempts were data and named only its campaign).
    pub run: Option<u64>,
    /// The campaign and wave, when the call was a campaign's.
    pub campaign: Option<CampaignCall>,
    /// The version it was sent to (`None`: saved before attempts were data).
    pub target: Option<Version>,
    pub outcome: Outcome,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Followed to this end: failed, timed out, lost, back on another version.
    Ended(Tracked),
    /// Named in the call; the Cloud did not start it.
    NotStarted(NotFollowed),
    /// Its call's run is no longer in this browser.
    RunDeleted,
    /// Saved before attempts were data, in words this version does not recognise.
    NotRecorded,
}

/// Earlier attempts per serial number, oldest first.
pub type Attempts = BTreeMap<String, Vec<Attempt>>;

impl Outcome {
    /// The outcome in words, install failures and refusals through the catalogue.
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        match self {
            Outcome::Ended(state) => describe(state, catalogue),
            Outcome::NotStarted(why) => why.describe(catalogue),
            Outcome::RunDeleted => "its run was deleted".into(),
            Outcome::NotRecorded => "outcome not recorded".into(),
        }
    }
}

impl Attempt {
    /// The attempt in words: "run 2: install failed at step 3: … (code 103)",
    /// "campaign 1, wave 2: lost: offline past the deadline".
    pub fn describe(&self, catalogue: &Catalogue) -> String {
        let outcome = self.outcome.describe(catalogue);
        let target = self.target.map(|v| format!(" to {v}")).unwrap_or_default();
        match (self.campaign, self.run) {
            (Some(call), _) => {
                format!("campaign {}, {}{target}: {outcome}", call.campaign, wave_name(call.wave))
            }
            (None, Some(run)) => format!("run {run}{target}: {outcome}"),
            (None, None) => format!("an earlier attempt{target}: {outcome}"),
        }
    }

    /// An attempt as an earlier version saved it, in the words it wrote (see the module).
    pub(crate) fn from_words(words: &str) -> Attempt {
        let (place, outcome) = words.split_once(": ").unwrap_or(("", words));
        let (run, campaign) = match place.strip_prefix("run ") {
            Some(run) => (run.parse().ok(), None),
            None => (None, campaign_call(place)),
        };
        Attempt { run, campaign, target: None, outcome: outcome_from_words(outcome) }
    }
}

/// "campaign 3, the canary" / "campaign 3, wave 2".
fn campaign_call(place: &str) -> Option<CampaignCall> {
    let (campaign, wave) = place.strip_prefix("campaign ")?.split_once(", ")?;
    let wave = match wave {
        "the canary" => 0,
        other => other.strip_prefix("wave ")?.parse::<usize>().ok()?.checked_sub(1)?,
    };
    Some(CampaignCall { campaign: campaign.parse().ok()?, wave })
}

/// The outcome words an earlier version wrote, back to data (`NotRecorded` for others).
fn outcome_from_words(words: &str) -> Outcome {
    // "(code 103)" closes the words of a failed install and of a refusal.
    let code = || {
        let inner = words.strip_suffix(')')?.rsplit_once("(code ")?.1;
        inner.parse::<i64>().ok()
    };
    let ended = |state| Outcome::Ended(state);
    match words {
        "timed out: no progress" => ended(Tracked::TimedOut),
        "lost: offline past the deadline" => ended(Tracked::Lost),
        "its run was deleted" => Outcome::RunDeleted,
        "not started: already upgrading" => Outcome::NotStarted(NotFollowed::AlreadyUpgrading),
        "not started: the call was refused" => Outcome::NotStarted(NotFollowed::CallRefused),
        _ => {
            if let Some(rest) = words.strip_prefix("install failed at step ") {
                let step = rest.split([':', ' ']).next().and_then(|s| s.parse().ok());
                if let (Some(step), Some(code)) = (step, code()) {
                    return ended(Tracked::InstallFailed { code, step });
                }
            }
            if let Some(version) = words
                .strip_prefix("failed: back online on ")
                .and_then(|rest| rest.strip_suffix(", not the target"))
            {
                return ended(Tracked::WrongVersion { version: version.to_string() });
            }
            if words.starts_with("not started: ")
                && let Some(code) = code()
            {
                return Outcome::NotStarted(NotFollowed::Refused(code));
            }
            Outcome::NotRecorded
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::batch::LeftOut;
    use crate::domain::history::stored::v1;

    /// A device lost in run `run` (to 1.5.178): the usual earlier attempt of a retry.
    pub(crate) fn lost_in_run(run: u64) -> Attempt {
        Attempt {
            run: Some(run),
            campaign: None,
            target: Version::parse("1.5.178"),
            outcome: Outcome::Ended(Tracked::Lost),
        }
    }

    /// Attempts read as the stored records hold them.
    fn read_back(saved: &str) -> Vec<Attempt> {
        let stored: Vec<v1::Attempt> = serde_json::from_str(saved).unwrap();
        stored.into_iter().map(Into::into).collect()
    }

    fn catalogue() -> Catalogue {
        Catalogue::builtin()
    }

    fn attempt(run: Option<u64>, campaign: Option<(u64, usize)>, outcome: Outcome) -> Attempt {
        Attempt {
            run,
            campaign: campaign.map(|(campaign, wave)| CampaignCall { campaign, wave }),
            target: Some(Version::parse("1.5.178").unwrap()),
            outcome,
        }
    }

    #[test]
    fn an_attempt_is_put_in_words_where_it_is_shown() {
        let lost = attempt(Some(2), None, Outcome::Ended(Tracked::Lost));
        assert_eq!(
            lost.describe(&catalogue()),
            "run 2 to 1.5.178: lost: offline past the deadline"
        );
        let refused = attempt(Some(7), Some((3, 1)), Outcome::Ended(Tracked::TimedOut));
        assert_eq!(
            refused.describe(&catalogue()),
            "campaign 3, wave 2 to 1.5.178: timed out: no progress"
        );
    }

    #[test]
    fn attempts_are_saved_as_data_and_read_back_the_same() {
        let attempts = vec![
            attempt(Some(2), None, Outcome::Ended(Tracked::InstallFailed { code: 103, step: 3 })),
            attempt(Some(4), Some((1, 0)), Outcome::NotStarted(NotFollowed::Refused(24))),
            attempt(None, Some((1, 2)), Outcome::RunDeleted),
            attempt(Some(5), None, Outcome::NotStarted(NotFollowed::Plan(LeftOut::OnAir))),
        ];
        let stored: Vec<v1::Attempt> = attempts.iter().cloned().map(Into::into).collect();
        let saved = serde_json::to_string(&stored).unwrap();
        assert!(saved.contains(r#""outcome":{"Ended""#), "{saved}");
        let read: Vec<Attempt> = read_back(&saved);
        assert_eq!(read, attempts);
    }

    #[test]
    fn the_words_an_earlier_version_saved_are_read_back_as_data() {
        let catalogue = catalogue();
        // Exactly as the console before attempts were data wrote them.
        let failed = Tracked::InstallFailed { code: 103, step: 3 };
        let words = [
            format!("run 2: {}", describe(&failed, &catalogue)),
            format!("run 3: {}", describe(&Tracked::Lost, &catalogue)),
            format!(
                "campaign 1, the canary: {}",
                describe(&Tracked::WrongVersion { version: "1.5.79".into() }, &catalogue)
            ),
            format!("campaign 1, wave 3: {}", NotFollowed::Refused(24).describe(&catalogue)),
            "campaign 4, wave 2: its run was deleted".to_string(),
            "campaign 4, wave 2: not started: already upgrading".to_string(),
            "run 9: something this version never wrote".to_string(),
        ];
        let saved = serde_json::to_string(&words).unwrap();
        let read: Vec<Attempt> = read_back(&saved);
        let outcomes: Vec<(Option<u64>, Option<CampaignCall>, &Outcome)> =
            read.iter().map(|a| (a.run, a.campaign, &a.outcome)).collect();
        let call = |campaign, wave| Some(CampaignCall { campaign, wave });
        assert_eq!(
            outcomes,
            vec![
                (Some(2), None, &Outcome::Ended(failed)),
                (Some(3), None, &Outcome::Ended(Tracked::Lost)),
                (
                    None,
                    call(1, 0),
                    &Outcome::Ended(Tracked::WrongVersion { version: "1.5.79".into() })
                ),
                (None, call(1, 2), &Outcome::NotStarted(NotFollowed::Refused(24))),
                (None, call(4, 1), &Outcome::RunDeleted),
                (None, call(4, 1), &Outcome::NotStarted(NotFollowed::AlreadyUpgrading)),
                (Some(9), None, &Outcome::NotRecorded),
            ]
        );
        assert!(read.iter().all(|a| a.target.is_none()));
        // Said again, they read as they did (bar the target, which was never saved).
        assert_eq!(read[1].describe(&catalogue), words[1]);
        assert_eq!(read[3].describe(&catalogue), words[3]);
    }
}
