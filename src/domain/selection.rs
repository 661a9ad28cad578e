//! The batch rule, in one place: which devices may be selected together. The rows, the
//! "select all compatible" button and the request builder all ask [`Selection`].

use std::collections::BTreeSet;
use std::fmt;

use super::device::{CompatKey, FleetDevice};
use super::text::isolate;

/// Why a device cannot join the current batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incompatibility {
    Family { device: String, batch: String },
    Model { device: String, batch: String },
    Hardware { device: String, batch: String },
}

impl fmt::Display for Incompatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, device, batch) = match self {
            Incompatibility::Family { device, batch } => ("product family", device, batch),
            Incompatibility::Model { device, batch } => ("model", device, batch),
            Incompatibility::Hardware { device, batch } => ("hardware version", device, batch),
        };
        let (device, batch) = (isolate(device), isolate(batch));
        write!(f, "different {what}: {device}, batch is {batch}")
    }
}

/// The first selected device: it fixes the batch key, and names it for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub key: CompatKey,
    pub family_name: String,
    pub model_label: String,
}

impl Anchor {
    pub fn of(device: &FleetDevice) -> Anchor {
        Anchor {
            key: device.key.clone(),
            family_name: device.family_name.clone(),
            model_label: device.model_label(),
        }
    }

    /// "Ultra Stream · Ultra Stream HDMI (model 770) · hardware A": the batch as the batch
    /// bar and the run history name it.
    pub fn label(&self) -> String {
        format!(
            "{} · {} · hardware {}",
            isolate(&self.family_name),
            self.model_label,
            isolate(&self.key.hardware)
        )
    }

    /// "Ultra Stream HDMI (model 770) hardware A": what the firmware on offer is for.
    pub fn model_and_hardware(&self) -> String {
        format!("{} hardware {}", self.model_label, isolate(&self.key.hardware))
    }

    /// Whether `device` shares this batch key: the batch rule itself, cheap enough to ask
    /// of every device of a 10,000-device fleet on each change.
    pub fn shares_key(&self, device: &FleetDevice) -> bool {
        device.key == self.key
    }

    /// Whether `device` shares this batch key, and if not, the first difference.
    pub fn admits(&self, device: &FleetDevice) -> Result<(), Incompatibility> {
        if self.shares_key(device) {
            Ok(())
        } else if device.key.family != self.key.family {
            Err(Incompatibility::Family {
                device: device.family_name.clone(),
                batch: self.family_name.clone(),
            })
        } else if device.key.model != self.key.model {
            Err(Incompatibility::Model {
                device: device.model_label(),
                batch: self.model_label.clone(),
            })
        } else {
            Err(Incompatibility::Hardware {
                device: device.key.hardware.clone(),
                batch: self.key.hardware.clone(),
            })
        }
    }
}

/// Selected serial numbers, all of one batch key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    anchor: Option<Anchor>,
    sns: BTreeSet<String>,
}

impl Selection {
    /// The batch key, once a device is selected.
    pub fn anchor(&self) -> Option<&Anchor> {
        self.anchor.as_ref()
    }

    pub fn key(&self) -> Option<&CompatKey> {
        self.anchor.as_ref().map(|a| &a.key)
    }

    pub fn len(&self) -> usize {
        self.sns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sns.is_empty()
    }

    pub fn contains(&self, sn: &str) -> bool {
        self.sns.contains(sn)
    }

    pub fn sns(&self) -> impl Iterator<Item = &str> {
        self.sns.iter().map(String::as_str)
    }

    /// Whether `device` may be selected now.
    pub fn admits(&self, device: &FleetDevice) -> Result<(), Incompatibility> {
        match &self.anchor {
            None => Ok(()),
            Some(anchor) => anchor.admits(device),
        }
    }

    /// Selects or unselects `device`; refuses a device of another key. Unselecting the
    /// last device frees the key.
    pub fn toggle(&mut self, device: &FleetDevice) -> Result<(), Incompatibility> {
        if self.sns.remove(&device.sn) {
            if self.sns.is_empty() {
                self.anchor = None;
            }
            return Ok(());
        }
        self.admits(device)?;
        if self.anchor.is_none() {
            self.anchor = Some(Anchor::of(device));
        }
        self.sns.insert(device.sn.clone());
        Ok(())
    }

