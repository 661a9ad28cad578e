//! The team's record in a database: SQLite (a file, WAL mode) by default, PostgreSQL for a
//! team or several instances. One schema and one set of queries for both (sqlx's `Any`
//! driver, `$N` parameters), migrations applied at start. Every write is one transaction
//! that first takes the next `change` number — which also serialises writers, so "what
//! changed since N" never skips a write that commits late (see [`Store::changes`]).

mod audit;
mod campaigns;
mod changes;
mod formats;
mod import;
mod keyed;
mod lease;
mod runs;

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};

pub use audit::AuditEntry;
pub use campaigns::{CallBegun, CampaignSaved};
pub use changes::Changes;
pub use formats::Invalid;
pub use import::{Move, Moved, MovedCampaign, MovedRun};
pub use lease::{DRIVER, Fence, Holder};
pub use runs::{ChunkWrite, RunWrite, Writes};

/// Which database the record lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// Who made a write, and from where: the audit trail's first columns.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: String,
    pub address: String,
}

/// Why the record could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The database did not answer or refused (locked, gone, full).
    Database(sqlx::Error),
    /// The migrations could not be applied.
    Migration(sqlx::migrate::MigrateError),
    /// What was sent cannot be stored as it is.
    Invalid(Invalid),
    /// A driver's write refused: its lease (this fencing token) was taken by another
    /// instance. Nothing was written.
    Fenced(i64),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "the database did not answer: {e}"),
            StoreError::Migration(e) => write!(f, "the database could not be prepared: {e}"),
            StoreError::Invalid(e) => write!(f, "{e}"),
            StoreError::Fenced(token) => write!(
                f,
                "this instance no longer drives campaigns (its lease {token} was taken over)"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

impl From<Invalid> for StoreError {
    fn from(e: Invalid) -> Self {
        StoreError::Invalid(e)
    }
}

/// The name of the SQLite file in `--data`.
pub const SQLITE_FILE: &str = "console.db";

/// The open record.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    kind: Kind,
    /// Set on the driver's record: every write checks the lease first.
    fence: Option<std::sync::Arc<Fence>>,
}

impl Store {
    /// Opens the record at `url` (`sqlite://…` or `postgres://…`), creating a SQLite file
    /// when missing, and applies the migrations not yet applied.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let kind = if url.starts_with("postgres") { Kind::Postgres } else { Kind::Sqlite };
        let pool = AnyPoolOptions::new()
            .max_connections(if kind == Kind::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        if kind == Kind::Sqlite {
            // WAL: readers never wait for the writer; set on the file, once is enough.
            sqlx::query("PRAGMA journal_mode=WAL").execute(&pool).await?;
        }
        sqlx::migrate!("./migrations").run(&pool).await.map_err(StoreError::Migration)?;
        Ok(Store { pool, kind, fence: None })
    }

    /// Opens (or creates) the SQLite record in folder `data`.
    pub async fn open_sqlite_in(data: &Path) -> Result<Store, StoreError> {
        Store::open(&sqlite_url(&data.join(SQLITE_FILE))).await
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether the database answers now.
    pub async fn ready(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection (shutdown): waits for those in use.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Copies the SQLite record to `file` while it is in use (a consistent snapshot). For
    /// PostgreSQL, `pg_dump` does this (docs/deploying.md).
    pub async fn backup_to(&self, file: &Path) -> Result<(), StoreError> {
        if self.kind != Kind::Sqlite {
            return Err(StoreError::Invalid(Invalid::new(
                "a PostgreSQL record is backed up with pg_dump (see docs/deploying.md)",
            )));
        }
        if file.exists() {
            return Err(StoreError::Invalid(Invalid::new(format!(
                "{} exists already: a backup never overwrites a file",
                file.display()
            ))));
        }
        sqlx::query("VACUUM INTO $1").bind(file.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    /// Takes the next number of counter `name` inside `tx`.
    async fn next(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        name: &str,
    ) -> Result<i64, sqlx::Error> {
        let row = sqlx::query("UPDATE counters SET next = next + 1 WHERE name = $1 RETURNING next")
            .bind(name)
            .fetch_one(&mut **tx)
            .await?;
        Ok(row.try_get::<i64, _>(0)? - 1)
    }

    /// Starts a write: a transaction that has taken the next change number first (the
    /// write lock, so writers never interleave) and, on a fenced record, checked its lease.
    async fn begin_write(
        &self,
    ) -> Result<(sqlx::Transaction<'static, sqlx::Any>, i64), StoreError> {
        let mut tx = self.pool.begin().await?;
        let change = Store::next(&mut tx, "change").await?;
        if let Some(fence) = &self.fence {
            lease::check(&mut tx, fence).await?;
        }
        Ok((tx, change))
    }
}

/// The sqlx address of a SQLite file, created when missing.
pub fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}

/// Now, in epoch milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
