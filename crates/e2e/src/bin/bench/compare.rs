//! `BENCH_ONLY=compare BENCH_COMPARE=<another build's dist/>`: the fleet's first screen of
//! this build and of another, loaded in turn in one session (which one goes first
//! alternates), each in a browser of its own and on a simulator of its own with the same
//! fleet. The machine's pace moves more between two runs of the benchmark than a change of a
//! few milliseconds does; loads in turn share it, so their difference is the change's.
//! `BENCH_LATENCY_MS=<n>` adds `n` ms to every request of both browsers, as over a network
//! to a Cloud farther away than loopback (chromedriver's network conditions).

use std::path::{Path, PathBuf};

use console_e2e::{Browser, Cloud, dist_dir, log_in, wait_for_text_within};

use crate::Row;
use crate::measure::{measures, median, spread, wait_for_measure};

/// One build: where it is served, the browser that loads it, what each load measured.
struct Side {
    cloud: Cloud,
    browser: Browser,
    /// Navigation → the fleet's table interactive.
    ready: Vec<f64>,
    /// Navigation → the fleet's devices read.
    read: Vec<f64>,
}

impl Side {
    /// `dist` served with a fleet of `devices`, logged in, resting on an inert page.
    async fn start(dist: PathBuf, devices: usize) -> Side {
        let cloud = Cloud::start_with_console(console_e2e::cloud_of(devices, 120), dist).await;
        let browser = Browser::start().await;
        let client = &browser.client;
        if let Some(latency) = latency_ms() {
            client.issue_cmd(Latency(latency)).await.expect("chromedriver's network conditions");
        }
        client.goto(&cloud.url).await.expect("the console");
        log_in(client, "Admin", "Admin").await;
        let all = format!("{devices} devices");
        wait_for_text_within(client, "[data-testid=overview-figures]", 60, |t| t.contains(&all))
            .await;
        Side::rest(&browser, &cloud).await;
        Side { cloud, browser, ready: Vec::new(), read: Vec::new() }
    }

    /// An inert page of the same origin between loads: a console left open could poll and
    /// take the processor from the other build's load, and `about:blank` would make each
    /// load start a new renderer process (another site), which the benchmark's own loads do
    /// not pay.
    async fn rest(browser: &Browser, cloud: &Cloud) {
        let inert = format!("{}result-codes.json", cloud.url);
        browser.client.goto(&inert).await.expect("an inert page");
    }

    /// Opens the fleet afresh and notes when it was read and interactive.
    async fn load(&mut self, devices: usize) {
        let client = &self.browser.client;
        client.goto(&format!("{}fleet", self.cloud.url)).await.expect("the fleet");
        let all = format!("{devices} devices");
        wait_for_text_within(client, "[data-testid=fleet-counts]", 120, |t| t.starts_with(&all))
            .await;
        self.ready.push(wait_for_measure(client, "fleet-ready", 1).await[0]);
        self.read.extend(measures(client, "fleet-decoded").await.first());
        Side::rest(&self.browser, &self.cloud).await;
    }

    fn row(&self, what: &'static str, latency: &str) -> Row {
        Row::new(
            what,
            "reported",
            format!(
                "{:.0} ms ({}; devices read at {:.0}{latency})",
                median(self.ready.clone()),
                spread(&self.ready, 0),
                median(self.read.clone())
            ),
            None,
        )
    }
}

/// `BENCH_LATENCY_MS`, when set to a number of milliseconds.
fn latency_ms() -> Option<u64> {
    std::env::var("BENCH_LATENCY_MS").ok()?.parse().ok()
}

/// chromedriver's network conditions (its own command, beside the W3C ones): every request
/// waits `.0` ms more; the bandwidth is left as loopback's.
#[derive(Debug)]
struct Latency(u64);

impl fantoccini::wd::WebDriverCompatibleCommand for Latency {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/chromium/network_conditions", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let unlimited = 1_000_000_000_u64;
        let conditions = serde_json::json!({ "network_conditions": {
            "offline": false,
            "latency": self.0,
            "download_throughput": unlimited,
            "upload_throughput": unlimited,
        }});
        (http::Method::POST, Some(conditions.to_string()))
    }
}

/// The rows: each build's fleet interactive, and their difference load by load.
pub async fn rows(other: &Path, devices: usize, runs: usize) -> Vec<Row> {
    let mut this = Side::start(dist_dir(), devices).await;
    let mut that = Side::start(other.to_path_buf(), devices).await;
    for run in 0..runs {
        if run % 2 == 0 {
            this.load(devices).await;
            that.load(devices).await;
        } else {
            that.load(devices).await;
            this.load(devices).await;
        }
    }
    let turns: Vec<f64> = this.ready.iter().zip(&that.ready).map(|(a, b)| a - b).collect();
    let latency =
        latency_ms().map_or(String::new(), |ms| format!(", {ms} ms added to each request"));
    let rows = vec![
        this.row("fleet interactive, this build (dist/)", &latency),
        that.row("fleet interactive, the other build (BENCH_COMPARE)", &latency),
        Row::new(
            "this build − the other, load by load",
            "reported",
            format!("{:+.1} ms ({}{latency})", median(turns.clone()), spread(&turns, 1)),
            None,
        ),
    ];
    this.browser.close().await;
    that.browser.close().await;
    rows
}