    /// The selected devices of `fleet`, in fleet order. Only devices of the batch key are
    /// looked up in the selection, so this stays cheap over a 10,000-device fleet.
    pub fn selected_in<'a>(
        &'a self,
        fleet: &'a [FleetDevice],
    ) -> impl Iterator<Item = &'a FleetDevice> + 'a {
        self.selected_among(fleet)
    }

    /// The selected devices among `devices`, in their order (the devices of the batch key,
    /// narrowed by a [`crate::domain::key_index::KeyIndex`]: the same as
    /// [`Selection::selected_in`] over the whole fleet).
    pub fn selected_among<'a>(
        &'a self,
        devices: impl IntoIterator<Item = &'a FleetDevice> + 'a,
    ) -> impl Iterator<Item = &'a FleetDevice> + 'a {
        devices.into_iter().filter(move |d| {
            self.anchor.as_ref().is_some_and(|a| a.shares_key(d) && self.sns.contains(&d.sn))
        })
    }

    /// The key "select all compatible" would use over `shown`: the batch's, or — with
    /// nothing selected — the one key every shown device shares, if they share one.
    pub fn key_for_bulk<'a>(
        &self,
        shown: impl IntoIterator<Item = &'a FleetDevice>,
    ) -> Option<Anchor> {
        if let Some(anchor) = &self.anchor {
            return Some(anchor.clone());
        }
        let mut shown = shown.into_iter();
        let first = Anchor::of(shown.next()?);
        shown.all(|d| d.key == first.key).then_some(first)
    }

    /// How many of `shown` "select all compatible" would add.
    pub fn compatible_count<'a>(
        &self,
        shown: impl IntoIterator<Item = &'a FleetDevice> + Clone,
    ) -> usize {
        match self.key_for_bulk(shown.clone()) {
            None => 0,
            Some(anchor) => shown
                .into_iter()
                .filter(|d| anchor.shares_key(d) && !self.sns.contains(&d.sn))
                .count(),
        }
    }

    /// Adds every device of `shown` that shares the batch key; returns how many were added.
    pub fn select_all_compatible<'a>(
        &mut self,
        shown: impl IntoIterator<Item = &'a FleetDevice> + Clone,
    ) -> usize {
        let Some(anchor) = self.key_for_bulk(shown.clone()) else {
            return 0;
        };
        let before = self.sns.len();
        let mut sns: Vec<String> = shown
            .into_iter()
            .filter(|d| anchor.shares_key(d) && !self.sns.contains(&d.sn))
            .map(|d| d.sn.clone())
            .collect();
        if !sns.is_empty() {
            // Built in bulk (sorted, then assembled) rather than thousands of single inserts.
            sns.extend(std::mem::take(&mut self.sns));
            self.sns = sns.into_iter().collect();
        }
        if self.anchor.is_none() && !self.sns.is_empty() {
            self.anchor = Some(anchor);
        }
        self.sns.len() - before
    }

    pub fn clear(&mut self) {
        *self = Selection::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::wire;

    fn dev(sn: &str, family: i64, model: i64, hw: &str) -> FleetDevice {
        FleetDevice::from_wire(&wire(sn, family, model, hw, "1.5.79"))
    }

    #[test]
    fn mixed_hardware_versions_never_share_a_batch() {
        let mut selection = Selection::default();
        selection.toggle(&dev("A", 1, 770, "A")).unwrap();
        let refusal = selection.toggle(&dev("B", 1, 770, "B")).unwrap_err();
        assert_eq!(refusal.to_string(), "different hardware version: B, batch is A");
        assert_eq!(selection.len(), 1);
    }

    #[test]
    fn the_batch_is_named_by_family_model_and_hardware() {
        let mut selection = Selection::default();
        selection.toggle(&dev("A", 1, 770, "B")).unwrap();
        let anchor = selection.anchor().unwrap();
        assert_eq!(anchor.label(), "Family 1 · Model 770 (model 770) · hardware B");
        assert_eq!(anchor.model_and_hardware(), "Model 770 (model 770) hardware B");
    }

    #[test]
    fn refusals_name_the_first_difference() {
        let mut selection = Selection::default();
        selection.toggle(&dev("A", 1, 770, "A")).unwrap();
        assert_eq!(
            selection.admits(&dev("B", 2, 800, "A")).unwrap_err().to_string(),
            "different product family: Family 2, batch is Family 1"
        );
        assert_eq!(
            selection.admits(&dev("C", 1, 771, "A")).unwrap_err().to_string(),
            "different model: Model 771 (model 771), batch is Model 770 (model 770)"
        );
    }

    #[test]
    fn unselecting_the_last_device_frees_the_key() {
        let mut selection = Selection::default();
        let a = dev("A", 1, 770, "A");
        selection.toggle(&a).unwrap();
        selection.toggle(&a).unwrap();
        assert!(selection.key().is_none());
        selection.toggle(&dev("B", 1, 770, "B")).unwrap();
        assert_eq!(selection.key().unwrap().hardware, "B");
    }

    #[test]
    fn select_all_compatible_adds_only_the_batch_key() {
        let shown = [dev("A", 1, 770, "A"), dev("B", 1, 770, "B"), dev("C", 1, 770, "A")];
        let mut selection = Selection::default();
        assert_eq!(selection.compatible_count(&shown), 0, "no key yet and keys differ");
        selection.toggle(&shown[0]).unwrap();
        assert_eq!(selection.compatible_count(&shown), 1);
        assert_eq!(selection.select_all_compatible(&shown), 1);
        assert_eq!(selection.sns().collect::<Vec<_>>(), ["A", "C"]);
    }

    #[test]
    fn select_all_with_one_shared_key_and_nothing_selected_takes_that_key() {
        let shown = [dev("A", 1, 770, "B"), dev("C", 1, 770, "B")];
        let mut selection = Selection::default();
        assert_eq!(selection.compatible_count(&shown), 2);
        assert_eq!(selection.select_all_compatible(&shown), 2);
        assert_eq!(selection.key().unwrap().hardware, "B");
    }

    #[test]
    fn selected_devices_are_found_in_fleet_order_and_only_those() {
        let fleet = [
            dev("C", 1, 770, "A"),
            dev("B", 1, 770, "B"),
            dev("A", 1, 770, "A"),
            dev("D", 1, 770, "A"),
        ];
        let mut selection = Selection::default();
        assert_eq!(selection.selected_in(&fleet).count(), 0);
        selection.toggle(&fleet[2]).unwrap();
        selection.toggle(&fleet[0]).unwrap();
        let found: Vec<&str> = selection.selected_in(&fleet).map(|d| d.sn.as_str()).collect();
        assert_eq!(found, ["C", "A"]);
    }
}
