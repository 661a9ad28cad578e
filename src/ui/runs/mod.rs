//! One upgrade run's page: the run followed to its end (`run_view`), or why this browser
//! cannot show it.

mod devices;
mod left_out;
mod run_view;

use leptos::prelude::*;

use super::history::HistoryNotices;
use super::not_kept::NotKept;
use crate::state::History;
use crate::state::nav::RUN;
pub use run_view::RunView;

/// `/runs/7`: run 7, or why this browser cannot show it.
#[component]
pub fn RunPage(id: u64) -> impl IntoView {
    let history = expect_context::<History>();
    let kept = Memo::new(move |_| history.with_run(id, |_| ()).is_some());
    view! {
        <HistoryNotices />
        <Show
            when=move || kept.get()
            fallback=move || view! { <NotKept what=format!("Run {id}") heading_id=RUN /> }
        >
            <RunView id=id />
        </Show>
    }
}
