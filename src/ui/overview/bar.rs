//! A model's versions as one bar (SVG drawn here), with its legend: each version's share
//! as a segment in the legend's order, the newest release marked by a stripe as well as a
//! colour, and every count in the legend as a link — the bar is a picture of the legend,
//! hidden from screen readers, which read the legend.

use leptos::prelude::*;

use super::count_link;
use crate::domain::fleet_view::FleetFilter;
use crate::domain::text::isolate;

/// Segment colours in turn; the stylesheet gives each a fill.
const SHADES: usize = 6;

#[component]
pub(super) fn VersionBar(
    /// (version text, devices, the fleet filtered to them), newest first.
    versions: Vec<(String, usize, FleetFilter)>,
    newest: Option<String>,
    total: usize,
) -> impl IntoView {
    let total = total.max(1) as f64;
    let mut x = 0.0;
    let segments: Vec<AnyView> = versions
        .iter()
        .enumerate()
        .map(|(i, (version, n, _))| {
            let width = *n as f64 * 100.0 / total;
            let at = x;
            x += width;
            let newest = newest.as_deref() == Some(version.as_str());
            let class = format!("v{}{}", i % SHADES, if newest { " newest" } else { "" });
            // The newest release also carries a light stripe: told apart without colour.
            view! {
                <rect x=format!("{at:.3}") y="0" width=format!("{width:.3}") height="10" class=class />
                {newest.then(|| view! {
                    <rect x=format!("{at:.3}") y="4" width=format!("{width:.3}") height="2" class="stripe" />
                })}
            }
            .into_any()
        })
        .collect();
    let legend: Vec<AnyView> = versions
        .into_iter()
        .enumerate()
        .map(|(i, (version, n, filter))| {
            let mark = (newest.as_deref() == Some(version.as_str())).then_some(" (newest)");
            view! {
                <li>
                    <span class=format!("swatch v{}", i % SHADES) aria-hidden="true"></span>
                    {isolate(&version).into_owned()}{mark}": "{count_link(n, filter, "version-count")}
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
