//! Campaign rules, tested natively: the plan per key, wave sizes, and the wave gate as a
//! state machine over scripted snapshots.

use std::collections::{BTreeMap, HashMap};

use super::plan::{Canary, PlanChoices, WaveSettings, plan};
use super::*;
use crate::domain::attempt::Outcome;
use crate::domain::batch::LeftOut;
use crate::domain::call::NotFollowed;
use crate::domain::codes::Catalogue;
use crate::domain::device::FleetDevice;
use crate::domain::firmware::{FirmwareList, FirmwareRef};
use crate::domain::outcome::{Outcomes, Reported};
use crate::domain::run::Run;
use crate::domain::run::RunContext;
use crate::domain::tracking::Tracked;
use crate::testing::{device, library};

fn on_air(mut device: FleetDevice) -> FleetDevice {
    device.on_air = Some(crate::domain::device::OnAir::Live);
    device
}

/// 20 devices of 770/A on 1.5.79, 3 of 770/B, 2 of 771/A (one on air), 1 of 952/A.
fn fleet() -> Vec<FleetDevice> {
    let mut fleet: Vec<FleetDevice> =
        (0..20).map(|i| device(&format!("A{i:02}"), 770, "A", "1.5.79")).collect();
    fleet.extend((0..3).map(|i| device(&format!("B{i:02}"), 770, "B", "1.5.120")));
    fleet.push(device("C00", 771, "A", "1.5.79"));
    fleet.push(on_air(device("C01", 771, "A", "1.5.79")));
    fleet.push(device("D00", 952, "A", "3.0.96"));
    fleet
}

/// A campaign of [`fleet`] with the default choices, begun.
pub(crate) fn a_campaign() -> Campaign {
    campaign_of(&fleet(), &PlanChoices::default())
}

/// A campaign over the whole `fleet`, its canary sent and every device of it verified.
fn past_the_canary(fleet: &[FleetDevice]) -> (Campaign, Vec<Run>) {
    let mut campaign = campaign_of(fleet, &PlanChoices::default());
    let mut runs = Vec::new();
    campaign.step(&by_id(&runs), &catalogue(), 0);
    send_wave(&mut campaign, 0, fleet, &mut runs, 0);
    end_all(&mut runs, |_| false);
    (campaign, runs)
}

/// A campaign over the whole `fleet` with these wave settings, the rest as by default.
fn campaign_with(fleet: &[FleetDevice], settings: WaveSettings) -> Campaign {
    campaign_of(fleet, &PlanChoices { settings, ..PlanChoices::default() })
}

fn campaign_of(fleet: &[FleetDevice], choices: &PlanChoices) -> Campaign {
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let plan = plan(&scope, &library(), choices);
    Campaign::begin(
        &plan,
        CampaignContext {
            id: 1,
            user: Some("Admin".into()),
            deadline_secs: 60,
            retry_of: None,
            earlier: BTreeMap::new(),
            now: 0,
        },
    )
}

