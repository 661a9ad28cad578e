//! The history's lines: a campaign with a button that unfolds its runs beneath it, single
//! runs beside, each title a link to its page.

use std::collections::{HashMap, HashSet};

use crate::ui::link::Link;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::browser::confirmed;
use crate::domain::address::Place;
use crate::domain::history_view::{Kind, Line};
use crate::state::{History, Tracking};
use crate::ui::format;
use crate::ui::grid::{Act, Grid};
use crate::ui::table::ColumnHeads;

fn href(kind: Kind) -> String {
    match kind {
        Kind::Run(id) => Place::Run(id).path(),
        Kind::Campaign(id) => Place::Campaign(id).path(),
    }
}

#[component]
pub fn HistoryTable(lines: Memo<Vec<Line>>, may_forget: Signal<bool>) -> impl IntoView {
    let history = expect_context::<History>();
    let tracking = expect_context::<Tracking>();
    let navigate = StoredValue::new(use_navigate());
    let unfolded = RwSignal::new(HashSet::<u64>::new());
    let grid = Grid::new("history");
    // The rows as drawn, in order: each line, and inside an unfolded campaign its runs.
    let drawn = Memo::new(move |_| {
        unfolded.with(|open| {
            lines.with(|lines| {
                let mut rows = Vec::new();
                for line in lines {
                    rows.push((line.what, false));
                    if let Kind::Campaign(id) = line.what
                        && open.contains(&id)
                    {
                        rows.extend(line.runs.iter().map(|r| (r.what, true)));
                    }
                }
                rows
            })
        })
    });
    // Each drawn row's position, looked up by every row (a scan per row was n² per redraw).
    let positions = Memo::new(move |_| {
        drawn.with(|rows| {
            rows.iter().enumerate().map(|(at, row)| (*row, at)).collect::<HashMap<_, _>>()
        })
    });
    let position_of = move |what: Kind, inside: bool| {
        positions.with(|at| at.get(&(what, inside)).copied()).unwrap_or(0)
    };
    let forget = move |id: u64| {
        let question = if history.shared.get_untracked() {
            format!(
                "Delete run {id} from the shared record, for everyone? The devices are not affected."
            )
        } else {
            format!("Forget run {id} in this browser? The devices are not affected.")
        };
        if confirmed(&question) {
            history.delete(id);
        }
    };
    let act = move |act: Act, position: usize| {
        let Some((what, inside)) = drawn.with_untracked(|rows| rows.get(position).copied()) else {
            return;
        };
        match (act, what) {
            (Act::Open, _) => navigate.with_value(|go| go(&href(what), Default::default())),
            (Act::Tick, Kind::Campaign(id)) => {
                unfolded.update(|u| {
                    if !u.remove(&id) {
                        u.insert(id);
                    }
                });
            }
            (Act::Forget, Kind::Run(id)) if !inside && may_forget.get_untracked() => forget(id),
            _ => {}
        }
    };
    // A campaign under way says when its progress could not be read, and since when.
    let status = move |line: &Line| match tracking.failing_since.get() {
        Some(since) if line.standing == crate::domain::history_view::Standing::UnderWay => {
            format!("{} · progress not read since {since}", line.status)
        }
        _ => line.status.clone(),
    };
    let row = move |line: Line, inside: bool| {
        let what = line.what;
        let (data_run, data_campaign) = match what {
            Kind::Run(id) => (Some(id), None),
            Kind::Campaign(id) => (None, Some(id)),
        };
        let calls = line.runs.len();
        let folding = match what {
            Kind::Campaign(id) if calls > 0 => Some(view! {
                <button
                    type="button"
                    class="fold"
                    tabindex="-1"
                    aria-expanded=move || unfolded.with(|u| u.contains(&id)).to_string()
                    data-testid="unfold-campaign"
                    on:click=move |_| unfolded.update(|u| if !u.remove(&id) { u.insert(id); })
                >
                    <span aria-hidden="true">{move || if unfolded.with(|u| u.contains(&id)) { "▾ " } else { "▸ " }}</span>
                    {crate::domain::text::count(calls, "run", "runs")}
                </button>
            }),
            _ => None,
        };
        let deletable = matches!(what, Kind::Run(_)) && !inside;
        view! {
            <tr
                class=if inside { "call" } else { "entry" }
                id=move || grid.row_id(position_of(what, inside))
                class:active=move || grid.is_active(position_of(what, inside))
                data-run=data_run
                data-campaign=data_campaign
                data-standing=line.standing.key()
            >
                <td class="what">
                    <Link href=href(what) tabindex=-1>{what.title()}</Link>
                    {folding}
                </td>
                <td data-label="Started">{format::date_time(line.created_at)}</td>
                <td data-label="By">{line.user.clone()}</td>
                <td data-label="What">{line.scope.clone()}</td>
                <td class="standing" data-label="State">{status(&line)}</td>
                <td class="counts" data-label="Devices">{line.counts.clone()}</td>
                <td class="row-actions">
                    {(deletable && may_forget.get()).then(|| {
                        let Kind::Run(id) = what else { return None };
                        Some(view! {
                            <button type="button" tabindex="-1" data-testid="delete-run" on:click=move |_| forget(id)>
                                "Delete"
                            </button>
                        })
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table
                class="history-table card-table"
                data-testid="history-table"
                role="grid"
                tabindex="0"
                aria-label="Runs and campaigns: arrows move, Enter opens, Space unfolds a campaign, Delete forgets a run"
                aria-activedescendant=move || grid.descendant(|p| drawn.with(|rows| p < rows.len()))
                on:focus=move |_| grid.focused(drawn.with_untracked(Vec::len))
                on:keydown=move |ev| grid.key(&ev, drawn.with_untracked(Vec::len), |_| {}, act)
            >
                <ColumnHeads columns=&["Run or campaign", "Started", "By", "What", "State", "Devices"] actions=true />
                <tbody>
                    {move || lines.get().into_iter().map(|line| {
                        let id = match line.what { Kind::Campaign(id) => Some(id), Kind::Run(_) => None };
                        let inside = line.runs.clone();
                        view! {
                            {row(line, false)}
                            {move || id.filter(|id| unfolded.with(|u| u.contains(id))).map(|_| {
                                inside.clone().into_iter().map(|call| row(call, true)).collect_view()
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
