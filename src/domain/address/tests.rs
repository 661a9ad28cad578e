use super::*;

#[test]
fn each_place_has_its_own_path() {
    for (place, url) in [
        (Place::Overview, "/"),
        (Place::Fleet, "/fleet"),
        (Place::History, "/runs"),
        (Place::Run(7), "/runs/7"),
        (Place::Campaigns, "/campaigns"),
        (Place::NewCampaign, "/campaigns/new"),
        (Place::Campaign(2), "/campaigns/2"),
        (Place::Library, "/library"),
        (Place::Check, "/check"),
    ] {
        assert_eq!(place.path(), url);
    }
}

#[test]
fn filters_follow_only_the_pages_that_show_the_fleet() {
    let view = FleetView {
        filter: FleetFilter { model: Some(770), group: Some(1), ..FleetFilter::default() },
        sort: Sort::default(),
    };
    assert_eq!(Place::Fleet.url(&view), "/fleet?model=770&group=1");
    assert_eq!(Place::NewCampaign.url(&view), "/campaigns/new?model=770&group=1");
    assert_eq!(Place::Library.url(&view), "/library");
    assert_eq!(Place::Campaign(1).url(&view), "/campaigns/1");
    assert_eq!(Place::Run(4).url(&view), "/runs/4");
}

#[test]
fn filters_and_sort_live_in_the_query_string_and_survive_a_round_trip() {
    let view = FleetView {
        filter: FleetFilter {
            text: "Ultra & Co 100%".into(),
            family: Some(1),
            model: Some(770),
            hardware: Some("A".into()),
            online_only: true,
            group: Some(5),
            release: Some(ReleaseFilter::BehindBy(2)),
            condition: Some(Condition::OnAir),
            firmware: Some("1.5.79".into()),
        },
        sort: Sort { column: Column::Firmware, ascending: false },
    };
    let query = view.to_query();
    assert_eq!(
        query,
        "?q=Ultra%20%26%20Co%20100%25&family=1&model=770&hw=A&online=1&group=5&release=behind-2&state=on-air&fw=1%2E5%2E79&sort=firmware&desc=1"
    );
    assert_eq!(FleetView::parse(&query), view);
    assert_eq!(FleetView::parse("?q=a+b&junk=1&family=x").filter.text, "a b");
    assert_eq!(FleetView::parse("?family=x").filter.family, None);
    assert_eq!(FleetView::default().to_query(), "");
    assert_eq!(
        FleetView::parse("?behind=1").filter.release,
        Some(ReleaseFilter::Behind),
        "links from before the release filter"
    );
    assert_eq!(FleetView::parse("?release=behind-0&state=asleep").filter, FleetFilter::default());
}

/// The fleet's view against itself on generated input: whatever the filters and sort, the
/// query it writes reads back as the same view (natively: proptest needs an OS random
/// source).
#[cfg(not(target_arch = "wasm32"))]
mod round_trip {
    use proptest::prelude::*;

    use super::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ a-z+%&=?#/]{0,8}"]
    }

    proptest! {
        #[test]
        fn any_view_reads_back_from_the_query_it_writes(
            text in text(),
            family in any::<Option<i64>>(),
            model in any::<Option<i64>>(),
            hardware in prop::option::of(text().prop_filter("a hardware version", |h| !h.is_empty())),
            online_only in any::<bool>(),
            group in any::<Option<i64>>(),
            release in prop::option::of(prop_oneof![
                Just(ReleaseFilter::Newest),
                Just(ReleaseFilter::Behind),
                (1usize..50).prop_map(ReleaseFilter::BehindBy),
                Just(ReleaseFilter::TestBuild),
                Just(ReleaseFilter::Unknown),
            ]),
            condition in prop::option::of(prop::sample::select(Condition::ALL.to_vec())),
            firmware in prop::option::of(text().prop_filter("a version text", |h| !h.is_empty())),
            column in prop::sample::select(COLUMNS.to_vec()),
            ascending in any::<bool>(),
        ) {
            let view = FleetView {
                filter: FleetFilter {
                    text, family, model, hardware, online_only, group, release, condition, firmware,
                },
                sort: Sort { column, ascending },
            };
            prop_assert_eq!(FleetView::parse(&view.to_query()), view);
        }
    }
}

#[test]
fn a_device_has_its_own_page_and_each_overview_number_its_own_fleet() {
    assert_eq!(device_path("A302190930002"), "/devices/A302190930002");
    assert_eq!(device_path("a/b c"), "/devices/a%2Fb%20c", "a serial number stays one segment");
    let behind = FleetFilter {
        model: Some(770),
        release: Some(ReleaseFilter::BehindBy(2)),
        ..FleetFilter::default()
    };
    assert_eq!(fleet_with(behind.clone()), "/fleet?model=770&release=behind-2");
    assert_eq!(FleetView::parse("?model=770&release=behind-2").filter, behind);
}

#[test]
fn each_path_belongs_to_the_top_bar_section_that_names_it() {
    let cases = [
        ("/", "Overview"),
        ("/fleet?model=770", "Fleet"),
        ("/runs", "History"),
        ("/runs/3", "History"),
        ("/campaigns/new?family=2", "Campaigns"),
        ("/library", "Firmware library"),
        ("/check", "Cloud check"),
        ("/devices/A1", "Device"),
    ];
    for (path, section) in cases {
        assert_eq!(section_of(path), section, "{path}");
    }
}

#[test]
fn only_the_fleet_and_a_new_campaigns_page_take_the_fleets_view_from_their_address() {
    for path in ["/fleet", "/fleet/", "/campaigns/new", "/campaigns/new/"] {
        assert!(shows_fleet(path), "{path}");
    }
    for path in ["/", "", "/runs", "/campaigns", "/campaigns/2", "/fleets", "/devices/fleet"] {
        assert!(!shows_fleet(path), "{path}");
    }
}