#[test]
fn the_plan_has_one_row_per_key_with_its_newest_release_and_who_is_left_out() {
    let fleet = fleet();
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    let mut choices = PlanChoices::default();
    let planned = plan(&scope, &library(), &choices);
    let rows: Vec<(i64, &str, usize, Option<String>)> = planned
        .keys
        .iter()
        .map(|k| {
            (
                k.key.model,
                k.key.hardware.as_str(),
                k.in_scope,
                k.target.as_ref().map(|t| t.version.to_string()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (770, "A", 20, Some("1.5.178".into())),
            (770, "B", 3, Some("1.6.12".into())),
            (771, "A", 2, Some("1.5.178".into())),
            (952, "A", 1, None),
        ],
        "the newest release, never the newer test build, is the default target"
    );
    assert_eq!(planned.keys[2].left_out, [("C01".into(), LeftOut::OnAir)]);
    assert_eq!(planned.keys[3].left_out, [("D00".into(), LeftOut::NoFirmware)]);
    assert_eq!(planned.keys[0].changes().to_string(), "upgrades 20 · unchanged 0 · downgrades 0");
    assert_eq!(planned.in_scope(), 26);
    assert_eq!(planned.to_send(), 24);
    assert!(planned.risks().is_empty());

    // Another target for one key: a test build must be accepted explicitly.
    choices.targets.insert(planned.keys[0].key.clone(), FirmwareRef(3));
    choices.include_on_air = true;
    let chosen = plan(&scope, &library(), &choices);
    assert_eq!(chosen.keys[0].target.as_ref().unwrap().reference, FirmwareRef(3));
    assert_eq!(chosen.risks().len(), 1);
    assert!(chosen.risks()[0].contains("test build"));
    assert!(chosen.keys[2].left_out.is_empty(), "on-air devices included");
}

#[test]
fn waves_start_with_the_canary_and_grow() {
    let settings = WaveSettings::default();
    assert_eq!(settings.sizes(20), [1, 2, 10, 7]);
    assert_eq!(settings.sizes(3), [1, 1, 1]);
    assert_eq!(settings.sizes(1), [1]);
    assert_eq!(settings.sizes(0), Vec::<usize>::new());
    let percent =
        WaveSettings { canary: Canary::Percent(5), waves: vec![50], ..WaveSettings::default() };
    assert_eq!(percent.sizes(100), [5, 50, 45]);
    assert_eq!(WaveSettings::parse_waves("10, 50 %").unwrap(), [10, 50]);
    assert!(WaveSettings::parse_waves("10, 150").unwrap_err().contains("150"));
    assert_eq!(WaveSettings::parse_waves("").unwrap(), Vec::<u8>::new());

    let campaign = campaign_of(&fleet(), &PlanChoices::default());
    let canary: Vec<(usize, usize)> =
        campaign.waves[0].calls.iter().map(|c| (c.key, c.sns.len())).collect();
    assert_eq!(canary, [(0, 1), (1, 1), (2, 1)], "one device per key first");
    assert_eq!(campaign.waves.len(), 4);
}

/// The console's side of a wave: each call saved as a run, then answered "started".
fn send_wave(
    campaign: &mut Campaign,
    wave: usize,
    fleet: &[FleetDevice],
    runs: &mut Vec<Run>,
    now: i64,
) {
    let plans = campaign.prepare(wave, |sn| fleet.iter().find(|d| d.sn == sn), now);
    for call in plans {
        let id = runs.len() as u64 + 1;
        assert!(campaign.record_call(call.wave, call.call, id));
        let mut run = Run::begin(
            &call.plan,
            RunContext {
                id,
                user: None,
                batch: String::new(),
                deadline_secs: 60,
                retry_of: None,
                earlier: BTreeMap::new(),
                now,
            },
        );
        let sent: Vec<(String, String)> =
            run.sent.iter().map(|d| (d.sn.clone(), d.name.clone())).collect();
        let reported: Vec<Reported> =
            sent.iter().map(|(sn, _)| Reported { sn: sn.clone(), code: 0 }).collect();
        run.answered(&Outcomes::match_reply(&sent, &reported), now);
        runs.push(run);
    }
}

/// Every followed device of the runs ends: verified, or failed when `fails` says so.
fn end_all(runs: &mut [Run], fails: impl Fn(&str) -> bool) {
    for run in runs {
        for track in &mut run.devices {
            if !track.state.is_final() {
                track.state = if fails(&track.sn) {
                    Tracked::InstallFailed { code: 103, step: 3 }
                } else {
                    Tracked::Verified
                };
            }
        }
    }
}

/// The campaign of [`fleet`] halted after its canary, in which 770/B's device failed.
fn halted_after_a_failed_canary_of_770_b() -> (Vec<FleetDevice>, Campaign, Vec<Run>) {
    let fleet = fleet();
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(0));
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    end_all(&mut runs, |sn| sn.starts_with('B'));
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 10), Step::Halted(0));
    (fleet, campaign, runs)
}

fn by_id(runs: &[Run]) -> HashMap<u64, &Run> {
    runs.iter().map(|r| (r.id, r)).collect()
}

fn catalogue() -> Catalogue {
    Catalogue::builtin()
}

