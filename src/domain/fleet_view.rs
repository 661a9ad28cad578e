//! Which devices the fleet table shows, and in what order: text and facet filters, and
//! sorting by any column.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::device::FleetDevice;

/// The table's filters; the default shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetFilter {
    /// Matched, case-insensitively, against serial number and product name.
    pub text: String,
    pub family: Option<i64>,
    pub model: Option<i64>,
    pub hardware: Option<String>,
    pub online_only: bool,
}

impl FleetFilter {
    pub fn matches(&self, device: &FleetDevice) -> bool {
        let needle = self.text.trim().to_lowercase();
        (needle.is_empty()
            || device.sn.to_lowercase().contains(&needle)
            || device.name.to_lowercase().contains(&needle))
            && self.family.is_none_or(|f| device.key.family == f)
            && self.model.is_none_or(|m| device.key.model == m)
            && self
                .hardware
                .as_ref()
                .is_none_or(|h| &device.key.hardware == h)
            && (!self.online_only || device.online)
    }
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
        Sort {
            column: Column::Sn,
            ascending: true,
        }
    }
}

impl Sort {
    /// Clicking a column: the same one flips direction, another sorts ascending.
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                ascending: !self.ascending,
            }
        } else {
            Sort {
                column,
                ascending: true,
            }
        }
    }

    fn compare(self, a: &FleetDevice, b: &FleetDevice) -> Ordering {
        let order = match self.column {
            Column::Sn => Ordering::Equal,
            Column::Name => a.name.cmp(&b.name),
            Column::Family => a.family_name.cmp(&b.family_name),
            Column::Model => a.key.model.cmp(&b.key.model),
            Column::Hardware => a.key.hardware.cmp(&b.key.hardware),
            // Unreadable versions sort below every real one.
            Column::Firmware => a
                .version
                .cmp(&b.version)
                .then_with(|| a.firmware.cmp(&b.firmware)),
            Column::Online => a.online.cmp(&b.online),
            Column::Group => a.group.cmp(&b.group),
        };
        let order = order.then_with(|| a.sn.cmp(&b.sn));
        if self.ascending {
            order
        } else {
            order.reverse()
        }
    }
}

/// Indices into `devices` of the rows to show, in display order.
pub fn shown(devices: &[FleetDevice], filter: &FleetFilter, sort: Sort) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..devices.len())
        .filter(|&i| filter.matches(&devices[i]))
        .collect();
    super::order::sort_positions(&mut rows, &|a, b| sort.compare(&devices[a], &devices[b]));
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
            facets
                .families
                .entry(device.key.family)
                .or_insert_with(|| device.family_name.clone());
            if family.is_none_or(|f| f == device.key.family) {
                facets
                    .models
                    .entry(device.key.model)
                    .or_insert_with(|| device.model_label());
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
mod tests {
    use super::*;
    use crate::domain::device::tests::wire;

    fn fleet() -> Vec<FleetDevice> {
        let mut offline = FleetDevice::from_wire(&wire("A3X", 1, 770, "B", "1.5.178"));
        offline.online = false;
        vec![
            FleetDevice::from_wire(&wire("A3Y", 1, 770, "A", "1.5.79")),
            offline,
            FleetDevice::from_wire(&wire("B1Z", 2, 800, "A", "2.2.8")),
        ]
    }

    #[test]
    fn text_matches_serial_or_name_case_insensitively() {
        let devices = fleet();
        let filter = FleetFilter {
            text: "a3".into(),
            ..FleetFilter::default()
        };
        assert_eq!(
            shown(&devices, &filter, Sort::default()),
            [1, 0],
            "by serial number"
        );
        let filter = FleetFilter {
            text: "MODEL 800".into(),
            ..FleetFilter::default()
        };
        assert_eq!(shown(&devices, &filter, Sort::default()), [2]);
    }

    #[test]
    fn facets_and_online_only_narrow_the_rows() {
        let devices = fleet();
        let filter = FleetFilter {
            hardware: Some("A".into()),
            online_only: true,
            ..FleetFilter::default()
        };
        assert_eq!(shown(&devices, &filter, Sort::default()), [0, 2]);
        let filter = FleetFilter {
            family: Some(1),
            online_only: true,
            ..FleetFilter::default()
        };
        assert_eq!(shown(&devices, &filter, Sort::default()), [0]);
    }

    #[test]
    fn firmware_sorts_by_version_and_flips() {
        let devices = fleet();
        let sort = Sort::default().toggled(Column::Firmware);
        assert_eq!(shown(&devices, &FleetFilter::default(), sort), [0, 1, 2]);
        assert_eq!(
            shown(
                &devices,
                &FleetFilter::default(),
                sort.toggled(Column::Firmware)
            ),
            [2, 1, 0]
        );
    }

    #[test]
    fn facets_list_what_the_fleet_has() {
        let facets = Facets::of(&fleet(), Some(1));
        assert_eq!(facets.families.len(), 2);
        assert_eq!(facets.models.keys().copied().collect::<Vec<_>>(), [770]);
        assert_eq!(facets.hardware, ["A", "B"]);
    }
}
