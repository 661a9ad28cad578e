//! The overview (`/`, the landing page): where the fleet stands per family and per model
//! and hardware — on the newest release, behind it, on a test build, offline, with a
//! warning, on air — the versions each runs as a bar, the fleet's compliance in one figure,
//! and the latest failures from the history. Every number leads to the fleet filtered to
//! exactly those devices. It follows the fleet as polls read it again.

mod bar;
mod failures;

use leptos::prelude::*;

use super::export_link::ExportLink;
use super::format;
use super::link::Link;
use super::table::ColumnHeads;
use super::unreported::{FirmwareDoubts, UnreportedNotice};
use crate::browser::perf;
use crate::domain::address::fleet_with;
use crate::domain::firmware::FirmwareList;
use crate::domain::fleet_view::{Condition, FleetFilter, ReleaseFilter};
use crate::domain::overview::{KeyStanding, Overview};
use crate::domain::releases::Standing;
use crate::domain::text;
use crate::state::library::LibraryState;
use crate::state::{Fleet, Library};
use bar::{ShadeKey, VersionBar};
use failures::RecentFailures;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let library = expect_context::<Library>();
    library.load_if_needed();
    let overview = Memo::new(move |_| {
        let empty = FirmwareList::default();
        library.list.with(|list| {
            let list = match list {
                LibraryState::Ready(list) => list,
                _ => &empty,
            };
            // The benchmark reads how long this takes (50,000 devices: ≤ 100 ms).
            perf::start("overview");
            let overview = fleet.devices.with(|devices| Overview::of(devices, list));
            perf::measure_now("overview");
            overview
        })
    });
    let releases_known = move || library.list.with(|l| matches!(l, LibraryState::Ready(_)));
    let unreported = Memo::new(move |_| overview.with(Overview::unreported));
    let doubts = Signal::derive(move || {
        library.list.with(|l| match l {
            LibraryState::Ready(list) => list.doubts(),
            _ => Vec::new(),
        })
    });
    view! {
        <section class="overview card" aria-labelledby="overview-title">
            <div class="section-head">
                <h2 id="overview-title" tabindex="-1">"Where the fleet stands"</h2>
                <button type="button" on:click=move |_| fleet.refresh() disabled=move || fleet.loading.get()>
                    {move || if fleet.loading.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                <span class="muted" data-testid="overview-read-at">
                    {move || fleet.read_at.get().map(|t| format!("read at {}", format::time(t)))}
                </span>
            </div>
            {move || match library.list.get() {
                LibraryState::Failed(error) => Some(view! {
                    <p class="notice notice-warn" role="status">
                        <span class="notice-tag">"Releases unknown"</span>
                        {format!(" The Cloud's firmware list could not be read ({}), so no device can be compared with its newest release. ", error.message())}
                        <button type="button" on:click=move |_| library.load()>"Try again"</button>
                    </p>
                }.into_any()),
                LibraryState::Ready(_) => None,
                _ => Some(view! { <p aria-busy="true">"Reading the Cloud's firmware list…"</p> }.into_any()),
            }}
            <UnreportedNotice counts=unreported />
            <FirmwareDoubts lines=doubts testid="overview-firmware-doubts" />
            {move || overview.with(|o| {
                if o.devices == 0 {
                    let what = if fleet.read_at.get().is_some() { "The Cloud lists no device open to you." } else { "Reading the fleet…" };
                    return view! { <p class="empty">{what}</p> }.into_any();
                }
                view! {
                    <Figures overview=o.clone() releases_known=releases_known() />
                    <ShadeKey />
                    {o.families.iter().map(|family| view! {
                        <section class="family" aria-label=family.name.clone()>
                            <h3>{family.name.clone()}</h3>
                            <KeyTable keys=family.keys.clone() />
                        </section>
                    }).collect_view()}
                }.into_any()
            })}
            <p class="actions">
                <ExportLink
                    label="Export these numbers (CSV)"
                    test_id="overview-csv"
                    file="fleet-overview.csv".to_string()
                    media_type="text/csv"
                    content=move || overview.with_untracked(crate::domain::export::overview_csv)
                />
            </p>
        </section>
        <RecentFailures />
    }
}

