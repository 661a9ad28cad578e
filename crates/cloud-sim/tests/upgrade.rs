//! `upgrade/start` as the contract states it, and upgrades playing out in the device objects.

mod common;

use cloud_sim::fleet::Fate;
use common::{TestCloud, advance};
use serde_json::{Value, json};

fn body(sns: &[&str], firmware: i64) -> String {
    json!({ "sn": sns, "firmware-id": firmware }).to_string()
}

#[tokio::test(start_paused = true)]
async fn contract_request_starts_an_upgrade() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = &cloud.upgradable(|f| *f == Fate::Healthy)[0];
    let firmware = cloud.firmware_for(device);
    let reply = cloud.start(&cookie, &body(&[&device.base.sn], firmware)).await;
    assert_eq!(reply.headers["content-type"], "application/json; charset=UTF-8");
    assert_eq!(
        reply.json(),
        json!({ "result": 0, "method": "start-upgrade",
                "details": [ { "sn": device.base.sn, "result": 0 } ] })
    );
}

#[tokio::test(start_paused = true)]
async fn a_healthy_upgrade_plays_out_to_the_new_version() {
    let cloud = TestCloud::new(); // upgrades take 10 s
    let cookie = cloud.admin().await;
    let device = cloud
        .upgradable(|f| *f == Fate::Healthy)
        .into_iter()
        .find(|d| d.base.status.firmware_ver != "1.5.178" && d.base.status.product_id == 770)
        .expect("a model 770 device not on 1.5.178");
    let sn = device.base.sn.as_str();
    let target = cloud
        .state
        .sim()
        .firmwares
        .iter()
        .find(|f| {
            f.product_id == 770
                && f.hardware_ver == device.base.status.hardware_ver
                && f.version_text() == "1.5.178"
        })
        .unwrap()
        .id;
    assert_eq!(cloud.start(&cookie, &body(&[sn], target)).await.json()["details"][0]["result"], 0);

    advance(2.0).await;
    let pushing = cloud.device(&cookie, sn).await;
    assert_eq!(pushing["is-upload-file"], 1);
    assert_eq!(pushing["upload-file-pos"], 50);

    advance(2.5).await; // 4.5 s
    let installing = cloud.device(&cookie, sn).await;
    assert_eq!(installing["is-upload-file"], 0);
    assert_eq!(installing["upload-file-pos"], 100);
    assert_eq!(installing["status"]["upgrade-step"], 1);
    advance(3.0).await; // 7.5 s
    assert_eq!(cloud.device(&cookie, sn).await["status"]["upgrade-step"], 4);

    advance(1.0).await; // 8.5 s
    let rebooting = cloud.device(&cookie, sn).await;
    assert_eq!(rebooting["online-date"], 0, "offline while rebooting");

    advance(1.5).await; // 10 s
    let done = cloud.device(&cookie, sn).await;
    assert!(done["online-date"].as_i64().unwrap() > 0);
    assert_eq!(done["status"]["firmware-ver"], "1.5.178");
    assert_eq!(done["status"]["upgrade-ret"], 0);
}

#[tokio::test(start_paused = true)]
async fn a_failing_device_reports_its_step_keeps_its_version_and_succeeds_on_retry() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = cloud.upgradable(|f| matches!(f, Fate::FailsAt(_)))[0].clone();
    let Fate::FailsAt(failure) = device.fate else { unreachable!() };
    let sn = device.base.sn.as_str();
    let firmware = cloud.firmware_for(&device);
    let target =
        cloud.state.sim().firmwares.iter().find(|f| f.id == firmware).unwrap().version_text();
    cloud.start(&cookie, &body(&[sn], firmware)).await;
    advance(20.0).await;
    let failed = cloud.device(&cookie, sn).await;
    assert_eq!(failed["status"]["upgrade-ret"], failure.code);
    assert_eq!(failed["status"]["upgrade-step"], failure.step);
    assert_eq!(failed["status"]["firmware-ver"], device.base.status.firmware_ver.as_str());
    assert!(failed["online-date"].as_i64().unwrap() > 0);

    let retry = cloud.start(&cookie, &body(&[sn], firmware)).await;
    assert_eq!(retry.json()["details"][0]["result"], 0);
    advance(10.0).await;
    let retried = cloud.device(&cookie, sn).await;
    assert_eq!(retried["status"]["upgrade-ret"], 0);
    assert_eq!(retried["status"]["firmware-ver"], target.as_str());
}

#[tokio::test(start_paused = true)]
async fn the_lost_device_never_comes_back() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = cloud.upgradable(|f| *f == Fate::NeverReturns)[0].clone();
    let sn = device.base.sn.as_str();
    let firmware = cloud.firmware_for(&device);
    cloud.start(&cookie, &body(&[sn], firmware)).await;
    advance(600.0).await;
    let lost = cloud.device(&cookie, sn).await;
    assert_eq!(lost["online-date"], 0);
    assert_eq!(lost["status"]["firmware-ver"], device.base.status.firmware_ver.as_str());
    let again = cloud.start(&cookie, &body(&[sn], firmware)).await;
    assert_eq!(again.json()["details"][0]["result"], -9007, "offline");
}

#[tokio::test(start_paused = true)]
async fn a_device_already_upgrading_answers_repeat_operation() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = &cloud.upgradable(|f| *f == Fate::Healthy)[0];
    let firmware = cloud.firmware_for(device);
    let request = body(&[&device.base.sn], firmware);
    assert_eq!(cloud.start(&cookie, &request).await.json()["details"][0]["result"], 0);
    advance(1.0).await;
    assert_eq!(cloud.start(&cookie, &request).await.json()["details"][0]["result"], 1);
}

