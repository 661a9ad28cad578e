//! One campaign: where it stands (counts that add up to its scope), why it halted and the
//! two ways on, its waves with each call's run and progress, what happened in order, and
//! every device of its scope with its state — windowed, so 10,000 stay instant.

use crate::ui::link::Link;
use leptos::prelude::*;

use super::devices::CampaignDevices;
use super::waves::Waves;

use super::super::left_out::GroupedLeftOut;
use crate::domain::address::Place;
use crate::domain::batch::group_left_out;
use crate::domain::call::wave_name;
use crate::domain::campaign::rollback::Rollback;
use crate::domain::campaign::{Campaign, CampaignCounts, CampaignState, FailingKey};
use crate::domain::export;
use crate::domain::text::devices;
use crate::state::campaigns::CampaignRetry;
use crate::state::nav::{CAMPAIGN, PLAN};
use crate::state::{CampaignRunner, Cloud, History, Nav, Session};
use crate::ui::export_link::ExportLink;
use crate::ui::following::Following;
use crate::ui::format;
use crate::ui::not_kept::NotKept;

#[component]
pub fn CampaignPage(id: u64) -> impl IntoView {
    let history = expect_context::<History>();
    let found = Memo::new(move |_| history.campaigns.with(|c| c.iter().any(|c| c.id == id)));
    view! {
        <Show
            when=move || found.get()
            fallback=move || view! { <NotKept what=format!("Campaign {id}") heading_id=CAMPAIGN /> }
        >
            <CampaignView id=id />
        </Show>
    }
}

