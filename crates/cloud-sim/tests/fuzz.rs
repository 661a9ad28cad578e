//! The simulator's request parsing under arbitrary input: never a panic, never a 500,
//! and a refused call changes nothing.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cloud_sim::library::identify;
use common::TestCloud;
use proptest::prelude::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn upgrade_start_refuses_arbitrary_bodies_cleanly(
        body in prop::collection::vec(any::<u8>(), 0..300),
        content_type in prop_oneof![Just("application/json;charset=utf-8"), Just("text/plain"), Just("")],
    ) {
        let rt = runtime();
        rt.block_on(async {
            let cloud = TestCloud::new();
            let cookie = cloud.admin().await;
            let request = Request::post("/sc_cloud/upgrade/start")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap();
            let reply = cloud.send(request).await;
            assert_eq!(reply.status, StatusCode::OK);
            let upgrading = cloud.devices_where(|d| d.job.is_some()).len();
            assert!(reply.result() != 0 || upgrading > 0, "a zero result started something");
        });
    }

    #[test]
    fn every_endpoint_survives_arbitrary_queries_and_bodies(
        query in "[a-z\\-=&%0-9]{0,40}",
        body in "\\PC{0,120}",
        path in prop_oneof![
            Just("/sc_cloud/login"), Just("/sc_cloud/logout"), Just("/sc_cloud/scapi/get-devs"),
            Just("/sc_cloud/scapi/get-dev"), Just("/sc_cloud/scapi/get-all-firmwares"),
            Just("/sc_cloud/firmware/add"), Just("/sc_cloud/uploadFirmware"), Just("/__sim/faults"),
        ],
        post in any::<bool>(),
        content_type in prop_oneof![Just("application/json"), Just("multipart/form-data; boundary=x"), Just("text/plain")],
    ) {
        let rt = runtime();
        rt.block_on(async {
            let cloud = TestCloud::new();
            let cookie = cloud.admin().await;
            let uri = format!("{path}?{query}");
            let builder = if post { Request::post(&uri) } else { Request::get(&uri) };
            let request = builder
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap();
            let reply = cloud.send(request).await;
            assert!(reply.status != StatusCode::INTERNAL_SERVER_ERROR, "{uri}: 500");
        });
    }

    #[test]
    fn firmware_names_are_identified_or_refused(name in "\\PC{0,60}") {
        let _ = identify(&name, 0);
    }
}
