//! What the Cloud answered to an upgrade call, serial number by serial number.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::text::drawn;

use crate::domain::address::device_path;
use crate::domain::codes::{Catalogue, Context};
use crate::domain::outcome::{Answer, Attention, DeviceOutcome, Outcomes};
use crate::ui::link::RowLink;
use crate::ui::table::ColumnHeads;

/// Rows shown at first in very large tables; the rest on request, so a batch of thousands
/// renders at once. Problems are listed first, so they are among these.
pub const ROW_LIMIT: usize = 100;

/// Per-serial-number answers with their meaning, and counts that add up.
#[component]
pub fn OutcomeTable(outcomes: Outcomes, catalogue: Arc<Catalogue>) -> impl IntoView {
    let counts = outcomes.counts();
    let mut summary = vec![
        format!("{} started", counts.started),
        format!("{} already upgrading", counts.already_upgrading),
        format!("{} refused", counts.refused),
    ];
    if counts.no_answer > 0 {
        summary.push(format!("{} without answer", counts.no_answer));
    }
    if counts.unexpected > 0 {
        summary.push(format!("{} not sent but answered", counts.unexpected));
    }
    let total = outcomes.rows.len();
    let show_all = RwSignal::new(total <= ROW_LIMIT);
    let rows = StoredValue::new(outcomes.attention_first());
    let render = move |row: DeviceOutcome| {
        let describe = |code: i64| catalogue.describe(Some(Context::UpgradeStart), code);
        let class = match row.answer.attention() {
            Attention::Problem => "bad",
            Attention::Warning => "warn",
            Attention::Fine => "ok",
        };
        let (code, meaning) = match row.answer {
            Answer::Code(code) => (code.to_string(), describe(code).text),
            Answer::Conflicting { first, second } => (
                format!("{first}, {second}"),
                format!(
                    "the Cloud answered twice, differently: {}; then {}",
                    describe(first).text,
                    describe(second).text
                ),
            ),
            Answer::NoAnswer => ("—".into(), "no answer from the Cloud".into()),
            Answer::NotSent(code) => (
                code.to_string(),
                format!("not sent by this console, yet answered: {}", describe(code).text),
            ),
        };
        view! {
            <tr class=class>
                <td class="mono"><RowLink href=device_path(&row.sn) in_tab_order=true>{drawn(&row.sn).into_owned()}</RowLink></td>
                <td>{drawn(&row.name).into_owned()}</td>
                <td class="mono">{code}</td>
                <td><span class=format!("dot {class}") aria-hidden="true"></span>{meaning}</td>
            </tr>
        }
    };
    let shown = move || {
        let limit = if show_all.get() { usize::MAX } else { ROW_LIMIT };
        rows.with_value(|rows| rows.iter().take(limit).cloned().map(render.clone()).collect_view())
    };
    view! {
        <p class="counts" data-testid="outcome-counts">{summary.join(" · ")}</p>
        <div class="table-wrap">
        <table class="outcome-table">
            <ColumnHeads columns=&["Serial number", "Device", "Result", "Meaning"] />
            <tbody>{shown}</tbody>
        </table>
        </div>
        <Show when=move || !show_all.get()>
            <button type="button" on:click=move |_| show_all.set(true)>
                {format!("Show all {total} devices (the first {ROW_LIMIT} are shown)")}
            </button>
        </Show>
    }
}
