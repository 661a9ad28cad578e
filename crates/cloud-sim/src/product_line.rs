//! The simulated product line: families, models, hardware versions and the firmware
//! releases the Cloud holds for each. The numeric ids are the simulator's own: Magewell's
//! family and model tables are not public (the contract's examples use family 1, model 770).

use sc_wire::{Firmware, TEST_BUILD};

/// A product family (`module` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub id: i64,
    pub name: &'static str,
}

pub const ULTRA_STREAM: Family = Family { id: 1, name: "Ultra Stream" };
pub const ULTRA_ENCODE: Family = Family { id: 2, name: "Ultra Encode" };
pub const PRO_CONVERT_ENCODER: Family = Family { id: 3, name: "Pro Convert Encoder" };
pub const PRO_CONVERT_DECODER: Family = Family { id: 4, name: "Pro Convert Decoder" };

/// A version as (major, minor, build).
pub type Version = (i64, i64, i64);

/// A hardware version letter and the releases the Cloud holds for it, oldest first.
pub type HardwareReleases = (&'static str, &'static [Version]);

/// A product model and, per hardware version, the release versions the Cloud holds.
#[derive(Debug, Clone, Copy)]
pub struct Model {
    pub family: Family,
    /// `status.product-id`.
    pub product_id: i64,
    pub name: &'static str,
    /// Two letters that start every serial number of the model.
    pub sn_prefix: &'static str,
    /// Hardware versions with their release versions, oldest first. An empty list of
    /// releases means the Cloud holds no firmware at all for that hardware.
    pub hardware: &'static [HardwareReleases],
    /// Share of the fleet, in arbitrary weight units.
    pub weight: u32,
}

const US_RELEASES: &[Version] = &[(1, 4, 120), (1, 5, 79), (1, 5, 120), (1, 5, 178)];
const US_B_RELEASES: &[Version] = &[(1, 5, 120), (1, 5, 178), (1, 6, 12)];
const UE_RELEASES: &[Version] = &[(2, 1, 30), (2, 2, 8), (2, 2, 41)];
const PC_RELEASES: &[Version] = &[(3, 0, 210), (3, 1, 44), (3, 2, 5), (3, 2, 19)];

/// Every model the simulated fleet is made of.
pub const MODELS: &[Model] = &[
    Model {
        family: ULTRA_STREAM,
        product_id: 770,
        name: "Ultra Stream HDMI",
        sn_prefix: "A3",
        hardware: &[("A", US_RELEASES), ("B", US_B_RELEASES)],
        weight: 5,
    },
    Model {
        family: ULTRA_STREAM,
        product_id: 771,
        name: "Ultra Stream SDI",
        sn_prefix: "A4",
        hardware: &[("A", US_RELEASES)],
        weight: 3,
    },
    Model {
        family: ULTRA_STREAM,
        product_id: 772,
        name: "Ultra Stream HDMI 4K",
        sn_prefix: "A5",
        hardware: &[("A", US_B_RELEASES)],
        weight: 2,
    },
    Model {
        family: ULTRA_ENCODE,
        product_id: 800,
        name: "Ultra Encode HDMI",
        sn_prefix: "B1",
        hardware: &[("A", UE_RELEASES)],
        weight: 3,
    },
    Model {
        family: ULTRA_ENCODE,
        product_id: 801,
        name: "Ultra Encode SDI",
        sn_prefix: "B2",
        hardware: &[("A", UE_RELEASES)],
        weight: 2,
    },
    Model {
        family: ULTRA_ENCODE,
        product_id: 802,
        name: "Ultra Encode AIO",
        sn_prefix: "B3",
        hardware: &[("A", UE_RELEASES)],
        weight: 2,
    },
    Model {
        family: PRO_CONVERT_ENCODER,
        product_id: 900,
        name: "Pro Convert HDMI 4K Plus",
        sn_prefix: "C1",
        hardware: &[("A", PC_RELEASES)],
        weight: 3,
    },
    Model {
        family: PRO_CONVERT_ENCODER,
        product_id: 901,
        name: "Pro Convert SDI 4K Plus",
        sn_prefix: "C2",
        hardware: &[("A", PC_RELEASES)],
        weight: 2,
    },
    Model {
        family: PRO_CONVERT_DECODER,
        product_id: 950,
        name: "Pro Convert NDI to HDMI",
        sn_prefix: "D1",
        hardware: &[("A", PC_RELEASES)],
        weight: 3,
    },
    Model {
        family: PRO_CONVERT_DECODER,
        product_id: 951,
        name: "Pro Convert NDI to SDI",
        sn_prefix: "D2",
        hardware: &[("A", PC_RELEASES)],
        weight: 2,
    },
    // Shipped with factory firmware only: the Cloud holds nothing for it.
    Model {
        family: PRO_CONVERT_DECODER,
        product_id: 952,
        name: "Pro Convert NDI to HDMI 4K",
        sn_prefix: "D3",
        hardware: &[("A", &[])],
        weight: 1,
    },
];

