//! Which devices the fleet table shows, and in what order: text and facet filters, and
//! sorting by any column.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

use super::device::{FleetDevice, OnAir, Presence, same_hardware};
use super::groups::Groups;
use super::releases::{Releases, Standing};

/// The table's filters; the default shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetFilter {
    /// Matched against serial number and product name, A–Z in either case.
    pub text: String,
    pub family: Option<i64>,
    pub model: Option<i64>,
    pub hardware: Option<String>,
    pub online_only: bool,
    /// A group, with every group below it.
    pub group: Option<i64>,
    /// Where they stand against the releases the Cloud holds for their model and hardware.
    pub release: Option<ReleaseFilter>,
    /// Offline, reporting a warning, or on air.
    pub condition: Option<Condition>,
    /// Exactly this firmware version text, as the devices report it.
    pub firmware: Option<String>,
}

/// Which release standing the fleet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseFilter {
    Newest,
    /// Behind the newest release, by any number of releases.
    Behind,
    /// Behind it by exactly this many releases.
    BehindBy(usize),
    TestBuild,
    Unknown,
}

impl ReleaseFilter {
    pub fn admits(self, standing: Standing) -> bool {
        match (self, standing) {
            (ReleaseFilter::Behind, Standing::Behind(_)) => true,
            (ReleaseFilter::BehindBy(n), Standing::Behind(by)) => n == by,
            (ReleaseFilter::Newest, Standing::Newest)
            | (ReleaseFilter::TestBuild, Standing::TestBuild)
            | (ReleaseFilter::Unknown, Standing::Unknown) => true,
            _ => false,
        }
    }

    /// Its word in an address: `newest`, `behind`, `behind-2`, `test`, `unknown`.
    pub fn key(self) -> String {
        match self {
            ReleaseFilter::Newest => "newest".into(),
            ReleaseFilter::Behind => "behind".into(),
            ReleaseFilter::BehindBy(n) => format!("behind-{n}"),
            ReleaseFilter::TestBuild => "test".into(),
            ReleaseFilter::Unknown => "unknown".into(),
        }
    }

    pub fn from_key(key: &str) -> Option<ReleaseFilter> {
        Some(match key {
            "newest" => ReleaseFilter::Newest,
            "behind" => ReleaseFilter::Behind,
            "test" => ReleaseFilter::TestBuild,
            "unknown" => ReleaseFilter::Unknown,
            _ => ReleaseFilter::BehindBy(
                key.strip_prefix("behind-")?.parse().ok().filter(|n| *n > 0)?,
            ),
        })
    }

    /// For people: "Behind the newest release by 2".
    pub fn label(self) -> String {
        match self {
            ReleaseFilter::Newest => "On the newest release".into(),
            ReleaseFilter::Behind => "Behind the newest release".into(),
            ReleaseFilter::BehindBy(1) => "One release behind".into(),
            ReleaseFilter::BehindBy(n) => format!("{n} releases behind"),
            ReleaseFilter::TestBuild => "On a test build".into(),
            ReleaseFilter::Unknown => "Version not comparable".into(),
        }
    }
}

/// A device's condition the fleet can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Offline,
    /// Reporting a warning (no input signal).
    Warning,
    /// Recording or live, as the Cloud reports it.
    OnAir,
    /// Possibly on air: the Cloud did not report its on-air state.
    OnAirUnknown,
    /// The Cloud did not report whether it is online.
    OnlineUnknown,
}

impl Condition {
    pub const ALL: [Condition; 5] = [
        Condition::Offline,
        Condition::Warning,
        Condition::OnAir,
        Condition::OnAirUnknown,
        Condition::OnlineUnknown,
    ];

    pub fn admits(self, device: &FleetDevice) -> bool {
        match self {
            Condition::Offline => device.presence == Presence::Offline,
            Condition::Warning => device.no_signal,
            Condition::OnAir => device.on_air.is_some_and(OnAir::is_reported),
            Condition::OnAirUnknown => device.on_air == Some(OnAir::Unknown),
            Condition::OnlineUnknown => device.presence == Presence::Unknown,
        }
    }

    /// Its word in an address.
    pub fn key(self) -> &'static str {
        match self {
            Condition::Offline => "offline",
            Condition::Warning => "warning",
            Condition::OnAir => "on-air",
            Condition::OnAirUnknown => "on-air-unknown",
            Condition::OnlineUnknown => "online-unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Condition::Offline => "Offline",
            Condition::Warning => "With a warning",
            Condition::OnAir => "On air",
            Condition::OnAirUnknown => "On-air state unknown",
            Condition::OnlineUnknown => "Online state unknown",
        }
    }
}

/// What filtering by group and by release needs besides the devices: the group tree and
/// the releases per model and hardware (once the firmware list is read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterContext {
    pub groups: Groups,
    pub releases: Option<Releases>,
}

impl FleetFilter {
    /// The filter as a test of one device, with what it needs worked out once.
    pub fn matcher<'a>(&'a self, context: &'a FilterContext) -> impl Fn(&FleetDevice) -> bool + 'a {
        let needle = self.text.trim().as_bytes();
        let groups: Option<HashSet<i64>> = self.group.map(|g| context.groups.with_subgroups(g));
        move |device: &FleetDevice| {
            (contains_folded(&device.sn, needle) || contains_folded(&device.name, needle))
                && self.family.is_none_or(|f| device.key.family == f)
                && self.model.is_none_or(|m| device.key.model == m)
                && self
                    .hardware
                    .as_ref()
                    .is_none_or(|h| same_hardware(&device.key.hardware, h))
                && (!self.online_only || device.online())
                && groups.as_ref().is_none_or(|g| g.contains(&device.group))
                && self.condition.is_none_or(|c| c.admits(device))
                && self.firmware.as_ref().is_none_or(|f| device.firmware == *f)
                // Until the firmware list is read, nobody's standing is known.
                && self.release.is_none_or(|r| {
                    context.releases.as_ref().is_some_and(|n| r.admits(n.standing(device)))
                })
        }
    }
}

