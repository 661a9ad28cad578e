//! Property: whatever the fleet and whatever the clicks, no planned request mixes keys.

use std::collections::HashSet;

use proptest::prelude::*;
use sc_wire::{Device, DeviceStatus};

use super::batch::BatchPlan;
use super::device::FleetDevice;
use super::firmware::{FirmwareEntry, FirmwareRef};
use super::fleet_view::{FleetFilter, Sort, shown};
use super::selection::Selection;
use super::version::Version;

#[derive(Debug, Clone)]
enum Click {
    Toggle(usize),
    SelectAllCompatible {
        family: Option<i64>,
        hardware: Option<bool>,
    },
    Clear,
}

fn device() -> impl Strategy<Value = (i64, i64, bool, u32, bool, i64)> {
    (
        1..3i64,
        0..3i64,
        any::<bool>(),
        0..4u32,
        any::<bool>(),
        0..3i64,
    )
}

fn fleet() -> impl Strategy<Value = Vec<FleetDevice>> {
    prop::collection::vec(device(), 1..40).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (family, model, hw_b, build, online, step))| {
                FleetDevice::from_wire(&Device {
                    catalog_id: 1,
                    sn: format!("SN{i:03}"),
                    module: family,
                    dev_warning: 0,
                    is_everyone: 1,
                    users: vec![],
                    apply_date: 0,
                    online_date: i64::from(online),
                    is_upload_file: 0,
                    upload_file_pos: 0,
                    status: DeviceStatus {
                        name: format!("model {model}"),
                        product_id: family * 100 + model,
                        module_name: format!("family {family}"),
                        hardware_ver: if hw_b { "B" } else { "A" }.into(),
                        firmware_ver: format!("1.5.{build}"),
                        up_time: None,
                        cur_status: None,
                        eth: None,
                        wifi: None,
                        rndis: None,
                        upgrade_ret: Some(0),
                        upgrade_step: Some(step),
                    },
                })
            })
            .collect()
    })
}

fn click() -> impl Strategy<Value = Click> {
    prop_oneof![
        4 => (0..40usize).prop_map(Click::Toggle),
        2 => (prop::option::of(1..3i64), prop::option::of(any::<bool>()))
            .prop_map(|(family, hardware)| Click::SelectAllCompatible { family, hardware }),
        1 => Just(Click::Clear),
    ]
}

proptest! {
    #[test]
    fn no_planned_request_ever_mixes_keys(
        fleet in fleet(),
        clicks in prop::collection::vec(click(), 1..60),
        build in 0..4u32,
    ) {
        let mut selection = Selection::default();
        for click in clicks {
            match click {
                Click::Toggle(i) => { let _ = selection.toggle(&fleet[i % fleet.len()]); }
                Click::SelectAllCompatible { family, hardware } => {
                    let filter = FleetFilter {
                        family,
                        hardware: hardware.map(|b| if b { "B" } else { "A" }.to_string()),
                        ..FleetFilter::default()
                    };
                    let rows = shown(&fleet, &filter, Sort::default());
                    selection.select_all_compatible(rows.iter().map(|&i| &fleet[i]));
                }
                Click::Clear => selection.clear(),
            }
            let keys: HashSet<_> = selection
                .sns()
                .map(|sn| fleet.iter().find(|d| d.sn == sn).unwrap().key.clone())
                .collect();
            prop_assert!(keys.len() <= 1, "selection holds {} keys", keys.len());
            let Some(key) = selection.key().cloned() else { continue };
            let firmware = FirmwareEntry {
                reference: FirmwareRef(1),
                version: Version::new(1, 5, build),
                is_test_build: false,
                uploaded: 0,
                model: key.model,
                hardware: key.hardware.clone(),
            };
            let find = |sn: &str| fleet.iter().find(|d| d.sn == sn);
            if let Ok(plan) = BatchPlan::new(&selection, find, &firmware) {
                let sent: HashSet<_> = plan
                    .request()
                    .sn
                    .iter()
                    .map(|sn| fleet.iter().find(|d| &d.sn == sn).unwrap().key.clone())
                    .collect();
                prop_assert_eq!(sent.len(), 1);
                prop_assert!(sent.contains(&key));
            }
        }
    }
}
