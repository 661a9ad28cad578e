//! A browser's own history moved into the record, in one transaction: each run and campaign
//! takes the record's next number (or the number it took when the same key came before —
//! a move repeated never duplicates), and every reference between them is renumbered by the
//! console's own rule (`Renumbering`).

use mwcloud_console::domain::history::renumber::Renumbering;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::formats;
use super::keyed::{Kept, id_with_key, insert};
use super::runs::put_chunks;
use super::{Actor, AuditEntry, Store, StoreError};

/// A run as the browser kept it, under the browser's number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedRun {
    pub key: String,
    pub id: u64,
    pub run: Box<RawValue>,
    #[serde(default)]
    pub chunks: Vec<Box<RawValue>>,
}

/// A campaign as the browser kept it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedCampaign {
    pub key: String,
    pub id: u64,
    pub campaign: Box<RawValue>,
}

/// What a browser sends to move its history.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    #[serde(default)]
    pub runs: Vec<MovedRun>,
    #[serde(default)]
    pub campaigns: Vec<MovedCampaign>,
}

/// What the move did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    pub runs: usize,
    pub campaigns: usize,
    /// Records that had been moved before (the same keys): left as they were.
    pub already: usize,
}

impl Store {
    /// Moves a browser's history in: all of it or nothing.
    pub async fn import(&self, actor: &Actor, moving: &Move) -> Result<Moved, StoreError> {
        let mut runs = Vec::with_capacity(moving.runs.len());
        for moved in &moving.runs {
            for chunk in &moved.chunks {
                formats::check_chunk(chunk.get())?;
            }
            runs.push(formats::read_run(moved.run.get())?);
        }
        let mut campaigns = Vec::with_capacity(moving.campaigns.len());
        for moved in &moving.campaigns {
            campaigns.push(formats::read_campaign(moved.campaign.get())?);
        }
        let (mut tx, change) = self.begin_write().await?;
        let mut numbers = Renumbering::default();
        let mut fresh_runs = Vec::new();
        let mut fresh_campaigns = Vec::new();
        let mut result = Moved::default();
        for (at, moved) in moving.campaigns.iter().enumerate() {
            let id = match id_with_key(&mut tx, Kept::Campaigns, &moved.key).await? {
                Some(id) => {
                    result.already += 1;
                    id
                }
                None => {
                    fresh_campaigns.push(at);
                    Store::next(&mut tx, "campaign").await? as u64
                }
            };
            numbers.campaigns.insert(moved.id, id);
        }
        for (at, moved) in moving.runs.iter().enumerate() {
            let id = match id_with_key(&mut tx, Kept::Runs, &moved.key).await? {
                Some(id) => {
                    result.already += 1;
                    id
                }
                None => {
                    fresh_runs.push(at);
                    Store::next(&mut tx, "run").await? as u64
                }
            };
            numbers.runs.insert(moved.id, id);
        }
        for at in fresh_campaigns {
            let mut campaign = campaigns[at].clone();
            numbers.apply_to_campaign(&mut campaign);
            let id = campaign.id;
            let body = formats::campaign_body(&mut campaign, id);
            insert(
                &mut tx,
                Kept::Campaigns,
                id,
                &moving.campaigns[at].key,
                &body,
                &actor.user,
                change,
            )
            .await?;
            result.campaigns += 1;
        }
        for at in fresh_runs {
            let mut run = runs[at].clone();
            numbers.apply_to_run(&mut run);
            let id = run.id;
            let body = formats::run_body(&mut run, id);
            insert(&mut tx, Kept::Runs, id, &moving.runs[at].key, &body, &actor.user, change)
                .await?;
            put_chunks(&mut tx, id, &moving.runs[at].chunks, change).await?;
            result.runs += 1;
        }
        let what = format!(
            "{} runs and {} campaigns moved ({} moved before)",
            result.runs, result.campaigns, result.already
        );
        AuditEntry::now(actor, "browser history moved", "the record", &what, "")
            .write(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(result)
    }
}
