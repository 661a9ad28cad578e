//! The audit trail: who did what, when, from which address, what was sent and what the
//! Cloud answered. Written in the transaction of the write it describes; the forwarder
//! writes one for each call that changes the Cloud. Never a password or a session id.

use serde::Serialize;
use sqlx::Row;

use super::{Actor, Store, StoreError, now_ms};

/// The longest text kept of what was sent or answered (a 10,000-device call is kept whole).
const KEEP: usize = 2 * 1024 * 1024;

/// One line of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: u64,
    /// Epoch milliseconds.
    pub at: i64,
    pub who: String,
    pub address: String,
    pub action: String,
    pub subject: String,
    pub sent: String,
    pub answer: String,
}

impl AuditEntry {
    /// An entry made now (its id is given when written).
    pub fn now(actor: &Actor, action: &str, subject: &str, sent: &str, answer: &str) -> AuditEntry {
        AuditEntry {
            id: 0,
            at: now_ms(),
            who: actor.user.clone(),
            address: actor.address.clone(),
            action: action.into(),
            subject: subject.into(),
            sent: kept(sent),
            answer: kept(answer),
        }
    }

    pub(super) async fn write(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        let id = Store::next(tx, "audit").await?;
        sqlx::query(
            "INSERT INTO audit (id, at, who, address, action, subject, sent, answer) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(self.at)
        .bind(&self.who)
        .bind(&self.address)
        .bind(&self.action)
        .bind(&self.subject)
        .bind(&self.sent)
        .bind(&self.answer)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// At most [`KEEP`] bytes, cut on a character boundary and said.
fn kept(text: &str) -> String {
    if text.len() <= KEEP {
        return text.to_string();
    }
    let mut end = KEEP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

impl Store {
    /// Adds an entry of its own (a call forwarded to the Cloud).
    pub async fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let (mut tx, _) = self.begin_write().await?;
        entry.write(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest `limit` entries, newest first; before entry `before` when given.
    pub async fn audit_trail(
        &self,
        limit: u32,
        before: Option<u64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, who, address, action, subject, sent, answer FROM audit \
             WHERE id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before.map_or(i64::MAX, |b| b as i64))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get::<i64, _>(0)? as u64,
                    at: row.try_get(1)?,
                    who: row.try_get(2)?,
                    address: row.try_get(3)?,
                    action: row.try_get(4)?,
                    subject: row.try_get(5)?,
                    sent: row.try_get(6)?,
                    answer: row.try_get(7)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
