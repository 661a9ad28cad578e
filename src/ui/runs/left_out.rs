//! A run's devices that are not followed, grouped by reason.

use leptos::prelude::*;

use crate::domain::batch::group_left_out;
use crate::state::{Cloud, History};
use crate::ui::left_out::GroupedLeftOut;

/// "Not followed (N)": "13 × left out: already on the target version · …", each group
/// opening onto its serial numbers.
#[component]
pub(super) fn LeftOutList(id: u64) -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let groups = Memo::new(move |_| {
        let catalogue = cloud.catalogue();
        history
            .with_run(id, |r| {
                group_left_out(
                    r.left_out.iter().map(|l| (l.sn.clone(), l.reason.describe(&catalogue))),
                )
            })
            .unwrap_or_default()
    });
    view! {
        <Show when=move || !groups.with(Vec::is_empty)>
            {move || view! { <GroupedLeftOut title="Not followed" groups=groups.get() /> }}
        </Show>
    }
}
