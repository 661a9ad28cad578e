//! The simulator binary's memory after a burst: 500 concurrent `get-devs` of 10,000 devices
//! (each reply ~4 MB), its resident size before, at the peak and after the burst.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use super::Row;
use super::measure::{self, Process, get_devs_request, http, log_in};

const BURST: usize = 500;
const ADDR: &str = "127.0.0.1:18099";

/// Resident memory of `pid`, in whole MB.
fn resident_mb(pid: u32) -> u64 {
    measure::resident_mb(pid) as u64
}

pub fn row(devices: usize) -> Row {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/native/cloud-sim");
    let child = Command::new(&binary)
        .args(["--devices", &devices.to_string(), "--addr", ADDR])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("target/native/cloud-sim (scripts/bench.sh builds it)");
    let simulator = Process(child);
    let pid = simulator.0.id();
    let mut sid = None;
    for _ in 0..100 {
        if std::net::TcpStream::connect(ADDR).is_ok() {
            sid = Some(log_in(ADDR));
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let get = get_devs_request(ADDR, &sid.expect("the simulator listens"));
    let before = resident_mb(pid);
    let (done, peak) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(resident_mb(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let readers: Vec<_> = (0..BURST)
        .map(|_| {
            let get = get.clone();
            std::thread::spawn(move || http(ADDR, get.as_bytes()).len())
        })
        .collect();
    let full = readers
        .into_iter()
        .map(|reader| reader.join().unwrap_or(0))
        .filter(|&bytes| bytes > 1_000_000)
        .count();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    std::thread::sleep(Duration::from_secs(5));
    let after = resident_mb(pid);
    drop(simulator);
    Row {
        what: "simulator memory after 500 concurrent get-devs (binary)",
        target: "≤ 64 MB 5 s after",
        value: format!(
            "{after} MB (before {before} MB, peak {} MB, {full} of {BURST} full replies)",
            peak.load(Ordering::Relaxed)
        ),
        ok: Some(after <= 64 && full == BURST),
    }
}
