//! The record as the driver last read it: what changed since its last read, taken in the
//! way a browser takes it (the console's own `history::assemble` and `apply_chunk`), kept
//! to what driving needs — runs still followed, and the runs and campaigns of campaigns
//! still running or halted.

use std::collections::{BTreeMap, HashMap};

use mwcloud_console::domain::campaign::{Campaign, CampaignState};
use mwcloud_console::domain::history;
use mwcloud_console::domain::run::Run;

use crate::record::{CampaignSaved, Changes};

/// What the driver knows of the record.
#[derive(Debug, Default)]
pub struct Mirror {
    /// The last change read.
    pub since: i64,
    pub runs: BTreeMap<u64, Run>,
    /// Campaigns and the revision each was read at.
    pub campaigns: BTreeMap<u64, (i64, Campaign)>,
    /// Campaigns read as aborted that were running when last read (to be said once).
    pub aborted: Vec<Campaign>,
}

/// Whether the driver has anything left to do for a campaign.
fn kept(campaign: &Campaign) -> bool {
    matches!(campaign.state, CampaignState::Running | CampaignState::Halted { .. })
}

impl Mirror {
    /// Takes in what changed; returns what could not be read (said, never dropped).
    pub fn take(&mut self, changes: Changes) -> Vec<String> {
        let mut problems: Vec<String> = changes.unreadable;
        let whole: Vec<u64> = changes.runs.iter().map(|(id, _)| *id).collect();
        let (of_whole, alone): (Vec<_>, Vec<_>) =
            changes.chunks.into_iter().partition(|(run, _, _)| whole.contains(run));
        let loaded = history::assemble(
            changes.runs,
            of_whole
                .into_iter()
                .map(|(run, chunk, text)| (history::chunk_key(run, chunk as usize), text))
                .collect(),
        );
        problems.extend(loaded.set_aside.iter().map(|(_, aside)| aside.said()));
        for run in loaded.runs {
            self.runs.insert(run.id, run);
        }
        for (id, chunk, text) in alone {
            let Some(run) = self.runs.get_mut(&id) else { continue };
            match history::decode_chunk(&text) {
                Ok(progress) => history::apply_chunk(run, chunk as usize, progress),
                Err(error) => problems.push(format!("the devices of run {id}: {error}")),
            }
        }
        for saved in changes.campaigns {
            if let Err(error) = self.take_campaign(&saved) {
                problems.push(error);
            }
        }
        for id in changes.deleted_runs {
            self.runs.remove(&id);
        }
        self.since = self.since.max(changes.change);
        self.forget_done();
        problems
    }

    /// A campaign as the record holds it now.
    pub fn take_campaign(&mut self, saved: &CampaignSaved) -> Result<(), String> {
        let campaign = history::read_campaign(&saved.body)
            .map_err(|e| format!("campaign {}: {e}", saved.id))?;
        let was_running = self.campaigns.get(&saved.id).is_some_and(|(_, c)| c.is_running());
        if was_running && matches!(campaign.state, CampaignState::Aborted { .. }) {
            self.aborted.push(campaign.clone());
        }
        self.campaigns.insert(saved.id, (saved.revision, campaign));
        Ok(())
    }

    /// Drops what driving no longer needs: runs ended and named by no campaign kept,
    /// campaigns finished or aborted.
    fn forget_done(&mut self) {
        self.campaigns.retain(|_, (_, c)| kept(c));
        let named: std::collections::HashSet<u64> =
            self.campaigns.values().flat_map(|(_, c)| c.run_ids()).collect();
        self.runs.retain(|id, run| run.is_active() || named.contains(id));
    }

    /// Whether anything needs the Cloud: a run followed, or a campaign running.
    pub fn has_work(&self) -> bool {
        self.runs.values().any(Run::is_active) || self.running().next().is_some()
    }

    /// Campaigns running now, oldest first.
    pub fn running(&self) -> impl Iterator<Item = u64> + '_ {
        self.campaigns.iter().filter(|(_, (_, c))| c.is_running()).map(|(id, _)| *id)
    }

    pub fn runs_by_id(&self) -> HashMap<u64, &Run> {
        self.runs.iter().map(|(id, run)| (*id, run)).collect()
    }
}
