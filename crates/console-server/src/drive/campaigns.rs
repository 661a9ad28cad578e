//! Moving one campaign on, as the browser's runner did while its tab was open: the gate
//! (`Campaign::step`), the wave's calls made ready from the fleet just read (`prepare`: the
//! on-air check just before each call), each call recorded as made in a fenced write
//! (`begin_call`, which applies `Campaign::record_call`) and only then sent, once.

use std::collections::HashMap;

use mwcloud_console::api::ApiError;
use mwcloud_console::domain::call::{CampaignCall, wave_name};
use mwcloud_console::domain::campaign::schedule::{Timing, Waiting, zone};
use mwcloud_console::domain::campaign::{Campaign, Step, WaveCallPlan};
use mwcloud_console::domain::device::FleetDevice;
use mwcloud_console::domain::history;
use mwcloud_console::domain::outcome::Outcomes;
use mwcloud_console::domain::run::{Run, RunContext};

use super::calls::Cookie;
use super::{Driver, raw, service_actor, whole};
use crate::record::{Actor, AuditEntry, CallBegun, Store, StoreError, Writes};

impl Driver {
    /// Whether campaign `id` may send now by its schedule (an unreadable one: not now, said).
    pub(super) fn timing(&self, id: u64, now: i64) -> Timing {
        let Some((_, campaign)) = self.mirror.campaigns.get(&id) else {
            return Timing::ALWAYS;
        };
        if campaign.schedule.is_empty() {
            return Timing::ALWAYS;
        }
        zone::timing(&campaign.schedule, now).unwrap_or_else(|why| {
            self.shared.set(|s| s.problem = Some(format!("campaign {id}'s schedule: {why}")));
            Timing::Closed(Waiting { opens_at: None, window: None })
        })
    }

