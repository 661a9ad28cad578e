//! `get-devs`, `get-dev` and `get-all-firmwares`: raw field names, filters and visibility.

mod common;

use std::collections::HashSet;

use cloud_sim::config::SimConfig;
use common::TestCloud;
use serde_json::Value;

const DEVICE_FIELDS: [&str; 11] = [
    "catalog-id",
    "sn",
    "module",
    "dev-warning",
    "is-everyone",
    "users",
    "apply-date",
    "online-date",
    "is-upload-file",
    "upload-file-pos",
    "status",
];
const STATUS_FIELDS: [&str; 12] = [
    "name",
    "product-id",
    "module-name",
    "hardware-ver",
    "firmware-ver",
    "up-time",
    "cur-status",
    "eth",
    "wifi",
    "rndis",
    "upgrade-ret",
    "upgrade-step",
];

fn sns(reply: &Value) -> HashSet<String> {
    reply["devs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["sn"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn get_devs_lists_every_device_with_the_contracts_field_names() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let reply = cloud.get("/sc_cloud/scapi/get-devs?id=0&module=0", &cookie).await;
    assert_eq!(reply.headers["content-type"], "application/json; charset=UTF-8");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["cache-control"], "no-store");
    let body = reply.json();
    assert_eq!(body["result"], 0);
    let devs = body["devs"].as_array().unwrap();
    assert_eq!(devs.len(), 60);
    for dev in devs {
        for field in DEVICE_FIELDS {
            assert!(dev.get(field).is_some(), "device lacks {field}: {dev}");
        }
        for field in STATUS_FIELDS {
            assert!(dev["status"].get(field).is_some(), "status lacks {field}");
        }
        let online = dev["online-date"].as_i64().unwrap() > 0;
        assert_eq!(online, dev["status"]["up-time"].as_i64().unwrap() > 0);
    }
}

#[tokio::test(start_paused = true)]
async fn get_devs_filters_by_group_and_family() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let all = cloud.fleet_json(&cookie).await;
    let by_family = cloud.get("/sc_cloud/scapi/get-devs?id=0&module=3", &cookie).await.json();
    let by_group = cloud.get("/sc_cloud/scapi/get-devs?id=2&module=0", &cookie).await.json();
    let both = cloud.get("/sc_cloud/scapi/get-devs?id=2&module=3", &cookie).await.json();
    let family: Vec<&Value> =
        all["devs"].as_array().unwrap().iter().filter(|d| d["module"] == 3).collect();
    assert!(!family.is_empty());
    assert_eq!(by_family["devs"].as_array().unwrap().len(), family.len());
    // Group 2 (Studios) and its sub-groups 7 and 8: `get-devs?id=` includes them.
    let in_studios: HashSet<i64> = by_group["devs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["catalog-id"].as_i64().unwrap())
        .collect();
    assert_eq!(in_studios, HashSet::from([2, 7, 8]));
    assert_eq!(sns(&both), sns(&by_family).intersection(&sns(&by_group)).cloned().collect());
    let bad = cloud.get("/sc_cloud/scapi/get-devs?id=two&module=0", &cookie).await;
    assert_eq!(bad.result(), -9008);
}

#[tokio::test(start_paused = true)]
async fn operators_see_only_devices_open_to_them() {
    let cloud = TestCloud::new();
    let admin_view = sns(&cloud.fleet_json(&cloud.admin().await).await);
    let operator = cloud.operator().await;
    let operator_view = sns(&cloud.fleet_json(&operator).await);
    let expected: HashSet<String> = cloud
        .devices_where(|d| d.base.is_everyone == 1 || d.base.users.iter().any(|u| u == "operator"))
        .into_iter()
        .map(|d| d.base.sn)
        .collect();
    assert_eq!(operator_view, expected);
    assert!(operator_view.len() < admin_view.len());
    let hidden = cloud.devices_where(|d| d.base.is_everyone == 0 && d.base.users.is_empty());
    let reply =
        cloud.get(&format!("/sc_cloud/scapi/get-dev?sn={}", hidden[0].base.sn), &operator).await;
    assert_eq!(reply.result(), -9006, "a hidden device looks unknown to an operator");
}

#[tokio::test(start_paused = true)]
async fn get_dev_returns_one_device_or_unknown() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let first = cloud.devices_where(|_| true)[0].base.sn.clone();
    let reply = cloud.get(&format!("/sc_cloud/scapi/get-dev?sn={first}"), &cookie).await.json();
    assert_eq!(reply["result"], 0);
    assert_eq!(reply["dev"]["sn"], first.as_str());
    let unknown = cloud.get("/sc_cloud/scapi/get-dev?sn=Z999", &cookie).await;
    assert_eq!(unknown.result(), -9006);
    assert_eq!(cloud.get("/sc_cloud/scapi/get-dev", &cookie).await.result(), -9008);
}

