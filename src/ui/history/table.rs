//! The history's lines: a campaign with a button that unfolds its runs beneath it, single
//! runs beside, each title a link to its page — in a row window, so a history of
//! thousands of runs opens, and follows a shared record's changes, without drawing them
//! all.

use std::collections::HashSet;

use crate::ui::link::Link;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::address::Place;
use crate::domain::history_view::{Kind, Line};
use crate::state::{History, Tracking};
use crate::ui::format;
use crate::ui::grid::{Act, Grid, GridTable};
use crate::ui::row_window::use_row_window;
use crate::ui::table::ColumnHeads;

/// Height of one history row in pixels; the stylesheet fixes rows to it.
const ROW_PX: usize = 40;

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
    // The rows in order: each line, and inside an unfolded campaign its runs.
    let drawn = Memo::new(move |_| {
        unfolded.with(|open| {
            lines.with(|lines| {
                let mut rows = Vec::new();
                for line in lines {
                    rows.push((line.clone(), false));
                    if let Kind::Campaign(id) = line.what
                        && open.contains(&id)
                    {
                        rows.extend(line.runs.iter().map(|r| (r.clone(), true)));
                    }
                }
                rows
            })
        })
    });
    let window = use_row_window(Signal::derive(move || drawn.with(Vec::len)), ROW_PX);
    let questions = expect_context::<crate::state::questions::Questions>();
    let forget = move |id: u64| {
        let (question, yes) = if history.shared.get_untracked() {
            (
                format!(
                    "Delete run {id} from the shared record, for everyone? The devices are not affected."
                ),
                format!("Delete run {id}"),
            )
        } else {
            (
                format!("Forget run {id} in this browser? The devices are not affected."),
                format!("Forget run {id}"),
            )
        };
        questions.ask(question, yes, move || history.delete(id));
    };
    let act = move |act: Act, position: usize| {
        let Some((what, inside)) = drawn
            .with_untracked(|rows| rows.get(position).map(|(line, inside)| (line.what, *inside)))
        else {
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
    // (Tracked: a row is drawn once, and this changes without its line changing.)
    let status = move |line: &Line| {
        let (standing, words) = (line.standing, line.status.clone());
        move || match tracking.failing_since.get() {
            Some(since) if standing == crate::domain::history_view::LineState::UnderWay => {
                format!("{words} · progress not read since {}", crate::ui::format::time(since))
            }
            _ => words.clone(),
        }
    };
    let row = move |line: Line, inside: bool, position: usize| {
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
                class=if inside { "row call" } else { "row entry" }
                id=grid.row_id(position)
                class:active=move || grid.is_active(position)
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
                // Cut to the row's width: the whole text on hover and on the line's page.
                <td data-label="What" title=line.scope.clone()>{line.scope.clone()}</td>
                <td class="standing" data-label="State" title=status(&line)>{status(&line)}</td>
                <td class="counts" data-label="Devices" title=line.counts.clone()>{line.counts.clone()}</td>
                <td class="row-actions">
                    {move || (deletable && may_forget.get()).then(|| {
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
        <GridTable grid=grid window=window act=act rows=Signal::derive(move || drawn.with(Vec::len))
            wrap="table-wrap history-scroll" class="history-table card-table" testid="history-table"
            label="Runs and campaigns: arrows move, Enter opens, Space unfolds a campaign, Delete forgets a run">
                <ColumnHeads columns=&["Run or campaign", "Started", "By", "What", "State", "Devices"] actions=true />
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || window.above()></tr>
                    <For
                        each=move || {
                            let (first, end) = window.range.get();
                            drawn.with(|rows| {
                                rows[first..end].iter().enumerate().map(|(n, (line, inside))| (first + n, line.clone(), *inside)).collect::<Vec<_>>()
                            })
                        }
                        // A row is rebuilt when its place or anything it shows changes.
                        key=|(position, line, inside)| (*position, line.clone(), *inside)
                        children=move |(position, line, inside)| row(line, inside, position)
                    />
                    <tr class="spacer" aria-hidden="true" style:height=move || window.below()></tr>
                </tbody>
        </GridTable>
    }
}