#[tokio::test(start_paused = true)]
async fn unknown_and_offline_devices_get_their_own_codes_while_the_rest_start() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let offline = cloud
        .devices_where(|d| !d.base.is_online() && d.base.status.product_id != 952)
        .into_iter()
        .next()
        .unwrap();
    let status = &offline.base.status;
    let online = cloud
        .upgradable(|_| true)
        .into_iter()
        .find(|d| {
            d.base.module == offline.base.module
                && d.base.status.product_id == status.product_id
                && d.base.status.hardware_ver == status.hardware_ver
        })
        .expect("an online device of the same key");
    let firmware = cloud.firmware_for(&offline);
    let reply = cloud
        .start(&cookie, &body(&[&online.base.sn, &offline.base.sn, "Z0000000000"], firmware))
        .await
        .json();
    assert_eq!(reply["result"], 0);
    let results: Vec<(String, i64)> = reply["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["sn"].as_str().unwrap().to_string(), d["result"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        results,
        vec![
            (online.base.sn.clone(), 0),
            (offline.base.sn.clone(), -9007),
            ("Z0000000000".into(), -9006)
        ]
    );
}

/// Calls refused as a whole must leave every device as it was.
async fn assert_refused_and_unchanged(cloud: &TestCloud, cookie: &str, request: &str, code: i64) {
    let admin = cloud.admin().await;
    let before: Value = cloud.fleet_json(&admin).await;
    let reply = cloud.start(cookie, request).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.result(), code, "{request}");
    assert_eq!(
        reply.json()["details"],
        json!([]),
        "{request}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    advance(1.0).await;
    let after: Value = cloud.fleet_json(&admin).await;
    let uploading = after["devs"].as_array().unwrap().iter().any(|d| d["is-upload-file"] == 1);
    assert!(!uploading, "no upgrade started");
    assert_eq!(before["devs"].as_array().unwrap().len(), after["devs"].as_array().unwrap().len());
}

#[tokio::test(start_paused = true)]
async fn an_operator_may_not_start_upgrades() {
    let cloud = TestCloud::new();
    let operator = cloud.operator().await;
    let device = cloud.upgradable(|_| true).into_iter().find(|d| d.base.is_everyone == 1).unwrap();
    let request = body(&[&device.base.sn], cloud.firmware_for(&device));
    assert_refused_and_unchanged(&cloud, &operator, &request, -9002).await;
}

#[tokio::test(start_paused = true)]
async fn a_batch_mixing_hardware_versions_is_refused_whole() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let a = cloud
        .upgradable(|_| true)
        .into_iter()
        .find(|d| d.base.status.product_id == 770 && d.base.status.hardware_ver == "A")
        .unwrap();
    let b = cloud
        .upgradable(|_| true)
        .into_iter()
        .find(|d| d.base.status.product_id == 770 && d.base.status.hardware_ver == "B")
        .unwrap();
    let request = body(&[&a.base.sn, &b.base.sn], cloud.firmware_for(&a));
    assert_refused_and_unchanged(&cloud, &cookie, &request, -9003).await;
}

#[tokio::test(start_paused = true)]
async fn unknown_or_unfitting_firmware_is_refused_whole() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device =
        cloud.upgradable(|_| true).into_iter().find(|d| d.base.status.product_id == 800).unwrap();
    let other =
        cloud.upgradable(|_| true).into_iter().find(|d| d.base.status.product_id == 900).unwrap();
    let sn = device.base.sn.as_str();
    assert_refused_and_unchanged(&cloud, &cookie, &body(&[sn], 99_999), -9004).await;
    let wrong = body(&[sn], cloud.firmware_for(&other));
    assert_refused_and_unchanged(&cloud, &cookie, &wrong, -9005).await;
}

#[tokio::test(start_paused = true)]
async fn malformed_requests_are_refused_and_change_nothing() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let device = &cloud.upgradable(|_| true)[0];
    let sn = device.base.sn.clone();
    let fw = cloud.firmware_for(device);
    let ten_thousand: Vec<String> = (0..10_000).map(|i| format!("Z{i:012}")).collect();
    let cases = [
        "{not json".to_string(),
        "".to_string(),
        json!({ "firmware-id": fw }).to_string(),
        json!({ "sn": [sn] }).to_string(),
        json!({ "sn": sn, "firmware-id": fw }).to_string(),
        json!({ "sn": [1, 2], "firmware-id": fw }).to_string(),
        json!({ "sn": [sn], "firmware-id": "21" }).to_string(),
        json!({ "sn": [], "firmware-id": fw }).to_string(),
        json!({ "sn": [sn, sn], "firmware-id": fw }).to_string(),
        json!([sn]).to_string(),
    ];
    for case in &cases {
        assert_refused_and_unchanged(&cloud, &cookie, case, -9008).await;
    }
    let wrong_type =
        cloud.post("/sc_cloud/upgrade/start", &cookie, "text/plain", &body(&[&sn], fw)).await;
    assert_eq!(wrong_type.result(), -9008);
    // 10,000 unknown serial numbers: each gets its own code, nothing starts.
    let refs: Vec<&str> = ten_thousand.iter().map(String::as_str).collect();
    let many = cloud.start(&cookie, &body(&refs, fw)).await.json();
    assert_eq!(many["result"], 0);
    let details = many["details"].as_array().unwrap();
    assert_eq!(details.len(), 10_000);
    assert!(details.iter().all(|d| d["result"] == -9006));
}
