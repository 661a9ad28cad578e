//! Who drives campaigns when several instances share one PostgreSQL: a lease in the record
//! with an expiry and a fencing token. The holder renews it every cycle; another instance
//! takes it only once it has expired, and its token then grows by one. Every write of the
//! driver goes through a [`Store::fenced`] record, whose transaction first checks that the
//! lease is still held with the same token — taking the lease's row lock, so a takeover
//! waits for the write or the write sees the takeover. A call is recorded by such a write
//! before it leaves: an instance that lost the lease cannot record one, so it sends none.

use super::{Store, StoreError};

/// The lease of campaign driving.
pub const DRIVER: &str = "driver";

/// A lease held: the fencing token of the holder's writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub lease: String,
    pub holder: String,
    pub token: i64,
}

/// Who holds a lease now, as the record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub holder: String,
    pub token: i64,
    pub expires_at: i64,
}

impl Store {
    /// Takes or renews lease `name` for `holder` until `now + for_ms`: the fence its writes
    /// carry, or `None` while another holder's lease has not expired. A takeover gives the
    /// next token; a renewal keeps it.
    pub async fn claim(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        for_ms: i64,
    ) -> Result<Option<Fence>, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO leases (name, holder, token, expires_at) VALUES ($1, '', 0, 0) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .execute(&mut *tx)
        .await?;
        // One statement: the row is locked while its WHERE is checked, so two instances
        // claiming at once cannot both take it.
        let row = sqlx::query(
            "UPDATE leases SET \
               token = CASE WHEN holder = $2 THEN token ELSE token + 1 END, \
               holder = $2, expires_at = $4 \
             WHERE name = $1 AND (holder = $2 OR expires_at <= $3) RETURNING token",
        )
        .bind(name)
        .bind(holder)
        .bind(now)
        .bind(now + for_ms)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.map(|row| Fence {
            lease: name.to_string(),
            holder: holder.to_string(),
            token: sqlx::Row::get(&row, 0),
        }))
    }

    /// Gives lease `name` up (a clean stop): another instance may take it at once.
    pub async fn release(&self, fence: &Fence) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2 AND token = $3",
        )
        .bind(&fence.lease)
        .bind(&fence.holder)
        .bind(fence.token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Who holds lease `name`, if anyone ever did.
    pub async fn holder(&self, name: &str) -> Result<Option<Holder>, StoreError> {
        let row = sqlx::query("SELECT holder, token, expires_at FROM leases WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| Holder {
            holder: sqlx::Row::get(&row, 0),
            token: sqlx::Row::get(&row, 1),
            expires_at: sqlx::Row::get(&row, 2),
        }))
    }

    /// The same record, every write of which first checks `fence` (see the module's note).
    pub fn fenced(&self, fence: Fence) -> Store {
        Store { fence: Some(std::sync::Arc::new(fence)), ..self.clone() }
    }
}

/// Checks `fence` inside a write's transaction: a no-op update of the lease's row that only
/// matches while the lease is held with this token (and locks the row until the commit).
pub(super) async fn check(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    fence: &Fence,
) -> Result<(), StoreError> {
    let held = sqlx::query(
        "UPDATE leases SET token = token WHERE name = $1 AND holder = $2 AND token = $3",
    )
    .bind(&fence.lease)
    .bind(&fence.holder)
    .bind(fence.token)
    .execute(&mut **tx)
    .await?;
    if held.rows_affected() == 1 { Ok(()) } else { Err(StoreError::Fenced(fence.token)) }
}
