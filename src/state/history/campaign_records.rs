//! Campaign records in the history: read, saved new under an id no tab has given, changed
//! as saved (whoever wrote last), and a campaign's call recorded with its run before it
//! leaves.

use leptos::prelude::*;

use super::{History, RunHistoryStoreFields, SaveError};
use crate::domain::campaign::Campaign;
use crate::domain::history::news::News;
use crate::domain::run::Run;

impl History {
    /// One campaign, as last saved or heard (tracked).
    pub fn campaign(&self, id: u64) -> Option<Campaign> {
        self.campaigns.with(|c| c.iter().find(|c| c.id == id).cloned())
    }

    /// One campaign, outside a view.
    pub fn campaign_untracked(&self, id: u64) -> Option<Campaign> {
        self.campaigns.with_untracked(|c| c.iter().find(|c| c.id == id).cloned())
    }

    /// Shows a campaign as saved: replaced where it is, or added in id order.
    pub(super) fn upsert_campaign(&self, campaign: Campaign) {
        self.set_campaigns.update(|list| match list.iter_mut().find(|c| c.id == campaign.id) {
            Some(slot) => *slot = campaign,
            None => {
                let at = list.iter().position(|c| c.id < campaign.id).unwrap_or(list.len());
                list.insert(at, campaign);
            }
        });
    }

    /// Saves a new campaign under an id no other tab gives, and shows it. A campaign
    /// needs its history saved (a call must be recorded before it leaves): `None`, and the
    /// failure said, when the browser will not save it.
    pub async fn begin_campaign(self, mut campaign: Campaign) -> Option<u64> {
        if self.shared.get_untracked() {
            return self.begin_campaign_shared(&campaign).await;
        }
        let saved = match self.database() {
            Some(db) => db.begin_campaign(&mut campaign).await.map_err(SaveError::from),
            None => Err(SaveError::Unavailable("no history is open".into())),
        };
        let id = campaign.id;
        let ok = saved.is_ok();
        if ok {
            self.upsert_campaign(campaign);
        }
        self.report(saved.map(|()| News { campaigns: vec![id], ..News::default() }));
        self.keep_for_good();
        ok.then_some(id)
    }

    /// Changes a campaign as saved (the latest record, whoever wrote it), shows it and
    /// tells the other tabs. `None` when it could not be saved (the failure is said).
    pub async fn change_campaign<T>(
        self,
        id: u64,
        change: impl FnOnce(&mut Campaign) -> T,
    ) -> Option<T> {
        if self.shared.get_untracked() {
            return self.change_campaign_shared(id, change).await;
        }
        let Some(db) = self.database() else {
            self.report(Err(SaveError::Unavailable("no history is open".into())));
            return None;
        };
        match db.change_campaign(id, change).await {
            Ok(Some((campaign, result))) => {
                self.upsert_campaign(campaign);
                self.report(Ok(News { campaigns: vec![id], ..News::default() }));
                Some(result)
            }
            Ok(None) => None,
            Err(error) => {
                self.report(Err(SaveError::from(error)));
                None
            }
        }
    }

    /// Makes a campaign's call into `run`, saved with the call marked made (see
    /// [`HistoryDb::begin_call`]); the run's id, or `None` when the call was made already
    /// or could not be recorded — then it must not be sent.
    pub async fn begin_call(
        self,
        campaign: u64,
        wave: usize,
        call: usize,
        mut run: Run,
    ) -> Option<u64> {
        if self.shared.get_untracked() {
            return self.begin_call_shared(campaign, wave, call, run).await;
        }
        let db = self.database()?;
        match db.begin_call(campaign, wave, call, &mut run).await {
            Ok(Some(saved)) => {
                let id = run.id;
                self.store.runs().write().insert(0, run);
                self.upsert_campaign(saved);
                self.report(Ok(News {
                    runs: vec![id],
                    campaigns: vec![campaign],
                    ..News::default()
                }));
                Some(id)
            }
            Ok(None) => None,
            Err(error) => {
                self.report(Err(SaveError::from(error)));
                None
            }
        }
    }
}