#[component]
fn CampaignView(id: u64) -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let session = expect_context::<Session>();
    let runner = expect_context::<CampaignRunner>();
    let nav = expect_context::<Nav>();
    let campaign = Memo::new(move |_| history.campaign(id));
    // Its devices where they stand, from the campaign and its runs: worked out once per
    // change, for the counts, the table, the export and the retry alike.
    let devices = Memo::new(move |_| {
        campaign.with(|c| {
            c.as_ref().map_or_else(Vec::new, |c| history.with_runs_by_id(|runs| c.devices(runs)))
        })
    });
    // A call's run still followed: a retry waits for it.
    let runs_active = Memo::new(move |_| {
        campaign.with(|c| {
            c.as_ref().is_some_and(|c| {
                history.with_runs_by_id(|runs| {
                    c.run_ids().any(|id| runs.get(&id).is_some_and(|r| r.is_active()))
                })
            })
        })
    });
    let counts = Memo::new(move |_| devices.with(|d| crate::domain::campaign::count(d)));
    let read = move |f: &dyn Fn(&Campaign) -> String| {
        campaign.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let state = Memo::new(move |_| campaign.with(|c| c.as_ref().map(|c| c.state.clone())));
    let may_act = move || session.may_upgrade();
    let csv = move || {
        let catalogue = cloud.catalogue_untracked();
        campaign.with_untracked(|c| {
            c.as_ref()
                .map(|c| devices.with_untracked(|d| export::campaign_csv(c, d, &catalogue)))
                .unwrap_or_default()
        })
    };
    let json = move || {
        campaign.with_untracked(|c| c.as_ref().map(export::campaign_json).unwrap_or_default())
    };
    let retry = Memo::new(move |_| {
        let open =
            matches!(state.get(), Some(CampaignState::Running | CampaignState::Halted { .. }));
        let busy = open || runs_active.get();
        campaign.with(|c| {
            c.as_ref().map(|c| {
                let sns = devices.with(|d| c.retry_candidates(d));
                (sns, busy)
            })
        })
    });
    // Why "Retry failed" cannot be used now, said beside it.
    let retry_blocked = move || {
        retry.with(|r| match r {
            Some((_, true)) => Some("Retry is possible once the campaign and its runs have ended."),
            Some((sns, false)) if sns.is_empty() => Some("Nothing to retry: every device that was sent verified, or a later campaign verified it."),
            None => Some("Nothing to retry."),
            _ => None,
        })
    };
    view! {
        <section class="campaign card" aria-labelledby="campaign-title" data-testid="campaign-view" data-campaign=id>
            <div class="section-head">
                <h2 id="campaign-title" tabindex="-1">{move || read(&Campaign::title)}</h2>
                <Link href=Place::Campaigns.path()>"All campaigns"</Link>
            </div>
            <p class="muted">{move || read(&|c| format!(
                "Started {} by {} · canary then {} · {} · later waves halt when more than {} % and more than {} do not verify · gives up on a device after {} s without progress",
                format::date_time(c.created_at),
                c.user.clone().unwrap_or_else(|| "unknown user".into()),
                if c.settings.waves.is_empty() { "the rest".to_string() } else { format!("{}, then the rest", c.settings.waves_text()) },
                match c.settings.canary_threshold {
                    0 => "the canary halts on any device that does not verify".to_string(),
                    n => format!("the canary halts when more than {n} % do not verify"),
                },
                c.settings.threshold,
                crate::domain::text::devices(c.settings.allowance as usize),
                c.deadline_secs,
            ))}</p>
            {move || campaign.with(|c| c.as_ref().and_then(|c| c.undoes.clone())).map(|undoes| view! {
                <p><super::UndoesLink undoes=undoes /></p>
            })}
            <p class="status-line" data-testid="campaign-status">{move || read(&|c| c.status_word())}</p>
            <super::schedule::ScheduleWait campaign=campaign />
            {move || campaign.with(|c| c.as_ref().and_then(Campaign::pausing)).map(|(wave, at)| view! {
                <p class="muted" data-testid="campaign-pause">
                    {format!(
                        "Pause: {} goes at {} at the earliest.",
                        crate::domain::text::capitalised(&crate::domain::call::wave_name(wave)),
                        format::time(at)
                    )}
                </p>
            })}
            <Show when=move || campaign.with(|c| c.as_ref().is_some_and(Campaign::is_running))>
                <super::acceptance::DrivenBy />
            </Show>
            <Show when=move || campaign.with(|c| c.as_ref().is_some_and(Campaign::is_running))>
                <Following />
            </Show>
            {move || view! { <ScopeBar counts=counts.get() /> }}
            <p class="counts" data-testid="campaign-counts">{move || counts.get().to_string()}</p>
            {move || match state.get() {
                Some(CampaignState::Halted { wave, failures }) => view! {
                    <HaltNotice id=id wave=wave failures=failures may_act=may_act() />
                }.into_any(),
                Some(CampaignState::Aborted { .. }) => view! {
                    <p class="notice notice-info" data-testid="campaign-aborted">
                        <span class="notice-tag">"Aborted"</span>
                        " No further waves. The Cloud has no cancel: devices already started go on, and are followed to their end."
                    </p>
                }.into_any(),
                _ => ().into_any(),
            }}
            <Show when=move || !may_act()>
                <p class="muted" data-testid="campaign-read-only">
                    "As an operator you follow this campaign read-only: an administrator resumes, aborts, retries or rolls it back."
                </p>
            </Show>
            <div class="actions">
                <Show when=move || may_act() && matches!(state.get(), Some(CampaignState::Running))>
                    <button
                        type="button"
                        data-testid="abort-campaign"
                        on:click=move |_| abort_after_asking(runner, id)
                    >
                        "Abort…"
                    </button>
                </Show>
                <Show when=move || may_act()>
                    <button
                        type="button"
                        class="primary"
                        data-testid="retry-campaign"
                        aria-describedby="campaign-retry-why"
                        disabled=move || retry_blocked().is_some()
                        on:click=move |_| {
                            if let Some((sns, _)) = retry.get_untracked() {
                                // The same targets as the campaign retried.
                                let targets = campaign.with_untracked(|c| {
                                    c.as_ref().map(|c| {
                                        c.keys
                                            .iter()
                                            .filter_map(|k| Some((k.key.clone(), k.firmware.as_ref()?.reference)))
                                            .collect()
                                    })
                                });
                                let retry = CampaignRetry { campaign: id, attempts: sns };
                                runner.campaigns.plan_retry(retry, targets.unwrap_or_default());
                                nav.go(Place::NewCampaign, PLAN);
                            }
                        }
                    >
                        {move || format!("Retry failed ({})", retry.with(|r| r.as_ref().map_or(0, |(s, _)| s.len())))}
                    </button>
                </Show>
                <ExportLink label="Export CSV" test_id="campaign-csv" file=format!("campaign-{id}.csv") media_type="text/csv" content=csv />
                <ExportLink label="Export JSON" test_id="campaign-json" file=format!("campaign-{id}.json") media_type="application/json" content=json />
                <Show when=move || may_act()>
                    <super::RollbackButton
                        rollback=Signal::derive(move || {
                            let rollback = history.with_all(|runs| Rollback::of_campaign(id, runs));
                            (!rollback.from.is_empty()).then_some(rollback)
                        })
                        blocked=Signal::derive(move || {
                            campaign.with(|c| c.as_ref().is_some_and(Campaign::is_running)).then_some(
                                "A way back is planned once the campaign has ended or been aborted.",
                            )
                        })
                    />
                </Show>
            </div>
            <Show
                when=move || may_act()
                fallback=|| view! { <p class="muted" data-testid="campaign-read-only">"Read-only: steering or retrying a campaign needs the administrator account."</p> }
            >
                {move || retry_blocked().map(|why| view! { <p class="muted why" id="campaign-retry-why">{why}</p> })}
            </Show>
            <Waves campaign=campaign />
            <details class="campaign-log">
                <summary>"What happened"</summary>
                <ol data-testid="campaign-log">
                    {move || campaign.with(|c| c.as_ref().map(|c| c.log.iter().map(|(at, text)| view! {
                        <li><span class="muted">{format::date_time(*at)}</span>" "{text.clone()}</li>
                    }).collect_view()))}
                </ol>
            </details>
            <CampaignDevices campaign=campaign devices=devices />
        </section>
    }
}

