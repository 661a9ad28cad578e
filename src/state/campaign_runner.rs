//! Running campaigns: starting a planned one (saved before anything is sent), resuming or
//! aborting after a halt, and driving those under way (unless the console service drives
//! them: then its driver does, with the same rules) — only in the tab that polls, right
//! after each poll, so the on-air check before a wave reads the latest state. Each call is
//! recorded as made in the same transaction that saves its run, before it leaves.

use crate::domain::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

use std::collections::HashMap;

use super::campaigns::ScheduleRead;
use super::nav::CAMPAIGN;
use super::workflows::make_call;
use super::{Announcer, Campaigns, Cloud, Fleet, History, Nav, Session, Tracking};
use crate::browser::now_ms;
use crate::domain::address::Place;
use crate::domain::call::{CampaignCall, wave_name};
use crate::domain::campaign::plan::CampaignPlan;
use crate::domain::campaign::{Campaign, CampaignContext, Step};
use crate::domain::device::FleetDevice;
use crate::domain::run::{Run, RunContext};
use crate::domain::text::devices;

/// What running a campaign needs, and nothing else.
#[derive(Clone, Copy)]
pub struct CampaignRunner {
    pub campaigns: Campaigns,
    pub history: History,
    pub session: Session,
    pub nav: Nav,
    pub announcer: Announcer,
    pub tracking: Tracking,
    pub fleet: Fleet,
    pub cloud: Cloud,
}

impl CampaignRunner {
    /// Starts a planned campaign: saved first (a campaign needs its history kept), opened, and
    /// driven from the next poll.
    pub fn start(self, plan: CampaignPlan) {
        let CampaignRunner { campaigns, history, session, nav, announcer, tracking, .. } = self;
        if campaigns.starting.get_untracked() || plan.to_send() == 0 {
            return;
        }
        if !plan.risks().is_empty() && !campaigns.risks_accepted.get_untracked() {
            return;
        }
        let included_on_air = plan.on_air == crate::domain::batch::OnAirRule::Include;
        if included_on_air && !campaigns.on_air_accepted.get_untracked() {
            return;
        }
        // A schedule is kept only by the service, and only as the service read it.
        let schedule = if history.driven_by_service() {
            match campaigns.schedule_read.get_untracked() {
                ScheduleRead::Unscheduled => None,
                ScheduleRead::Read(answer) => Some(answer),
                other => {
                    campaigns.start_ends(other.blocks_start());
                    return;
                }
            }
        } else {
            None
        };
        let (retry_of, earlier) =
            campaigns.retrying.get_untracked().map(|r| (r.campaign, r.attempts)).unzip();
        let mut campaign = Campaign::begin(
            &plan,
            CampaignContext {
                // Given by the history when it saves the campaign: unique across tabs.
                id: 0,
                user: session.user(),
                deadline_secs: campaigns.choices.with_untracked(|c| c.deadline_secs),
                retry_of,
                earlier: earlier.unwrap_or_default(),
                now: now_ms(),
            },
        );
        if let Some(answer) = &schedule {
            campaign.set_schedule(answer.schedule(), &answer.summary, now_ms());
        }
        campaigns.start_begins();
        spawn_local(async move {
            match history.begin_campaign(campaign).await {
                Some(id) => {
                    campaigns.clear();
                    nav.go(Place::Campaign(id), CAMPAIGN);
                    let who = if schedule.is_some() {
                        "The console service sends each wave when its schedule allows; closing this browser changes nothing."
                    } else if history.driven_by_service() {
                        "The console service sends the canary after its next reading of the fleet; closing this browser changes nothing."
                    } else {
                        "The canary goes out after the next reading of the fleet."
                    };
                    announcer.say(format!(
                        "Campaign {id} started: {} in {} waves. {who}",
                        devices(plan.to_send()),
                        plan.waves.len()
                    ));
                    tracking.track();
                    campaigns.start_ends(None);
                }
                None => {
                    let why = "The campaign did not start and nothing was sent: it could not be saved in this browser, and a campaign is saved before any call goes out. Free some space (export and delete finished runs) or allow this site to keep data, then start it again.";
                    campaigns.start_ends(Some(why.to_string()));
                    announcer.say(why);
                }
            }
        });
    }

    /// Resumes a halted campaign, acknowledging its failures.
    pub fn resume(self, id: u64) {
        let CampaignRunner { history, session, tracking, announcer, .. } = self;
        let user = session.user();
        spawn_local(async move {
            if history.change_campaign(id, |c| c.resume(user.as_deref(), now_ms())).await
                == Some(true)
            {
                announcer.say(format!(
                    "Campaign {id} resumed: the next wave goes out after the next reading of the fleet."
                ));
                tracking.track();
            }
        });
    }

