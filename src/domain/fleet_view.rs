//! Which devices the fleet table shows, and in what order: text and facet filters, and
//! sorting by any column.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::device::{FleetDevice, same_hardware};
use super::firmware::{FirmwareEntry, FirmwareList};
use super::groups::Groups;
use super::version::Change;

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
    /// Only devices behind the newest release the Cloud holds for their model and
    /// hardware.
    pub behind_only: bool,
}

/// What filtering by group and by release needs besides the devices: the group tree and
/// the newest release per model and hardware (once the firmware list is read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterContext {
    pub groups: Groups,
    pub newest: Option<NewestReleases>,
}

/// The newest release per model and hardware, from the Cloud's firmware list: by model,
/// then one entry per hardware version (hardware versions compare as [`FirmwareEntry::fits`]
/// does, whatever their case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewestReleases(HashMap<i64, Vec<FirmwareEntry>>);

impl NewestReleases {
    pub fn of(list: &FirmwareList) -> NewestReleases {
        let mut newest: HashMap<i64, Vec<FirmwareEntry>> = HashMap::new();
        for entry in list.firmwares.iter().map(|f| &f.entry) {
            if entry.is_test_build {
                continue;
            }
            let of_model = newest.entry(entry.model).or_default();
            match of_model.iter_mut().find(|e| same_hardware(&e.hardware, &entry.hardware)) {
                Some(slot) if slot.version >= entry.version => {}
                Some(slot) => *slot = entry.clone(),
                None => of_model.push(entry.clone()),
            }
        }
        NewestReleases(newest)
    }

    /// Whether the device runs an older version than its newest release (a device whose
    /// version cannot be read, or with no release on the Cloud, is not behind).
    pub fn is_behind(&self, device: &FleetDevice) -> bool {
        self.0
            .get(&device.key.model)
            .and_then(|of_model| of_model.iter().find(|e| e.fits(&device.key)))
            .is_some_and(|newest| {
                Change::between(device.version, newest.version) == Change::Upgrade
            })
    }
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
                && (!self.online_only || device.online)
                && groups.as_ref().is_none_or(|g| g.contains(&device.group))
                // Until the firmware list is read, nobody is known to be behind.
                && (!self.behind_only
                    || context.newest.as_ref().is_some_and(|n| n.is_behind(device)))
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

    fn compare(self, a: &FleetDevice, b: &FleetDevice, groups: &Groups) -> Ordering {
        let order = match self.column {
            Column::Sn => Ordering::Equal,
            Column::Name => a.name.cmp(&b.name),
            Column::Family => a.family_name.cmp(&b.family_name),
            Column::Model => a.key.model.cmp(&b.key.model),
            Column::Hardware => a.key.hardware.cmp(&b.key.hardware),
            // Unreadable versions sort below every real one.
            Column::Firmware => a.version.cmp(&b.version).then_with(|| a.firmware.cmp(&b.firmware)),
            Column::Online => a.online.cmp(&b.online),
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
}

impl Facets {
    /// Models are limited to the chosen family, if one is chosen.
    pub fn of(devices: &[FleetDevice], family: Option<i64>) -> Facets {
        let mut facets = Facets::default();
        for device in devices {
            facets.families.entry(device.key.family).or_insert_with(|| device.family_name.clone());
            if family.is_none_or(|f| f == device.key.family) {
                facets.models.entry(device.key.model).or_insert_with(|| device.model_label());
            }
            if !facets.hardware.contains(&device.key.hardware) {
                facets.hardware.push(device.key.hardware.clone());
            }
        }
        super::order::sort(&mut facets.hardware, &|a, b| a.cmp(b));
        facets
    }
}

#[cfg(test)]
mod tests;
