//! The console's pages by address (`leptos_router`): which page each path shows, the
//! fleet's filters kept in its own address, and steps that continue on another page
//! (`Nav::go`) carried out. Paths are named once, in [`crate::domain::address::Place`].

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::{NavigateOptions, path};

use super::campaigns::{CampaignPage, CampaignPlanner};
use super::cloud_check::CloudCheckPage;
use super::device::DevicePage;
use super::firmware::FirmwarePicker;
use super::fleet::FleetSection;
use super::history::HistoryPage;
use super::library::LibraryPage;
use super::not_kept::NoSuchPage;
use super::overview::OverviewPage;
use super::review::ReviewPanel;
use super::runs::RunPage;
use crate::domain::address::{FleetView, Place};
use crate::domain::fleet_view::FleetFilter;
use crate::state::{Batch, Campaigns, Fleet, Nav, Session};

/// Every page, by path; an address without one says so on that address. Flat: no page is
/// drawn inside another (a run's page is not the history's), and `FlatRoutes` costs ~15 KB
/// gzip less than nested `Routes`.
#[component]
pub fn Pages() -> impl IntoView {
    view! {
        <Navigator />
        <FlatRoutes fallback=NoSuchPage>
            <Route path=path!("/") view=Landing />
            <Route path=path!("/fleet") view=FleetPage />
            <Route path=path!("/devices/:sn") view=DeviceRoute />
            <Route path=path!("/runs") view=|| view! { <HistoryPage campaigns_only=false /> } />
            <Route path=path!("/runs/:id") view=RunRoute />
            <Route path=path!("/campaigns") view=|| view! { <HistoryPage campaigns_only=true /> } />
            <Route path=path!("/campaigns/new") view=NewCampaignPage />
            <Route path=path!("/campaigns/:id") view=CampaignRoute />
            <Route path=path!("/library") view=LibraryPage />
            <Route path=path!("/check") view=CloudCheckPage />
        </FlatRoutes>
    }
}

/// Gives the steps (`Nav::go`) the router's way to a page, the fleet's filters carried
/// along.
#[component]
fn Navigator() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let fleet = expect_context::<Fleet>();
    let navigate = use_navigate();
    nav.navigate_with(move |place| {
        navigate(&place.url(&fleet.view_untracked()), NavigateOptions::default())
    });
}

/// `/`: the overview; an old link with the fleet's filters (`/?q=…`, from before the fleet
/// had its own address) opens the fleet at `/fleet?q=…`.
#[component]
fn Landing() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let query = FleetView::parse(&location.search.get_untracked());
    if query != FleetView::default() {
        navigate(
            &Place::Fleet.url(&query),
            NavigateOptions { replace: true, ..Default::default() },
        );
        return ().into_any();
    }
    view! { <OverviewPage /> }.into_any()
}

/// Keeps the fleet's filters and sort and the address in step: an address arrived at
/// (typed, linked, reloaded, Back) sets them; a change sets the address in place, so typing
/// in the search box does not fill the Back list. Typing is written once it pauses
/// ([`TYPING_PAUSE_MS`]): a change of address at every keystroke would have every link of
/// the page work out again whether it is the page shown. Only while the address is `at`:
/// leaving for another page (whose address has no filters) must not clear them, so the top
/// bar's Fleet link brings them back.
#[component]
fn FleetAddress(at: &'static str) -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let location = use_location();
    let navigate = StoredValue::new(use_navigate());
    let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let here = move || location.pathname.with_untracked(|p| p == at);
    Effect::new(move |_| {
        let search = location.search.get();
        if here() {
            fleet.show_view(FleetView::parse(&search));
        }
    });
    Effect::new(move |first: Option<()>| {
        let view = fleet.view();
        if !here() {
            pending.set_value(None);
            return;
        }
        let query = view.to_query();
        let shown = location.search.with_untracked(|s| FleetView::parse(s));
        if first.is_none() || query == shown.to_query() {
            pending.set_value(None);
            return;
        }
        let url = format!("{at}{query}");
        let write = move || {
            navigate.with_value(|go| {
                go(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() })
            })
        };
        let typing = FleetFilter { text: String::new(), ..view.filter.clone() }
            == FleetFilter { text: String::new(), ..shown.filter.clone() }
            && view.sort == shown.sort;
        if typing {
            let timer = gloo_timers::callback::Timeout::new(TYPING_PAUSE_MS, write);
            pending.set_value(Some(timer));
        } else {
            pending.set_value(None);
            write();
        }
    });
}

/// How long typing in the search box pauses before the address follows it.
const TYPING_PAUSE_MS: u32 = 300;

/// `/fleet`: the fleet, and beside it, once devices are selected, firmware and review.
#[component]
fn FleetPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let batch = expect_context::<Batch>();
    view! {
        <FleetAddress at="/fleet" />
        <FleetSection campaign_mode=false />
        <Show when=move || session.may_upgrade() && batch.selection.with(|s| !s.is_empty())>
            <aside class="upgrade-panel" aria-label="Upgrade">
                <FirmwarePicker offer=Signal::derive(move || batch.offer()) />
                <Show when=move || batch.reviewing.get()>
                    <ReviewPanel />
                </Show>
            </aside>
        </Show>
    }
}

/// `/campaigns/new`: the fleet choosing a campaign's devices, and its plan.
#[component]
fn NewCampaignPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let campaigns = expect_context::<Campaigns>();
    view! {
        <FleetAddress at="/campaigns/new" />
        <FleetSection campaign_mode=true />
        <Show when=move || session.may_upgrade() && campaigns.scope.with(|s| !s.is_empty())>
            <CampaignPlanner />
        </Show>
    }
}

/// The `:id` of the address, when it is a number.
fn id_param() -> Memo<Option<u64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id")?.parse().ok()))
}

/// `/runs/7`.
#[component]
fn RunRoute() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <RunPage id=id /> }.into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}

/// `/devices/A302190930002`.
#[component]
fn DeviceRoute() -> impl IntoView {
    let params = use_params_map();
    let sn = Memo::new(move |_| params.with(|p| p.get("sn")).filter(|sn| !sn.trim().is_empty()));
    move || match sn.get() {
        Some(sn) => view! { <DevicePage sn=sn /> }.into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}

/// `/campaigns/2`.
#[component]
fn CampaignRoute() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <CampaignPage id=id /> }.into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}
