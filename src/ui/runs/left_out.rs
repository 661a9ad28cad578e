//! A run's devices that are not followed, each with its reason.

use leptos::prelude::*;

use crate::state::{Cloud, History};
use crate::ui::outcomes::ROW_LIMIT;

/// "Not followed (N)": the first [`ROW_LIMIT`] until `all` is set.
#[component]
pub(super) fn LeftOutList(id: u64, all: RwSignal<bool>) -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let left_out = Memo::new(move |_| {
        history
            .with_run(id, |r| r.left_out.clone())
            .unwrap_or_default()
    });
    view! {
        <Show when=move || !left_out.with(Vec::is_empty)>
            <div class="left-out">
                <h3>{move || format!("Not followed ({})", left_out.with(Vec::len))}</h3>
                <ul>
                    {move || {
                        let catalogue = cloud.catalogue();
                        let limit = if all.get() { usize::MAX } else { ROW_LIMIT };
                        left_out.get().into_iter().take(limit).map(|l| view! {
                            <li><span class="mono">{l.sn.clone()}</span>{format!(": {}", l.reason.describe(&catalogue))}</li>
                        }).collect_view()
                    }}
                </ul>
                {move || {
                    let hidden = left_out.with(Vec::len).saturating_sub(ROW_LIMIT);
                    (hidden > 0 && !all.get()).then(|| view! {
                        <p class="muted">{format!("… and {hidden} more (Show all lists them; the CSV export has every device).")}</p>
                    })
                }}
            </div>
        </Show>
    }
}