/// Whether `text` holds `needle`, A–Z matching either case and every other letter as
/// typed ("bühne" finds "Bühne"; "BÜHNE" does not find "bühne"). Serial numbers and model
/// names are ASCII; Unicode's case tables would cost 6 KB of wasm gzip, and this allocates
/// nothing per device and keystroke. (UTF-8 cannot match inside another character.)
fn contains_folded(text: &str, needle: &[u8]) -> bool {
    needle.is_empty()
        || text.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}

/// A sortable column of the fleet table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Sn,
    Name,
    Family,
    Model,
    Hardware,
    Firmware,
    Online,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub ascending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort { column: Column::Sn, ascending: true }
    }
}

impl Sort {
    /// Clicking a column: the same one flips direction, another sorts ascending.
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort { column, ascending: !self.ascending }
        } else {
            Sort { column, ascending: true }
        }
    }

    pub(crate) fn compare(self, a: &FleetDevice, b: &FleetDevice, groups: &Groups) -> Ordering {
        let order = match self.column {
            Column::Sn => Ordering::Equal,
            Column::Name => a.name.cmp(&b.name),
            Column::Family => a.family_name.cmp(&b.family_name),
            Column::Model => a.key.model.cmp(&b.key.model),
            Column::Hardware => a.key.hardware.cmp(&b.key.hardware),
            // Unreadable versions sort below every real one.
            Column::Firmware => a.version.cmp(&b.version).then_with(|| a.firmware.cmp(&b.firmware)),
            Column::Online => a.online().cmp(&b.online()),
            Column::Group => groups.path(a.group).cmp(&groups.path(b.group)),
        };
        let order = order.then_with(|| a.sn.cmp(&b.sn));
        if self.ascending { order } else { order.reverse() }
    }
}

/// Indices into `devices` of the rows to show, in display order.
pub fn shown(
    devices: &[FleetDevice],
    filter: &FleetFilter,
    sort: Sort,
    context: &FilterContext,
) -> Vec<usize> {
    let matches = filter.matcher(context);
    let mut rows: Vec<usize> = (0..devices.len()).filter(|&i| matches(&devices[i])).collect();
    let groups = &context.groups;
    super::order::sort_positions(&mut rows, &|a, b| sort.compare(&devices[a], &devices[b], groups));
    rows
}

/// The values the facet filters offer, from the fleet itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub families: BTreeMap<i64, String>,
    pub models: BTreeMap<i64, String>,
    pub hardware: Vec<String>,
    /// Firmware versions as reported, newest first (unreadable ones last).
    pub firmware: Vec<String>,
}

/// What narrows the facets: the family, model and hardware chosen (the choices that
/// decide which versions a device can have).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetScope {
    pub family: Option<i64>,
    pub model: Option<i64>,
    pub hardware: Option<String>,
}

impl FacetScope {
    pub fn of(filter: &FleetFilter) -> FacetScope {
        FacetScope { family: filter.family, model: filter.model, hardware: filter.hardware.clone() }
    }

    fn holds(&self, device: &FleetDevice) -> bool {
        self.family.is_none_or(|f| f == device.key.family)
            && self.model.is_none_or(|m| m == device.key.model)
            && self.hardware.as_ref().is_none_or(|h| *h == device.key.hardware)
    }
}

impl Facets {
    /// Models are limited to the chosen family, if one is chosen; firmware versions to the
    /// devices of the chosen family, model and hardware (a model's own versions, not every
    /// version in the fleet).
    pub fn of(devices: &[FleetDevice], scope: &FacetScope) -> Facets {
        let mut facets = Facets::default();
        for device in devices {
            facets.families.entry(device.key.family).or_insert_with(|| device.family_name.clone());
            if scope.family.is_none_or(|f| f == device.key.family) {
                facets.models.entry(device.key.model).or_insert_with(|| device.model_label());
            }
            if !facets.hardware.contains(&device.key.hardware) {
                facets.hardware.push(device.key.hardware.clone());
            }
        }
        super::order::sort(&mut facets.hardware, &|a, b| a.cmp(b));
        // A few versions over many devices: found by hash, sorted once.
        let firmware: std::collections::HashMap<&str, Option<super::version::Version>> = devices
            .iter()
            .filter(|d| scope.holds(d))
            .map(|d| (d.firmware.as_str(), d.version))
            .collect();
        let mut firmware: Vec<(Option<super::version::Version>, &str)> =
            firmware.into_iter().map(|(text, version)| (version, text)).collect();
        firmware.sort_unstable();
        let (readable, unreadable): (Vec<_>, Vec<_>) =
            firmware.into_iter().rev().partition(|(version, _)| version.is_some());
        facets.firmware = readable
            .into_iter()
            .chain(unreadable.into_iter().rev())
            .map(|(_, t)| t.to_string())
            .collect();
        facets
    }
}

mod showing;
pub use showing::{SearchIndex, Shown, order, show};

#[cfg(test)]
mod tests;