#[test]
fn the_gate_advances_wave_by_wave_and_finishes() {
    let fleet = fleet();
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    let mut runs = Vec::new();
    let mut now = 1_000;
    for wave in 0..campaign.waves.len() {
        assert_eq!(campaign.step(&by_id(&runs), &catalogue(), now), Step::Send(wave));
        send_wave(&mut campaign, wave, &fleet, &mut runs, now);
        assert_eq!(
            campaign.step(&by_id(&runs), &catalogue(), now),
            Step::Wait,
            "the wave is under way"
        );
        now += 1_000;
        end_all(&mut runs, |_| false);
    }
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), now), Step::Finished);
    assert_eq!(campaign.state, CampaignState::Finished { at: now });
    let counts = campaign.counts(&by_id(&runs));
    assert_eq!(counts.verified, 24);
    assert_eq!(counts.left_out, 2);
    assert_eq!(counts.total(), 26, "counts add up to the scope");
    // Each call named one key, and each device was sent once.
    let mut sent: Vec<&str> =
        runs.iter().flat_map(|r| r.sent.iter().map(|d| d.sn.as_str())).collect();
    let total = sent.len();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), total);
    assert!(runs.iter().all(|r| {
        r.sent.iter().all(|d| fleet.iter().find(|f| f.sn == d.sn).unwrap().key == r.key)
    }));
}

#[test]
fn a_failed_canary_halts_and_resume_or_abort_decide() {
    let (_, mut campaign, runs) = halted_after_a_failed_canary_of_770_b();
    let CampaignState::Halted { wave, failures } = &campaign.state else { panic!("halted") };
    assert_eq!(*wave, 0);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, "B00");
    assert!(failures[0].1.starts_with("install failed at step 3"), "{}", failures[0].1);
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 20), Step::Wait, "it waits");

    let mut aborted = campaign.clone();
    assert!(aborted.abort(Some("Admin"), 30));
    assert_eq!(aborted.step(&by_id(&runs), &catalogue(), 40), Step::Wait);
    let counts = aborted.counts(&by_id(&runs));
    assert_eq!(counts.not_sent, 21, "the waves that never came");
    assert_eq!(counts.total(), 26);

    assert!(campaign.resume(Some("Admin"), 30));
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 40), Step::Send(1));
    assert!(campaign.log.iter().any(|(_, t)| t.contains("acknowledging 1 device")));
}

#[test]
fn a_small_wave_tolerates_its_allowance_and_the_canary_nothing() {
    let settings = WaveSettings::default();
    assert_eq!(settings.tolerated(0, 3), 0, "a canary failure always halts");
    assert_eq!(settings.tolerated(1, 5), 1, "1 of 5 is 20 %, within the allowance");
    assert_eq!(settings.tolerated(1, 200), 20, "10 % of a big wave");
    let old = WaveSettings { allowance: 0, ..WaveSettings::default() };
    assert_eq!(old.tolerated(1, 5), 0, "a campaign saved before keeps its rule");
    let saved = r#"{"canary":{"Devices":1},"waves":[10,50],"pause_secs":0,"canary_threshold":0,"threshold":10}"#;
    let read: WaveSettings =
        serde_json::from_str::<crate::domain::history::stored::v1::WaveSettings>(saved)
            .unwrap()
            .into();
    assert_eq!(read.allowance, 0);
}

#[test]
fn a_later_wave_halts_beyond_ten_percent_only() {
    let fleet = fleet();
    let mut campaign =
        campaign_with(&fleet, WaveSettings { allowance: 0, ..WaveSettings::default() });
    let mut runs = Vec::new();
    // Canary and wave 2 pass. Wave 3 sends 11 devices (10 of 770/A, 1 of 770/B): one
    // failure is 9 %, within the 10 % threshold; two are 18 %, beyond it.
    for wave in 0..2 {
        campaign.step(&by_id(&runs), &catalogue(), 0);
        send_wave(&mut campaign, wave, &fleet, &mut runs, 0);
        end_all(&mut runs, |_| false);
    }
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(2));
    send_wave(&mut campaign, 2, &fleet, &mut runs, 0);
    let mut two = runs.clone();
    end_all(&mut runs, |sn| sn == "A03");
    assert_eq!(campaign.clone().step(&by_id(&runs), &catalogue(), 5), Step::Send(3));
    end_all(&mut two, |sn| sn == "A03" || sn == "A04");
    assert_eq!(campaign.step(&by_id(&two), &catalogue(), 5), Step::Halted(2));
}