#[tokio::test(start_paused = true)]
async fn firmware_list_filters_by_family_model_and_hardware() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let all = cloud.get("/sc_cloud/scapi/get-all-firmwares?dev-type=0", &cookie).await.json();
    let all = all["firmwares"].as_array().unwrap().clone();
    assert!(all.len() > 20);
    for field in [
        "id",
        "file-path",
        "upload-date",
        "product-id",
        "firmware-id",
        "hardware-ver",
        "marjor-ver",
        "minor-ver",
        "build-number",
    ] {
        assert!(all[0].get(field).is_some(), "firmware lacks {field}");
    }
    let family = cloud.get("/sc_cloud/scapi/get-all-firmwares?dev-type=1", &cookie).await.json();
    let family = family["firmwares"].as_array().unwrap();
    assert!(family.iter().all(|f| [770, 771, 772].contains(&f["product-id"].as_i64().unwrap())));
    let key = cloud
        .get("/sc_cloud/scapi/get-all-firmwares?dev-type=1&product-id=770&hardware-ver=B", &cookie)
        .await
        .json();
    let key = key["firmwares"].as_array().unwrap();
    assert!(!key.is_empty());
    assert!(key.iter().all(|f| f["product-id"] == 770 && f["hardware-ver"] == "B"));
    assert_eq!(key.iter().filter(|f| f["firmware-id"] == 1).count(), 1, "one test build");
    let none = cloud
        .get("/sc_cloud/scapi/get-all-firmwares?dev-type=4&product-id=952&hardware-ver=A", &cookie)
        .await
        .json();
    assert_eq!(none["result"], 0);
    assert_eq!(none["firmwares"], Value::Array(vec![]));
    let missing = cloud.get("/sc_cloud/scapi/get-all-firmwares?product-id=770", &cookie).await;
    assert_eq!(missing.result(), -9008, "dev-type is required");
}

#[tokio::test(start_paused = true)]
async fn ten_thousand_devices_are_served() {
    let cloud = TestCloud::with(SimConfig { devices: 10_000, ..SimConfig::default() });
    let cookie = cloud.admin().await;
    let reply = cloud.fleet_json(&cookie).await;
    assert_eq!(reply["devs"].as_array().unwrap().len(), 10_000);
}

#[tokio::test(start_paused = true)]
async fn a_single_model_fleet_has_only_that_model() {
    let cloud =
        TestCloud::with(SimConfig { only_model: Some(771), devices: 300, ..SimConfig::default() });
    let cookie = cloud.admin().await;
    let reply = cloud.fleet_json(&cookie).await;
    let devs = reply["devs"].as_array().unwrap();
    assert_eq!(devs.len(), 300);
    assert!(devs.iter().all(|d| d["status"]["product-id"] == 771));
}

#[tokio::test(start_paused = true)]
async fn get_devs_bytes_match_the_devices_as_they_report_themselves() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    // Some devices mid-upgrade, some at rest, some changed by a finished upgrade.
    let device = &cloud.upgradable(|_| true)[0];
    let body =
        serde_json::json!({"sn": [device.base.sn], "firmware-id": cloud.firmware_for(device)});
    assert_eq!(cloud.start(&cookie, &body.to_string()).await.result(), 0);
    for secs in [0.0, 3.0, 30.0] {
        common::advance(secs).await;
        let served = cloud.fleet_json(&cookie).await;
        let expected = {
            let sim = cloud.state.sim();
            let devs =
                sim.devices(&cloud_sim::sessions::USERS[0], 0, 0, tokio::time::Instant::now());
            serde_json::to_value(sc_wire::DevsReply { result: 0, devs }).unwrap()
        };
        assert_eq!(served, expected, "after {secs} s");
    }
}

/// `get-dev` answers each device exactly as `get-devs` lists it at that moment — every
/// field, for every device.
#[tokio::test(start_paused = true)]
async fn get_dev_answers_every_device_as_get_devs_lists_it() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let listed = cloud.fleet_json(&cookie).await;
    let devs = listed["devs"].as_array().expect("a list").clone();
    assert!(devs.len() > 50);
    for dev in &devs {
        let sn = dev["sn"].as_str().expect("a serial number");
        let one = cloud.get(&format!("/sc_cloud/scapi/get-dev?sn={sn}"), &cookie).await.json();
        assert_eq!(one["result"], 0);
        assert_eq!(&one["dev"], dev, "{sn}");
    }
}
