//! The top bar: what this is, the pages (links, the current one marked), who is logged in
//! with which rights, and log out.

use crate::ui::link::Link;
use leptos::prelude::*;

use crate::domain::address::Place;
use crate::domain::campaign::CampaignState;
use crate::state::{History, Session, Workflows};
use crate::ui::fleet_address::FleetAddress;

#[component]
pub fn TopBar() -> impl IntoView {
    let session = expect_context::<Session>();
    let flows = expect_context::<Workflows>();
    let address = expect_context::<FleetAddress>();
    let history = expect_context::<History>();
    let who = move || {
        let status = session.status.get();
        // The cookie's text, shown as the Cloud's text is everywhere: direction controls
        // made visible, never obeyed.
        let user = status
            .user()
            .map(|u| crate::domain::text::drawn(&u).into_owned())
            .unwrap_or_else(|| "(user name not confirmed)".into());
        let role = status.role().map(|r| r.label()).unwrap_or_default();
        format!("{user} · {role}")
    };
    // Runs still followed, said beside the history's link from any page.
    let under_way =
        Memo::new(move |_| history.with_all(|runs| runs.iter().filter(|r| r.is_active()).count()));
    let halted = Memo::new(move |_| {
        history.campaigns.with(|campaigns| {
            campaigns
                .iter()
                .filter(|c| matches!(c.state, CampaignState::Halted { .. }))
                .map(|c| c.id)
                .collect::<Vec<u64>>()
        })
    });
    // Phones: the pages fold behind one button naming the page shown; a link closes them.
    let menu_open = RwSignal::new(false);
    let location = leptos_router::hooks::use_location();
    let section = move || crate::domain::address::section_of(&location.pathname.get());
    view! {
        <header class="topbar" class:menu-open=move || menu_open.get()>
            <h1><span class="brand-cloud">"Magewell Cloud · "</span>"Firmware console"</h1>
            <button
                type="button"
                class="nav-toggle"
                data-testid="nav-toggle"
                aria-controls="pages"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                <span aria-hidden="true">"☰ "</span>
                <span class="visually-hidden">"Pages: "</span>
                {section}
            </button>
            <nav id="pages" aria-label="Pages" on:click=move |_| menu_open.set(false)>
                <Link href=Place::Overview.path()>"Overview"</Link>
                // The fleet's link brings its filters back, as they were left.
                <Link href=Signal::derive(move || Place::Fleet.url(&address.view()))>"Fleet"</Link>
                <Link href=Place::History.path()>
                    "History"
                    {move || (under_way.get() > 0).then(|| view! {
                        <span class="under-way" data-testid="under-way">{format!(" · {} under way", under_way.get())}</span>
                    })}
                </Link>
                <Link href=Place::Campaigns.path()>"Campaigns"</Link>
                <Link href=Place::Library.path()>"Firmware library"</Link>
                <Link href=Place::Check.path()>"Cloud check"</Link>
            </nav>
            <div class="whoami">
                <span class="user">{who}</span>
                <button type="button" data-testid="log-out" on:click=move |_| flows.log_out()>"Log out"</button>
            </div>
        </header>
        // Said on every page: a campaign halted waits for the administrator to resume it.
        {move || {
            let halted = halted.get();
            let verb = if halted.len() == 1 { "waits" } else { "wait" };
            (!halted.is_empty()).then(|| view! {
                <p class="notice notice-warn" role="status" data-testid="campaigns-halted">
                    <span class="notice-tag">"Halted"</span> " "
                    {halted.into_iter().map(|id| view! {
                        <Link href=Place::Campaign(id).path()>{format!("Campaign {id}")}</Link>
                        " "
                    }).collect_view()}
                    {format!("{verb} for the administrator to resume or abort.")}
                </p>
            })
        }}
        // Said on every page: campaigns the service drives wait for a Cloud session.
        {move || history.driver.get().and_then(|d| d.waiting).map(|why| view! {
            <p class="notice notice-warn driver-waiting" role="status" data-testid="driver-waiting">
                <span class="notice-tag">"Campaigns wait"</span> " " {why}
            </p>
        })}
    }
}
