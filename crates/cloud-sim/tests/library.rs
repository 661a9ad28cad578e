//! `uploadFirmware` and `firmware/add`: the two-step way firmware reaches the Cloud.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use cloud_sim::config::SimConfig;
use common::TestCloud;
use serde_json::{Value, json};

async fn upload(cloud: &TestCloud, cookie: &str, file_name: &str, bytes: &[u8]) -> Value {
    let boundary = "----mwfboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post("/sc_cloud/uploadFirmware")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    cloud.send(request).await.json()
}

async fn add(cloud: &TestCloud, cookie: &str, path: &str) -> Value {
    let body = json!({ "file-path": path }).to_string();
    cloud
        .post("/sc_cloud/firmware/add", cookie, "application/json;charset=utf-8", &body)
        .await
        .json()
}

async fn firmwares_770_a(cloud: &TestCloud, cookie: &str) -> Vec<Value> {
    let uri = "/sc_cloud/scapi/get-all-firmwares?dev-type=1&product-id=770&hardware-ver=A";
    cloud.get(uri, cookie).await.json()["firmwares"].as_array().unwrap().clone()
}

#[tokio::test(start_paused = true)]
async fn an_identified_upload_is_added_and_listed_under_a_new_id() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let before = firmwares_770_a(&cloud, &cookie).await;
    let reply = upload(&cloud, &cookie, "770_rev_A_1_6_20.mwf", b"MWF firmware image").await;
    assert_eq!(reply["result"], 0);
    assert_eq!(reply["file-size"], 18);
    let info = &reply["firmware-info"];
    for field in [
        "product-id",
        "firmware-id",
        "marjor-ver",
        "minor-ver",
        "build-number",
        "build-time",
        "product-name",
        "hardware-ver",
    ] {
        assert!(info.get(field).is_some(), "firmware-info lacks {field}");
    }
    assert_eq!(
        (info["product-id"].clone(), info["hardware-ver"].clone()),
        (json!(770), json!("A"))
    );
    assert_eq!(
        (info["marjor-ver"].clone(), info["minor-ver"].clone(), info["build-number"].clone()),
        (json!(1), json!(6), json!(20))
    );
    let path = reply["file-path"].as_str().unwrap().to_string();
    assert_eq!(firmwares_770_a(&cloud, &cookie).await.len(), before.len(), "not listed before add");

    assert_eq!(add(&cloud, &cookie, &path).await, json!({"method": "add-firmware", "result": 0}));
    let after = firmwares_770_a(&cloud, &cookie).await;
    assert_eq!(after.len(), before.len() + 1);
    let added = after.iter().find(|f| f["file-path"] == path.as_str()).unwrap();
    let max_before = before.iter().map(|f| f["id"].as_i64().unwrap()).max().unwrap();
    assert!(added["id"].as_i64().unwrap() > max_before);
    assert_eq!(added["firmware-id"], 0);
}

#[tokio::test(start_paused = true)]
async fn an_unidentifiable_or_empty_file_is_rejected() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    for (name, bytes) in
        [("firmware.bin", &b"x"[..]), ("notes.mwf", b"x"), ("770_rev_A_1_6_21.mwf", b"")]
    {
        assert_eq!(upload(&cloud, &cookie, name, bytes).await["result"], -9009, "{name}");
    }
}

#[tokio::test(start_paused = true)]
async fn an_oversize_file_is_rejected() {
    let cloud = TestCloud::with(SimConfig { max_firmware_bytes: 1024, ..SimConfig::default() });
    let cookie = cloud.admin().await;
    let reply = upload(&cloud, &cookie, "770_rev_A_1_6_20.mwf", &vec![7u8; 5000]).await;
    assert_eq!(reply["result"], -9010);
    let fits = upload(&cloud, &cookie, "770_rev_A_1_6_20.mwf", &[7u8; 1024]).await;
    assert_eq!(fits["result"], 0);
}

#[tokio::test(start_paused = true)]
async fn operators_may_neither_upload_nor_add() {
    let cloud = TestCloud::new();
    let admin = cloud.admin().await;
    let operator = cloud.operator().await;
    assert_eq!(upload(&cloud, &operator, "770_rev_A_1_6_20.mwf", b"x").await["result"], -9002);
    let path = upload(&cloud, &admin, "770_rev_A_1_6_20.mwf", b"x").await["file-path"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(add(&cloud, &operator, &path).await["result"], -9002);
    assert_eq!(add(&cloud, &admin, &path).await["result"], 0);
}

#[tokio::test(start_paused = true)]
async fn adding_twice_or_an_unknown_path_adds_nothing() {
    let cloud = TestCloud::new();
    let cookie = cloud.admin().await;
    let path = upload(&cloud, &cookie, "770_rev_A_1_6_20.mwf", b"x").await["file-path"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(add(&cloud, &cookie, &path).await["result"], 0);
    let count = firmwares_770_a(&cloud, &cookie).await.len();
    assert_eq!(add(&cloud, &cookie, &path).await["result"], -9011);
    let again = upload(&cloud, &cookie, "770_rev_A_1_6_20.mwf", b"y").await["file-path"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(add(&cloud, &cookie, &again).await["result"], -9011, "same version, other upload");
    assert_eq!(add(&cloud, &cookie, "/data/upload/nope.mwf").await["result"], -9012);
    assert_eq!(firmwares_770_a(&cloud, &cookie).await.len(), count);
    let bad = cloud.post("/sc_cloud/firmware/add", &cookie, "text/plain", "x").await;
    assert_eq!(bad.json()["result"], -9008);
}
