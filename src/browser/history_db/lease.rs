//! The polling lease in the database: which tab of the console polls the Cloud.

use super::{HistoryDb, rw};
use crate::browser::idb::{self, IdbError};
use crate::domain::history::META;
use crate::domain::history::lease::{self, LEASE};

impl HistoryDb {
    /// Renews or takes the polling lease for `tab` (see [`lease`]); whether it holds it.
    pub async fn claim_lease(&self, tab: &str, now: i64, for_ms: i64) -> Result<bool, IdbError> {
        let tx = idb::transaction(&self.db, &[META], rw())?;
        let meta = idb::store(&tx, META)?;
        let current = idb::finish(&meta.get(&LEASE.into()).map_err(idb::thrown)?).await?;
        let Some(lease) = lease::claim(current.as_string().as_deref(), tab, now, for_ms) else {
            return Ok(false);
        };
        meta.put_with_key(&lease.encode().into(), &LEASE.into()).map_err(idb::thrown)?;
        idb::committed(&tx).await.map(|()| true)
    }

    /// Gives the polling lease up, if `tab` holds it (a hidden or closing tab).
    pub async fn drop_lease(&self, tab: &str) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[META], rw())?;
        let meta = idb::store(&tx, META)?;
        let current = idb::finish(&meta.get(&LEASE.into()).map_err(idb::thrown)?).await?;
        if lease::held_by(current.as_string().as_deref(), tab) {
            meta.delete(&LEASE.into()).map_err(idb::thrown)?;
        }
        idb::committed(&tx).await
    }
}