/// A number leading to the fleet filtered by `filter`; a zero leads nowhere.
fn count_link(n: usize, filter: FleetFilter, test_id: &'static str) -> AnyView {
    if n == 0 {
        view! { <span class="zero" data-testid=test_id>"0"</span> }.into_any()
    } else {
        view! { <Link href=fleet_with(filter) test_id=test_id>{n.to_string()}</Link> }.into_any()
    }
}

fn with_release(release: ReleaseFilter) -> FleetFilter {
    FleetFilter { release: Some(release), ..FleetFilter::default() }
}

fn with_condition(condition: Condition) -> FleetFilter {
    FleetFilter { condition: Some(condition), ..FleetFilter::default() }
}

/// The fleet's figures: compliance, then each count over every model.
#[component]
fn Figures(overview: Overview, releases_known: bool) -> impl IntoView {
    let keys = || overview.families.iter().flat_map(|f| &f.keys);
    let sum = |count: fn(&KeyStanding) -> usize| keys().map(count).sum::<usize>();
    let compliance = overview.compliance_permille().filter(|_| releases_known);
    let comparable = sum(|k| k.on_newest + k.behind_total() + k.test_build);
    let on_newest = sum(|k| k.on_newest);
    // Each figure: its words, its count over every model, the fleet it opens, its test id.
    type Figure = (&'static str, usize, FleetFilter, &'static str);
    let by_release = |label, count: fn(&KeyStanding) -> usize, release, id| -> Figure {
        (label, sum(count), with_release(release), id)
    };
    let by_condition = |label, count: fn(&KeyStanding) -> usize, condition, id| -> Figure {
        (label, sum(count), with_condition(condition), id)
    };
    let figures: Vec<Figure> = vec![
        ("devices", overview.devices, FleetFilter::default(), "figure-devices"),
        by_release(
            "behind the newest release",
            KeyStanding::behind_total,
            ReleaseFilter::Behind,
            "figure-behind",
        ),
        by_release("on a test build", |k| k.test_build, ReleaseFilter::TestBuild, "figure-test"),
        by_release("not comparable", |k| k.unknown, ReleaseFilter::Unknown, "figure-unknown"),
        by_condition("offline", |k| k.offline, Condition::Offline, "figure-offline"),
        by_condition("with a warning", |k| k.warning, Condition::Warning, "figure-warning"),
        by_condition("on air", |k| k.on_air, Condition::OnAir, "figure-on-air"),
    ];
    // Said only when there are some (the notice above says what they mean).
    let unreported: Vec<Figure> = vec![
        by_condition(
            "on-air state unknown",
            |k| k.air_unknown,
            Condition::OnAirUnknown,
            "figure-air-unknown",
        ),
        by_condition(
            "online state unknown",
            |k| k.online_unknown,
            Condition::OnlineUnknown,
            "figure-online-unknown",
        ),
    ];
    let figures = figures.into_iter().chain(unreported.into_iter().filter(|f| f.1 > 0));
    view! {
        <div class="figures" data-testid="overview-figures">
            <p class="figure compliance">
                <strong data-testid="compliance">
                    {compliance.map_or("—".to_string(), |p| format!("{}.{} %", p / 10, p % 10))}
                </strong>
                " on the newest release: "
                {count_link(on_newest, with_release(ReleaseFilter::Newest), "figure-newest")}
                {format!(" of {} that can be compared", text::devices(comparable))}
            </p>
            {figures.into_iter().map(|(label, n, filter, id)| view! {
                <p class="figure">{count_link(n, filter, id)}" "<span>{label}</span></p>
            }).collect_view()}
        </div>
    }
}