#[test]
fn a_device_on_air_when_its_wave_comes_moves_to_the_next_wave() {
    let mut fleet = fleet();
    let (mut campaign, mut runs) = past_the_canary(&fleet);
    // A01 and A02 are wave 2 (10 % of 20); A01 goes live before it comes.
    let a01 = fleet.iter_mut().find(|d| d.sn == "A01").unwrap();
    *a01 = on_air(a01.clone());
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(1));
    send_wave(&mut campaign, 1, &fleet, &mut runs, 0);
    let wave2: Vec<&str> = runs.iter().flat_map(|r| &r.sent).map(|d| d.sn.as_str()).collect();
    assert!(!wave2.contains(&"A01"), "not sent while on air");
    assert!(campaign.waves[2].calls[0].sns.contains(&"A01".to_string()));
    assert_eq!(campaign.deferred, [Deferred { sn: "A01".into(), from: 1, to: Some(2) }]);
    assert!(campaign.log.iter().any(|(_, t)| t == "A01 went on air: moved from wave 2 to wave 3."));
}

#[test]
fn a_device_whose_on_air_state_goes_unreported_before_its_wave_is_not_sent() {
    let mut fleet = fleet();
    let (mut campaign, mut runs) = past_the_canary(&fleet);
    for sn in ["A01", "A02"] {
        let device = fleet.iter_mut().find(|d| d.sn == sn).unwrap();
        device.on_air = Some(crate::domain::device::OnAir::Unknown);
    }
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(1));
    send_wave(&mut campaign, 1, &fleet, &mut runs, 0);
    let sent: Vec<&str> = runs.iter().flat_map(|r| &r.sent).map(|d| d.sn.as_str()).collect();
    assert!(!sent.contains(&"A01") && !sent.contains(&"A02"), "never sent as idle");
    assert!(campaign.log.iter().any(|(_, t)| t
        == "The Cloud did not report whether A01, A02 are on air: moved from wave 2 to wave 3."));
}

#[test]
fn an_unknown_on_air_state_at_the_last_wave_is_left_out_saying_so() {
    let mut fleet = fleet();
    fleet.truncate(1);
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    fleet[0].on_air = Some(crate::domain::device::OnAir::Unknown);
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(0));
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    assert!(runs.is_empty(), "nothing sent");
    assert_eq!(campaign.left_out, [(0, "A00".into(), LeftOut::OnAirUnknown)]);
}

#[test]
fn a_model_whose_newest_release_is_not_decided_gets_no_target_until_one_is_chosen() {
    use crate::testing::firmware;
    let fleet = [device("A00", 770, "A", "1.5.79"), device("A01", 770, "A", "1.5.79")];
    let scope: Vec<&FleetDevice> = fleet.iter().collect();
    // Id 9 is listed for 770/A at two versions: set aside, and it may be the newest.
    let list = FirmwareList::from_wire(&[
        firmware(2, 770, "A", (1, 5, 178), false),
        firmware(9, 770, "A", (3, 5, 0), false),
        firmware(9, 770, "A", (3, 6, 0), false),
    ]);
    let planned = plan(&scope, &list, &PlanChoices::default());
    assert_eq!(planned.keys[0].target, None, "never the newest by omission");
    assert_eq!(planned.keys[0].left_out[0].1, LeftOut::NewestUndecided);
    assert!(planned.waves.is_empty());
    assert_eq!(planned.keys[0].offer.len(), 1, "id 9 never offered");
    let mut choices = PlanChoices::default();
    choices.targets.insert(fleet[0].key.clone(), FirmwareRef(2));
    let planned = plan(&scope, &list, &choices);
    assert_eq!(planned.keys[0].target.as_ref().map(|t| t.reference), Some(FirmwareRef(2)));
}

#[test]
fn on_air_at_the_last_wave_is_left_out() {
    let mut fleet = fleet();
    fleet.truncate(1);
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    fleet[0] = on_air(fleet[0].clone());
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(0));
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    assert!(runs.is_empty(), "nothing sent");
    assert_eq!(campaign.left_out, [(0, "A00".into(), LeftOut::OnAir)]);
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Finished);
    assert_eq!(campaign.counts(&by_id(&runs)).total(), 1);
}