    /// Leaves model and hardware `key` out of a halted campaign's later waves; once no
    /// failing one is left, the others go on.
    pub fn leave_out(self, id: u64, key: usize) {
        let CampaignRunner { history, session, tracking, announcer, .. } = self;
        let user = session.user();
        spawn_local(async move {
            let mut said = None;
            let changed = history
                .change_campaign(id, |c| {
                    let label = c.keys.get(key).map(|k| k.label.clone()).unwrap_or_default();
                    let done = c.leave_out_key(key, user.as_deref(), now_ms());
                    said = Some((label, c.is_running()));
                    done
                })
                .await;
            if changed == Some(true)
                && let Some((label, running)) = said
            {
                announcer.say(if running {
                    format!("Campaign {id}: {label} left out; the other models go on.")
                } else {
                    format!("Campaign {id}: {label} left out; still halted for the other failures.")
                });
                if running {
                    tracking.track();
                }
            }
        });
    }

    /// Aborts a campaign: no further waves.
    pub fn abort(self, id: u64) {
        let CampaignRunner { history, session, announcer, .. } = self;
        let user = session.user();
        spawn_local(async move {
            if history.change_campaign(id, |c| c.abort(user.as_deref(), now_ms())).await
                == Some(true)
            {
                announcer.say(format!(
                    "Campaign {id} aborted: no further waves. Upgrades already started go on and are followed."
                ));
            }
        });
    }

    /// Moves every running campaign on, after a poll of this tab: waves that ended pass or
    /// halt, the next wave's calls go out. One drive at a time.
    pub async fn drive(self) {
        let CampaignRunner { campaigns, history, .. } = self;
        // The console service drives them, with every browser closed or open.
        if campaigns.driving.get_value() || history.driven_by_service() {
            return;
        }
        campaigns.driving.set_value(true);
        let running: Vec<u64> = history
            .campaigns
            .with_untracked(|list| list.iter().filter(|c| c.is_running()).map(|c| c.id).collect());
        for id in running {
            self.drive_one(id).await;
        }
        campaigns.driving.set_value(false);
    }

    /// What `step` makes of a campaign now (on a copy), and whether that changes it.
    fn step_of(self, campaign: &mut Campaign, now: i64) -> Step {
        let catalogue = self.cloud.catalogue_untracked();
        self.history.with_runs_by_id_untracked(|runs| campaign.step(runs, &catalogue, now))
    }

    async fn drive_one(self, id: u64) {
        let CampaignRunner { history, fleet, session, announcer, .. } = self;
        // A wave, its calls, the next step: at most one pass per wave in one drive.
        for _ in 0..64 {
            let Some(saved) = history.campaign_untracked(id) else {
                return;
            };
            let now = now_ms();
            let mut probe = saved.clone();
            let step = self.step_of(&mut probe, now);
            if probe == saved && !matches!(step, Step::Send(_)) {
                return;
            }
            // Taken on the campaign as saved now (another tab may have aborted it).
            let Some(step) = history.change_campaign(id, |c| self.step_of(c, now)).await else {
                return;
            };
            match step {
                Step::Wait => return,
                Step::Halted(wave) => {
                    announcer.say(format!(
                        "Campaign {id} halted after {}: too many devices did not verify. Resume or abort.",
                        wave_name(wave)
                    ));
                    return;
                }
                Step::Finished => {
                    announcer.say(format!("Campaign {id} finished."));
                    return;
                }
                // Only a scheduled campaign ends by its date, and only the service moves those.
                Step::Ended => return,
                Step::Send(wave) => {
                    let prepare = move |c: &mut Campaign| {
                        fleet.devices.with_untracked(|devices| {
                            let by_sn: HashMap<&str, &FleetDevice> =
                                devices.iter().map(|d| (d.sn.as_str(), d)).collect();
                            c.prepare(wave, |sn| by_sn.get(sn).copied(), now)
                        })
                    };
                    let Some(plans) = history.change_campaign(id, prepare).await else {
                        return;
                    };
                    let Some(campaign) = history.campaign_untracked(id) else {
                        return;
                    };
                    let count: usize = plans.iter().map(|p| p.plan.included.len()).sum();
                    announcer.say(format!(
                        "Campaign {id}: {} started, {} in {}.",
                        wave_name(wave),
                        devices(count),
                        text::count(plans.len(), "call", "calls")
                    ));
                    for call in plans {
                        let key = &campaign.keys[campaign.waves[call.wave].calls[call.call].key];
                        let mut run = Run::begin(
                            &call.plan,
                            RunContext {
                                id: 0,
                                user: session.user(),
                                batch: key.label.clone(),
                                deadline_secs: campaign.deadline_secs,
                                retry_of: None,
                                earlier: call.plan.earlier_attempts(&campaign.earlier),
                                now,
                            },
                        );
                        run.campaign = Some(CampaignCall { campaign: id, wave });
                        // Recorded as made before it leaves; made already: never again.
                        let Some(run_id) = history.begin_call(id, call.wave, call.call, run).await
                        else {
                            continue;
                        };
                        match make_call(self.history, self.cloud, run_id, &call.plan).await {
                            // Checked first: an unreadable 401/403 may follow a call that
                            // took effect.
                            Err(error) if error.outcome_unknown() => {
                                let message = error.message();
                                let at = now_ms();
                                history
                                    .change_campaign(id, |c| {
                                        c.lost_answer(wave, run_id, &message, at)
                                    })
                                    .await;
                            }
                            Err(crate::api::ApiError::Session { .. }) => session.lost(),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}
