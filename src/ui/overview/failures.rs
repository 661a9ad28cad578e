//! The overview's latest failures, from the history this browser keeps: each device that
//! ended other than verified, newest first, with what its result means and where it
//! happened.

use leptos::prelude::*;

use crate::domain::address::{Place, device_path};
use crate::domain::device_story::recent_failures;
use crate::state::{Cloud, History};
use crate::ui::format;
use crate::ui::link::Link;

/// How many failures the overview lists.
const SHOWN: usize = 10;

#[component]
pub(super) fn RecentFailures() -> impl IntoView {
    let history = expect_context::<History>();
    let cloud = expect_context::<Cloud>();
    let failures = Memo::new(move |_| history.with_all(|runs| recent_failures(runs, SHOWN)));
    view! {
        <section class="card recent-failures" aria-labelledby="failures-title" data-testid="recent-failures">
            <h2 id="failures-title">"Recent failures"</h2>
            {move || {
                let catalogue = cloud.catalogue();
                let failures = failures.get();
                if failures.is_empty() {
                    return view! {
                        <p class="empty">"No device has failed in the runs this browser keeps."</p>
                    }.into_any();
                }
                view! {
                    <ol class="failures">
                        {failures.into_iter().map(|step| {
                            let place = match step.campaign {
                                Some(call) => format!("campaign {}, run {}", call.campaign, step.run),
                                None => format!("run {}", step.run),
                            };
                            view! {
                                <li>
                                    <Link href=device_path(&step.sn) class="sn">{step.sn.clone()}</Link>
                                    {format!(" · {} → {} · ", step.from, step.to)}
                                    {step.end.describe(&catalogue)}
                                    <span class="muted">
                                        {format!(" · {} · ", format::date_time(step.changed_at))}
                                        <Link href=Place::Run(step.run).path()>{place}</Link>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
