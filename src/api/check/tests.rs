use super::*;
use crate::testing::record;
use serde_json::json;

fn raw(body: Value) -> RawReply {
    RawReply {
        status: 200,
        content_type: "application/json; charset=UTF-8".into(),
        body: body.to_string(),
    }
}

fn devices(list: Vec<Value>) -> EndpointReport {
    let reply = raw(json!({"result": 0, "devs": list}));
    check(
        Endpoint::Devices,
        "/sc_cloud/scapi/get-devs?id=0&module=0",
        Ok(&reply),
        &Catalogue::builtin(),
    )
}

#[test]
fn a_reply_as_the_contract_describes_it_is_all_clear() {
    let report = devices(vec![record("A1"), record("A2")]);
    assert_eq!(report.verdict(), Verdict::Clear, "{report:?}");
    assert_eq!(report.records, 2);
    assert_eq!(report.request, "GET /sc_cloud/scapi/get-devs?id=0&module=0");
}

#[test]
fn differences_are_named_by_field_with_counts_and_an_example() {
    let mut odd = record("A2");
    odd["status"]["cur-status"] = json!("4");
    odd["serial"] = json!("x");
    odd["status"]["temperature"] = json!(40);
    odd.as_object_mut().unwrap().remove("apply-date");
    let mut bad = record("A3");
    bad["status"]["hardware-ver"] = json!(null);
    bad["status"]["upgrade-ret"] = json!(777);
    let report = devices(vec![record("A1"), odd, bad]);
    assert_eq!(report.verdict(), Verdict::Problems);
    assert_eq!(report.set_aside, ["A3: status.hardware-ver — null"]);
    assert_eq!(report.accepted, ["status.cur-status: a number sent as text (1 record)"]);
    let fields = |notes: &[FieldNote]| -> Vec<String> {
        notes.iter().map(|n| format!("{} {} {}", n.field, n.records, n.example)).collect()
    };
    assert_eq!(fields(&report.other_type), ["status.cur-status 1 \"4\""]);
    assert_eq!(fields(&report.extra), ["serial 1 \"x\"", "status.temperature 1 40"]);
    assert_eq!(fields(&report.missing), ["apply-date 1 \"A2\""]);
    assert_eq!(report.unknown_codes, ["status.upgrade-ret 777 (1 record)"]);
}

#[test]
fn a_failed_call_and_a_refused_reply_are_problems() {
    let catalogue = Catalogue::builtin();
    let offline = ApiError::Timeout { seconds: 20 };
    let report = check(Endpoint::Groups, "/x", Err(&offline), &catalogue);
    assert_eq!(report.verdict(), Verdict::Problems);
    assert!(report.failure.unwrap().contains("20 s"));
    let reply = raw(json!({"result": 0}));
    let report = check(Endpoint::Library, "/x", Ok(&reply), &catalogue);
    assert!(report.failure.is_some(), "no list: {report:?}");
    assert_eq!(report.verdict(), Verdict::Problems);
}

#[test]
fn groups_are_checked_with_their_sub_groups_and_null_lists_are_the_contract() {
    let reply = raw(json!({"result": 0, "dev-catalogs": [
        {"id": 2, "name": "Arena", "is-everyone": 1, "users": null, "childs": [
            {"id": 3, "name": "North", "is-everyone": 0, "users": ["op"], "childs": null,
             "colour": "red"}
        ]}
    ]}));
    let report = check(Endpoint::Groups, "/g", Ok(&reply), &Catalogue::builtin());
    assert_eq!(report.records, 2);
    assert!(report.set_aside.is_empty() && report.accepted.is_empty(), "{report:?}");
    assert_eq!(report.extra.len(), 1);
    assert_eq!(report.extra[0].field, "colour");
    assert_eq!(report.verdict(), Verdict::Notes);
}