#[test]
fn a_call_whose_answer_was_lost_is_never_made_again() {
    let fleet = fleet();
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    let mut runs = Vec::new();
    campaign.step(&by_id(&runs), &catalogue(), 0);
    let plans = campaign.prepare(0, |sn| fleet.iter().find(|d| d.sn == sn), 0);
    let first = &plans[0];
    assert!(campaign.record_call(first.wave, first.call, 7));
    // The tab closed before the answer: the run is settled as "outcome unknown".
    let mut run = Run::begin(
        &first.plan,
        RunContext {
            id: 7,
            user: None,
            batch: String::new(),
            deadline_secs: 60,
            retry_of: None,
            earlier: BTreeMap::new(),
            now: 0,
        },
    );
    run.unknown("no answer".into(), String::new(), 5);
    runs.push(run);
    assert!(!campaign.record_call(first.wave, first.call, 8), "recorded once");
    let again = campaign.prepare(0, |sn| fleet.iter().find(|d| d.sn == sn), 10);
    assert_eq!(again.len(), plans.len() - 1, "only the calls never made");
    assert!(again.iter().all(|p| p.call != first.call));
    // Its device is "outcome unknown" (counted, described, not retried) until a poll
    // shows something of it.
    let sn = first.plan.included[0].sn.clone();
    let status = |campaign: &Campaign, runs: &[Run]| {
        let devices = campaign.devices(&by_id(runs));
        devices.into_iter().find(|d| d.sn == sn).unwrap().status
    };
    assert_eq!(status(&campaign, &runs), DeviceStage::OutcomeUnknown);
    let counts = campaign.counts(&by_id(&runs));
    assert_eq!(counts.unknown, 1);
    assert!(counts.to_string().contains(" · 1 outcome unknown"), "{counts}");
    assert!(DeviceStage::OutcomeUnknown.describe(&catalogue()).starts_with("outcome unknown"));
    let devices = campaign.devices(&by_id(&runs));
    assert!(!campaign.retry_candidates(&devices).contains_key(&sn));
    runs[0].devices[0].state = Tracked::Installing { step: 2 };
    assert_eq!(status(&campaign, &runs), DeviceStage::Tracked(Tracked::Installing { step: 2 }));
    campaign.lost_answer(0, 7, "no answer", 11);
    assert_eq!(
        campaign.log.last().unwrap().1,
        "The canary: the answer to run 7's call was lost (no answer); its devices are followed to learn what happened, never resent."
    );
}

#[test]
fn a_pause_holds_the_next_wave() {
    let fleet = fleet();
    let mut campaign =
        campaign_with(&fleet, WaveSettings { pause_secs: 60, ..WaveSettings::default() });
    let mut runs = Vec::new();
    campaign.step(&by_id(&runs), &catalogue(), 0);
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    end_all(&mut runs, |_| false);
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 1_000), Step::Wait);
    // The status says the pause, not "running: wave 2" while wave 2 waits.
    assert_eq!(campaign.status_word(), "running: pause before wave 2");
    assert_eq!(
        campaign.pausing(),
        Some((1, 61_000)),
        "wave 2 may go a minute after the canary passed"
    );
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 30_000), Step::Wait);
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 61_000), Step::Send(1));
    send_wave(&mut campaign, 1, &fleet, &mut runs, 61_000);
    assert_eq!(campaign.pausing(), None);
    assert_eq!(campaign.status_word(), "running: wave 2");
}

#[test]
fn a_campaign_record_reads_back() {
    let campaign = campaign_of(&fleet(), &PlanChoices::default());
    let text = crate::domain::history::encode_campaign(&campaign);
    let back = crate::domain::history::read_campaign(&text).unwrap();
    assert_eq!(back, campaign);
}

#[test]
fn the_device_list_puts_what_needs_attention_first_then_serial_numbers() {
    let device = |sn: &str, status: DeviceStage| CampaignDevice {
        sn: sn.into(),
        key: 0,
        wave: Some(0),
        run: None,
        status,
    };
    let devices = [
        device("C", DeviceStage::Tracked(Tracked::Verified)),
        device("B", DeviceStage::Tracked(Tracked::InstallFailed { code: 103, step: 3 })),
        device("A", DeviceStage::Sending),
        device("D", DeviceStage::NotStarted(Outcome::NotStarted(NotFollowed::AlreadyUpgrading))),
    ];
    assert_eq!(shown(&devices, StatusKind::All), [1, 3, 2, 0]);
    assert_eq!(shown(&devices, StatusKind::NeedsAttention), [1, 3]);
    assert_eq!(shown(&devices, StatusKind::Verified), [0]);
}

