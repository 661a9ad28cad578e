//! Runs in the record: a new run numbered by the record (once per client key, however often
//! it is sent), a poll's changes written, runs deleted.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::formats::{self, FORMAT, Invalid};
use super::keyed::{Kept, id_with_key, insert};
use super::{Actor, AuditEntry, Store, StoreError};

/// What a console writes in one request: runs whole (their record, and their devices'
/// chunks replacing any stored) and chunks on their own (a poll's changes).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Writes {
    #[serde(default)]
    pub runs: Vec<RunWrite>,
    #[serde(default)]
    pub chunks: Vec<ChunkWrite>,
}

/// A run written whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunWrite {
    pub id: u64,
    pub run: Box<RawValue>,
    /// Its devices' progress, chunk 0 first.
    #[serde(default)]
    pub chunks: Vec<Box<RawValue>>,
}

/// One chunk of a run's devices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkWrite {
    pub run: u64,
    pub chunk: u64,
    pub devices: Box<RawValue>,
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Store {
    /// Saves a new run under the next run number — or, when a run with `key` is stored
    /// already (the same request sent again), changes nothing and gives its number.
    pub async fn begin_run(
        &self,
        actor: &Actor,
        key: &str,
        run: &str,
        chunks: &[Box<RawValue>],
    ) -> Result<u64, StoreError> {
        let mut run = formats::read_run(run)?;
        for chunk in chunks {
            formats::check_chunk(chunk.get())?;
        }
        let (mut tx, change) = self.begin_write().await?;
        if let Some(id) = id_with_key(&mut tx, Kept::Runs, key).await? {
            tx.rollback().await?;
            return Ok(id);
        }
        let id = Store::next(&mut tx, "run").await? as u64;
        let body = formats::run_body(&mut run, id);
        insert(&mut tx, Kept::Runs, id, key, &body, &actor.user, change).await?;
        put_chunks(&mut tx, id, chunks, change).await?;
        let sent =
            format!("{} · {} devices to {}", run.batch, run.sent.len(), run.firmware.version);
        AuditEntry::now(actor, "run saved", &format!("run {id}"), &sent, "").write(&mut tx).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes runs whole and chunks on their own, in one transaction: all of it or none.
    pub async fn write(&self, writes: &Writes) -> Result<(), StoreError> {
        let mut runs = Vec::with_capacity(writes.runs.len());
        for write in &writes.runs {
            let mut run = formats::read_run(write.run.get())?;
            for chunk in &write.chunks {
                formats::check_chunk(chunk.get())?;
            }
            runs.push(formats::run_body(&mut run, write.id));
        }
        for chunk in &writes.chunks {
            formats::check_chunk(chunk.devices.get())?;
        }
        let (mut tx, change) = self.begin_write().await?;
        for (write, body) in writes.runs.iter().zip(runs) {
            let updated =
                sqlx::query("UPDATE runs SET body = $1, format = $2, change = $3 WHERE id = $4")
                    .bind(body)
                    .bind(FORMAT)
                    .bind(change)
                    .bind(write.id as i64)
                    .execute(&mut *tx)
                    .await?;
            if updated.rows_affected() == 0 {
                tx.rollback().await?;
                return Err(missing_run(write.id));
            }
            sqlx::query("DELETE FROM run_chunks WHERE run_id = $1")
                .bind(write.id as i64)
                .execute(&mut *tx)
                .await?;
            put_chunks(&mut tx, write.id, &write.chunks, change).await?;
        }
        for chunk in &writes.chunks {
            if !run_exists(&mut tx, chunk.run).await? {
                tx.rollback().await?;
                return Err(missing_run(chunk.run));
            }
            put_chunk(&mut tx, chunk.run, chunk.chunk, chunk.devices.get(), change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes runs and their devices; a browser that read them learns they are gone.
    pub async fn delete_runs(&self, actor: &Actor, ids: &[u64]) -> Result<(), StoreError> {
        let (mut tx, change) = self.begin_write().await?;
        for &id in ids {
            sqlx::query("DELETE FROM runs WHERE id = $1").bind(id as i64).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM run_chunks WHERE run_id = $1")
                .bind(id as i64)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO deletions (change, kind, id) VALUES ($1, 'run', $2) \
                 ON CONFLICT (kind, id) DO UPDATE SET change = excluded.change",
            )
            .bind(change)
            .bind(id as i64)
            .execute(&mut *tx)
            .await?;
        }
        let subject = ids.iter().map(|id| format!("run {id}")).collect::<Vec<_>>().join(", ");
        AuditEntry::now(actor, "runs deleted", &subject, "", "").write(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn missing_run(id: u64) -> StoreError {
    StoreError::Invalid(Invalid::new(format!(
        "run {id} is not in the record (deleted, or never saved)"
    )))
}

async fn run_exists(tx: &mut Tx, id: u64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT id FROM runs WHERE id = $1")
        .bind(id as i64)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

pub(super) async fn put_chunks(
    tx: &mut Tx,
    run: u64,
    chunks: &[Box<RawValue>],
    change: i64,
) -> Result<(), sqlx::Error> {
    for (i, chunk) in chunks.iter().enumerate() {
        put_chunk(tx, run, i as u64, chunk.get(), change).await?;
    }
    Ok(())
}

async fn put_chunk(
    tx: &mut Tx,
    run: u64,
    chunk: u64,
    body: &str,
    change: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO run_chunks (run_id, chunk, format, body, change) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (run_id, chunk) DO UPDATE SET format = excluded.format, \
         body = excluded.body, change = excluded.change",
    )
    .bind(run as i64)
    .bind(chunk as i64)
    .bind(FORMAT)
    .bind(body)
    .bind(change)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
