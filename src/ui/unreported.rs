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
    let link = |n: usize, condition: Condition, test_id: &'static str| {
        let filter = FleetFilter { condition: Some(condition), ..FleetFilter::default() };
        view! { <Link href=fleet_with(filter) test_id=test_id>{devices(n)}</Link> }
    };
    move || {
        let counts = counts.get();
        if counts == Unreported::default() {
            return None;
        }
        Some(view! {
            <div class="notice notice-warn" role="status" data-testid="unreported">
                {(counts.on_air > 0).then(|| view! {
                    <p>
                        <span class="notice-tag">"On-air state unknown"</span>" "
                        {link(counts.on_air, Condition::OnAirUnknown, "unreported-on-air")}
                        {counts.on_air_said()}
                    </p>
                })}
                {(counts.online > 0).then(|| view! {
                    <p>
                        <span class="notice-tag">"Online state unknown"</span>" "
                        {link(counts.online, Condition::OnlineUnknown, "unreported-online")}
                        {counts.online_said()}
                    </p>
                })}
            </div>
        })
    }
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