#[test]
fn leaving_the_failing_model_out_sends_nothing_more_of_it_while_the_others_go_on() {
    let (fleet, mut campaign, mut runs) = halted_after_a_failed_canary_of_770_b();

    let failing = campaign.failing_keys();
    assert_eq!(failing.len(), 1, "{failing:?}");
    let b = &failing[0];
    assert_eq!(campaign.keys[b.key].key.hardware, "B");
    assert_eq!(b.failures.len(), 1);
    assert_eq!(b.still_to_send, 2, "770/B's two devices after its canary");
    assert!(!campaign.leave_out_key(0, Some("Admin"), 20), "770/A did not fail");

    assert!(campaign.leave_out_key(b.key, Some("Admin"), 20));
    assert!(campaign.is_running(), "the only failing model is out: the others go on");
    assert!(
        campaign
            .log
            .iter()
            .any(|(_, t)| t.contains("left out by Admin after the canary: 2 devices not sent"))
    );
    let mut now = 1_000;
    loop {
        match campaign.step(&by_id(&runs), &catalogue(), now) {
            Step::Send(wave) => send_wave(&mut campaign, wave, &fleet, &mut runs, now),
            Step::Wait => end_all(&mut runs, |_| false),
            Step::Finished => break,
            Step::Halted(wave) => panic!("halted again after wave {wave}"),
            Step::Ended => panic!("a campaign without a schedule has no end date"),
        }
        now += 1_000;
    }
    let sent_b: Vec<&str> = runs
        .iter()
        .flat_map(|r| r.sent.iter().map(|d| d.sn.as_str()))
        .filter(|sn| sn.starts_with('B'))
        .collect();
    assert_eq!(sent_b, ["B00"], "only 770/B's canary was ever sent");
    let devices = campaign.devices(&by_id(&runs));
    let left: Vec<&str> = devices
        .iter()
        .filter(|d| d.sn.starts_with('B') && d.sn != "B00")
        .map(|d| d.sn.as_str())
        .collect();
    assert_eq!(left.len(), 2);
    let counts = campaign.counts(&by_id(&runs));
    assert_eq!(counts.total(), 26, "counts add up to the scope");
    assert_eq!(counts.verified, 21, "770/A's 20 and 771/A's one off air");
}

/// Each wave's stage in words, as the matrix's column heads show them.
fn stages(campaign: &Campaign, runs: &[Run]) -> Vec<&'static str> {
    campaign.wave_stages(&by_id(runs)).into_iter().map(|s| s.text()).collect()
}

/// Each cell of a row, as its key, for comparing with the column heads.
fn cells_of(campaign: &Campaign, runs: &[Run], row: &str) -> Vec<&'static str> {
    let matrix = campaign.matrix(&by_id(runs));
    let row = matrix.iter().find(|r| r.label.contains(row)).expect("the row");
    row.cells.iter().map(|c| c.state.key()).collect()
}

