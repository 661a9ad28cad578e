use super::*;

#[test]
fn places_have_paths_and_come_back_from_them() {
    for (place, url) in [
        (Place::Fleet, "/"),
        (Place::History, "/runs"),
        (Place::Run(7), "/runs/7"),
        (Place::Library, "/library"),
        (Place::NewCampaign, "/campaigns/new"),
        (Place::Campaign(2), "/campaigns/2"),
        (Place::Check, "/check"),
    ] {
        let address = Address { place, filter: FleetFilter::default(), sort: Sort::default() };
        assert_eq!(address.to_url(), url);
        assert_eq!(Address::parse(url, ""), address);
    }
    assert_eq!(Address::parse("/runs/seven", "").place, Place::History);
    assert_eq!(Address::parse("/nowhere", "").place, Place::Fleet);
}

#[test]
fn filters_and_sort_live_in_the_query_string_and_survive_a_round_trip() {
    let address = Address {
        place: Place::Run(3),
        filter: FleetFilter {
            text: "Ultra & Co 100%".into(),
            family: Some(1),
            model: Some(770),
            hardware: Some("A".into()),
            online_only: true,
            group: Some(5),
            behind_only: true,
        },
        sort: Sort { column: Column::Firmware, ascending: false },
    };
    let url = address.to_url();
    assert_eq!(
        url,
        "/runs/3?q=Ultra%20%26%20Co%20100%25&family=1&model=770&hw=A&online=1&group=5&behind=1&sort=firmware&desc=1"
    );
    let (path, query) = url.split_once('?').unwrap();
    assert_eq!(Address::parse(path, query), address);
    assert_eq!(Address::parse("/", "?q=a+b&junk=1&family=x").filter.text, "a b");
    assert_eq!(Address::parse("/", "?family=x").filter.family, None);
}

/// The address against itself on generated input: whatever the place, filters and sort,
/// the URL it writes reads back as the same address (natively: proptest needs an OS random
/// source).
#[cfg(not(target_arch = "wasm32"))]
mod round_trip {
    use proptest::prelude::*;

    use super::*;

    fn place() -> impl Strategy<Value = Place> {
        prop_oneof![
            Just(Place::Fleet),
            Just(Place::History),
            any::<u64>().prop_map(Place::Run),
            Just(Place::Library),
            Just(Place::NewCampaign),
            any::<u64>().prop_map(Place::Campaign),
            Just(Place::Check),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ a-z+%&=?#/]{0,8}"]
    }

    proptest! {
        #[test]
        fn any_address_reads_back_from_the_url_it_writes(
            place in place(),
            text in text(),
            family in any::<Option<i64>>(),
            model in any::<Option<i64>>(),
            hardware in prop::option::of(text().prop_filter("a hardware version", |h| !h.is_empty())),
            online_only in any::<bool>(),
            group in any::<Option<i64>>(),
            behind_only in any::<bool>(),
            column in prop::sample::select(COLUMNS.to_vec()),
            ascending in any::<bool>(),
        ) {
            let address = Address {
                place,
                filter: FleetFilter { text, family, model, hardware, online_only, group, behind_only },
                sort: Sort { column, ascending },
            };
            let url = address.to_url();
            let (path, query) = url.split_once('?').unwrap_or((&url, ""));
            prop_assert_eq!(Address::parse(path, query), address);
        }
    }
}