/// The bar of counts, each part as wide as its share of the scope.
#[component]
fn ScopeBar(counts: CampaignCounts) -> impl IntoView {
    let total = counts.total().max(1);
    let parts = [
        ("verified", counts.verified),
        ("failed", counts.failed + counts.not_started),
        ("in-progress", counts.in_progress),
        ("waiting", counts.waiting),
        ("left-out", counts.left_out + counts.not_sent),
    ];
    let ended = counts.verified + counts.failed + counts.not_started;
    view! {
        <div class="run-bar" role="img" aria-label=format!("{ended} of {} at their end", devices(counts.total()))>
            {parts.into_iter().filter(|(_, n)| *n > 0).map(|(class, n)| view! {
                <span class=format!("part {class}") style:width=format::percent(n, total)></span>
            }).collect_view()}
        </div>
    }
}

/// Aborts campaign `id` once the administrator agrees to what that does.
fn abort_after_asking(runner: CampaignRunner, id: u64) {
    expect_context::<crate::state::questions::Questions>().ask(
        format!(
            "Abort campaign {id}? No further waves are sent. Devices already started go on: the Cloud has no cancel."
        ),
        format!("Abort campaign {id}"),
        move || runner.abort(id),
    );
}

/// Why the campaign halted — each failing model and hardware with its failures — and the
/// ways on: leave a model out (the others go on), resume everything, or abort. Each asks
/// first, saying what it will do.
#[component]
fn HaltNotice(
    id: u64,
    wave: usize,
    failures: Vec<(String, String)>,
    may_act: bool,
) -> impl IntoView {
    let runner = expect_context::<CampaignRunner>();
    let history = expect_context::<History>();
    let questions = expect_context::<crate::state::questions::Questions>();
    let count = failures.len();
    let failing = Memo::new(move |_| {
        history
            .campaigns
            .with(|c| c.iter().find(|c| c.id == id).map(Campaign::failing_keys).unwrap_or_default())
    });
    let resume = move |_| {
        let models = failing.with_untracked(|f| {
            f.iter().filter(|k| !k.left_out).map(|k| k.label.clone()).collect::<Vec<_>>().join(", ")
        });
        questions.ask(
            format!(
                "Resume campaign {id}, acknowledging {} that did not verify? The next wave goes out to every model still in the campaign, {models} included.",
                devices(count)
            ),
            "Resume",
            move || runner.resume(id),
        );
    };
    view! {
        <div class="notice notice-warn halt" role="alert" data-testid="halt-notice">
            <p>
                <span class="notice-tag">"Halted"</span>
                {format!(
                    " After {}, {} did not verify — beyond the threshold. No further wave goes out until {} decide{}.",
                    wave_name(wave),
                    devices(count),
                    if may_act { "you" } else { "an administrator" },
                    if may_act { "" } else { "s" },
                )}
            </p>
            <ul class="failing-keys" data-testid="failing-keys">
                {move || failing.get().into_iter().map(|key| {
                    let FailingKey { key: index, label, failures, still_to_send, left_out } = key;
                    let n = failures.len();
                    let groups = group_left_out(failures);
                    let ask = label.clone();
                    view! {
                        <li class:left-out=left_out data-key=index>
                            <p>
                                <strong>{label.clone()}</strong>
                                {format!(
                                    " — {} did not verify · {} in later waves",
                                    devices(n),
                                    devices(still_to_send)
                                )}
                            </p>
                            <GroupedLeftOut title="Did not verify" groups=groups />
                            {if left_out {
                                view! { <p class="tag" data-testid="key-left-out">"Left out: nothing more is sent to it."</p> }.into_any()
                            } else if may_act {
                                view! {
                                    <button
                                        type="button"
                                        data-testid="leave-out-key"
                                        on:click=move |_| {
                                            questions.ask(
                                                format!(
                                                    "Leave {ask} out of campaign {id}? Its {} in later waves are not sent. The other models go on once no failing model is left.",
                                                    devices(still_to_send)
                                                ),
                                                "Leave it out and resume",
                                                move || runner.leave_out(id, index),
                                            );
                                        }
                                    >
                                        "Leave this model and hardware out and resume"
                                    </button>
                                }.into_any()
                            } else {
                                ().into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {if may_act {
                view! {
                    <div class="actions">
                        <button type="button" class="primary" data-testid="resume-campaign" on:click=resume>
                            {if count == 1 {
                                "Resume all, acknowledging this device…".to_string()
                            } else {
                                format!("Resume all, acknowledging these {count} devices…")
                            }}
                        </button>
                        <button type="button" data-testid="abort-halted" on:click=move |_| abort_after_asking(runner, id)>"Abort…"</button>
                    </div>
                    <p class="muted">"Aborting sends nothing more; the Cloud has no cancel, so nothing already started can be stopped."</p>
                }.into_any()
            } else {
                view! { <p class="muted">"Read-only: deciding how a campaign goes on needs the administrator account."</p> }.into_any()
            }}
        </div>
    }
}
