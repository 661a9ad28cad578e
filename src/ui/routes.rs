//! The console's pages by address (`leptos_router`): which page each path shows, and steps that continue on another page
//! (`Nav::go`) carried out. Paths are named once, in [`crate::domain::address::Place`].
//! The overview and the fleet come with the workspace; the other pages come in two pieces
//! ([`super::piece`]) fetched when one of their pages is first opened: the records (history,
//! runs, campaigns, the planner) and the tools (a device's page, the library, the check).

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
                <Piece what="the firmware library" load=tool_pages show={|pages: ToolPages| (pages.library)()} />
            } />
            <Route path=path!("/check") view=|| view! {
                <Piece what="the Cloud check" load=tool_pages show={|pages: ToolPages| (pages.check)()} />
            } />
        </FlatRoutes>
    }
}

/// The records: the history (of runs, or of campaigns only), a run's page, a campaign's
/// page and the plan of a new one. One piece: they share most of their code, and each
/// piece more is a dozen small files compressed apart (see docs/performance.md).
#[derive(Clone, Copy)]
pub struct RecordPages {
    list: fn(bool) -> AnyView,
    run: fn(u64) -> AnyView,
    campaign: fn(u64) -> AnyView,
    planner: fn() -> AnyView,
}

/// The tools: a device's page, the firmware library (and its upload), the Cloud check.
#[derive(Clone, Copy)]
pub struct ToolPages {
    device: fn(String) -> AnyView,
    library: fn() -> AnyView,
    check: fn() -> AnyView,
}

piece!(
    /// The history, the runs' and the campaigns' pages, the campaign planner.
    record_pages -> RecordPages = RecordPages {
        list: |campaigns_only| view! { <super::history::HistoryPage campaigns_only=campaigns_only /> }.into_any(),
        run: |id| view! { <super::runs::RunPage id=id /> }.into_any(),
        campaign: |id| view! { <super::campaigns::CampaignPage id=id /> }.into_any(),
        planner: || view! { <super::campaigns::CampaignPlanner /> }.into_any(),
    }
);
piece!(
    /// A device's page, the firmware library, the Cloud check.
    tool_pages -> ToolPages = ToolPages {
        device: |sn| view! { <super::device::DevicePage sn=sn /> }.into_any(),
        library: || view! { <super::library::LibraryPage /> }.into_any(),
        check: || view! { <super::cloud_check::CloudCheckPage /> }.into_any(),
    }
);

/// Every page's piece, fetched ahead while the browser is idle once the first screen is
/// drawn.
pub fn fetch_pages_when_idle() {
    super::piece::fetch_when_idle(async {
        let _ = record_pages().await;
        let _ = tool_pages().await;
    });
}

/// `/runs` and `/campaigns`.
fn history_page(campaigns_only: bool) -> impl IntoView {
    let what = if campaigns_only { "the campaigns" } else { "the history" };
    view! { <Piece what=what load=record_pages show={move |pages: RecordPages| (pages.list)(campaigns_only)} /> }
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
            <Piece what="the campaign planner" load=record_pages show={|pages: RecordPages| (pages.planner)()} />
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
                load=record_pages
                show={move |pages: RecordPages| (pages.run)(id)}
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
                load=tool_pages
                show={move |pages: ToolPages| (pages.device)(sn.clone())}
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
                load=record_pages
                show={move |pages: RecordPages| (pages.campaign)(id)}
            />
        }
        .into_any(),
        None => view! { <NoSuchPage /> }.into_any(),
    }
}
