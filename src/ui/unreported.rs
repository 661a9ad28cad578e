//! What the Cloud did not report, said above the overview and the fleet: devices whose
//! on-air or online state is unknown (each count a link to the fleet narrowed to them), and
//! firmware entries set aside for an ambiguous id or a newest release not decided.

use leptos::prelude::*;

use super::link::Link;
use crate::domain::address::fleet_with;
use crate::domain::device::Unreported;
use crate::domain::fleet_view::{Condition, FleetFilter};
use crate::domain::text::devices;

/// Nothing while the Cloud reported every device's state; otherwise one line per gap.
#[component]
pub fn UnreportedNotice(#[prop(into)] counts: Signal<Unreported>) -> impl IntoView {
    move || {
        let counts = counts.get();
        if counts == Unreported::default() {
            return None;
        }
        Some(view! {
            <div class="notice notice-warn" role="status" data-testid="unreported">
                {gap(counts.on_air, "On-air state unknown", Condition::OnAirUnknown, counts.on_air_said(), "unreported-on-air")}
                {gap(counts.online, "Online state unknown", Condition::OnlineUnknown, counts.online_said(), "unreported-online")}
            </div>
        })
    }
}

/// One line of the notice: its tag, the count as a link to the fleet narrowed to those
/// devices, and what it means; nothing when the count is zero.
fn gap(
    count: usize,
    tag: &'static str,
    condition: Condition,
    said: &'static str,
    test_id: &'static str,
) -> Option<impl IntoView + use<>> {
    let filter = FleetFilter { condition: Some(condition), ..FleetFilter::default() };
    (count > 0).then(|| {
        view! {
            <p>
                <span class="notice-tag">{tag}</span>" "
                <Link href=fleet_with(filter) test_id=test_id>{devices(count)}</Link>
                {said}
            </p>
        }
    })
}

/// The firmware the console will not offer or decide on, each line as the domain says it:
/// ids listed for two firmwares, models whose newest release is not decided.
#[component]
pub fn FirmwareDoubts(
    #[prop(into)] lines: Signal<Vec<String>>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    move || {
        let lines = lines.get();
        (!lines.is_empty()).then(|| {
            view! {
                <div class="notice notice-warn" role="status" data-testid=testid.clone()>
                    <p><span class="notice-tag">"Firmware set aside"</span>" Not all of the Cloud's firmware list can be used:"</p>
                    <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}
