//! Campaigns in the record: saved under the next campaign number (once per client key),
//! changed only from the revision the writer read (a writer that read an older one is told
//! the newer), and a wave's call made into its run in the transaction that marks the call
//! made — by the console's own rule (`Campaign::record_call`), so no browser makes it twice.

use mwcloud_console::domain::campaign::Campaign;
use serde_json::value::RawValue;
use sqlx::Row;

use super::formats::{self, FORMAT, Invalid};
use super::keyed::{Kept, id_with_key, insert};
use super::runs::put_chunks;
use super::{Actor, AuditEntry, Store, StoreError};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A campaign as stored now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignSaved {
    pub id: u64,
    pub revision: i64,
    pub body: String,
}

/// What became of a request to make a wave's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallBegun {
    /// The call is this run's to make now (or was already: the same request again).
    Made { run: u64, campaign: CampaignSaved },
    /// Not made: the campaign is not running, or the call was made by another run.
    Refused { campaign: CampaignSaved },
    /// No such campaign.
    Missing,
}

impl Store {
    /// Saves a new campaign under the next campaign number, or gives the number of the one
    /// saved with `key` already.
    pub async fn begin_campaign(
        &self,
        actor: &Actor,
        key: &str,
        campaign: &str,
    ) -> Result<CampaignSaved, StoreError> {
        let mut campaign = formats::read_campaign(campaign)?;
        let (mut tx, change) = self.begin_write().await?;
        if let Some(saved) = campaign_with_key(&mut tx, key).await? {
            tx.rollback().await?;
            return Ok(saved);
        }
        let id = Store::next(&mut tx, "campaign").await? as u64;
        let body = formats::campaign_body(&mut campaign, id);
        insert(&mut tx, Kept::Campaigns, id, key, &body, &actor.user, change).await?;
        let what = format!("{} models, {} waves", campaign.keys.len(), campaign.waves.len());
        AuditEntry::now(actor, "campaign saved", &format!("campaign {id}"), &what, "")
            .write(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(CampaignSaved { id, revision: 1, body })
    }

    /// Stores campaign `id` as `campaign` when it is still at `revision`: `Ok(saved)` with
    /// its new revision, or `Err(current)` when another writer changed it first (nothing
    /// written). `None`: no such campaign.
    pub async fn change_campaign(
        &self,
        actor: &Actor,
        id: u64,
        revision: i64,
        campaign: &str,
    ) -> Result<Option<Result<CampaignSaved, CampaignSaved>>, StoreError> {
        let mut campaign = formats::read_campaign(campaign)?;
        let (mut tx, change) = self.begin_write().await?;
        let Some(current) = campaign_in(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if current.revision != revision {
            tx.rollback().await?;
            return Ok(Some(Err(current)));
        }
        let body = formats::campaign_body(&mut campaign, id);
        let saved = put_campaign(&mut tx, id, body, revision + 1, change).await?;
        AuditEntry::now(
            actor,
            "campaign changed",
            &format!("campaign {id}"),
            &campaign.status_word(),
            "",
        )
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(Some(Ok(saved)))
    }

    /// Makes call `call` of wave `wave` of campaign `campaign` into a new run, in one
    /// transaction: the run gets the next run number and is saved, and the call is marked
    /// made with it — unless the campaign is not running or the call was made already.
    /// Sent again with the same `key`, it answers as the first time did.
    #[allow(clippy::too_many_arguments)]
    pub async fn begin_call(
        &self,
        actor: &Actor,
        campaign: u64,
        wave: usize,
        call: usize,
        key: &str,
        run: &str,
        chunks: &[Box<RawValue>],
    ) -> Result<CallBegun, StoreError> {
        let mut run = formats::read_run(run)?;
        for chunk in chunks {
            formats::check_chunk(chunk.get())?;
        }
        let (mut tx, change) = self.begin_write().await?;
        let Some(current) = campaign_in(&mut tx, campaign).await? else {
            tx.rollback().await?;
            return Ok(CallBegun::Missing);
        };
        if let Some(id) = id_with_key(&mut tx, Kept::Runs, key).await? {
            tx.rollback().await?;
            return Ok(CallBegun::Made { run: id, campaign: current });
        }
        let mut saved = read_stored(&current)?;
        let id = Store::next(&mut tx, "run").await? as u64;
        if !saved.is_running() || !saved.record_call(wave, call, id) {
            tx.rollback().await?;
            return Ok(CallBegun::Refused { campaign: current });
        }
        let body = formats::run_body(&mut run, id);
        insert(&mut tx, Kept::Runs, id, key, &body, &actor.user, change).await?;
        put_chunks(&mut tx, id, chunks, change).await?;
        let campaign_body = formats::campaign_body(&mut saved, campaign);
        let stored =
            put_campaign(&mut tx, campaign, campaign_body, current.revision + 1, change).await?;
        let sent =
            format!("{} · {} devices to {}", run.batch, run.sent.len(), run.firmware.version);
        AuditEntry::now(
            actor,
            "campaign call made",
            &format!("campaign {campaign}, wave {}, call {}: run {id}", wave + 1, call + 1),
            &sent,
            "",
        )
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(CallBegun::Made { run: id, campaign: stored })
    }
}

fn read_stored(saved: &CampaignSaved) -> Result<Campaign, StoreError> {
    formats::read_campaign(&saved.body).map_err(|e| {
        StoreError::Invalid(Invalid::new(format!("campaign {} as stored: {e}", saved.id)))
    })
}

async fn campaign_in(tx: &mut Tx, id: u64) -> Result<Option<CampaignSaved>, StoreError> {
    let row = sqlx::query("SELECT format, body, revision FROM campaigns WHERE id = $1")
        .bind(id as i64)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    formats::readable(row.try_get(0)?)?;
    Ok(Some(CampaignSaved { id, body: row.try_get(1)?, revision: row.try_get(2)? }))
}

async fn campaign_with_key(tx: &mut Tx, key: &str) -> Result<Option<CampaignSaved>, StoreError> {
    match id_with_key(tx, Kept::Campaigns, key).await? {
        Some(id) => campaign_in(tx, id).await,
        None => Ok(None),
    }
}

async fn put_campaign(
    tx: &mut Tx,
    id: u64,
    body: String,
    revision: i64,
    change: i64,
) -> Result<CampaignSaved, sqlx::Error> {
    sqlx::query(
        "UPDATE campaigns SET body = $1, format = $2, revision = $3, change = $4 WHERE id = $5",
    )
    .bind(&body)
    .bind(FORMAT)
    .bind(revision)
    .bind(change)
    .bind(id as i64)
    .execute(&mut **tx)
    .await?;
    Ok(CampaignSaved { id, revision, body })
}
