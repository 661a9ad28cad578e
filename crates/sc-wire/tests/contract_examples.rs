//! The wire types decode the contract's published examples, tolerate what the contract
//! leaves open, and encode with the Cloud's exact field names.

use sc_wire::{
    AddFirmwareReply, Device, DevsReply, FirmwaresReply, LoginReply, LogoutReply,
    UpgradeStartReply, UpgradeStartRequest, UploadFirmwareReply, code,
};
use serde_json::{Value, json};

#[test]
fn login_example_reply_decodes() {
    let reply: LoginReply = serde_json::from_str(
        r#"{ "id": 1, "name": "Admin", "pass": "", "result": 0, "sid": "OCXWUMGEYPGIAWWOETYXPNMVHDZIAZJP" }"#,
    )
    .unwrap();
    assert_eq!(reply.result, code::OK);
    assert_eq!(reply.name.as_deref(), Some("Admin"));
    assert_eq!(reply.sid.as_deref(), Some("OCXWUMGEYPGIAWWOETYXPNMVHDZIAZJP"));
}

#[test]
fn login_error_reply_with_only_a_result_decodes() {
    let reply: LoginReply = serde_json::from_str(r#"{"result":-14}"#).unwrap();
    assert_eq!(reply.result, code::NO_SUCH_USER);
    assert_eq!(reply.sid, None);
}

#[test]
fn logout_example_reply_decodes() {
    let reply: LogoutReply = serde_json::from_str(r#"{"result":0,"sid":"ABC"}"#).unwrap();
    assert_eq!(reply.result, 0);
}

#[test]
fn firmware_list_example_keeps_index_and_version_type_apart() {
    let reply: FirmwaresReply = serde_json::from_str(
        r#"{ "result": 0,
  "firmwares": [ { "id": 21, "file-path": "/data/firmware/firmware-770-1-A-1.5.178.mwf",
                   "upload-date": 1635151650, "product-id": 770, "firmware-id": 1,
                   "hardware-ver": "A", "marjor-ver": 1, "minor-ver": 5, "build-number": 178 } ] }"#,
    )
    .unwrap();
    let fw = &reply.firmwares[0];
    assert_eq!(fw.id, 21);
    assert_eq!(fw.version_type, 1);
    assert!(fw.is_test_build());
    assert_eq!(fw.product_id, 770);
    assert_eq!(fw.hardware_ver, "A");
    assert_eq!(fw.version_text(), "1.5.178");
    assert_eq!(fw.upload_date, 1635151650);
}

#[test]
fn firmware_encodes_with_the_clouds_spelling() {
    let reply: FirmwaresReply = serde_json::from_value(json!({"result":0,"firmwares":[{
        "id": 3, "product-id": 770, "firmware-id": 0, "hardware-ver": "B",
        "marjor-ver": 1, "minor-ver": 4, "build-number": 2}]}))
    .unwrap();
    let encoded = serde_json::to_value(&reply.firmwares[0]).unwrap();
    assert_eq!(encoded["marjor-ver"], 1);
    assert_eq!(encoded["firmware-id"], 0, "version type keeps its wire name");
    assert_eq!(encoded["id"], 3);
    assert!(encoded.get("major_ver").is_none() && encoded.get("version_type").is_none());
}

#[test]
fn upgrade_start_request_encodes_the_contract_body() {
    let body = UpgradeStartRequest { sn: vec!["A302190930002".into()], firmware: 21 };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({ "sn": ["A302190930002"], "firmware-id": 21 })
    );
}

#[test]
fn upgrade_start_example_reply_decodes() {
    let reply: UpgradeStartReply = serde_json::from_str(
        r#"{ "result": 0, "method": "start-upgrade",
  "details": [ { "sn": "A302190930002", "result": 0 } ] }"#,
    )
    .unwrap();
    assert_eq!(reply.method.as_deref(), Some("start-upgrade"));
    assert_eq!(reply.details[0].sn, "A302190930002");
    assert_eq!(reply.details[0].result, 0);
}

