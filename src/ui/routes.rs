//! The console's pages by address (`leptos_router`): which page each path shows, and steps that continue on another page
//! (`Nav::go`) carried out. Paths are named once, in [`crate::domain::address::Place`].
//! The overview and the fleet come with the workspace; every other page is a piece of its
//! own ([`super::piece`]), fetched when first opened.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::{NavigateOptions, path};

use super::firmware::FirmwarePicker;
use super::fleet::FleetSection;
use super::fleet_address::FleetAddress;
use super::not_kept::NoSuchPage;
use super::overview::OverviewPage;
use super::piece::{Piece, piece};
use super::review::ReviewPanel;
use crate::domain::address::{FleetView, Place};
use crate::state::nav::Destination;
use crate::state::{Batch, Campaigns, Nav, Session};

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
            <Route path=path!("/runs") view=|| history_page(false) />
            <Route path=path!("/runs/:id") view=RunRoute />
            <Route path=path!("/campaigns") view=|| history_page(true) />
            <Route path=path!("/campaigns/new") view=NewCampaignPage />
            <Route path=path!("/campaigns/:id") view=CampaignRoute />
            <Route path=path!("/library") view=|| view! {
                <Piece what="the firmware library" load=library_page show={|page: fn() -> AnyView| page()} />
            } />
            <Route path=path!("/check") view=|| view! {
                <Piece what="the Cloud check" load=cloud_check_page show={|page: fn() -> AnyView| page()} />
            } />
        </FlatRoutes>
    }
}

/// The pages of runs: the history (of runs, or of campaigns only) and a run's own page.
#[derive(Clone, Copy)]
pub struct RunPages {
    list: fn(bool) -> AnyView,
    run: fn(u64) -> AnyView,
}

/// The pages of campaigns: one campaign's, and the plan of a new one.
#[derive(Clone, Copy)]
pub struct CampaignPages {
    page: fn(u64) -> AnyView,
    planner: fn() -> AnyView,
}

piece!(
    /// The history and the runs' pages.
    run_pages -> RunPages = RunPages {
        list: |campaigns_only| view! { <super::history::HistoryPage campaigns_only=campaigns_only /> }.into_any(),
        run: |id| view! { <super::runs::RunPage id=id /> }.into_any(),
    }
);
piece!(
    /// A campaign's page and the campaign planner.
    campaign_pages -> CampaignPages = CampaignPages {
        page: |id| view! { <super::campaigns::CampaignPage id=id /> }.into_any(),
        planner: || view! { <super::campaigns::CampaignPlanner /> }.into_any(),
    }
);
piece!(
    /// A device's page.
    device_page -> fn(String) -> AnyView = |sn| view! { <super::device::DevicePage sn=sn /> }.into_any()
);
piece!(
    /// The firmware library (and its upload).
    library_page -> fn() -> AnyView = || view! { <super::library::LibraryPage /> }.into_any()
);
piece!(
    /// The Cloud check.
    cloud_check_page -> fn() -> AnyView = || view! { <super::cloud_check::CloudCheckPage /> }.into_any()
);

/// Every page's piece, fetched ahead while the browser is idle once the first screen is
/// drawn.
pub fn fetch_pages_when_idle() {
    super::piece::fetch_when_idle(async {
        let _ = run_pages().await;
        let _ = device_page().await;
        let _ = campaign_pages().await;
        let _ = library_page().await;
        let _ = cloud_check_page().await;
    });
}

/// `/runs` and `/campaigns`.
fn history_page(campaigns_only: bool) -> impl IntoView {
    let what = if campaigns_only { "the campaigns" } else { "the history" };
    view! { <Piece what=what load=run_pages show={move |pages: RunPages| (pages.list)(campaigns_only)} /> }
}

/// Gives the steps (`Nav::go`) the router's way to a page, the fleet's filters carried
/// along (or, for a step that shows devices of its own, those in their place).
#[component]
fn Navigator() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let address = expect_context::<FleetAddress>();
    let navigate = use_navigate();
    nav.navigate_with(move |to| {
        let mut view = address.view_untracked();
        let place = match to {
            Destination::Page(place) => place,
            Destination::Fleet(filter) => {
                view.filter = filter;
                Place::Fleet
            }
        };
        navigate(&place.url(&view), NavigateOptions::default())
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

/// `/fleet`: the fleet, and beside it, once devices are selected, firmware and review.
#[component]
fn FleetPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let batch = expect_context::<Batch>();
    view! {
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
        <FleetSection campaign_mode=true />
        <Show when=move || session.may_upgrade() && campaigns.scope.with(|s| !s.is_empty())>
            <Piece what="the campaign planner" load=campaign_pages show={|pages: CampaignPages| (pages.planner)()} />
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
        Some(id) => view! {
            <Piece
                what="the run's page"
                load=run_pages
                show={move |pages: RunPages| (pages.run)(id)}
            />
        }
        .into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}

/// `/devices/A302190930002`.
#[component]
fn DeviceRoute() -> impl IntoView {
    let params = use_params_map();
    let sn = Memo::new(move |_| params.with(|p| p.get("sn")).filter(|sn| !sn.trim().is_empty()));
    move || match sn.get() {
        Some(sn) => view! {
            <Piece
                what="the device page"
                load=device_page
                show={move |page: fn(String) -> AnyView| page(sn.clone())}
            />
        }
        .into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}

/// `/campaigns/2`.
#[component]
fn CampaignRoute() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <Piece
                what="the campaign's page"
                load=campaign_pages
                show={move |pages: CampaignPages| (pages.page)(id)}
            />
        }
        .into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}
