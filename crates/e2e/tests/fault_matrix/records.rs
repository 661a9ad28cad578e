//! Replies that differ per record: damaged records set aside by name, the rest usable, and
//! the Cloud check naming what differs.

use super::*;

#[tokio::test]
async fn damaged_records_are_set_aside_by_name_and_the_rest_stay_usable() {
    use cloud_sim::http::faults::{Damage, RecordDamage};
    let console = Console::admin(config()).await;
    let cloud = &console.cloud;
    let records = |field: &str, how: Damage, share: Option<f64>| Fault {
        mode: Some(FaultMode::Records),
        records: vec![RecordDamage { field: field.into(), how, share, ..RecordDamage::default() }],
        ..Fault::default()
    };
    // One device in ten without its hardware version: set aside by serial number.
    cloud.set_fault(Fault {
        path: Some(DEVS.into()),
        ..records("status.hardware-ver", Damage::Null, Some(0.1))
    });
    console.fleet().refresh().await;
    let notice =
        console.fleet().set_aside().when(|t| t.contains("20 devices could not be read")).await;
    let first = cloud.devices_where(|_| true)[9].clone(); // the first of each ten
    assert!(notice.contains(&first), "named: {notice}");
    console.fleet().counts().when(|t| t.starts_with("180 devices")).await;
    // A device still listed can be selected and sent as ever.
    let sns = cloud.upgradable(770, "A", "1.5.178");
    let firmware = cloud.firmware_id(770, "A", "1.5.178");
    let fleet = cloud.devices_where(|_| true);
    let listed: Vec<String> = sns
        .into_iter()
        .filter(|sn| fleet.iter().position(|s| s == sn).unwrap() % 10 != 9)
        .take(1)
        .collect();
    console.upgrade().prepare(&console.fleet(), &listed, firmware).await;
    // Numbers sent as text are accepted, and said.
    cloud.set_fault(Fault {
        path: Some(DEVS.into()),
        ..records("online-date", Damage::Text, Some(1.0))
    });
    console.fleet().refresh().await;
    let accepted = console
        .fleet()
        .set_aside()
        .when(|t| t.contains("online-date: a number sent as text (200 records)"))
        .await;
    assert!(!accepted.contains("could not be read"), "{accepted}");
    console.fleet().counts().when(|t| t.starts_with("200 devices")).await;
    cloud.clear_fault();
    console.fleet().refresh().await;
    assert!(console.fleet().set_aside().gone().await);

    // The library: one entry without its major version is set aside, the rest listed.
    cloud.set_fault(Fault {
        path: Some("/sc_cloud/scapi/get-all-firmwares".into()),
        ..records("marjor-ver", Damage::Null, None)
    });
    console.library().open().await;
    let library = console
        .library()
        .set_aside()
        .when(|t| t.contains("1 firmware entry could not be read"))
        .await;
    assert!(library.contains("marjor-ver") || library.contains("set aside"), "{library}");
    console.library().entries().when(|t| !t.is_empty()).await;
    console.close().await;
}

#[tokio::test]
async fn groups_without_their_subgroups_and_another_devices_record_are_said_not_guessed() {
    use cloud_sim::http::faults::{Damage, RecordDamage};
    let console = Console::admin(config()).await;
    let cloud = &console.cloud;
    let damaged = |path: &str, damage: RecordDamage| Fault {
        mode: Some(FaultMode::Records),
        path: Some(path.into()),
        records: vec![damage],
        ..Fault::default()
    };
    // Arena listed without `childs`: its sub-groups (North, South, Stage…) are unknown.
    cloud.set_fault(damaged(
        "/sc_cloud/scapi/get-dev-catalogs",
        RecordDamage {
            field: "childs".into(),
            how: Damage::Missing,
            names: Some(vec!["1".into()]),
            ..RecordDamage::default()
        },
    ));
    let in_north = cloud.devices_where(|d| d.base.catalog_id == 5)[0].clone();
    console.fleet().refresh().await;
    let notice = console.fleet().groups_children_unknown().when(|t| t.contains("Arena")).await;
    assert!(notice.contains("1 group without its sub-groups: Arena."), "{notice}");
    console.fleet().show(&in_north).await;
    let group = console.fleet().group_of(&in_north).text().await;
    assert_eq!(group, "group 5 (not in the groups read)", "not \"a group you cannot see\"");
    cloud.clear_fault();

    // `get-dev` answering with another device's record: nothing of it shown as this one.
    let asked = cloud.devices_where(|_| true)[3].clone();
    cloud.set_fault(damaged(
        "/sc_cloud/scapi/get-dev",
        RecordDamage {
            field: "sn".into(),
            how: Damage::Set,
            value: Some("B0THER".into()),
            ..RecordDamage::default()
        },
    ));
    console.go(&format!("devices/{asked}")).await;
    let said = console.device().another().when(|t| t.contains("B0THER")).await;
    assert!(said.contains(&format!("Asked about {asked}")), "{said}");
    assert_eq!(console.device().facts().count().await, 0, "no facts from another record");
    cloud.clear_fault();
    console.close().await;
}

#[tokio::test]
async fn the_cloud_check_is_all_clear_against_the_simulator_and_names_what_differs() {
    use cloud_sim::http::faults::{Damage, RecordDamage};
    let console = Console::admin(config()).await;
    let (cloud, client) = (&console.cloud, console.client());
    client.goto(&format!("{}check", cloud.url)).await.expect("the check's address");
    let before = cloud.state.requests_for(START);
    console.check().run().await;
    let summary = console
        .check()
        .summary()
        .within(30, |t| t.starts_with("All clear") || t.contains("of 5 read"))
        .await;
    assert_eq!(summary, "All clear: the 5 endpoints read answered as the console expects.");
    let cookies = console.check().cookies().when(|t| !t.is_empty()).await;
    assert!(cookies.contains("mwcloud-sid is not readable by this page"), "{cookies}");
    // A Cloud that differs: numbers as text in one device of ten, one without hardware.
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some(DEVS.into()),
        times: Some(1),
        records: vec![RecordDamage {
            field: "status.hardware-ver".into(),
            how: Damage::Missing,
            share: None,
            ..RecordDamage::default()
        }],
        ..Fault::default()
    });
    console.check().run().await;
    let summary = console.check().summary().within(30, |t| t.contains("of 5 read")).await;
    assert_eq!(summary, "1 endpoint with problems, 0 with notes, of 5 read.");
    let first = console.check().first_endpoint().when(|t| t.contains("Records set aside")).await;
    let sn = cloud.devices_where(|_| true)[0].clone();
    assert!(first.contains(&format!("{sn}: status.hardware-ver — missing")), "{first}");
    assert_eq!(cloud.state.requests_for(START), before, "the check never sends an upgrade");
    // The session gone: the check stops at its first read and asks to log in again, as
    // every other page does.
    cloud.state.sim().sessions.expire_all();
    console.check().run().await;
    let title = console.login().dialog_title().when(|t| !t.is_empty()).await;
    assert_eq!(title, "Your session has ended");
    let summary = console.check().summary().within(30, |t| t.contains("read")).await;
    assert!(summary.contains("of 1 read"), "stopped at the first read: {summary}");
    console.close().await;
}
