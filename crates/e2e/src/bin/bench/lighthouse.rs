//! The Lighthouse row: npm's `lighthouse` (installed by `scripts/setup.sh --bench`) against
//! Debian's Chromium, mobile simulation, on the login screen the simulator serves. Prints
//! performance / accessibility / best practices, LCP and the total transfer.

use std::process::Command;

use serde_json::Value;

use crate::Row;

const FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-background-networking \
                     --disable-component-update --disable-sync --no-first-run";

pub async fn row(url: &str) -> Row {
    let url = url.to_string();
    let report = tokio::task::spawn_blocking(move || run(&url))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    match report {
        Ok(report) => read(&report),
        Err(why) => Row {
            what: "Lighthouse, mobile, login screen: performance / a11y / best practices",
            target: "≥ 0.95 / 1.0 / 1.0",
            value: format!("not measured: {why}"),
            ok: Some(false),
        },
    }
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
    let (performance, a11y, practices) = (
        score("performance"),
        score("accessibility"),
        score("best-practices"),
    );
    let audit = |id: &str| {
        report["audits"][id]["displayValue"]
            .as_str()
            .unwrap_or("?")
            .to_string()
    };
    let shown = |s: Option<f64>| s.map_or("?".to_string(), |s| format!("{s:.2}"));
    Row {
        what: "Lighthouse, mobile, login screen: performance / a11y / best practices",
        target: "≥ 0.95 / 1.0 / 1.0",
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