#[test]
fn upgrade_start_error_reply_without_details_decodes() {
    let reply: UpgradeStartReply = serde_json::from_str(r#"{"result":-9002}"#).unwrap();
    assert!(reply.details.is_empty());
}

#[test]
fn add_firmware_example_reply_decodes() {
    let reply: AddFirmwareReply =
        serde_json::from_str(r#"{"method":"add-firmware","result":0}"#).unwrap();
    assert_eq!(reply.result, 0);
}

#[test]
fn upload_firmware_reply_accepts_text_or_epoch_build_time() {
    for build_time in [json!("2021-10-25 16:47:30"), json!(1635151650)] {
        let reply: UploadFirmwareReply = serde_json::from_value(json!({
            "result": 0, "file-path": "/tmp/x.mwf", "file-size": 10,
            "firmware-info": {"product-id": 770, "firmware-id": 0, "marjor-ver": 1,
              "minor-ver": 5, "build-number": 180, "build-time": build_time,
              "product-name": "Ultra Stream HDMI", "hardware-ver": "A"}}))
        .unwrap();
        assert_eq!(reply.firmware_info.unwrap().build_number, 180);
    }
}

fn full_device() -> Value {
    json!({
        "catalog-id": 2, "sn": "A302190930002", "module": 1, "dev-warning": 1,
        "is-everyone": 0, "users": ["operator"], "apply-date": 1600000000,
        "online-date": 1635151650, "is-upload-file": 0, "upload-file-pos": 0,
        "status": {"name": "Ultra Stream HDMI", "product-id": 770, "module-name": "Ultra Stream",
            "hardware-ver": "A", "firmware-ver": "1.5.79", "up-time": 3600, "cur-status": 0,
            "eth": "10.0.0.2", "wifi": "", "rndis": "", "upgrade-ret": 0, "upgrade-step": 0}
    })
}

#[test]
fn device_decodes_every_documented_field() {
    let dev: Device = serde_json::from_value(full_device()).unwrap();
    assert_eq!(dev.sn, "A302190930002");
    assert_eq!(dev.catalog_id, 2);
    assert_eq!(dev.dev_warning & sc_wire::NO_SIGNAL, 1);
    assert_eq!(dev.users, vec!["operator".to_string()]);
    assert!(dev.is_online());
    assert_eq!(dev.status.product_id, 770);
    assert_eq!(dev.status.firmware_ver, "1.5.79");
    assert_eq!(dev.status.upgrade_step, Some(0));
    assert_eq!(serde_json::to_value(&dev).unwrap(), full_device(), "round trip keeps wire names");
}

#[test]
fn device_with_status_lacking_optional_fields_decodes() {
    let dev: Device = serde_json::from_value(json!({
        "sn": "X1", "module": 3,
        "status": {"product-id": 900, "hardware-ver": "A", "firmware-ver": "2.0.1"}
    }))
    .unwrap();
    assert_eq!(dev.status.upgrade_ret, None);
    assert_eq!(dev.status.up_time, None);
    assert!(!dev.is_online());
    assert!(dev.users.is_empty());
}

#[test]
fn unknown_fields_and_null_lists_are_tolerated() {
    let mut dev = full_device();
    dev["users"] = Value::Null;
    dev["future-field"] = json!({"x": 1});
    dev["status"]["another"] = json!(5);
    let reply: DevsReply =
        serde_json::from_value(json!({"result": 0, "devs": [dev], "total": 1})).unwrap();
    assert!(reply.devs[0].users.is_empty());
    let empty: DevsReply = serde_json::from_value(json!({"result": 0, "devs": null})).unwrap();
    assert!(empty.devs.is_empty());
}

#[test]
fn device_without_serial_number_is_an_error_not_a_default() {
    let mut dev = full_device();
    dev.as_object_mut().unwrap().remove("sn");
    assert!(serde_json::from_value::<Device>(dev).is_err());
}
