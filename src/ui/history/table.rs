//! The history's lines: a campaign with a button that unfolds its runs beneath it, single
//! runs beside, each title a link to its page.

use std::collections::HashSet;

use crate::ui::link::Link;
use leptos::prelude::*;

use crate::browser::confirmed;
use crate::domain::address::Place;
use crate::domain::history_view::{Kind, Line};
use crate::state::{History, Tracking};
use crate::ui::format;
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
    let unfolded = RwSignal::new(HashSet::<u64>::new());
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
            <tr class=if inside { "call" } else { "entry" } data-run=data_run data-campaign=data_campaign data-standing=line.standing.key()>
                <td class="what">
                    <Link href=href(what)>{what.title()}</Link>
                    {folding}
                </td>
                <td>{format::date_time(line.created_at)}</td>
                <td>{line.user.clone()}</td>
                <td>{line.scope.clone()}</td>
                <td class="standing">{status(&line)}</td>
                <td class="counts">{line.counts.clone()}</td>
                <td class="actions">
                    {(deletable && may_forget.get()).then(|| {
                        let Kind::Run(id) = what else { return None };
                        Some(view! {
                            <button
                                type="button"
                                data-testid="delete-run"
                                on:click=move |_| {
                                    if confirmed(&format!("Forget run {id} in this browser? The devices are not affected.")) {
                                        history.delete(id);
                                    }
                                }
                            >
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
            <table class="history-table" data-testid="history-table">
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
