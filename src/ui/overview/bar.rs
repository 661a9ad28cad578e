//! A model's versions as one bar (SVG drawn here), with its legend: each version's share
//! as a segment in the legend's order, coloured by where it stands (newest, behind by 1,
//! 2, 3 or more, test build, not comparable — the same colour for the same standing in
//! every row), the newest release marked by a stripe as well, and every count in the
//! legend as a link — the bar is a picture of the legend, hidden from screen readers,
//! which read the legend.

use leptos::prelude::*;

use super::count_link;
use crate::domain::fleet_view::FleetFilter;
use crate::domain::releases::Standing;
use crate::domain::text::drawn;

#[component]
pub(super) fn VersionBar(
    /// (version text, devices, its standing, the fleet filtered to them), newest first.
    versions: Vec<(String, usize, Standing, FleetFilter)>,
    total: usize,
) -> impl IntoView {
    let total = total.max(1) as f64;
    let mut x = 0.0;
    let segments: Vec<AnyView> = versions
        .iter()
        .map(|(_, n, standing, _)| {
            let width = *n as f64 * 100.0 / total;
            let at = x;
            x += width;
            let newest = *standing == Standing::Newest;
            // The newest release also carries a light stripe: told apart without colour.
            view! {
                <rect x=format!("{at:.3}") y="0" width=format!("{width:.3}") height="10" class=format!("shade-{}", standing.shade()) />
                {newest.then(|| view! {
                    <rect x=format!("{at:.3}") y="4" width=format!("{width:.3}") height="2" class="stripe" />
                })}
            }
            .into_any()
        })
        .collect();
    let legend: Vec<AnyView> = versions
        .into_iter()
        .map(|(version, n, standing, filter)| {
            view! {
                <li data-shade=standing.shade()>
                    <span class=format!("swatch shade-{}", standing.shade()) aria-hidden="true"></span>
                    {drawn(&version).into_owned()}{format!(" ({}): ", standing.short())}{count_link(n, filter, "version-count")}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <svg class="version-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            {segments}
        </svg>
        <ul class="version-legend">{legend}</ul>
    }
}

/// The colours once, with their words: what every bar's colours mean.
#[component]
pub(super) fn ShadeKey() -> impl IntoView {
    view! {
        <ul class="shade-key" aria-label="Colours of the versions' bars" data-testid="shade-key">
            {Standing::SHADES.into_iter().map(|(shade, words)| view! {
                <li><span class=format!("swatch shade-{shade}") aria-hidden="true"></span>{words}</li>
            }).collect_view()}
        </ul>
    }
}
