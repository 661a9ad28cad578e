//! The Lighthouse row: npm's `lighthouse` (installed by `scripts/setup.sh --bench`) against
//! Debian's Chromium, mobile simulation, on the login screen the simulator serves. Prints
//! performance / accessibility / best practices, LCP and the total transfer of the median
//! run (by performance) of several, with the performance range: Lighthouse's simulated
//! timings vary from run to run, and its documentation advises the median of several.

use std::process::Command;

use serde_json::Value;

use crate::Row;
use crate::measure::spread;

const FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-background-networking \
                     --disable-component-update --disable-sync --no-first-run";

const WHAT: &str = "Lighthouse, mobile, login screen: performance / a11y / best practices";
const TARGET: &str = "≥ 0.95 / 1.0 / 1.0";

pub async fn row(url: &str, runs: usize) -> Row {
    let url = url.to_string();
    let reports = tokio::task::spawn_blocking(move || {
        (0..runs.max(1)).map(|_| run(&url)).collect::<Result<Vec<_>, _>>()
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    match reports {
        Ok(reports) => median_row(reports),
        Err(why) => Row {
            what: WHAT,
            target: TARGET,
            value: format!("not measured: {why}"),
            ok: Some(false),
        },
    }
}

fn performance(report: &Value) -> f64 {
    report["categories"]["performance"]["score"].as_f64().unwrap_or(f64::NAN)
}

/// The row of the median run by performance, with the range of all of them.
fn median_row(mut reports: Vec<Value>) -> Row {
    reports.sort_by(|a, b| performance(a).total_cmp(&performance(b)));
    let scores: Vec<f64> = reports.iter().map(performance).collect();
    let mut row = read(&reports[reports.len() / 2]);
    if reports.len() > 1 {
        row.value = format!(
            "{}; performance {} over {} runs",
            row.value,
            spread(&scores, 2),
            reports.len()
        );
    }
    row
}

fn run(url: &str) -> Result<Value, String> {
    let out = std::env::temp_dir().join(format!("lighthouse-{}.json", std::process::id()));
    let status = Command::new("lighthouse")
        .arg(url)
        .args([
            "--quiet",
            "--output=json",
            "--only-categories=performance,accessibility,best-practices",
        ])
        .arg(format!("--output-path={}", out.display()))
        .arg(format!("--chrome-flags={FLAGS}"))
        .env(
            "CHROME_PATH",
            std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        )
        .status()
        .map_err(|e| format!("lighthouse did not start ({e}): run scripts/bench.sh"))?;
    if !status.success() {
        return Err(format!("lighthouse exited with {status}"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn read(report: &Value) -> Row {
    let score = |category: &str| report["categories"][category]["score"].as_f64();
    let (performance, a11y, practices) =
        (score("performance"), score("accessibility"), score("best-practices"));
    let audit = |id: &str| report["audits"][id]["displayValue"].as_str().unwrap_or("?").to_string();
    let shown = |s: Option<f64>| s.map_or("?".to_string(), |s| format!("{s:.2}"));
    Row {
        what: WHAT,
        target: TARGET,
        value: format!(
            "{} / {} / {} (LCP {}; {})",
            shown(performance),
            shown(a11y),
            shown(practices),
            audit("largest-contentful-paint"),
            audit("total-byte-weight")
        ),
        ok: Some(
            performance.is_some_and(|p| p >= 0.95) && a11y == Some(1.0) && practices == Some(1.0),
        ),
    }
}
