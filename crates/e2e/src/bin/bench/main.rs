//! The benchmark: the release console at 10,000 devices in headless Chromium, against the
//! simulator on loopback. Prints a table of medians over several runs (`BENCH_RUNS`,
//! default 5). Numbers come from the page's own `performance.measure` entries.
//! Run it through `scripts/bench.sh`, which builds the release console first.

use std::time::{Duration, Instant};

use cloud_sim::config::SimConfig;
use console_e2e::{Browser, Cloud, click, dist_dir, log_in, wait_for_text, wait_for_text_within};
use fantoccini::{Client, Locator};

mod burst;
mod campaign;
mod compare;
mod driving;
mod fleet;
mod history;
mod lighthouse;
mod measure;
mod pieces;
mod reading;
mod service;

use measure::{
    first_screen_bytes, gzip_size, median, simulator_get_devs_ms, spread, wait_for_measure,
};

const DEVICES: usize = 10_000;

/// The honest floor page copied into `dist/bench/`, removed again when dropped: a later
/// `dist/` (served or deployed) holds only the console.
struct FloorPage(std::path::PathBuf);

impl FloorPage {
    fn place(dist: &std::path::Path) -> FloorPage {
        let dir = dist.join("bench");
        std::fs::create_dir_all(&dir).expect("dist/bench");
        let page = FloorPage(dir);
        let source = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench");
        for file in ["floor.html", "floor.js"] {
            std::fs::copy(source.join(file), page.0.join(file)).expect("copy the floor page");
        }
        page
    }
}

impl Drop for FloorPage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Row {
    what: &'static str,
    target: &'static str,
    value: String,
    ok: Option<bool>,
}

impl Row {
    /// What was measured, against what target, the value found and whether it holds
    /// (`None`: reported only).
    fn new(what: &'static str, target: &'static str, value: String, ok: Option<bool>) -> Row {
        Row { what, target, value, ok }
    }

    /// A row whose median of `samples` must stay at or below `limit`, said in `unit` with
    /// its range.
    fn median_within(
        what: &'static str,
        target: &'static str,
        samples: &[f64],
        limit: f64,
        unit: &str,
        decimals: usize,
    ) -> Row {
        let value = median(samples.to_vec());
        let said = format!("{value:.decimals$} {unit} ({})", spread(samples, decimals));
        Row::new(what, target, said, Some(value <= limit))
    }
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut table = Vec::new();

