//! Campaigns in the database, beside the runs: a campaign's call gets its run in the same
//! transaction that marks the call made, so no tab can make it twice.

use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use super::runs::{Writes, put};
use super::{HistoryDb, key, next_id, rw};
use crate::browser::idb::{self, IdbError};
use crate::domain::campaign::Campaign;
use crate::domain::history::{
    self, CAMPAIGNS, DEVICES, META, NEXT_CAMPAIGN_ID, NEXT_RUN_ID, RUNS, encode_campaign,
};
use crate::domain::run::Run;

/// Reads campaign `id` in `tx`.
async fn campaign_in(tx: &web_sys::IdbTransaction, id: u64) -> Result<Option<Campaign>, IdbError> {
    let store = idb::store(tx, CAMPAIGNS)?;
    let value = idb::finish(&store.get(&key(id)).map_err(idb::thrown)?).await?;
    Ok(value.as_string().and_then(|t| history::read_campaign(&t).ok()))
}

fn put_campaign(tx: &web_sys::IdbTransaction, campaign: &Campaign) -> Result<(), IdbError> {
    idb::store(tx, CAMPAIGNS)?
        .put_with_key(&JsValue::from_str(&encode_campaign(campaign)), &key(campaign.id))
        .map_err(idb::thrown)?;
    Ok(())
}

impl HistoryDb {
    /// Gives `campaign` the next campaign id and saves it, in one transaction.
    pub async fn begin_campaign(&self, campaign: &mut Campaign) -> Result<(), IdbError> {
        let tx = idb::transaction(&self.db, &[META, CAMPAIGNS], rw())?;
        campaign.id = next_id(&tx, NEXT_CAMPAIGN_ID).await?;
        put_campaign(&tx, campaign)?;
        idb::committed(&tx).await
    }

    /// Campaigns read again, as another tab wrote them (absent or unreadable ones are
    /// skipped: the next load sets them aside).
    pub async fn read_campaigns(&self, ids: &[u64]) -> Result<Vec<Campaign>, IdbError> {
        let tx = idb::transaction(&self.db, &[CAMPAIGNS], IdbTransactionMode::Readonly)?;
        let mut read = Vec::new();
        for &id in ids {
            read.extend(campaign_in(&tx, id).await?);
        }
        Ok(read)
    }

    /// Changes campaign `id` as saved now (whatever another tab wrote last), in one
    /// transaction: `change` gets the latest record. `None` when it is not saved.
    pub async fn change_campaign<T>(
        &self,
        id: u64,
        change: impl FnOnce(&mut Campaign) -> T,
    ) -> Result<Option<(Campaign, T)>, IdbError> {
        let tx = idb::transaction(&self.db, &[CAMPAIGNS], rw())?;
        let Some(mut campaign) = campaign_in(&tx, id).await? else {
            return Ok(None);
        };
        let result = change(&mut campaign);
        put_campaign(&tx, &campaign)?;
        idb::committed(&tx).await?;
        Ok(Some((campaign, result)))
    }

    /// Makes call `call` of wave `wave` of campaign `campaign` into `run`, in one
    /// transaction: the run gets the next run id and is saved, and the call is marked made
    /// with it — unless it was made already (by this tab or another), then nothing is
    /// written and `None` is returned. The call goes out only after this.
    pub async fn begin_call(
        &self,
        campaign: u64,
        wave: usize,
        call: usize,
        run: &mut Run,
    ) -> Result<Option<Campaign>, IdbError> {
        let tx = idb::transaction(&self.db, &[META, RUNS, DEVICES, CAMPAIGNS], rw())?;
        let Some(mut saved) = campaign_in(&tx, campaign).await? else {
            return Ok(None);
        };
        run.id = next_id(&tx, NEXT_RUN_ID).await?;
        if !saved.is_running() || !saved.record_call(wave, call, run.id) {
            // Nothing was written but the counter: give the transaction up.
            let _ = tx.abort();
            return Ok(None);
        }
        let mut writes = Writes::default();
        writes.run(run);
        put(&tx, writes)?;
        put_campaign(&tx, &saved)?;
        idb::committed(&tx).await?;
        Ok(Some(saved))
    }
}
