//! Properties: no planned request ever mixes keys; a run's counts always add up to its batch.

use std::collections::HashSet;

use proptest::prelude::*;
use sc_wire::{Device, DeviceStatus};

use super::batch::BatchPlan;
use super::device::FleetDevice;
use super::firmware::{FirmwareEntry, FirmwareRef};
use super::fleet_view::{FleetFilter, Sort, shown};
use super::key_index::KeyIndex;
use super::selection::Selection;
use super::version::Version;

#[derive(Debug, Clone)]
enum Click {
    Toggle(usize),
    SelectAllCompatible { family: Option<i64>, hardware: Option<bool> },
    Clear,
}

fn device() -> impl Strategy<Value = (i64, i64, bool, u32, bool, i64)> {
    (1..3i64, 0..3i64, any::<bool>(), 0..4u32, any::<bool>(), 0..3i64)
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
                    online_date: Some(i64::from(online)),
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
    /// The compact key index narrows what select-all, its count and the selected devices
    /// are asked of, and changes none of their answers.
    #[test]
    fn narrowing_by_the_key_index_changes_no_bulk_answer(
        fleet in fleet(),
        toggles in prop::collection::vec(0..40usize, 0..4),
        family in prop::option::of(1..3i64),
    ) {
        let mut selection = Selection::default();
        for i in toggles {
            let _ = selection.toggle(&fleet[i % fleet.len()]);
        }
        let filter = FleetFilter { family, ..FleetFilter::default() };
        let rows = shown(&fleet, &filter, Sort::default(), &Default::default());
        let index = KeyIndex::of(&fleet);
        let narrowed = index.narrow(&rows, selection.key());
        let devices = |rows: &[usize]| rows.iter().map(|&i| &fleet[i]).collect::<Vec<_>>();
        prop_assert_eq!(
            selection.compatible_count(devices(&rows)),
            selection.compatible_count(devices(&narrowed))
        );
        let of_key = index.of_key(selection.key());
        prop_assert_eq!(
            selection.selected_in(&fleet).map(|d| &d.sn).collect::<Vec<_>>(),
            selection.selected_among(devices(&of_key)).map(|d| &d.sn).collect::<Vec<_>>()
        );
        let (mut whole, mut narrow) = (selection.clone(), selection.clone());
        prop_assert_eq!(
            whole.select_all_compatible(devices(&rows)),
            narrow.select_all_compatible(devices(&narrowed))
        );
        prop_assert_eq!(whole, narrow);
    }

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
                    let rows = shown(&fleet, &filter, Sort::default(), &Default::default());
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

mod run_counts {
    use std::collections::HashMap;

    use proptest::prelude::*;
    use sc_wire::Device;
    use serde_json::json;

    use crate::domain::device::FleetDevice;
    use crate::domain::outcome::{Outcomes, Reported};
    use crate::domain::run::Run;
    use crate::testing::{context, plan};

    fn snapshot(sn: &str, kind: u8, pos: i64) -> FleetDevice {
        let (online, upload, step, ret, fw) = match kind % 6 {
            0 => (true, false, 0, 0, "1.5.79"),
            1 => (true, true, 0, 0, "1.5.79"),
            2 => (true, false, 1 + pos % 4, 0, "1.5.79"),
            3 => (false, false, 4, 0, "1.5.79"),
            4 => (true, false, 3, 103, "1.5.79"),
            _ => (true, false, 0, 0, "1.5.178"),
        };
        let wire: Device =
            serde_json::from_value(json!({"sn": sn, "module": 1, "online-date": i64::from(online),
            "is-upload-file": i64::from(upload), "upload-file-pos": pos,
            "status": {"product-id": 770, "hardware-ver": "A", "firmware-ver": fw,
                "upgrade-step": step, "upgrade-ret": ret}}))
            .unwrap();
        FleetDevice::from_wire(&wire)
    }

    proptest! {
        #[test]
        fn counts_always_sum_to_the_batch(
            answers in prop::collection::vec(prop::option::of(-2i64..3), 1..12),
            polls in prop::collection::vec(prop::collection::vec((0u8..7, 0i64..101), 12), 0..20),
            gap in 1i64..40_000,
        ) {
            let sns: Vec<String> = (0..answers.len()).map(|i| format!("S{i}")).collect();
            let refs: Vec<&str> = sns.iter().map(String::as_str).collect();
            let mut run = Run::begin(&plan(&refs), context(1));
            let total = run.counts().total();
            prop_assert_eq!(total, answers.len());
            let sent: Vec<(String, String)> = run.sent.iter().map(|s| (s.sn.clone(), s.name.clone())).collect();
            let details: Vec<Reported> = sns.iter().zip(&answers)
                .filter_map(|(sn, a)| a.map(|code| Reported { sn: sn.clone(), code }))
                .collect();
            run.answered(&Outcomes::match_reply(&sent, &details), 0);
            prop_assert_eq!(run.counts().total(), total);
            for (i, poll) in polls.iter().enumerate() {
                let devices: Vec<FleetDevice> = sns.iter().zip(poll)
                    .filter(|(_, (kind, _))| *kind != 6) // 6: not listed this time
                    .map(|(sn, (kind, pos))| snapshot(sn, *kind, *pos))
                    .collect();
                let by_sn: HashMap<&str, &FleetDevice> = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
                run.observe(&by_sn, (i as i64 + 1) * gap);
                prop_assert_eq!(run.counts().total(), total);
            }
        }
    }
}

/// Campaigns: whatever the fleet, scope and waves, every call holds one key, no device is
/// sent twice, the canary comes first with its configured size, and a device on air when
/// its wave comes is not sent.
mod campaigns {
    use std::collections::{BTreeMap, HashMap, HashSet};

    use proptest::prelude::*;

    use crate::domain::campaign::plan::{Canary, PlanChoices, WaveSettings, plan};
    use crate::domain::campaign::{Campaign, CampaignContext, Step};
    use crate::domain::codes::Catalogue;
    use crate::domain::device::{FleetDevice, OnAir, Presence};
    use crate::domain::outcome::{Outcomes, Reported};
    use crate::domain::run::{Run, RunContext};
    use crate::domain::tracking::Tracked;
    use crate::testing::{device, library};

    /// (model index, hardware B, build, online, on air, in scope)
    type Spec = (usize, bool, u32, bool, bool, bool);

    fn fleet(specs: &[Spec]) -> Vec<FleetDevice> {
        const MODELS: [i64; 3] = [770, 771, 952];
        specs
            .iter()
            .enumerate()
            .map(|(i, &(model, hw_b, build, online, air, _))| {
                let builds = ["1.5.79", "1.5.120", "1.5.178", "1.6.12"];
                let mut d = device(
                    &format!("S{i:03}"),
                    MODELS[model],
                    if hw_b { "B" } else { "A" },
                    builds[build as usize],
                );
                d.presence = if online { Presence::Online } else { Presence::Offline };
                d.on_air = air.then_some(OnAir::Live);
                d
            })
            .collect()
    }

    fn settings() -> impl Strategy<Value = WaveSettings> {
        (
            prop_oneof![(1u32..5).prop_map(Canary::Devices), (1u8..60).prop_map(Canary::Percent)],
            prop::collection::vec(1u8..100, 0..4),
            0u8..30,
        )
            .prop_map(|(canary, waves, threshold)| WaveSettings {
                canary,
                waves,
                threshold,
                ..WaveSettings::default()
            })
    }

    proptest! {
        #[test]
        fn calls_hold_one_key_and_send_each_device_once(
            specs in prop::collection::vec(
                (0..3usize, any::<bool>(), 0..4u32, any::<bool>(), prop::bool::weighted(0.15), prop::bool::weighted(0.8)),
                1..60,
            ),
            settings in settings(),
            include_on_air in any::<bool>(),
            flips in prop::collection::vec(prop::collection::vec(0..60usize, 0..4), 8),
            failing in prop::collection::vec(0..60usize, 0..6),
        ) {
            let mut fleet = fleet(&specs);
            let scope: Vec<&FleetDevice> = fleet.iter().zip(&specs).filter(|(_, s)| s.5).map(|(d, _)| d).collect();
            let choices = PlanChoices { include_on_air, settings: settings.clone(), ..PlanChoices::default() };
            let planned = plan(&scope, &library(), &choices);
            let in_scope = scope.len();
            // The canary first, with its configured size, one call per key.
            if let Some(canary) = planned.waves.first() {
                for (row, sns) in canary {
                    let n = planned.keys[*row].included.len();
                    prop_assert_eq!(sns.len(), settings.sizes(n)[0]);
                }
            }
            let mut campaign = Campaign::begin(&planned, CampaignContext {
                id: 1, user: None, deadline_secs: 60, retry_of: None, earlier: BTreeMap::new(), now: 0,
            });
            let catalogue = Catalogue::builtin();
            let mut runs: Vec<Run> = Vec::new();
            let mut sent: HashSet<String> = HashSet::new();
            let failing: HashSet<String> = failing.iter().map(|i| format!("S{i:03}")).collect();
            for round in 0..40 {
                let by_id: HashMap<u64, &Run> = runs.iter().map(|r| (r.id, r)).collect();
                match campaign.step(&by_id, &catalogue, round) {
                    Step::Send(wave) => {
                        // Devices go on and off air between waves.
                        for &i in &flips[wave % flips.len()] {
                            if let Some(d) = fleet.get_mut(i) {
                                d.on_air = if d.on_air.is_some() { None } else { Some(OnAir::Live) };
                            }
                        }
                        let calls = campaign.prepare(wave, |sn| fleet.iter().find(|d| d.sn == sn), round);
                        for call in calls {
                            let key = &campaign.keys[campaign.waves[call.wave].calls[call.call].key].key;
                            prop_assert_eq!(&call.plan.key, key);
                            for d in &call.plan.included {
                                let now = fleet.iter().find(|f| f.sn == d.sn).unwrap();
                                prop_assert_eq!(&now.key, key, "one key per call");
                                prop_assert!(include_on_air || now.on_air.is_none(), "{} sent on air", d.sn);
                                prop_assert!(sent.insert(d.sn.clone()), "{} sent twice", d.sn);
                            }
                            let id = runs.len() as u64 + 1;
                            prop_assert!(campaign.record_call(call.wave, call.call, id));
                            let mut run = Run::begin(&call.plan, RunContext {
                                id, user: None, batch: String::new(), deadline_secs: 60,
                                retry_of: None, earlier: BTreeMap::new(), now: round,
                            });
                            let named: Vec<(String, String)> = run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
                            let ok: Vec<Reported> = named.iter().map(|(sn, _)| Reported { sn: sn.clone(), code: 0 }).collect();
                            run.answered(&Outcomes::match_reply(&named, &ok), round);
                            for track in &mut run.devices {
                                track.state = if failing.contains(&track.sn) {
                                    Tracked::Lost
                                } else {
                                    Tracked::Verified
                                };
                            }
                            runs.push(run);
                        }
                    }
                    Step::Halted(_) => { campaign.resume(None, round); }
                    Step::Finished | Step::Ended => break,
                    Step::Wait => {}
                }
                let by_id: HashMap<u64, &Run> = runs.iter().map(|r| (r.id, r)).collect();
                prop_assert_eq!(campaign.counts(&by_id).total(), in_scope);
            }
            prop_assert!(!campaign.is_running(), "the campaign ends");
        }
    }
}
