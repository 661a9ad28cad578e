//! The header row every table of the console draws the same way.

use leptos::prelude::*;

/// A table's header row: one `<th scope="col">` per column, in order. `actions` adds a last
/// column whose name only screen readers hear (it holds buttons); `row_index` numbers the
/// row for tables that draw only a window of their rows.
#[component]
pub fn ColumnHeads(
    columns: &'static [&'static str],
    #[prop(optional)] actions: bool,
    #[prop(optional)] row_index: bool,
) -> impl IntoView {
    view! {
        <thead>
            <tr aria-rowindex=row_index.then_some("1")>
                {columns.iter().map(|column| view! { <th scope="col">{*column}</th> }).collect_view()}
                {actions.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
            </tr>
        </thead>
    }
}