#[test]
fn the_matrix_shows_each_model_across_the_waves_and_marks_the_failing_one() {
    use super::matrix::CellState;
    let fleet = fleet();
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    let mut runs = Vec::new();
    assert_eq!(stages(&campaign, &runs), ["goes next", "waiting", "waiting", "waiting"]);
    campaign.step(&by_id(&runs), &catalogue(), 0);
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    assert_eq!(stages(&campaign, &runs)[0], "under way");
    let (_, mut campaign, runs) = halted_after_a_failed_canary_of_770_b();

    let matrix = campaign.matrix(&by_id(&runs));
    assert_eq!(matrix.len(), campaign.keys.len(), "a row per model and hardware");
    let b = matrix.iter().find(|r| r.label.contains("hardware B")).expect("770/B's row");
    assert!(b.failing);
    assert_eq!(b.cells[0].state, CellState::NotVerified);
    assert_eq!(b.cells[0].counts, "1 failed");
    assert_eq!(b.cells[1].state, CellState::Waiting);
    let a = matrix.iter().find(|r| r.label.contains("770) · hardware A")).expect("770/A's row");
    assert!(!a.failing);
    assert_eq!(a.cells[0].state, CellState::Verified);
    assert_eq!(stages(&campaign, &runs), ["halted here", "waiting", "waiting", "waiting"]);

    // Aborted: waves never made read "not sent", none "under way".
    assert!(campaign.abort(Some("Admin"), 20));
    let states = stages(&campaign, &runs);
    assert_eq!(states[0], "ended");
    assert!(states[1..].iter().all(|s| *s == "not sent (aborted)"), "{states:?}");
    let matrix = campaign.matrix(&by_id(&runs));
    assert!(matrix.iter().all(|r| {
        r.cells[1..].iter().all(|c| matches!(c.state, CellState::NotSent | CellState::Empty))
    }));
    assert!(matrix.iter().all(|r| !r.failing), "an ended campaign has no failing model");
}

#[test]
fn wave_heads_cells_status_and_log_agree_through_leave_out_pause_and_end() {
    let fleet = fleet();
    let mut campaign =
        campaign_with(&fleet, WaveSettings { pause_secs: 60, ..WaveSettings::default() });
    let mut runs = Vec::new();
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 0), Step::Send(0));
    send_wave(&mut campaign, 0, &fleet, &mut runs, 0);
    end_all(&mut runs, |sn| sn.starts_with('B'));
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 10), Step::Halted(0));
    assert_eq!(campaign.status_word(), "halted after the canary");

    // Leave 770/B out: the canary passed, acknowledged; wave 2 pauses; wave 3 waits, even
    // with 770/B's cells left out under it.
    assert!(campaign.leave_out_key(1, Some("Admin"), 20));
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 20), Step::Wait);
    assert_eq!(
        stages(&campaign, &runs),
        ["ended, failures acknowledged", "waiting: pause", "waiting", "waiting"]
    );
    assert_eq!(campaign.status_word(), "running: pause before wave 2");
    assert_eq!(
        cells_of(&campaign, &runs, "hardware B"),
        ["not-verified", "left-out", "left-out", "empty"]
    );
    let b = campaign.matrix(&by_id(&runs)).into_iter().find(|r| r.label.contains("hardware B"));
    let b = b.expect("770/B's row");
    assert!(!b.failing && b.left_out && b.not_all_verified, "{b:?}");
    // The log: the halt says how the canary ended, then the decision, and nothing after it
    // says the canary ended again.
    let log: Vec<&str> = campaign.log.iter().map(|(_, t)| t.as_str()).collect();
    let halted = log.iter().position(|t| t.starts_with("Halted after the canary")).unwrap();
    let resumed = log.iter().position(|t| t.starts_with("Resumed with the other models")).unwrap();
    assert!(halted < resumed, "{log:?}");
    assert!(!log.iter().any(|t| t.starts_with("The canary ended")), "{log:?}");
    assert!(campaign.log.windows(2).all(|w| w[0].0 <= w[1].0), "the log in time order");

    // The pause over: wave 2 goes, under way, then ends; wave 3 goes next.
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 60_020), Step::Send(1));
    send_wave(&mut campaign, 1, &fleet, &mut runs, 60_020);
    assert_eq!(stages(&campaign, &runs)[1], "under way");
    assert_eq!(campaign.status_word(), "running: wave 2");
    end_all(&mut runs, |_| false);
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 60_030), Step::Wait);
    assert_eq!(stages(&campaign, &runs)[1..3], ["ended", "waiting: pause"]);

    // Aborted in the middle of wave 3: its calls made go on, the rest are not sent.
    assert_eq!(campaign.step(&by_id(&runs), &catalogue(), 120_030), Step::Send(2));
    let plans = campaign.prepare(2, |sn| fleet.iter().find(|d| d.sn == sn), 120_030);
    assert!(!plans.is_empty());
    assert!(campaign.abort(Some("Admin"), 120_040));
    assert_eq!(stages(&campaign, &runs)[2..], ["not sent (aborted)", "not sent (aborted)"]);
    assert_eq!(campaign.status_word(), "aborted: no further waves");

    // Aborted with one of the canary's three calls made: partly sent.
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    assert_eq!(campaign.step(&by_id(&[]), &catalogue(), 0), Step::Send(0));
    let plans = campaign.prepare(0, |sn| fleet.iter().find(|d| d.sn == sn), 0);
    assert_eq!(plans.len(), 3);
    assert!(campaign.record_call(0, plans[0].call, 1));
    assert!(campaign.abort(Some("Admin"), 10));
    assert_eq!(stages(&campaign, &[])[0], "partly sent (aborted)");
    assert_eq!(
        cells_of(&campaign, &[], "770) · hardware B"),
        ["not-sent", "not-sent", "not-sent", "empty"]
    );
}

