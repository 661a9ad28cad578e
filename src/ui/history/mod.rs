//! The history page (`/runs`, and `/campaigns` for campaigns alone): every campaign one
//! line with its runs folded inside, single runs beside them, narrowed by filters that
//! live in the page's own address.

mod table;

use crate::ui::link::Link;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use super::format;
use crate::domain::address::Place;
use crate::domain::history_view::{HistoryFilter, Kind, LineState, choices, lines};
use crate::domain::text::count;
use crate::state::nav::HISTORY;
use crate::state::{History, Session};
use table::HistoryTable;

/// Every run and campaign this browser keeps for the user (`campaigns_only`: campaigns).
#[component]
pub fn HistoryPage(campaigns_only: bool) -> impl IntoView {
    let history = expect_context::<History>();
    let session = expect_context::<Session>();
    let location = use_location();
    let navigate = StoredValue::new(use_navigate());
    // The filters are the address: nothing else holds them.
    let filter = Memo::new(move |_| HistoryFilter::parse(&location.search.get()));
    let set_filter = move |change: &dyn Fn(&mut HistoryFilter)| {
        let mut next = filter.get_untracked();
        change(&mut next);
        let url = format!("{}{}", location.pathname.get_untracked(), next.to_query());
        navigate.with_value(|go| {
            go(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() })
        });
    };
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        let since = filter.since.as_deref().and_then(format::day_start);
        history.campaigns.with(|campaigns| {
            history.with_all(|runs| lines(runs, campaigns, &filter, since, campaigns_only))
        })
    });
    let offered = Memo::new(move |_| {
        history.campaigns.with(|campaigns| history.with_all(|runs| choices(runs, campaigns)))
    });
    let empty = Memo::new(move |_| {
        history.campaigns.with(|c| c.is_empty()) && history.with_all(|r| r.is_empty())
    });
    // The administrator deletes runs one by one; the team's shared record is not one
    // browser's to clear.
    let may_forget = move || session.may_upgrade();
    let may_clear = move || may_forget() && !history.is_shared();
    let questions = expect_context::<crate::state::questions::Questions>();
    let clear = move |_| {
        questions.ask(
            "Forget every saved upgrade run and campaign in this browser? The devices are not affected.",
            "Forget them all",
            move || history.clear(),
        );
    };
    let title = if campaigns_only { "Campaigns" } else { "Runs and campaigns" };
    view! {
        <HistoryNotices />
        <section class="card history" aria-labelledby=HISTORY data-testid="history">
            <div class="section-head">
                <h2 id=HISTORY tabindex="-1">{title}</h2>
                <Show when=move || history.is_shared()>
                    <span class="kept-by" data-testid="history-shared">"Shared record: the same in every browser"</span>
                </Show>
                <Show when=move || campaigns_only && session.may_upgrade()>
                    <Link href=Place::NewCampaign.path() class="button" test_id="new-campaign">"New campaign…"</Link>
                </Show>
                <Show when=move || may_clear() && !empty.get()>
                    <button type="button" data-testid="clear-history" on:click=clear>"Clear history"</button>
                </Show>
            </div>
            {move || history.space.get().map(|space| view! {
                <p class="muted" data-testid="history-space">{space}</p>
            })}
            <Show when=move || !empty.get() fallback=move || view! { <EmptyHistory campaigns_only=campaigns_only /> }>
                <div class="history-filters" role="group" aria-label="Filter the history">
                    <label>
                        "State"
                        <select data-testid="history-state" on:change=move |ev| {
                            let key = event_target_value(&ev);
                            set_filter(&|f| f.standing = LineState::ALL.into_iter().find(|s| s.key() == key));
                        }>
                            <option value="" selected=move || filter.with(|f| f.standing.is_none())>"Any"</option>
                            {LineState::ALL.into_iter().map(|s| view! {
                                <option value=s.key() selected=move || filter.with(|f| f.standing == Some(s))>{s.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "Started by"
                        <select data-testid="history-user" on:change=move |ev| {
                            let user = event_target_value(&ev);
                            set_filter(&|f| f.user = (!user.is_empty()).then(|| user.clone()));
                        }>
                            <option value="" selected=move || filter.with(|f| f.user.is_none())>"Anyone"</option>
                            {move || offered.get().0.into_iter().map(|user| {
                                let (value, is) = (user.clone(), user.clone());
                                view! { <option value=value selected=move || filter.with(|f| f.user.as_ref() == Some(&is))>{user}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "Model"
                        <select data-testid="history-model" on:change=move |ev| {
                            let model = event_target_value(&ev).parse().ok();
                            set_filter(&|f| f.model = model);
                        }>
                            <option value="" selected=move || filter.with(|f| f.model.is_none())>"Any model"</option>
                            {move || offered.get().1.into_iter().map(|(model, label)| view! {
                                <option value=model.to_string() selected=move || filter.with(|f| f.model == Some(model))>{label}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "Started on or after"
                        <input
                            type="date"
                            data-testid="history-since"
                            prop:value=move || filter.with(|f| f.since.clone().unwrap_or_default())
                            on:change=move |ev| {
                                let day = event_target_value(&ev);
                                set_filter(&|f| f.since = (!day.is_empty()).then(|| day.clone()));
                            }
                        />
                    </label>
                    <Show when=move || !filter.with(HistoryFilter::is_empty)>
                        <Link href=Signal::derive(move || location.pathname.get()) class="button">"Show all"</Link>
                    </Show>
                </div>
                <p class="counts" data-testid="history-counts">
                    {move || {
                        let (campaigns, runs) = shown.with(|lines| {
                            let campaigns = lines.iter().filter(|l| matches!(l.what, Kind::Campaign(_))).count();
                            (campaigns, lines.len() - campaigns)
                        });
                        if campaigns_only {
                            count(campaigns, "campaign", "campaigns")
                        } else {
                            format!(
                                "{} · {}",
                                count(campaigns, "campaign", "campaigns"),
                                count(runs, "single run", "single runs")
                            )
                        }
                    }}
                </p>
                <Show
                    when=move || !shown.with(Vec::is_empty)
                    fallback=|| view! { <p class="empty" data-testid="history-none-match">"Nothing in the history matches these filters."</p> }
                >
                    <HistoryTable lines=shown may_forget=Signal::derive(may_forget) />
                </Show>
            </Show>
        </section>
    }
}

/// What the history page will hold, before it holds anything.
#[component]
fn EmptyHistory(campaigns_only: bool) -> impl IntoView {
    let history = expect_context::<History>();
    let session = expect_context::<crate::state::Session>();
    move || {
        let shared = history.shared.get();
        if !history.loaded.get() {
            let reading = if shared {
                "Reading the shared record…"
            } else {
                "Reading this browser's history…"
            };
            return view! { <p aria-busy="true">{reading}</p> }.into_any();
        }
        let user = history.owner.get().unwrap_or_default();
        // An operator starts nothing: they are told what they will see, and who starts it.
        let what = match (campaigns_only, session.may_upgrade()) {
            (true, true) => {
                "No campaigns yet. A campaign upgrades devices of any models in waves, a canary first; each one you start appears here with its waves, runs and outcome."
            }
            (true, false) => {
                "No campaigns yet. An administrator starts campaigns; as an operator you see each one here with its waves, runs and outcome, read-only."
            }
            (false, true) => {
                "No upgrades yet. Each upgrade you start from the fleet, and each campaign, appears here with every device's outcome."
            }
            (false, false) => {
                "No upgrades yet. An administrator starts upgrades and campaigns; as an operator you see each one here with every device's outcome, read-only."
            }
        };
        view! {
            <p class="empty" data-testid="history-empty">
                {what}
                {if shared {
                    " The history is kept by the console service, the same for everyone who signs in to this Cloud.".to_string()
                } else {
                    format!(" The history is kept in this browser for {user}: the Cloud keeps none.")
                }}
            </p>
        }
        .into_any()
    }
}

/// What went wrong reading or saving the history, on every page that shows it.
#[component]
pub fn HistoryNotices() -> impl IntoView {
    let history = expect_context::<History>();
    view! {
        {move || {
            let problems = history.problems.get();
            (!problems.is_empty()).then(|| view! {
                <div class="notice notice-warn" role="alert" data-testid="history-problems">
                    <p><span class="notice-tag">"History"</span> " Some saved history could not be read:"</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        {move || history.movable.get().map(|(runs, campaigns)| {
            let moving = RwSignal::new(false);
            let start = move |_| {
                moving.set(true);
                leptos::task::spawn_local(async move {
                    history.move_own_history().await;
                    moving.set(false);
                });
            };
            view! {
                <div class="notice" role="status" data-testid="move-history">
                    <p>
                        <span class="notice-tag">"This browser's history"</span>
                        {format!(
                            " This browser kept {} and {} before the shared record. Move them in, so the team sees them under the record's numbers? This browser keeps its copy.",
                            crate::domain::text::count(runs, "run", "runs"),
                            crate::domain::text::count(campaigns, "campaign", "campaigns"),
                        )}
                    </p>
                    <button type="button" data-testid="move-history-button" on:click=start disabled=move || moving.get()>
                        "Move them into the shared record"
                    </button>
                </div>
            }
        })}
        {move || history.record_problem.get().map(|why| view! {
            <div class="notice notice-warn" role="status" data-testid="record-problem">
                <p><span class="notice-tag">"Shared record"</span>{format!(" {why}")}</p>
            </div>
        })}
        {move || history.unsaved.get().map(|why| {
            let (place, advice) = if history.shared.get() {
                ("the shared record", "It stays on this page until the page is closed or reloaded: export the runs you need.")
            } else {
                ("this browser", "It stays on this page until the page is closed or reloaded: export the runs you need, or delete finished runs to make room.")
            };
            view! {
                <div class="notice notice-error" role="alert" data-testid="history-unsaved">
                    <p>
                        <span class="notice-tag">"Not saved"</span>
                        {format!(" The upgrade history could not be saved in {place}: {why}. ")}
                        {advice}
                    </p>
                </div>
            }
        })}
    }
}
