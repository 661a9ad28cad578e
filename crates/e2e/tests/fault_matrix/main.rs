//! The fault matrix: with the Cloud misbehaving in each way the simulator can, the console
//! says so plainly, keeps the selection, firmware choice, results and history, never sends
//! `upgrade/start` twice, and works again once the fault is lifted.

use cloud_sim::config::SimConfig;
use cloud_sim::http::faults::{Fault, FaultMode};
use console_e2e::Console;

mod reads;
mod records;
mod unreported;
mod upgrade_start;

const START: &str = "/sc_cloud/upgrade/start";
const DEVS: &str = "/sc_cloud/scapi/get-devs";

fn config() -> SimConfig {
    console_e2e::cloud_of(200, 4)
}

fn fault(mode: Option<FaultMode>, path: &str) -> Fault {
    Fault { mode, path: Some(path.to_string()), times: Some(1), ..Fault::default() }
}

/// Admin's console with two healthy, online 770/A devices not on 1.5.178 selected, the
/// 1.5.178 release chosen, and the review open.
async fn prepared() -> Console {
    let console = Console::admin(config()).await;
    let sns: Vec<String> = console.cloud.upgradable(770, "A", "1.5.178")[..2].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    console.upgrade().prepare(&console.fleet(), &sns, firmware).await;
    console
}

async fn still_selected(console: &Console) {
    console.fleet().open().await;
    let counts = console.fleet().counts().text().await;
    assert!(counts.starts_with("200 devices") && counts.ends_with("2 selected"), "{counts}");
}
