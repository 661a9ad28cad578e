//! A browser's history moved into the shared record takes the record's numbers: every run
//! and campaign gets the number the record gives it, and every reference between them —
//! a retry's run, a call's campaign, a campaign's calls, earlier attempts, what a rollback
//! undoes — follows. A reference to something not moved (deleted in the browser) points at
//! nothing (`None`, or 0, which no record gives), never at another run that happens to
//! have its old number. Words already written (a campaign's log) keep their old numbers.

use std::collections::HashMap;

use crate::domain::attempt::Attempts;
use crate::domain::call::CampaignCall;
use crate::domain::campaign::way_back::Undoes;
use crate::domain::campaign::{CallState, Campaign};
use crate::domain::run::Run;

/// Old number → new number, for runs and for campaigns.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Renumbering {
    pub runs: HashMap<u64, u64>,
    pub campaigns: HashMap<u64, u64>,
}

impl Renumbering {
    fn run(&self, id: u64) -> Option<u64> {
        self.runs.get(&id).copied()
    }

    fn call(&self, call: CampaignCall) -> Option<CampaignCall> {
        let campaign = self.campaigns.get(&call.campaign).copied()?;
        Some(CampaignCall { campaign, ..call })
    }

    fn attempts(&self, attempts: &mut Attempts) {
        for attempt in attempts.values_mut().flatten() {
            attempt.run = attempt.run.and_then(|id| self.run(id));
            attempt.campaign = attempt.campaign.and_then(|c| self.call(c));
        }
    }

    /// A run under its new number, its references renumbered.
    pub fn apply_to_run(&self, run: &mut Run) {
        run.id = self.run(run.id).unwrap_or(0);
        run.retry_of = run.retry_of.and_then(|id| self.run(id));
        run.campaign = run.campaign.and_then(|c| self.call(c));
        self.attempts(&mut run.earlier);
    }

    /// A campaign under its new number, its references renumbered.
    pub fn apply_to_campaign(&self, campaign: &mut Campaign) {
        campaign.id = self.campaigns.get(&campaign.id).copied().unwrap_or(0);
        campaign.retry_of = campaign.retry_of.and_then(|id| self.campaigns.get(&id).copied());
        for call in campaign.waves.iter_mut().flat_map(|w| w.calls.iter_mut()) {
            if let CallState::Run(id) = call.state {
                call.state = CallState::Run(self.run(id).unwrap_or(0));
            }
        }
        self.attempts(&mut campaign.earlier);
        campaign.undoes = campaign.undoes.take().map(|undoes| match undoes {
            Undoes::Run(id) => Undoes::Run(self.run(id).unwrap_or(0)),
            Undoes::Campaign(id) => Undoes::Campaign(self.campaigns.get(&id).copied().unwrap_or(0)),
            Undoes::Device { sn, run } => Undoes::Device { sn, run: self.run(run).unwrap_or(0) },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attempt::{Attempt, Outcome};
    use crate::testing::{halted_campaign, started_run};

    #[test]
    fn every_reference_follows_its_run_or_campaign_and_a_missing_one_points_at_nothing() {
        let (mut campaign, mut runs) = halted_campaign(1_000);
        let numbers = Renumbering {
            runs: HashMap::from([(1, 11), (2, 12)]),
            campaigns: HashMap::from([(1, 7)]),
        };
        numbers.apply_to_campaign(&mut campaign);
        assert_eq!(campaign.id, 7);
        let made: Vec<_> = campaign.waves[0].calls.iter().map(|c| c.state.clone()).collect();
        assert_eq!(made, [CallState::Run(11), CallState::Run(12)]);
        for run in &mut runs {
            numbers.apply_to_run(run);
        }
        assert_eq!(runs[0].id, 11);
        assert_eq!(runs[0].campaign, Some(CampaignCall { campaign: 7, wave: 0 }));

        let mut retry = started_run(3, &["A1"], 2_000);
        retry.retry_of = Some(9);
        retry.earlier.insert(
            "A1".into(),
            vec![Attempt {
                run: Some(2),
                campaign: None,
                target: None,
                outcome: Outcome::RunDeleted,
            }],
        );
        let numbers =
            Renumbering { runs: HashMap::from([(3, 20), (2, 12)]), ..Renumbering::default() };
        numbers.apply_to_run(&mut retry);
        assert_eq!(
            (retry.id, retry.retry_of),
            (20, None),
            "run 9 was not moved: no retry of another run 9"
        );
        assert_eq!(retry.earlier["A1"][0].run, Some(12));
    }
}