    // Bundle: what the browser downloads, compressed as a server would.
    let dist = dist_dir();
    let (mut bundle, mut brotli) = (0, 0);
    for entry in std::fs::read_dir(&dist).expect("dist/ (run scripts/bench.sh)") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if matches!(ext, "wasm" | "js" | "css") {
            bundle += gzip_size(&path);
            // Written by the release build beside each asset (scripts/compress_assets.py).
            let packed = path.with_extension(format!("{ext}.br"));
            brotli += std::fs::metadata(&packed).map_or(0, |m| m.len() as usize);
        }
    }
    let kb = bundle as f64 / 1024.0;
    table.push(Row::new(
        "release bundle, wasm + js + css, gzip / brotli",
        "≤ 200 KB gzip",
        format!("{kb:.1} KB / {:.1} KB", brotli as f64 / 1024.0),
        Some(kb <= 200.0),
    ));

    // `BENCH_ONLY=compare`: this build's first screen against another build's, in turn.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("compare") {
        let Some(other) = std::env::var_os("BENCH_COMPARE") else {
            eprintln!("BENCH_ONLY=compare needs BENCH_COMPARE=<another build's dist/ folder>");
            std::process::exit(2);
        };
        table.extend(compare::rows(std::path::Path::new(&other), DEVICES, runs).await);
        return print_table(runs, &table);
    }

    // Reading the Cloud's list, natively: what each poll costs before anything is drawn.
    table.extend(reading::rows(DEVICES, runs));
    if std::env::var("BENCH_ONLY").as_deref() == Ok("reading") {
        return print_table(runs, &table);
    }

    // The honest floor page rides along with the console's files, on the same origin,
    // for as long as the benchmark runs (removed when `_floor` is dropped at its end).
    let _floor = FloorPage::place(&dist);

    let config = console_e2e::cloud_of(DEVICES, 120);
    let cloud = Cloud::start(config).await;
    let sim_ms = median(
        tokio::task::spawn_blocking({
            let url = cloud.url.clone();
            move || simulator_get_devs_ms(&url)
        })
        .await
        .expect("simulator timing"),
    );

    // `BENCH_ONLY=lighthouse`: the Lighthouse row only (after a change to what loads first).
    if std::env::var("BENCH_ONLY").as_deref() == Ok("lighthouse") {
        table.push(lighthouse::row(&cloud.url, runs).await);
        return print_table(runs, &table);
    }
    // `BENCH_ONLY=forwarding`: the service's forwarding row only, for chasing it.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("forwarding") {
        table.push(service::forwarding_row(&cloud.url).await);
        return print_table(runs, &table);
    }
    // `BENCH_ONLY=driving`: the service driving a campaign of 10,000 devices only.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("driving") {
        table.push(driving::row().await);
        return print_table(runs, &table);
    }
    // `BENCH_ONLY=service`: the console service's rows only.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("service") {
        table.push(service::forwarding_row(&cloud.url).await);
        table.push(service::writes_row().await);
        table.push(service::history_row(runs).await);
        table.push(driving::row().await);
        return print_table(runs, &table);
    }

    let browser = Browser::start().await;
    let client = &browser.client;
    // `BENCH_ONLY=large`: the 50,000-device rows only, for chasing them.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("large") {
        table.extend(fleet::large_rows(client, runs).await);
        return print_table(runs, &table);
    }
    // The split build: the first screen's bytes and each page's, from the build.
    table.extend(pieces::byte_rows(&dist));
    // A first visit, nothing cached: what the login screen costs on the wire.
    client.goto(&cloud.url).await.expect("console loads");
    wait_for_text_within(client, "#login-title", 30, |t| !t.is_empty()).await;
    wait_for_measure(client, "login-ready", 1).await;
    let login_kb = pieces::code_on_the_wire_until(client, "login-ready").await;
    let all_kb = first_screen_bytes(client).await as f64 / 1024.0;
    table.push(Row::new(
        "login screen on the wire, as the browser counts it",
        "≤ 150 KB",
        format!("{login_kb:.1} KB (with the Cloud's answers: {all_kb:.1} KB)"),
        Some(login_kb <= 150.0),
    ));
    // Logging in lands on the overview.
    log_in(client, "Admin", "Admin").await;
    wait_for_text_within(client, "[data-testid=overview-figures]", 60, |t| {
        t.contains("10000 devices")
    })
    .await;
    // A second page, its code fetched ahead once the browser was idle.
    let mut second = Vec::new();
    for _ in 0..runs {
        client.goto(&cloud.url).await.expect("the overview");
        wait_for_text_within(client, "[data-testid=overview-figures]", 60, |t| {
            t.contains("10000 devices")
        })
        .await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        second.push(pieces::open_from_top_bar(client, "/runs", "Runs and campaigns").await);
    }
    table.push(Row::median_within(
        "click → second page (the history) on the page",
        "≤ 300 ms",
        &second,
        300.0,
        "ms",
        0,
    ));

    let fleet::FleetSamples {
        ready,
        phases,
        heap,
        refresh,
        filter,
        select_all,
        overview: _,
        floor_ready,
        floor_filter,
        floor_select,
    } = fleet::measure(client, &cloud.url, DEVICES, runs).await;
    let ready_ms = median(ready.clone());
    table.push(Row::new(
        "navigation → fleet table interactive, 10,000 devices",
        "≤ 1 s",
        format!(
            "{ready_ms:.0} ms ({}; main wasm fetched at {:.0}, the workspace's pieces at \
             {:.0}, get-devs sent at {:.0}, its reply in at {:.0})",
            spread(&ready, 0),
            median(phases[0].clone()),
            median(phases[1].clone()),
            median(phases[2].clone()),
            median(phases[3].clone()),
        ),
        Some(ready_ms <= 1000.0),
    ));
    table.push(fleet::refresh_row(
        "Refresh clicked → the fleet read and taken in, 10,000",
        &refresh,
    ));
    table.push(Row::median_within(
        "filter keystroke → table updated",
        "≤ 16 ms",
        &filter,
        16.0,
        "ms",
        1,
    ));
    table.push(Row::median_within(
        "\"select all compatible\" over 10,000",
        "≤ 16 ms",
        &select_all,
        16.0,
        "ms",
        1,
    ));
    table.push(Row::median_within(
        "JS heap after loading 10,000 devices",
        "≤ 60 MB",
        &heap,
        60.0,
        "MB",
        1,
    ));
    for (what, target, limit, console, floor) in [
        (
            "navigation → interactive: console ÷ honest floor",
            "≤ 1.5",
            1.5,
            ready_ms,
            median(floor_ready),
        ),
        (
            "filter keystroke: console ÷ honest floor",
            "≤ 2",
            2.0,
            median(filter),
            median(floor_filter),
        ),
        (
            "select all compatible: console ÷ honest floor",
            "≤ 2",
            2.0,
            median(select_all),
            median(floor_select),
        ),
    ] {
        let ratio = console / floor;
        table.push(Row {
            what,
            target,
            value: format!("{ratio:.2} (floor {floor:.1} ms: plain JavaScript, windowed)"),
            ok: Some(ratio <= limit),
        });
    }
    // 50,000 devices: the same gestures, the overview, the simulator.
    table.extend(fleet::large_rows(client, runs).await);
    // `BENCH_ONLY=fleet`: the first screen and the floor only, for chasing a regression.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("fleet") {
        let samples: Vec<String> = ready.iter().map(|ms| format!("{ms:.0}")).collect();
        println!("fleet-ready samples (ms): {}", samples.join(" "));
        return print_table(runs, &table);
    }

    // Requests per progress refresh, on a run of one whole batch key.
    client.goto(&format!("{}fleet", cloud.url)).await.expect("console");
    wait_for_text_within(client, "[data-testid=fleet-counts]", 60, |t| {
        t.starts_with("10000 devices")
    })
    .await;
    click(client, "td.select input:not([disabled])").await;
    click(client, ".batch-bar button").await;
    let batch =
        wait_for_text(client, "[data-testid=fleet-counts]", |t| !t.ends_with(" 1 selected")).await;
    click(client, ".firmware-list li:last-child input").await;
    click(client, ".firmware button.primary").await;
    let risky =
        client.find_all(Locator::Css(".review [data-testid=accept-risks]")).await.expect("review");
    if let Some(accept) = risky.first() {
        accept.click().await.expect("accept risks");
    }
    click(client, "[data-testid=confirm-upgrade]").await;
    wait_for_text_within(client, "[data-testid=run-counts]", 60, |t| !t.contains(" 0 in progress"))
        .await;
    let updated = |client: &Client| {
        let client = client.clone();
        async move {
            client
                .find(Locator::Css("[data-testid=run-view] p.muted"))
                .await
                .ok()?
                .text()
                .await
                .ok()
        }
    };
    let mut last = updated(client).await;
    let mut polls = 0;
    let mut before = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while polls < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = updated(client).await;
        if now != last {
            if polls == 0 {
                before = cloud.state.requests_for("/sc_cloud/scapi/get-devs");
            }
            polls += 1;
            last = now;
        }
    }
    let after = cloud.state.requests_for("/sc_cloud/scapi/get-devs");
    let per_poll = (after - before) as f64 / (polls.max(2) - 1) as f64;
    table.push(Row::new(
        "requests per progress refresh",
        "1, whatever the batch size",
        format!("{per_poll:.1} (batch: {})", batch.rsplit(" · ").next().unwrap_or_default()),
        Some((per_poll - 1.0).abs() < 0.01),
    ));

    table.extend(history::rows(client, runs).await);
    table.extend(campaign::rows(client, runs).await);

    // Outcomes of a very large batch: a fleet of one model, all of it in one call. One
    // sample per fresh Cloud (its own origin, so an empty history), `runs` times.
    let (mut outcomes, mut label) = (vec![], String::new());
    for _ in 0..runs {
        let single = SimConfig {
            only_model: Some(771),
            ..SimConfig { devices: DEVICES, ..SimConfig::default() }
        };
        let mut one_model = Cloud::start(single).await;
        client.goto(&format!("{}fleet", one_model.url)).await.expect("console");
        log_in(client, "Admin", "Admin").await;
        wait_for_text_within(client, "[data-testid=fleet-counts]", 60, |t| {
            t.starts_with("10000 devices")
        })
        .await;
        click(client, ".batch-bar button").await;
        click(client, ".firmware-list li:nth-child(2) input").await;
        click(client, ".firmware button.primary").await;
        label =
            wait_for_text(client, "[data-testid=confirm-upgrade]", |t| t.starts_with("Upgrade"))
                .await;
        click(client, "[data-testid=confirm-upgrade]").await;
        outcomes.extend(wait_for_measure(client, "outcomes-render", 1).await);
        one_model.stop().await;
    }
    let outcomes_ms = median(outcomes.clone());
    table.push(Row::new(
        "outcomes table rendered, large batch",
        "≤ 100 ms (5,000 SNs)",
        format!(
            "{outcomes_ms:.0} ms ({}; {})",
            label.trim_start_matches("Upgrade "),
            spread(&outcomes, 0)
        ),
        Some(outcomes_ms <= 100.0),
    ));
    table.push(Row::new(
        "simulator get-devs, 10,000 devices, loopback",
        "≤ 20 ms median",
        format!("{sim_ms:.1} ms"),
        Some(sim_ms <= 20.0),
    ));
    browser.close().await;
    table.push(service::forwarding_row(&cloud.url).await);
    table.push(service::writes_row().await);
    table.push(service::history_row(runs).await);
    table.push(driving::row().await);
    table.push(tokio::task::spawn_blocking(|| burst::row(DEVICES)).await.expect("the burst"));
    table.push(lighthouse::row(&cloud.url, runs).await);

    print_table(runs, &table);
}

fn print_table(runs: usize, table: &[Row]) {
    println!("\nBenchmark: release console, {DEVICES} devices, medians of {runs} runs\n");
    println!("| what | target | measured | within |");
    println!("|---|---|---|---|");
    for row in table {
        let ok = match row.ok {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        println!("| {} | {} | {} | {ok} |", row.what, row.target, row.value);
    }
}
