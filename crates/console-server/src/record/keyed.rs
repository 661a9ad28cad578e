//! What runs and campaigns share in the record: each is stored once under its number with
//! the key of the request that wrote it, so the same request sent again finds it.

use sqlx::Row;

use super::formats::FORMAT;
use super::now_ms;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The record's two kinds of numbered records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kept {
    Runs,
    Campaigns,
}

impl Kept {
    fn table(self) -> &'static str {
        match self {
            Kept::Runs => "runs",
            Kept::Campaigns => "campaigns",
        }
    }
}

/// The number of the record of this kind written with `key`, if one was.
pub(super) async fn id_with_key(
    tx: &mut Tx,
    kept: Kept,
    key: &str,
) -> Result<Option<u64>, sqlx::Error> {
    let sql = format!("SELECT id FROM {} WHERE client_key = $1", kept.table());
    let row = sqlx::query(&sql).bind(key).fetch_optional(&mut **tx).await?;
    row.map(|r| r.try_get::<i64, _>(0).map(|id| id as u64)).transpose()
}

/// Stores a new record under `id`, written by `by` in change `change` (a campaign at
/// revision 1).
pub(super) async fn insert(
    tx: &mut Tx,
    kept: Kept,
    id: u64,
    key: &str,
    body: &str,
    by: &str,
    change: i64,
) -> Result<(), sqlx::Error> {
    let sql = match kept {
        Kept::Runs => {
            "INSERT INTO runs (id, client_key, format, body, created_by, created_at, change) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        }
        Kept::Campaigns => {
            "INSERT INTO campaigns (id, client_key, format, body, created_by, created_at, \
             change, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)"
        }
    };
    sqlx::query(sql)
        .bind(id as i64)
        .bind(key)
        .bind(FORMAT)
        .bind(body)
        .bind(by)
        .bind(now_ms())
        .bind(change)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
