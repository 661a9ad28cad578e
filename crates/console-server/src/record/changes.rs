//! What changed in the record since a change number: how a console reads the record first
//! (since 0) and then keeps up with every other browser (one request per poll).

use sqlx::Row;
use sqlx::any::AnyRow;

use super::formats;
use super::{CampaignSaved, Store, StoreError};

/// Everything written after change `since`, up to [`Changes::change`].
#[derive(Debug, Default)]
pub struct Changes {
    /// The last change included: the next poll asks for what came after it.
    pub change: i64,
    /// Runs written (id, body), oldest change first.
    pub runs: Vec<(u64, String)>,
    /// Chunks of runs' devices written (run, chunk, body).
    pub chunks: Vec<(u64, u64, String)>,
    pub campaigns: Vec<CampaignSaved>,
    /// Runs deleted.
    pub deleted_runs: Vec<u64>,
    /// Records this version cannot read (a newer format), said rather than dropped.
    pub unreadable: Vec<String>,
}

/// Runs written between two changes.
const RUNS: &str =
    "SELECT id, format, body FROM runs WHERE change > $1 AND change <= $2 ORDER BY change, id";
/// Chunks of runs' devices written between two changes.
const CHUNKS: &str = "SELECT run_id, chunk, format, body FROM run_chunks \
                      WHERE change > $1 AND change <= $2 ORDER BY run_id, chunk";
/// Campaigns written between two changes.
const CAMPAIGNS: &str = "SELECT id, format, body, revision FROM campaigns \
                      WHERE change > $1 AND change <= $2 ORDER BY change, id";
/// Runs deleted between two changes.
const DELETED_RUNS: &str =
    "SELECT id FROM deletions WHERE kind = 'run' AND change > $1 AND change <= $2";

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The rows `sql` selects written after change `since` up to change `upto` (its `$1` and
/// `$2`).
async fn between(
    tx: &mut Tx,
    sql: &str,
    since: i64,
    upto: i64,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    sqlx::query(sql).bind(since).bind(upto).fetch_all(&mut **tx).await
}

impl Store {
    /// What was written after `since`. The change number is read first and only writes up
    /// to it are returned: every write up to it has committed (writers take their number in
    /// order and hold it to their commit), and a write after it comes with the next poll.
    pub async fn changes(&self, since: i64) -> Result<Changes, StoreError> {
        let mut tx = self.pool.begin().await?;
        let next: i64 = sqlx::query("SELECT next FROM counters WHERE name = 'change'")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let upto = next - 1;
        let mut changes = Changes { change: upto.max(since), ..Changes::default() };
        if upto <= since {
            tx.commit().await?;
            return Ok(changes);
        }
        let rows = between(&mut tx, RUNS, since, upto).await?;
        for row in rows {
            let id = row.try_get::<i64, _>(0)? as u64;
            match formats::readable(row.try_get(1)?) {
                Ok(()) => changes.runs.push((id, row.try_get(2)?)),
                Err(why) => changes.unreadable.push(format!("run {id}: {why}")),
            }
        }
        let rows = between(&mut tx, CHUNKS, since, upto).await?;
        for row in rows {
            let (run, chunk) = (row.try_get::<i64, _>(0)? as u64, row.try_get::<i64, _>(1)? as u64);
            match formats::readable(row.try_get(2)?) {
                Ok(()) => changes.chunks.push((run, chunk, row.try_get(3)?)),
                Err(why) => changes.unreadable.push(format!("devices of run {run}: {why}")),
            }
        }
        let rows = between(&mut tx, CAMPAIGNS, since, upto).await?;
        for row in rows {
            let id = row.try_get::<i64, _>(0)? as u64;
            match formats::readable(row.try_get(1)?) {
                Ok(()) => changes.campaigns.push(CampaignSaved {
                    id,
                    body: row.try_get(2)?,
                    revision: row.try_get(3)?,
                }),
                Err(why) => changes.unreadable.push(format!("campaign {id}: {why}")),
            }
        }
        let rows = between(&mut tx, DELETED_RUNS, since, upto).await?;
        for row in rows {
            changes.deleted_runs.push(row.try_get::<i64, _>(0)? as u64);
        }
        tx.commit().await?;
        Ok(changes)
    }
}
