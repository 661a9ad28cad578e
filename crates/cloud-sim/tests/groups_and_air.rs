//! Groups (`get-dev-catalogs`), on-air state in `cur-status`, and the control routes that
//! campaigns are tested with: putting a device on air, making a key's installs fail, and
//! the simulator's record of `upgrade/start` calls.

mod common;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestCloud, advance};
use serde_json::{Value, json};

fn ids(groups: &Value, out: &mut Vec<i64>) {
    for group in groups.as_array().into_iter().flatten() {
        out.push(group["id"].as_i64().unwrap());
        ids(&group["childs"], out);
    }
}

async fn control(cloud: &TestCloud, method: &str, uri: &str, body: Value) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let reply = cloud.send(request).await;
    (reply.status, reply.json())
}

#[tokio::test(start_paused = true)]
async fn groups_nest_and_each_user_sees_the_groups_open_to_them() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let reply = cloud.get("/sc_cloud/scapi/get-dev-catalogs", &admin).await.json();
    assert_eq!(reply["result"], 0);
    let top = &reply["dev-catalogs"][0];
    assert_eq!(top["name"], "Arena");
    assert_eq!(top["is-everyone"], 1);
    assert_eq!(top["users"], Value::Null);
    assert_eq!(top["childs"][0]["name"], "North");
    let studios = &reply["dev-catalogs"][1];
    assert_eq!(studios["is-everyone"], 0);
    assert_eq!(studios["users"], json!(["operator"]));
    let mut all = Vec::new();
    ids(&reply["dev-catalogs"], &mut all);
    assert_eq!(all.len(), 11);

    let operator = cloud.operator().await;
    let theirs = cloud.get("/sc_cloud/scapi/get-dev-catalogs", &operator).await.json();
    let mut seen = Vec::new();
    ids(&theirs["dev-catalogs"], &mut seen);
    seen.sort();
    assert_eq!(seen, vec![1, 2, 4, 5, 6, 7, 9, 11]);

    // Devices are spread over the tree, a few in no group.
    let fleet = cloud.fleet_json(&admin).await;
    let used: HashSet<i64> = fleet["devs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["catalog-id"].as_i64().unwrap())
        .collect();
    assert!(used.len() >= 8, "groups used: {used:?}");
}

#[tokio::test(start_paused = true)]
async fn some_ultra_devices_are_on_air_and_a_control_route_changes_it() {
    let cloud = TestCloud::new();
    let on_air = cloud.devices_where(|d| d.base.status.cur_status.unwrap_or(0) & 0x06 != 0);
    assert!(!on_air.is_empty());
    assert!(
        on_air.iter().all(|d| [1, 2].contains(&d.base.module) && d.base.is_online()),
        "only online Ultra Stream / Ultra Encode devices report on-air bits"
    );
    let admin = cloud.admin().await;
    let sn = on_air[0].base.sn.clone();
    let (status, _) =
        control(&cloud, "POST", &format!("/__sim/devices/{sn}/on-air"), json!({"cur-status": 0}))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cloud.device(&admin, &sn).await["status"]["cur-status"], 0);
    control(&cloud, "POST", &format!("/__sim/devices/{sn}/on-air"), json!({"cur-status": 4})).await;
    assert_eq!(cloud.device(&admin, &sn).await["status"]["cur-status"], 4);
    let (missing, _) =
        control(&cloud, "POST", "/__sim/devices/NOPE/on-air", json!({"cur-status": 4})).await;
    assert_eq!(missing, StatusCode::NOT_FOUND);
}

#[tokio::test(start_paused = true)]
async fn an_upgrading_device_carries_the_update_bit() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let device = cloud.upgradable(|f| *f == cloud_sim::fleet::Fate::Healthy)[0].clone();
    let firmware = cloud.firmware_for(&device);
    let sn = device.base.sn.clone();
    let body = json!({"sn": [sn], "firmware-id": firmware}).to_string();
    assert_eq!(cloud.start(&admin, &body).await.result(), 0);
    advance(0.5).await;
    let status = cloud.device(&admin, &sn).await["status"]["cur-status"].as_i64().unwrap();
    assert_eq!(status & 0x4000, 0x4000);
    advance(60.0).await;
    let status = cloud.device(&admin, &sn).await["status"]["cur-status"].as_i64().unwrap();
    assert_eq!(status & 0x4000, 0, "the bit is gone once the upgrade ended");
}

#[tokio::test(start_paused = true)]
async fn a_key_made_to_fail_fails_its_installs_and_every_call_is_recorded() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let healthy = cloud.upgradable(|f| *f == cloud_sim::fleet::Fate::Healthy);
    let device = healthy
        .iter()
        .find(|d| d.base.status.product_id == 770 && d.base.status.hardware_ver == "A")
        .unwrap()
        .clone();
    let (status, _) = control(
        &cloud,
        "POST",
        "/__sim/key-failures",
        json!({"product-id": 770, "hardware-ver": "A", "rate": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (refused, _) = control(
        &cloud,
        "POST",
        "/__sim/key-failures",
        json!({"product-id": 770, "hardware-ver": "A", "rate": 2}),
    )
    .await;
    assert_eq!(refused, StatusCode::BAD_REQUEST);
    let firmware = cloud.firmware_for(&device);
    let body = json!({"sn": [device.base.sn], "firmware-id": firmware}).to_string();
    assert_eq!(cloud.start(&admin, &body).await.result(), 0);
    advance(60.0).await;
    let dev = cloud.device(&admin, &device.base.sn).await;
    assert_ne!(dev["status"]["upgrade-ret"], 0, "the install failed");
    assert_eq!(dev["status"]["firmware-ver"], device.base.status.firmware_ver);

    let (_, calls) = control(&cloud, "GET", "/__sim/upgrade-calls", json!(null)).await;
    assert_eq!(calls, json!([{"sn": [device.base.sn], "firmware-id": firmware, "accepted": true}]));
    let (_, lifted) = control(&cloud, "DELETE", "/__sim/key-failures", json!(null)).await;
    assert_eq!(lifted["cleared"], true);
    assert!(cloud.state.sim().key_failures.is_empty());
}