    /// Moves campaign `id` as far as it goes now (a wave's calls, the next step: a few
    /// passes at most in one cycle). Without `fleet` (nothing may be sent now by any
    /// schedule, so the fleet was not read) it only waits, passes and ends.
    pub(super) async fn drive(
        &mut self,
        record: &Store,
        id: u64,
        fleet: Option<(&[FleetDevice], &Cookie, &str)>,
    ) -> Result<(), StoreError> {
        let catalogue = self.calls.catalogue.clone();
        for _ in 0..16 {
            let Some((revision, saved)) = self.mirror.campaigns.get(&id).cloned() else {
                return Ok(());
            };
            let now = self.clock.now_ms();
            let timing = self.timing(id, now);
            let mut campaign = saved.clone();
            let step = campaign.step_within(&self.mirror.runs_by_id(), &catalogue, now, &timing);
            if campaign != saved && !self.save(record, id, revision, campaign).await? {
                return Ok(());
            }
            let Step::Send(wave) = step else {
                let event = match step {
                    Step::Halted(_) => "halted",
                    Step::Finished => "finished",
                    Step::Ended => "ended",
                    _ => return Ok(()),
                };
                let (title, status) = self.mirror.campaigns.get(&id).map_or_else(
                    || (format!("Campaign {id}"), String::new()),
                    |(_, c)| (c.title(), c.status_word()),
                );
                tracing::info!("campaign {id}: {status}");
                let last = self.mirror.campaigns.get(&id).and_then(|(_, c)| c.log.last());
                let why = last.map(|(_, l)| format!(" {l}")).unwrap_or_default();
                self.notify(event, id, format!("{title}: {status}.{why}"));
                return Ok(());
            };
            let Some((fleet, cookie, user)) = fleet else {
                return Ok(());
            };
            let Some((revision, saved)) = self.mirror.campaigns.get(&id).cloned() else {
                return Ok(());
            };
            let mut campaign = saved.clone();
            let plans = {
                let by_sn: HashMap<&str, &FleetDevice> =
                    fleet.iter().map(|d| (d.sn.as_str(), d)).collect();
                campaign.prepare(wave, |sn| by_sn.get(sn).copied(), now)
            };
            if campaign != saved && !self.save(record, id, revision, campaign.clone()).await? {
                return Ok(());
            }
            let count = plans.len();
            self.first_send = None;
            for call in plans {
                if !self.make(record, &campaign, call, cookie, user).await? {
                    return Ok(());
                }
            }
            if let Some(first) = self.first_send.take() {
                tracing::info!(
                    "campaign {id}: {} — {count} calls sent; the first left {:.0} ms and the last {:.0} ms after the reading of the fleet that allowed them",
                    wave_name(wave),
                    first.as_secs_f64() * 1000.0,
                    self.read_at.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
        Ok(())
    }

    /// Stores campaign `id` as changed from `revision`: false when another writer changed
    /// it first (the record's version is taken in; the next cycle decides again).
    async fn save(
        &mut self,
        record: &Store,
        id: u64,
        revision: i64,
        mut campaign: Campaign,
    ) -> Result<bool, StoreError> {
        let text = history::encode_campaign(&campaign);
        match record.change_campaign(&service_actor(), id, revision, &text).await? {
            Some(Ok(saved)) => {
                campaign.id = id;
                self.mirror.campaigns.insert(id, (saved.revision, campaign));
                Ok(true)
            }
            Some(Err(current)) => {
                let _ = self.mirror.take_campaign(&current);
                Ok(false)
            }
            None => {
                self.mirror.campaigns.remove(&id);
                Ok(false)
            }
        }
    }

    /// One call of a wave: recorded as made (fenced), then sent once, its answer recorded.
    /// False when the record refused it (made already, the campaign no longer running).
    async fn make(
        &mut self,
        record: &Store,
        campaign: &Campaign,
        call: WaveCallPlan,
        cookie: &Cookie,
        user: &str,
    ) -> Result<bool, StoreError> {
        let id = campaign.id;
        let key = &campaign.keys[campaign.waves[call.wave].calls[call.call].key];
        let now = self.clock.now_ms();
        let mut run = Run::begin(
            &call.plan,
            RunContext {
                id: 0,
                user: campaign.user.clone(),
                batch: key.label.clone(),
                deadline_secs: campaign.deadline_secs,
                retry_of: None,
                earlier: call.plan.earlier_attempts(&campaign.earlier),
                now,
            },
        );
        run.campaign = Some(CampaignCall { campaign: id, wave: call.wave });
        self.made += 1;
        // Unique to this attempt: a call recorded by an instance that stopped is refused
        // to this one (its state is no longer pending), never "the same request again".
        let request_key = format!("{}-call-{}", self.holder, self.made);
        let chunks = history::encode_chunks(&run)
            .into_iter()
            .map(|(_, text)| raw(text))
            .collect::<Result<Vec<_>, _>>()?;
        let begun = record
            .begin_call(
                &service_actor(),
                id,
                call.wave,
                call.call,
                &request_key,
                &history::encode_run(&run),
                &chunks,
            )
            .await?;
        let run_id = match begun {
            CallBegun::Made { run, campaign } => {
                let _ = self.mirror.take_campaign(&campaign);
                run
            }
            CallBegun::Refused { campaign } => {
                let _ = self.mirror.take_campaign(&campaign);
                return Ok(false);
            }
            CallBegun::Missing => return Ok(false),
        };
        run.id = run_id;
        self.first_send.get_or_insert_with(|| self.read_at.elapsed());
        let (result, exchange) = self.calls.start_upgrade(cookie, &call.plan).await;
        let now = self.clock.now_ms();
        match &result {
            Ok(reported) => {
                let sent: Vec<(String, String)> =
                    run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
                run.answered(&Outcomes::match_reply(&sent, reported), now);
            }
            Err(error) if error.outcome_unknown() => {
                run.unknown(error.message(), error.detail(), now)
            }
            Err(error) => run.refused(error.message(), error.detail(), now),
        }
        if let Err(ApiError::Session { proven: true, .. }) = &result {
            self.shared.session.ended(cookie);
        }
        // The answer is a fact about a call already made: recorded even if this instance
        // has just lost its lease (unfenced) — recording it can send nothing.
        let actor =
            Actor { user: format!("{user} (sent by the service)"), address: "service".into() };
        let subject = format!("campaign {id}, {}: run {run_id}", wave_name(call.wave));
        let audit =
            AuditEntry::now(&actor, "upgrade started", &subject, &exchange.sent, &exchange.answer);
        self.store.audit(&audit).await?;
        self.store.write(&Writes { runs: vec![whole(&mut run)?], chunks: Vec::new() }).await?;
        self.mirror.runs.insert(run_id, run);
        if let Err(error) = &result
            && error.outcome_unknown()
        {
            self.lost_answer(record, id, call.wave, run_id, &error.message()).await?;
        }
        Ok(true)
    }

    /// Says in the campaign's log that a call's answer was lost (taking in any newer
    /// version first).
    pub(super) async fn lost_answer(
        &mut self,
        record: &Store,
        id: u64,
        wave: usize,
        run: u64,
        message: &str,
    ) -> Result<(), StoreError> {
        let now = self.clock.now_ms();
        self.amend(record, id, |c| {
            c.lost_answer(wave, run, message, now);
            true
        })
        .await
    }

    /// A line in campaign `id`'s log, unless it is its last already.
    pub(super) async fn note(
        &mut self,
        record: &Store,
        id: u64,
        now: i64,
        words: &str,
    ) -> Result<(), StoreError> {
        self.amend(record, id, |c| c.say(now, words)).await
    }

    /// Changes campaign `id` as the record holds it (`change` says whether it changed),
    /// taking in a newer version and changing that when another writer came first.
    async fn amend(
        &mut self,
        record: &Store,
        id: u64,
        change: impl Fn(&mut Campaign) -> bool,
    ) -> Result<(), StoreError> {
        for _ in 0..3 {
            let Some((revision, mut campaign)) = self.mirror.campaigns.get(&id).cloned() else {
                return Ok(());
            };
            if !change(&mut campaign) || self.save(record, id, revision, campaign).await? {
                return Ok(());
            }
        }
        Ok(())
    }
}
