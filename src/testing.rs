//! Fixtures every test of the console shares — the native unit tests (`cfg(test)`) and the
//! browser tests (the `testing` feature, switched on by the crate's own dev-dependency):
//! records as the Cloud lists them, a batch plan, and a run the Cloud started.
//!
//! One place, so that a change of the wire or of a rule changes every test's starting point
//! together. Nothing here is compiled into the console.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use crate::domain::attempt::Attempts;
use crate::domain::batch::BatchPlan;
use crate::domain::campaign::plan::{PlanChoices, plan as plan_campaign};
use crate::domain::campaign::{Campaign, CampaignContext, Step};
use crate::domain::codes::Catalogue;
use crate::domain::device::FleetDevice;
use crate::domain::device::OnAir;
use crate::domain::firmware::{FirmwareEntry, FirmwareList, FirmwareRef};
use crate::domain::outcome::{Outcomes, Reported};
use crate::domain::run::{Run, RunContext};
use crate::domain::selection::Selection;
use crate::domain::tracking::Tracked;
use crate::domain::version::Version;

/// A `get-devs` record with every field the contract lists: an Ultra Stream HDMI (model
/// 770, hardware A) on 1.5.79, online, idle. Tests alter the field they are about.
pub fn record(sn: &str) -> Value {
    json!({"catalog-id": 2, "sn": sn, "module": 1, "dev-warning": 0, "is-everyone": 1,
        "users": [], "apply-date": 1, "online-date": 5, "is-upload-file": 0,
        "upload-file-pos": 0,
        "status": {"name": "Ultra Stream HDMI", "product-id": 770, "module-name": "Ultra Stream",
            "hardware-ver": "A", "firmware-ver": "1.5.79", "up-time": 9, "cur-status": 0,
            "eth": "10.0.0.2", "wifi": "", "rndis": "", "upgrade-ret": 0, "upgrade-step": 0}})
}

/// A device of `family` ("Family n") and `model` ("Model n") as the Cloud lists it.
pub fn wire(sn: &str, family: i64, model: i64, hw: &str, fw: &str) -> sc_wire::Device {
    serde_json::from_value(json!({
        "sn": sn, "module": family, "online-date": 5, "catalog-id": 1,
        "status": {"name": format!("Model {model}"), "product-id": model,
            "module-name": format!("Family {family}"), "hardware-ver": hw, "firmware-ver": fw}
    }))
    .expect("a well-formed device record")
}

/// An Ultra Stream device (family 1) of `model` and `hw` on `fw`, as the console holds it.
pub fn device(sn: &str, model: i64, hw: &str, fw: &str) -> FleetDevice {
    named(sn, &format!("Model {model}"), model, hw, fw)
}

/// As [`device`], with the model's name as the Cloud spells it.
pub fn named(sn: &str, name: &str, model: i64, hw: &str, fw: &str) -> FleetDevice {
    let mut wire = wire(sn, 1, model, hw, fw);
    wire.status.name = name.into();
    wire.status.module_name = "Ultra Stream".into();
    wire.status.cur_status = Some(0);
    FleetDevice::from_wire(&wire)
}

/// An Ultra Stream HDMI (770, A) as a progress poll finds it mid-upgrade: online or not,
/// uploading (at a position) or not, at upgrade `step` with result `ret`, on `fw`.
pub fn snapshot(
    sn: &str,
    online: bool,
    upload: Option<i64>,
    step: i64,
    ret: i64,
    fw: &str,
) -> FleetDevice {
    let device: sc_wire::Device = serde_json::from_value(json!({
        "sn": sn, "module": 1, "online-date": if online { 100 } else { 0 },
        "is-upload-file": i64::from(upload.is_some()), "upload-file-pos": upload.unwrap_or(0),
        "status": {"name": "Ultra Stream HDMI", "product-id": 770, "module-name": "Ultra Stream",
            "hardware-ver": "A", "firmware-ver": fw, "upgrade-step": step, "upgrade-ret": ret,
            "cur-status": 0}
    }))
    .expect("a well-formed device record");
    FleetDevice::from_wire(&device)
}

/// A firmware record of the library as the Cloud lists it (uploaded at `id`, for order).
pub fn firmware(
    id: i64,
    model: i64,
    hw: &str,
    v: (i64, i64, i64),
    test_build: bool,
) -> sc_wire::Firmware {
    serde_json::from_value(json!({"id": id, "product-id": model, "hardware-ver": hw,
        "marjor-ver": v.0, "minor-ver": v.1, "build-number": v.2,
        "firmware-id": i64::from(test_build), "upload-date": id}))
    .expect("a well-formed firmware record")
}

/// 770/A: 1.5.79, 1.5.178 and the test build 1.6.0; 770/B: 1.6.12; 771/A: 1.5.178.
pub fn library() -> FirmwareList {
    FirmwareList::from_wire(&[
        firmware(1, 770, "A", (1, 5, 79), false),
        firmware(2, 770, "A", (1, 5, 178), false),
        firmware(3, 770, "A", (1, 6, 0), true),
        firmware(4, 770, "B", (1, 6, 12), false),
        firmware(5, 771, "A", (1, 5, 178), false),
    ])
}

/// 1.5.178 for the Ultra Stream HDMI 770/A (library reference 4).
pub fn release_1_5_178() -> FirmwareEntry {
    FirmwareEntry {
        reference: FirmwareRef(4),
        version: Version::new(1, 5, 178),
        is_test_build: false,
        uploaded: 0,
        model: 770,
        hardware: "A".into(),
    }
}