/// The version a device of a model without Cloud firmware runs.
pub const FACTORY_VERSION: Version = (3, 0, 96);

/// The model with this product id.
pub fn model(product_id: i64) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.product_id == product_id)
}

/// Upload date of the oldest firmware of the product line; later entries follow a few weeks apart.
const FIRST_UPLOAD: i64 = 1_630_000_000;
const UPLOAD_SPACING: i64 = 23 * 24 * 3600;

/// The firmware the Cloud holds at start: every release of every (model, hardware), plus
/// one test build above the newest release. Ids are assigned in table order from 1.
pub fn initial_firmwares() -> Vec<Firmware> {
    let mut firmwares = Vec::new();
    for model in MODELS {
        for &(hardware, releases) in model.hardware {
            let Some(&(major, minor, _)) = releases.last() else {
                continue;
            };
            let test_build = (major, minor + 1, 3);
            let entries = releases.iter().map(|&v| (v, 0)).chain([(test_build, TEST_BUILD)]);
            for (n, ((major, minor, build), version_type)) in entries.enumerate() {
                let id = firmwares.len() as i64 + 1;
                let kind = if version_type == TEST_BUILD { 1 } else { 0 };
                firmwares.push(Firmware {
                    id,
                    file_path: format!(
                        "/data/firmware/firmware-{}-{kind}-{hardware}-{major}.{minor}.{build}.mwf",
                        model.product_id
                    ),
                    upload_date: FIRST_UPLOAD + n as i64 * UPLOAD_SPACING + id * 3600,
                    product_id: model.product_id,
                    version_type,
                    hardware_ver: hardware.to_string(),
                    major_ver: major,
                    minor_ver: minor,
                    build_number: build,
                });
            }
        }
    }
    firmwares
}

/// The family a firmware belongs to, through its model (firmware entries carry no family).
pub fn family_of_product(product_id: i64) -> Option<i64> {
    model(product_id).map(|m| m.family.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn at_least_four_families_with_several_models_each() {
        let families: HashSet<i64> = MODELS.iter().map(|m| m.family.id).collect();
        assert!(families.len() >= 4);
        for family in families {
            assert!(MODELS.iter().filter(|m| m.family.id == family).count() >= 2);
        }
    }

    #[test]
    fn product_ids_and_serial_prefixes_are_unique() {
        let ids: HashSet<i64> = MODELS.iter().map(|m| m.product_id).collect();
        let prefixes: HashSet<&str> = MODELS.iter().map(|m| m.sn_prefix).collect();
        assert_eq!(ids.len(), MODELS.len());
        assert_eq!(prefixes.len(), MODELS.len());
    }

    #[test]
    fn the_product_line_has_releases_and_a_test_build_per_key_and_one_model_without_firmware() {
        let firmwares = initial_firmwares();
        let ids: HashSet<i64> = firmwares.iter().map(|f| f.id).collect();
        assert_eq!(ids.len(), firmwares.len(), "ids are unique");
        for model in MODELS {
            for &(hw, releases) in model.hardware {
                let of_key: Vec<_> = firmwares
                    .iter()
                    .filter(|f| f.product_id == model.product_id && f.hardware_ver == hw)
                    .collect();
                if releases.is_empty() {
                    assert!(of_key.is_empty());
                    continue;
                }
                assert!(of_key.iter().filter(|f| !f.is_test_build()).count() >= 3);
                assert_eq!(of_key.iter().filter(|f| f.is_test_build()).count(), 1);
            }
        }
        assert!(MODELS.iter().any(|m| m.hardware.iter().all(|(_, r)| r.is_empty())));
        assert!(MODELS.iter().any(|m| m.hardware.len() == 2));
    }
}