/// One row per model and hardware of a family; every count a link.
#[component]
fn KeyTable(keys: Vec<KeyStanding>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="overview-table card-table">
                <ColumnHeads columns=&[
                    "Model and hardware", "Devices", "Newest release", "On it", "Behind",
                    "Test build", "Offline", "Warning", "On air", "Versions",
                ] />
                <tbody>
                    {keys.into_iter().map(|k| view! { <KeyRow standing=k /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn KeyRow(standing: KeyStanding) -> impl IntoView {
    let key = standing.key.clone();
    let of_key = move |change: &dyn Fn(&mut FleetFilter)| {
        let mut filter = FleetFilter {
            family: Some(key.family),
            model: Some(key.model),
            hardware: Some(key.hardware.clone()),
            ..FleetFilter::default()
        };
        change(&mut filter);
        filter
    };
    let release = |r| of_key(&move |f: &mut FleetFilter| f.release = Some(r));
    let condition = |c| of_key(&move |f: &mut FleetFilter| f.condition = Some(c));
    let behind: Vec<AnyView> = standing
        .behind
        .iter()
        .map(|(&by, &n)| {
            let label = crate::domain::text::count(by, "release", "releases");
            view! {
                <li>{format!("{label}: ")}{count_link(n, release(ReleaseFilter::BehindBy(by)), "behind-by")}</li>
            }
            .into_any()
        })
        .collect();
    let versions: Vec<(String, usize, Standing, FleetFilter)> = standing
        .versions
        .iter()
        .map(|(v, n, at)| {
            let version = v.clone();
            let filter = of_key(&move |f: &mut FleetFilter| f.firmware = Some(version.clone()));
            (v.clone(), *n, *at, filter)
        })
        .collect();
    let not_comparable = standing.not_comparable();
    let newest = standing.newest.map(|v| v.to_string());
    // Built of drawn parts already (the product name and hardware isolated and cut).
    let label = standing.label.clone();
    view! {
        <tr data-key=format!("{}-{}", standing.key.model, standing.key.hardware)>
            <th scope="row" data-label="Model and hardware">
                <Link href=fleet_with(of_key(&|_| {}))>{label}</Link>
            </th>
            <td data-label="Devices">{count_link(standing.devices, of_key(&|_| {}), "key-devices")}</td>
            <td data-label="Newest release">{match (&standing.undecided, &newest) {
                (Some(why), _) => view! {
                    <span class="undecided" data-testid="newest-undecided">"not decided"</span>
                    <br />
                    <small class="muted">{format!("{why}.")}</small>
                }.into_any(),
                (None, Some(newest)) => newest.clone().into_any(),
                (None, None) => "none on the Cloud".into_any(),
            }}</td>
            {if not_comparable {
                // Nothing to compare with: said, rather than zeros that look healthy.
                view! {
                    <td data-label="On it" class="not-comparable" data-testid="key-not-comparable">
                        {count_link(standing.unknown, release(ReleaseFilter::Unknown), "key-unknown")}" not comparable"
                    </td>
                    <td data-label="Behind" class="not-comparable">"—"</td>
                }.into_any()
            } else {
                view! {
                    <td data-label="On it">{count_link(standing.on_newest, release(ReleaseFilter::Newest), "key-newest")}</td>
                    <td data-label="Behind">
                        {count_link(standing.behind_total(), release(ReleaseFilter::Behind), "key-behind")}
                        {(!behind.is_empty()).then(|| view! { <ul class="behind-by">{behind}</ul> })}
                    </td>
                }.into_any()
            }}
            <td data-label="Test build">{count_link(standing.test_build, release(ReleaseFilter::TestBuild), "key-test")}</td>
            <td data-label="Offline">
                {count_link(standing.offline, condition(Condition::Offline), "key-offline")}
                {(standing.online_unknown > 0).then(|| view! {
                    " + "{count_link(standing.online_unknown, condition(Condition::OnlineUnknown), "key-online-unknown")}" unknown"
                })}
            </td>
            <td data-label="Warning">{count_link(standing.warning, condition(Condition::Warning), "key-warning")}</td>
            <td data-label="On air">
                {count_link(standing.on_air, condition(Condition::OnAir), "key-on-air")}
                {(standing.air_unknown > 0).then(|| view! {
                    " + "{count_link(standing.air_unknown, condition(Condition::OnAirUnknown), "key-air-unknown")}" unknown"
                })}
            </td>
            <td data-label="Versions" class="versions">
                <VersionBar versions=versions total=standing.devices />
            </td>
        </tr>
    }
}