/// The batch of `sns` (770/A, online, on 1.5.79) to 1.5.178.
pub fn plan(sns: &[&str]) -> BatchPlan {
    let fleet: Vec<FleetDevice> =
        sns.iter().map(|sn| snapshot(sn, true, None, 0, 0, "1.5.79")).collect();
    let mut selection = Selection::default();
    selection.select_all_compatible(&fleet);
    BatchPlan::new(&selection, |sn| fleet.iter().find(|d| d.sn == sn), &release_1_5_178())
        .expect("one key, all upgradable")
}

/// Run `id` by Admin, started at 0 with a 60-second deadline, no earlier attempts.
pub fn context(id: u64) -> RunContext {
    RunContext {
        id,
        user: Some("Admin".into()),
        batch: "Ultra Stream · Ultra Stream HDMI (model 770) · hardware A".into(),
        deadline_secs: 60,
        retry_of: None,
        earlier: Attempts::new(),
        now: 0,
    }
}

/// Run `id` of [`plan`]`(sns)`, sent at `now` with a 10-minute deadline, that the Cloud
/// started on every device.
pub fn started_run(id: u64, sns: &[&str], now: i64) -> Run {
    let context = RunContext { deadline_secs: 600, now, ..context(id) };
    let mut run = Run::begin(&plan(sns), context);
    let sent: Vec<(String, String)> =
        run.sent.iter().map(|s| (s.sn.clone(), s.name.clone())).collect();
    let details: Vec<Reported> =
        sns.iter().map(|sn| Reported { sn: sn.to_string(), code: 0 }).collect();
    run.answered(&Outcomes::match_reply(&sent, &details), now);
    run
}

/// A campaign's fleet of three keys: 770/A (3 devices, one live), 770/B (2), 771/A (1, on the newest already).
pub fn campaign_fleet() -> Vec<FleetDevice> {
    let mut live = named("A3", "Ultra Stream HDMI", 770, "A", "1.5.79");
    live.on_air = Some(OnAir::Live);
    vec![
        named("A1", "Ultra Stream HDMI", 770, "A", "1.5.79"),
        named("A2", "Ultra Stream HDMI", 770, "A", "1.5.120"),
        live,
        named("B1", "Ultra Stream HDMI", 770, "B", "1.5.120"),
        named("B2", "Ultra Stream HDMI", 770, "B", "1.5.178"),
        named("C1", "Ultra Stream SDI", 771, "A", "1.5.178"),
    ]
}

pub fn campaign_library() -> FirmwareList {
    let list: Vec<sc_wire::Firmware> = serde_json::from_value(serde_json::json!([
        {"id": 1, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5, "build-number": 178, "firmware-id": 0, "upload-date": 1},
        {"id": 2, "product-id": 770, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 6, "build-number": 0, "firmware-id": 1, "upload-date": 2},
        {"id": 3, "product-id": 770, "hardware-ver": "B", "marjor-ver": 1, "minor-ver": 6, "build-number": 12, "firmware-id": 0, "upload-date": 3},
        {"id": 4, "product-id": 771, "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5, "build-number": 178, "firmware-id": 0, "upload-date": 4}
    ]))
    .unwrap();
    FirmwareList::from_wire(&list)
}

/// Campaign 1 of [`campaign_fleet`], started at `now` and halted after its canary: 770/A's
/// canary failed (install failed, code 103), 770/B's verified; runs 1 and 2 its calls.
pub fn halted_campaign(now: i64) -> (Campaign, Vec<Run>) {
    let fleet = campaign_fleet();
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let planned = plan_campaign(&scope, &campaign_library(), &PlanChoices::default());
    let mut campaign = Campaign::begin(
        &planned,
        CampaignContext {
            id: 1,
            user: Some("Admin".into()),
            deadline_secs: 600,
            retry_of: None,
            earlier: BTreeMap::new(),
            now,
        },
    );
    let catalogue = Catalogue::builtin();
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&HashMap::new(), &catalogue, now), Step::Send(0));
    for call in campaign.prepare(0, |sn| fleet.iter().find(|d| d.sn == sn), now) {
        let id = runs.len() as u64 + 1;
        campaign.record_call(call.wave, call.call, id);
        let mut run = Run::begin(
            &call.plan,
            RunContext {
                id,
                user: Some("Admin".into()),
                batch: String::new(),
                deadline_secs: 600,
                retry_of: None,
                earlier: BTreeMap::new(),
                now,
            },
        );
        let sent: Vec<(String, String)> =
            run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
        let ok: Vec<Reported> =
            sent.iter().map(|(sn, _)| Reported { sn: sn.clone(), code: 0 }).collect();
        run.answered(&Outcomes::match_reply(&sent, &ok), now);
        for track in &mut run.devices {
            track.state = if track.sn == "A1" {
                Tracked::InstallFailed { code: 103, step: 3 }
            } else {
                Tracked::Verified
            };
        }
        run.campaign = Some(crate::domain::call::CampaignCall { campaign: 1, wave: 0 });
        runs.push(run);
    }
    let by_id: HashMap<u64, &Run> = runs.iter().map(|r| (r.id, r)).collect();
    assert_eq!(campaign.step(&by_id, &catalogue, now), Step::Halted(0));
    (campaign, runs)
}

/// How Admin begins a new campaign in a test: not yet numbered, a first attempt, each
/// device given `deadline_secs` without progress.
pub fn admin_begins(deadline_secs: u32, now: i64) -> CampaignContext {
    CampaignContext {
        id: 0,
        user: Some("Admin".into()),
        deadline_secs,
        retry_of: None,
        earlier: BTreeMap::new(),
        now,
    }
}
