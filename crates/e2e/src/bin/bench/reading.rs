//! Reading `get-devs` natively, as the console's wasm does on every poll: a reply of 10,000
//! devices exactly as the contract says, and the same reply with one odd record (its
//! `status` text instead of an object), which the console reads record by record.

use std::time::Instant;

use mwcloud_console::api::{RawReply, lists};
use mwcloud_console::domain::codes::Catalogue;
use serde_json::Value;

use crate::Row;
use crate::measure::{median, spread};

/// The two rows: each reply read `runs` × 5 times, median milliseconds per reading.
pub fn rows(devices: usize, runs: usize) -> Vec<Row> {
    let fleet = cloud_sim::fleet::Fleet::generate(7, devices, 1_700_000_000);
    let devs: Vec<sc_wire::Device> = fleet.iter().map(|d| d.base.clone()).collect();
    let exact = serde_json::to_string(&sc_wire::DevsReply { result: 0, devs }).expect("json");
    let mut odd: Value = serde_json::from_str(&exact).expect("json");
    odd["devs"][devices / 2]["status"] = Value::from("unreadable");
    let odd = odd.to_string();
    let catalogue = Catalogue::builtin();
    let time = |body: &str| {
        let raw =
            RawReply { status: 200, content_type: "application/json".into(), body: body.into() };
        let samples: Vec<f64> = (0..runs * 5)
            .map(|_| {
                let start = Instant::now();
                let listed = lists::devices(&raw, &catalogue).expect("a fleet");
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                assert!(listed.items.len() + 1 >= devices, "the fleet read");
                ms
            })
            .collect();
        format!("{:.1} ms ({})", median(samples.clone()), spread(&samples, 1))
    };
    vec![
        Row::new(
            "get-devs read natively, 10,000 devices as the contract says",
            "reported",
            time(&exact),
            None,
        ),
        Row::new(
            "get-devs read natively, 10,000 devices, one odd record",
            "reported",
            time(&odd),
            None,
        ),
    ]
}