#[test]
fn a_scheduled_wave_waits_for_its_window_and_one_under_way_is_followed_to_its_end() {
    use super::schedule::{Timing, Waiting, Window};
    let fleet = fleet();
    let mut campaign = campaign_of(&fleet, &PlanChoices::default());
    campaign.schedule.windows = vec![Window {
        days: vec![1],
        start_minute: 120,
        minutes: 180,
        zone: "Europe/Paris".into(),
    }];
    let (cat, mut runs) = (catalogue(), Vec::new());
    let closed = Timing::Closed(Waiting { opens_at: Some(5_000), window: Some(0) });
    let open = Timing::Open { window: Some(0), closes_at: Some(9_000) };
    // The browser's gate never moves a scheduled campaign: only the service has the calendar.
    assert_eq!(campaign.step(&by_id(&runs), &cat, 0), Step::Wait);
    // Closed: the canary waits, said once however often the driver asks.
    for now in [1_000, 2_000, 3_000] {
        assert_eq!(campaign.step_within(&by_id(&runs), &cat, now, &closed), Step::Wait);
    }
    let waits: Vec<&str> =
        campaign.log.iter().map(|(_, t)| t.as_str()).filter(|t| t.contains("waits")).collect();
    assert_eq!(waits, ["The canary waits for the window: Tue 02:00–05:00 Europe/Paris."]);
    assert!(campaign.waiting.is_some(), "every console can say what it waits for");
    // Open: it goes, and the log says inside which window.
    assert_eq!(campaign.step_within(&by_id(&runs), &cat, 5_000, &open), Step::Send(0));
    assert_eq!(
        campaign.log.last().unwrap().1,
        "The canary may go: inside Tue 02:00–05:00 Europe/Paris."
    );
    assert_eq!(campaign.waiting, None);
    send_wave(&mut campaign, 0, &fleet, &mut runs, 5_000);
    // The window closes with the canary under way: it is followed, nothing else changes.
    let before = campaign.clone();
    assert_eq!(campaign.step_within(&by_id(&runs), &cat, 9_500, &closed), Step::Wait);
    assert_eq!(campaign, before, "a wave under way is not held by a closed window");
    // It ends while closed: it passes; the next wave waits for the window to open again.
    end_all(&mut runs, |_| false);
    assert_eq!(campaign.step_within(&by_id(&runs), &cat, 10_000, &closed), Step::Wait);
    assert!(campaign.waves[0].passed_at.is_some());
    assert_eq!(
        campaign.log.last().unwrap().1,
        "Wave 2 waits for the window: Tue 02:00–05:00 Europe/Paris."
    );
    assert_eq!(campaign.step_within(&by_id(&runs), &cat, 20_000, &open), Step::Send(1));
    send_wave(&mut campaign, 1, &fleet, &mut runs, 20_000);
    end_all(&mut runs, |_| false);
    // The end passes before the last wave: no further waves, said with which.
    let over = Timing::Over { end_at: 30_000 };
    assert_eq!(campaign.step_within(&by_id(&runs), &cat, 30_000, &over), Step::Ended);
    assert_eq!(campaign.state, CampaignState::Aborted { at: 30_000 });
    assert!(
        campaign.log.last().unwrap().1.starts_with("Ended: its end date passed before wave 3"),
        "{:?}",
        campaign.log.last()
    );
    let record = crate::domain::history::encode_campaign(&campaign);
    let back = crate::domain::history::read_campaign(&record).unwrap();
    assert_eq!(back, campaign, "the schedule and the wait are kept in the record");
}
