//! Devices left out, grouped by why: "13 × already on the target version · 4 × offline",
//! each group opening onto its serial numbers. The review and the run view both use it.

use leptos::prelude::*;

use crate::domain::batch::{LeftOutGroup, left_out_summary};

#[component]
pub fn GroupedLeftOut(
    /// "Left out", "Not followed".
    title: &'static str,
    groups: Vec<LeftOutGroup>,
) -> impl IntoView {
    let total: usize = groups.iter().map(|g| g.sns.len()).sum();
    // With one reason, the group's own line says it all.
    let summary = (groups.len() > 1).then(|| left_out_summary(&groups));
    view! {
        <div class="left-out" data-testid="left-out">
            <h3>{format!("{title} ({total})")}</h3>
            {summary.map(|summary| view! { <p class="left-out-summary">{summary}</p> })}
            <ul class="left-out-groups">
                {groups.into_iter().map(|group| view! {
                    <li>
                        <details>
                            <summary>{format!("{} × {}", group.sns.len(), group.reason)}</summary>
                            // One text node, however many devices: a group of thousands stays cheap.
                            <p class="mono sns">{group.sns.join(", ")}</p>
                        </details>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
