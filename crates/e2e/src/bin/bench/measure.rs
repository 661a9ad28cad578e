//! What the benchmark reads: the page's `performance.measure` entries, medians and ranges,
//! gzip sizes, and the simulator's `get-devs` time over raw HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::Value;

pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The samples' range, printed beside a median so a noisy number shows as one.
pub fn spread(values: &[f64], decimals: usize) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("range {min:.decimals$}–{max:.decimals$}")
}

pub async fn measures(client: &Client, name: &str) -> Vec<f64> {
    let script =
        format!("return performance.getEntriesByName('{name}', 'measure').map(e => e.duration)");
    let value = client.execute(&script, vec![]).await.expect("read measures");
    value.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

pub async fn wait_for_measure(client: &Client, name: &str, count: usize) -> Vec<f64> {
    for _ in 0..300 {
        let found = measures(client, name).await;
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never measured `{name}` {count} times");
}

/// Bytes the page received so far, headers included: the document and every resource.
pub async fn first_screen_bytes(client: &Client) -> u64 {
    let bytes = client
        .execute(
            "return performance.getEntriesByType('navigation') \
               .concat(performance.getEntriesByType('resource')) \
               .reduce((sum, e) => sum + e.transferSize, 0)",
            vec![],
        )
        .await
        .expect("transfer sizes");
    bytes.as_f64().unwrap_or(f64::NAN) as u64
}

pub fn gzip_size(path: &std::path::Path) -> usize {
    let output =
        std::process::Command::new("gzip").arg("-9").arg("-c").arg(path).output().expect("gzip");
    output.stdout.len()
}

/// Loopback HTTP/1.1 with `Connection: close`; returns the reply.
pub fn http(addr: &str, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect to the simulator");
    stream.write_all(request).expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("read");
    reply
}

pub fn simulator_get_devs_ms(url: &str) -> Vec<f64> {
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let get = get_devs_request(&addr, &log_in(&addr));
    (0..25)
        .map(|_| {
            let started = Instant::now();
            let reply = http(&addr, get.as_bytes());
            assert!(reply.len() > 1_000_000, "a full fleet");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// `get-devs` for the whole fleet, as raw HTTP/1.1 with the session `sid`.
pub fn get_devs_request(addr: &str, sid: &str) -> String {
    format!(
        "GET /sc_cloud/scapi/get-devs?id=0&module=0 HTTP/1.1\r\nHost: {addr}\r\nCookie: mwcloud-sid={sid}\r\nConnection: close\r\n\r\n"
    )
}

/// Logs in as Admin over raw HTTP; the session id.
pub fn log_in(addr: &str) -> String {
    let boundary = "b";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nAdmin\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"pass\"\r\n\r\ne3afed0047b08059d0fada10f400c1e5\r\n--{boundary}--\r\n"
    );
    let login = format!(
        "POST /sc_cloud/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let reply = String::from_utf8_lossy(&http(addr, login.as_bytes())).to_string();
    reply
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: mwcloud-sid=")
                .or_else(|| l.strip_prefix("Set-Cookie: mwcloud-sid="))
        })
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// Where the first screen's time went, in ms from navigation: the wasm fetched, the
/// `get-devs` request sent and its reply received. The page's resource timings, so a
/// regression in "fleet ready" shows as start-up, the Cloud's reply, or reading and drawing.
pub async fn fleet_phases(client: &Client) -> [f64; 4] {
    let value = client
        .execute(
            "const r = performance.getEntriesByType('resource'); \
             const ready = performance.getEntriesByName('fleet-ready', 'measure')[0]; \
             const end = ready ? ready.duration : Infinity; \
             const wasm = r.filter(e => e.name.endsWith('.wasm') && e.startTime <= end); \
             const devs = r.filter(e => e.name.includes('/scapi/get-devs')).pop(); \
             return [wasm.length ? wasm[0].responseEnd : null, \
                     wasm.length ? Math.max(...wasm.map(e => e.responseEnd)) : null, \
                     devs ? devs.startTime : null, devs ? devs.responseEnd : null]",
            vec![],
        )
        .await
        .expect("resource timings");
    let at = |i: usize| value[i].as_f64().unwrap_or(f64::NAN);
    [at(0), at(1), at(2), at(3)]
}

/// A program the benchmark started, stopped when dropped.
pub struct Process(pub std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Resident memory of `pid`, in MB (`/proc/<pid>/status`).
pub fn resident_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
