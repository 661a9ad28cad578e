//! The firmware library: uploaded `.mwf` files waiting to be added, and how the simulator
//! identifies one. The rule is the file name:
//!
//! `<product-id>_rev_<hardware>_<major>_<minor>_<build>[_test].mwf`, e.g.
//! `770_rev_A_1_6_20.mwf` (a release) or `770_rev_B_1_7_1_test.mwf` (a test build). The
//! product id must be a model of the simulated product line.

use sc_wire::{BuildTime, FirmwareInfo, TEST_BUILD};

use crate::product_line;

/// An uploaded file: what it was identified as and its size (its bytes are not kept).
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_path: String,
    pub info: FirmwareInfo,
    pub size: u64,
    /// `firmware/add` took it.
    pub added: bool,
}

/// Every upload since start.
#[derive(Debug, Default)]
pub struct Library {
    uploads: Vec<Upload>,
}

impl Library {
    /// Keeps an identified upload and returns its file path.
    pub fn keep(&mut self, file_name: &str, info: FirmwareInfo, size: u64) -> &Upload {
        let file_path = format!("/data/upload/{:04}-{file_name}", self.uploads.len() + 1);
        self.uploads.push(Upload { file_path, info, size, added: false });
        self.uploads.last().expect("just pushed")
    }

    pub fn find_mut(&mut self, file_path: &str) -> Option<&mut Upload> {
        self.uploads.iter_mut().find(|u| u.file_path == file_path)
    }
}

/// What the file name says the firmware is, if it follows the rule.
pub fn identify(file_name: &str, now_epoch: i64) -> Option<FirmwareInfo> {
    let stem = file_name.strip_suffix(".mwf")?;
    let (stem, version_type) = match stem.strip_suffix("_test") {
        Some(stem) => (stem, TEST_BUILD),
        None => (stem, 0),
    };
    let parts: Vec<&str> = stem.split('_').collect();
    let [product, "rev", hardware, major, minor, build] = parts.as_slice() else {
        return None;
    };
    let product_id: i64 = product.parse().ok()?;
    let model = product_line::model(product_id)?;
    let hardware = hardware.to_ascii_uppercase();
    if !model.hardware.iter().any(|(hw, _)| *hw == hardware) {
        return None;
    }
    Some(FirmwareInfo {
        product_id,
        version_type,
        major_ver: major.parse().ok()?,
        minor_ver: minor.parse().ok()?,
        build_number: build.parse().ok()?,
        build_time: Some(BuildTime::Epoch(now_epoch)),
        product_name: model.name.to_string(),
        hardware_ver: hardware,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_following_the_rule_are_identified() {
        let info = identify("770_rev_A_1_6_20.mwf", 5).unwrap();
        assert_eq!((info.product_id, info.hardware_ver.as_str()), (770, "A"));
        assert_eq!((info.major_ver, info.minor_ver, info.build_number), (1, 6, 20));
        assert_eq!(info.version_type, 0);
        assert_eq!(info.product_name, "Ultra Stream HDMI");
        assert_eq!(identify("770_rev_b_1_7_1_test.mwf", 5).unwrap().version_type, TEST_BUILD);
    }

    #[test]
    fn anything_else_is_not() {
        for name in [
            "770_rev_A_1_6_20.bin",
            "770_rev_A_1_6.mwf",
            "999_rev_A_1_6_20.mwf",
            "771_rev_B_1_6_20.mwf",
            "770-rev-A-1-6-20.mwf",
            "770_rev_A_1_x_20.mwf",
            "firmware.mwf",
        ] {
            assert!(identify(name, 0).is_none(), "{name}");
        }
    }
}
