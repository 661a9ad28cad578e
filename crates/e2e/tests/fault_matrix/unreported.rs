//! A Cloud that leaves a device's on-air or online state unreported, or lists one firmware
//! id for two firmwares: the device is held as possibly on air on every path that sends,
//! counted and said; the id is set aside, named on every page that offers firmware, and
//! never sent — checked against the simulator's own record of calls.

use cloud_sim::http::faults::{Damage, RecordDamage};

use super::*;

fn named(field: &str, how: Damage, names: &[&String]) -> RecordDamage {
    RecordDamage {
        field: field.into(),
        how,
        names: Some(names.iter().map(|s| s.to_string()).collect()),
        ..RecordDamage::default()
    }
}

fn number(text: &str) -> usize {
    text.trim().parse().unwrap_or_else(|_| panic!("a number: {text:?}"))
}

#[tokio::test]
async fn a_live_device_whose_on_air_state_is_not_reported_is_never_sent_as_idle() {
    let console = Console::admin(console_e2e::cloud_of(200, 3)).await;
    let cloud = &console.cloud;
    let batch = cloud.upgradable(770, "A", "1.5.178")[..4].to_vec();
    let firmware = cloud.firmware_id(770, "A", "1.5.178");
    // Two devices live; then the Cloud stops reporting their state (null, missing), and one
    // more device's online date.
    for sn in &batch[..2] {
        assert!(cloud.state.sim().set_on_air(sn, 0x04).is_some());
    }
    let on_air_before =
        cloud.devices_where(|d| d.base.status.cur_status.unwrap_or(0) & 0x06 != 0).len();
    console.fleet().open().await;
    console.fleet().refresh().await;
    console.top_bar().open("/").await;
    console.overview().figure("on-air").when(|t| t.trim().parse() == Ok(on_air_before)).await;
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some(DEVS.into()),
        records: vec![
            named("status.cur-status", Damage::Null, &[&batch[0]]),
            named("status.cur-status", Damage::Missing, &[&batch[1]]),
            named("online-date", Damage::Null, &[&batch[3]]),
        ],
        ..Fault::default()
    });
    console.fleet().open().await;
    console.fleet().refresh().await;
    let said = console.fleet().unreported().when(|t| t.contains("on-air state")).await;
    assert!(
        said.contains("2 devices whose on-air state the Cloud did not report"),
        "the fleet says it: {said}"
    );
    assert!(said.contains("1 device whose online state the Cloud did not report"), "{said}");

    // The overview counts them apart: on air plus unknown is what was on air before.
    console.top_bar().open("/").await;
    let overview = console.overview();
    overview.figure("air-unknown").when(|t| t == "2").await;
    assert_eq!(overview.figure("online-unknown").text().await, "1");
    let on_air = number(&overview.figure("on-air").text().await);
    assert_eq!(on_air + 2, on_air_before, "none lost without a word");
    assert!(overview.unreported().text().await.contains("held back from every upgrade"));

    // A single batch leaves them out, each with its reason; only the idle one is sent.
    console.fleet().select(&batch[..3]).await;
    console.upgrade().review(firmware).await;
    let consent = console.upgrade().on_air_consent().when(|t| !t.is_empty()).await;
    assert!(
        consent.contains(
            "2 devices whose on-air state the Cloud did not report (possibly on air) left out"
        ),
        "{consent}"
    );
    console.upgrade().left_out().when(|t| t.contains("2 × on-air state unknown")).await;
    assert_eq!(
        console.upgrade().confirm_label_when(|t| t.starts_with("Upgrade")).await,
        "Upgrade 1 device to 1.5.178"
    );
    console.upgrade().confirm().await;
    console.run().title().when(|t| t.starts_with("Run 1 ")).await;
    let calls = cloud.state.sim().calls.clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].sn, [batch[2].clone()], "only the device whose state was reported");
    console.run().counts_within(60, |t| t.contains(" 0 in progress")).await;

    // Its rollback, once that device too is live and unreported, sends nothing.
    assert!(cloud.state.sim().set_on_air(&batch[2], 0x04).is_some());
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some(DEVS.into()),
        records: vec![named("status.cur-status", Damage::Null, &[&batch[2]])],
        ..Fault::default()
    });
    console.fleet().open().await;
    console.fleet().refresh().await;
    console.fleet().unreported().when(|t| t.contains("1 device whose on-air state")).await;
    console.go("runs/1").await;
    console.campaign().roll_back().await;
    console.campaign().plan_when(|t| t.contains("on-air state unknown")).await;
    let totals = console.campaign().plan_totals().text().await;
    assert!(totals.contains("0 devices to send"), "{totals}");
    assert_eq!(cloud.state.sim().calls.len(), 1, "nothing more was sent");
    console.close().await;
}

#[tokio::test]
async fn a_firmware_id_listed_for_two_firmwares_is_named_everywhere_and_never_sent() {
    let console = Console::admin(config()).await;
    let cloud = &console.cloud;
    let batch = cloud.upgradable(770, "A", "1.5.178")[..2].to_vec();
    let newest = cloud.firmware_id(770, "A", "1.5.178");
    let older = cloud.firmware_id(770, "A", "1.5.79");
    // The Cloud lists 770/A's 1.5.79 under the id of its newest release as well.
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some("/sc_cloud/scapi/get-all-firmwares".into()),
        records: vec![RecordDamage {
            value: Some(newest.into()),
            ..named("id", Damage::Set, &[&older.to_string()])
        }],
        ..Fault::default()
    });
    let named_id = format!("Firmware id {newest} is listed for");

    console.library().open().await;
    let library = console.library().doubts().when(|t| !t.is_empty()).await;
    assert!(library.contains(&named_id), "the library: {library}");

    console.top_bar().open("/").await;
    let overview = console.overview().doubts().when(|t| !t.is_empty()).await;
    assert!(overview.contains(&named_id), "the overview: {overview}");
    let newest_cell = console.overview().newest_of("770-A").when(|t| !t.is_empty()).await;
    assert!(newest_cell.contains("not decided"), "never a newest: {newest_cell}");

    console.fleet().select(&batch).await;
    let offer = console.upgrade().doubts().when(|t| !t.is_empty()).await;
    assert!(offer.contains(&named_id), "the firmware choice: {offer}");
    assert_eq!(console.upgrade().firmware(newest).count().await, 0, "never offered");

    console.fleet().select(&batch).await; // unticked: the campaign starts afresh
    let campaign = console.campaign();
    campaign.new_campaign().await;
    campaign.add_shown().await;
    let planner = campaign.doubts().when(|t| !t.is_empty()).await;
    assert!(planner.contains(&named_id), "the campaign planner: {planner}");
    let plan = campaign.plan_when(|t| t.contains("Choose a target (newest not decided)")).await;
    assert!(plan.contains("newest release for its model and hardware cannot be decided"), "{plan}");
    assert!(cloud.state.sim().calls.iter().all(|c| c.firmware_id != newest), "never sent");
    console.close().await;
}
