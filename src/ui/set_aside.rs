//! The notice under a list read from the Cloud: the records set aside (each by name, field
//! and what arrived) and the forms accepted, so nothing is dropped without a word.

use leptos::prelude::*;

use crate::domain::reading::Reading;
use crate::domain::text::{isolate, noun};
use crate::ui::table::ColumnHeads;

/// How many set-aside records the notice names in its sentence (the table has them all).
const NAMED: usize = 5;

/// Nothing while the list arrived as the contract says; otherwise what was set aside and
/// what was accepted. `records` names one of the list's records and many ("device",
/// "devices").
#[component]
pub fn SetAsideNotice(
    reading: Signal<Reading>,
    records: (&'static str, &'static str),
    #[prop(into)] testid: String,
) -> impl IntoView {
    move || {
        let reading = reading.get();
        if reading.is_clean() {
            return None;
        }
        let aside = reading.set_aside.len();
        let lead = (aside > 0).then(|| {
            let count = crate::domain::text::count(aside, records.0, records.1);
            let mut names: Vec<String> =
                reading.names().take(NAMED).map(|n| isolate(n).into_owned()).collect();
            let named = reading.names().count();
            if named > names.len() {
                names.push(format!("{} more", named - names.len()));
            }
            let listed =
                if names.is_empty() { String::new() } else { format!(": {}", names.join(", ")) };
            format!(
                " {count} could not be read and {} set aside, the rest are shown{listed}.",
                noun(aside, "is", "are")
            )
        });
        let accepted = (!reading.accepted.is_empty()).then(|| {
            let forms: Vec<String> = reading.accepted.iter().map(ToString::to_string).collect();
            format!(" Accepted in another form than the API's: {}.", forms.join("; "))
        });
        let rows = reading
            .set_aside
            .iter()
            .map(|s| {
                view! {
                    <tr>
                        <td class="mono">{isolate(s.name.as_deref().unwrap_or("(none)")).into_owned()}</td>
                        <td class="mono">{s.field.clone()}</td>
                        <td class="mono">{crate::domain::text::drawn(&s.arrived).into_owned()}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        let table = (aside > 0).then(|| {
            view! {
                <details>
                    <summary>"What arrived"</summary>
                    <table class="set-aside">
                        <ColumnHeads columns=&["Name", "Field", "What arrived"] />
                        <tbody>{rows}</tbody>
                    </table>
                </details>
            }
        });
        let (class, tag) = if aside > 0 {
            ("notice notice-warn", "Set aside")
        } else {
            ("notice notice-info", "Read")
        };
        Some(view! {
            <div class=class data-testid=testid.clone() role="status">
                <p><span class="notice-tag">{tag}</span>{lead}{accepted}</p>
                {table}
            </div>
        })
    }
}
