//! Showing a large fleet at each keystroke: the searched text of every device lowercased
//! once per reading of the fleet (an index), the fleet's order for the current sort worked
//! out once per sort, and a query that only grows (typing on) narrowed from the rows it
//! showed before instead of from the whole fleet. Same rows as [`super::shown`], pinned by
//! a property test against it.

use super::{FilterContext, FleetFilter, Sort, contains_folded};
use crate::domain::device::FleetDevice;
use crate::domain::groups::Groups;

/// Each device's serial number and product name, ASCII-lowercased, on two lines — every
/// device's text one after the other in one buffer (searched in place, no allocation per
/// device), with where each ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    text: String,
    ends: Vec<usize>,
}

impl SearchIndex {
    pub fn of(devices: &[FleetDevice]) -> SearchIndex {
        let size = devices.iter().map(|d| d.sn.len() + d.name.len() + 1).sum();
        let mut index = SearchIndex { text: String::with_capacity(size), ends: Vec::new() };
        index.ends.reserve_exact(devices.len());
        for d in devices {
            index.text.push_str(&d.sn);
            index.text.push('\n');
            index.text.push_str(&d.name);
            index.ends.push(index.text.len());
        }
        index.text.make_ascii_lowercase();
        index
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Device `i`'s text.
    fn of_device(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text.as_bytes()[start..self.ends[i]]
    }
}

/// The positions of the whole fleet in the order `sort` shows them.
pub fn order(devices: &[FleetDevice], sort: Sort, groups: &Groups) -> Vec<usize> {
    crate::domain::order::positions(devices.len(), &|a, b| {
        sort.compare(&devices[a], &devices[b], groups)
    })
}

/// What was shown, to narrow from when the query grows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    pub filter: FleetFilter,
    pub rows: Vec<usize>,
}

impl FleetFilter {
    /// Whether every device this filter admits is admitted by `before` too: the same facets,
    /// and a search that holds the earlier one (typing on).
    pub fn narrows(&self, before: &FleetFilter) -> bool {
        let (now, then) = (self.text.trim(), before.text.trim());
        FleetFilter { text: String::new(), ..self.clone() }
            == FleetFilter { text: String::new(), ..before.clone() }
            && now.to_ascii_lowercase().contains(&then.to_ascii_lowercase())
    }
}

/// The rows `filter` shows, in `order`; narrowed from `before` when it still applies (the
/// same fleet, index and order — the caller's to know — and a filter that narrows it).
pub fn show(
    devices: &[FleetDevice],
    index: &SearchIndex,
    order: &[usize],
    filter: &FleetFilter,
    context: &FilterContext,
    before: Option<&Shown>,
) -> Vec<usize> {
    let candidates: &[usize] = match before {
        Some(before) if filter.narrows(&before.filter) => &before.rows,
        _ => order,
    };
    let facets = FleetFilter { text: String::new(), ..filter.clone() };
    let any_facet = facets != FleetFilter::default();
    let admits = facets.matcher(context);
    let needle = filter.text.trim();
    // A needle over two lines could match across the index's line break: the slow way.
    let indexed = index.len() == devices.len() && !needle.contains('\n');
    let lowered = needle.to_ascii_lowercase();
    let finder = memchr::memmem::Finder::new(lowered.as_bytes());
    let holds = |i: usize| {
        if indexed {
            finder.find(index.of_device(i)).is_some()
        } else {
            let d = &devices[i];
            contains_folded(&d.sn, needle.as_bytes()) || contains_folded(&d.name, needle.as_bytes())
        }
    };
    candidates
        .iter()
        .copied()
        .filter(|&i| (needle.is_empty() || holds(i)) && (!any_facet || admits(&devices[i])))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::super::shown;
    use super::*;
    use crate::domain::device::Presence;
    use crate::testing::named;

    fn fleet() -> impl Strategy<Value = Vec<FleetDevice>> {
        let sn = "[A-Ca-c0-9]{1,5}";
        let name = prop_oneof!["[A-Za-z ]{0,6}", Just("Bühne ÄB".to_string())];
        prop::collection::vec((sn, name, 770..772i64, any::<bool>()), 0..30).prop_map(|specs| {
            specs
                .into_iter()
                .map(|(sn, name, model, online)| {
                    let mut d = named(&sn, &name, model, "A", "1.5.79");
                    d.presence = if online { Presence::Online } else { Presence::Offline };
                    d
                })
                .collect()
        })
    }

    proptest! {
        /// Typing a query one character at a time (and deleting some), with facets changed
        /// on the way, shows at each step what filtering the whole fleet afresh shows.
        #[test]
        fn narrowing_shows_what_filtering_afresh_shows(
            devices in fleet(),
            typed in prop::collection::vec(("[A-Ca-c0-9 ÄäB\n]{0,2}", any::<bool>(), any::<bool>()), 1..12),
            descending in any::<bool>(),
        ) {
            let sort = Sort { ascending: !descending, ..Sort::default() };
            let context = FilterContext::default();
            let index = SearchIndex::of(&devices);
            let order = order(&devices, sort, &context.groups);
            let mut before: Option<Shown> = None;
            let mut filter = FleetFilter::default();
            for (text, backspace, online_only) in typed {
                if backspace { filter.text.pop(); } else { filter.text.push_str(&text); }
                filter.online_only = online_only;
                let rows = show(&devices, &index, &order, &filter, &context, before.as_ref());
                prop_assert_eq!(&rows, &shown(&devices, &filter, sort, &context), "{:?}", filter);
                before = Some(Shown { filter: filter.clone(), rows });
            }
        }
    }

    #[test]
    fn a_growing_query_narrows_and_a_changed_facet_does_not() {
        let a = FleetFilter { text: "a3".into(), ..FleetFilter::default() };
        let grown = FleetFilter { text: " A31".into(), ..FleetFilter::default() };
        assert!(grown.narrows(&a));
        assert!(!a.narrows(&grown));
        assert!(!FleetFilter { online_only: true, ..grown.clone() }.narrows(&a));
    }
}
