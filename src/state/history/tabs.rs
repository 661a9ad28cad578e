//! Tab sync: what another tab of the console wrote, read back from the database (always
//! the latest state, whatever order the messages arrive in).

use leptos::prelude::*;

use super::{History, RunHistoryStoreFields};
use crate::browser::now_ms;
use crate::domain::history::{self, news::News};

impl History {
    /// Takes in what another tab wrote, read back from the database (always the latest
    /// state, whatever order messages arrive in).
    pub(super) async fn hear(self, news: News) {
        let Some(db) = self.database() else { return };
        if news.cleared {
            if let Ok(loaded) = db.load().await {
                self.replace(loaded.runs);
                self.set_campaigns.set(loaded.campaigns);
            }
            return;
        }
        if !news.campaigns.is_empty()
            && let Ok(read) = db.read_campaigns(&news.campaigns).await
        {
            for campaign in read {
                self.upsert_campaign(campaign);
            }
        }
        for id in news.deleted {
            self.forget(id);
        }
        if !news.runs.is_empty()
            && let Ok(loaded) = db.read_runs(&news.runs).await
        {
            for run in loaded.runs {
                self.upsert(run);
            }
        }
        for (id, chunks) in news.chunks {
            let Ok(read) = db.read_chunks(id, &chunks).await else {
                continue;
            };
            self.store.runs().at_key(id).try_update(|run| {
                for (chunk, progress) in read {
                    history::apply_chunk(run, chunk, progress);
                }
                run.updated_at = now_ms();
            });
        }
    }
}
