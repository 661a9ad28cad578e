//! A campaign's waves at a glance: a matrix of its models and hardware × its waves, each
//! cell coloured (and signed) by what that call became, its counts and run on demand, the
//! failing models marked.

use leptos::prelude::*;

use crate::domain::address::Place;
use crate::domain::call::wave_name;
use crate::domain::campaign::Campaign;
use crate::domain::campaign::matrix::{CellState, Row};
use crate::domain::text::{capitalised, devices};
use crate::state::History;
use crate::ui::link::Link;

#[component]
pub(super) fn Waves(campaign: Memo<Option<Campaign>>) -> impl IntoView {
    let history = expect_context::<History>();
    let matrix = Memo::new(move |_| {
        campaign.with(|c| {
            c.as_ref().map_or_else(
                || (Vec::new(), Vec::new()),
                |c| {
                    history.with_runs_by_id(|runs| {
                        let matrix = c.matrix(runs);
                        let states = c.wave_stages(runs);
                        (matrix, states)
                    })
                },
            )
        })
    });
    view! {
        <div class="table-wrap">
            <table class="wave-matrix card-table" data-testid="waves">
                <caption class="visually-hidden">"Each model and hardware across the waves"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Model and hardware"</th>
                        {move || matrix.with(|(_, states)| states.iter().enumerate().map(|(w, state)| view! {
                            <th scope="col" data-wave=w>
                                {capitalised(&wave_name(w))}
                                <span class="wave-state">{state.text()}</span>
                            </th>
                        }).collect_view())}
                    </tr>
                </thead>
                <tbody>
                    {move || matrix.with(|(rows, _)| rows.iter().cloned().map(row).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

fn row(row: Row) -> impl IntoView {
    let Row { label, cells, failing, not_all_verified, left_out } = row;
    view! {
        <tr class:failing=failing class:left-out=left_out data-failing=failing.to_string()>
            <th scope="row">
                {label}
                {failing.then(|| view! { <span class="tag bad">" ✕ failing"</span> })}
                {(not_all_verified && !failing && !left_out).then(|| view! { <span class="tag">" not all verified"</span> })}
                {left_out.then(|| view! { <span class="tag">" left out"</span> })}
            </th>
            {cells.into_iter().enumerate().map(|(w, cell)| {
                let state = cell.state;
                let body = (state != CellState::Empty).then(|| view! {
                    <details>
                        <summary>{state.label()}</summary>
                        <p>
                            {devices(cell.devices)}
                            {(!cell.counts.is_empty()).then(|| format!(": {}", cell.counts))}
                        </p>
                        {cell.run.map(|r| view! { <Link href=Place::Run(r).path()>{format!("Run {r}")}</Link> })}
                    </details>
                });
                view! {
                    <td class=format!("cell {}", state.key()) data-state=state.key() data-label=capitalised(&wave_name(w))>
                        {body.map_or_else(|| "—".into_any(), IntoAny::into_any)}
                    </td>
                }
            }).collect_view()}
        </tr>
    }
}
