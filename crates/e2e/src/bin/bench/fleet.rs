//! The fleet at a size (10,000 or 50,000 devices): the console's first screen, a filter
//! keystroke, select-all and the JS heap, each beside the honest floor page doing the same
//! job in plain JavaScript with the same gestures; and the overview's computation.

use console_e2e::{click, wait_for_text, wait_for_text_within};
use fantoccini::{Client, Locator};

use crate::measure::{fleet_phases, wait_for_measure};

/// Samples over `runs` loads of a fleet of `devices`.
#[derive(Default)]
pub struct FleetSamples {
    pub ready: Vec<f64>,
    /// When the main wasm was fetched, the last of the workspace's pieces, get-devs sent,
    /// its reply in.
    pub phases: [Vec<f64>; 4],
    pub heap: Vec<f64>,
    /// Refresh clicked → the list read and taken in, → the table drawn again, and the
    /// longest task in between ([`refresh`]).
    pub refresh: [Vec<f64>; 3],
    pub filter: Vec<f64>,
    pub select_all: Vec<f64>,
    pub overview: Vec<f64>,
    pub floor_ready: Vec<f64>,
    pub floor_filter: Vec<f64>,
    pub floor_select: Vec<f64>,
}

/// Loads the fleet page (logged in already) and the floor page `runs` times each.
pub async fn measure(client: &Client, url: &str, devices: usize, runs: usize) -> FleetSamples {
    let all = format!("{devices} devices");
    let none_filtered = format!("{devices} devices · {devices} shown");
    let mut s = FleetSamples::default();
    for _ in 0..runs {
        client.goto(&format!("{url}fleet")).await.expect("the fleet");
        wait_for_text_within(client, "[data-testid=fleet-counts]", 120, |t| t.starts_with(&all))
            .await;
        s.ready.push(wait_for_measure(client, "fleet-ready", 1).await[0]);
        if std::env::var("BENCH_DETAIL").is_ok() {
            let decoded = crate::measure::measures(client, "fleet-decoded").await;
            let taken = crate::measure::measures(client, "fleet-taken").await;
            println!(
                "fleet: decoded at {decoded:?}, taken at {taken:?}, ready at {:?}",
                s.ready.last()
            );
        }
        for (phase, at) in s.phases.iter_mut().zip(fleet_phases(client).await) {
            phase.push(at);
        }
        let used = client
            .execute("return performance.memory ? performance.memory.usedJSHeapSize : null", vec![])
            .await
            .expect("heap");
        if let Some(bytes) = used.as_f64() {
            s.heap.push(bytes / 1_048_576.0);
        }
        for (samples, ms) in s.refresh.iter_mut().zip(refresh(client).await) {
            samples.push(ms);
        }
        let search =
            client.find(Locator::Css(".filters input[type=search]")).await.expect("search");
        for key in ["A", "3", "1"] {
            search.send_keys(key).await.expect("type");
        }
        s.filter.extend(wait_for_measure(client, "filter", 3).await);
        for _ in 0..3 {
            search.send_keys("\u{e003}").await.expect("backspace");
        }
        wait_for_text(client, "[data-testid=fleet-counts]", |t| t.starts_with(&none_filtered))
            .await;
        click(client, "td.select input:not([disabled])").await;
        click(client, ".batch-bar button").await;
        s.select_all.extend(wait_for_measure(client, "select-all", 1).await);
        if std::env::var("BENCH_DETAIL").is_ok() {
            let update = crate::measure::measures(client, "select-all-update").await;
            println!("select-all: selection updated after {update:?} ms");
        }
        click(client, ".batch-bar button:nth-of-type(2)").await; // clear

        // The overview, from the top bar: the same devices, counted.
        click(client, ".topbar nav a[href='/']").await;
        s.overview.extend(wait_for_measure(client, "overview", 1).await);

        // The honest floor: the same job in plain JavaScript, the same gestures.
        client.goto(&format!("{url}bench/floor.html")).await.expect("floor page");
        s.floor_ready.push(wait_for_measure(client, "fleet-ready", 1).await[0]);
        let search = client.find(Locator::Css("#search")).await.expect("floor search");
        for key in ["A", "3", "1"] {
            search.send_keys(key).await.expect("type");
        }
        s.floor_filter.extend(wait_for_measure(client, "filter", 3).await);
        for _ in 0..3 {
            search.send_keys("\u{e003}").await.expect("backspace");
        }
        wait_for_text(client, "#counts", |t| t.starts_with(&none_filtered)).await;
        click(client, "#fleet input:not([disabled])").await;
        click(client, "#select-all").await;
        s.floor_select.extend(wait_for_measure(client, "select-all", 1).await);
    }
    s
}

/// Clicks the fleet's Refresh and times it on the page: until the fleet's reading is taken
/// in (its `fleet-taken` mark, a new one per reading), until the next frame after that (the
/// table drawn again), and the longest task in between (what the page was frozen for;
/// Chromium's long-task entries, 50 ms and over, else 0). Clicked from the page's own
/// script: WebDriver's click would add its own round trip to the time.
async fn refresh(client: &Client) -> [f64; 3] {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const marks = () => performance.getEntriesByName('fleet-taken', 'measure');
        const before = marks().length;
        let longest = 0;
        const observer = new PerformanceObserver((list) => {
          for (const task of list.getEntries()) longest = Math.max(longest, task.duration);
        });
        observer.observe({ type: 'longtask' });
        const button = [...document.querySelectorAll('.fleet .section-head button')]
          .find((b) => b.textContent.trim() === 'Refresh');
        const clicked = performance.now();
        button.click();
        const wait = () => {
          const taken = marks();
          if (taken.length === before) return setTimeout(wait, 1);
          const inAt = taken[taken.length - 1].duration - clicked;
          requestAnimationFrame(() => setTimeout(() => {
            const drawn = performance.now() - clicked;
            // Long tasks are reported after they end: one more turn before reading them.
            setTimeout(() => { observer.disconnect(); done([inAt, drawn, longest]); }, 0);
          }, 0));
        };
        wait();
    "#;
    let value = client.execute_async(script, vec![]).await.expect("refresh timed");
    let ms = |i: usize| value[i].as_f64().expect("a time");
    [ms(0), ms(1), ms(2)]
}

/// The row of [`refresh`]'s samples.
pub fn refresh_row(what: &'static str, samples: &[Vec<f64>; 3]) -> crate::Row {
    use crate::measure::{median, spread};
    crate::Row::new(
        what,
        "reported",
        format!(
            "{:.0} ms ({}); the table drawn again at {:.0} ms; longest task {:.0} ms",
            median(samples[0].clone()),
            spread(&samples[0], 0),
            median(samples[1].clone()),
            median(samples[2].clone()),
        ),
        None,
    )
}

/// Devices of the large fleet.
pub const LARGE: usize = 50_000;

/// The rows at 50,000 devices: a Cloud of its own (its own origin, logged in afresh).
pub async fn large_rows(client: &Client, runs: usize) -> Vec<crate::Row> {
    use crate::Row;
    use crate::measure::{median, simulator_get_devs_ms, spread};
    let mut cloud = console_e2e::Cloud::start(console_e2e::cloud_of(LARGE, 120)).await;
    let sim = median(
        tokio::task::spawn_blocking({
            let url = cloud.url.clone();
            move || simulator_get_devs_ms(&url)
        })
        .await
        .expect("simulator timing"),
    );
    client.goto(&format!("{}fleet", cloud.url)).await.expect("console");
    console_e2e::log_in(client, "Admin", "Admin").await;
    let s = measure(client, &cloud.url, LARGE, runs).await;
    cloud.stop().await;
    let mut rows = Vec::new();
    let ready = median(s.ready.clone());
    rows.push(Row::new(
        "navigation → fleet table interactive, 50,000 devices",
        "≤ 1.5 s",
        format!(
            "{ready:.0} ms ({}; get-devs reply in at {:.0})",
            spread(&s.ready, 0),
            median(s.phases[3].clone())
        ),
        Some(ready <= 1500.0),
    ));
    rows.push(refresh_row("Refresh clicked → the fleet read and taken in, 50,000", &s.refresh));
    rows.push(Row::median_within(
        "filter keystroke → table updated, 50,000",
        "≤ 16 ms",
        &s.filter,
        16.0,
        "ms",
        1,
    ));
    rows.push(Row::median_within(
        "\"select all compatible\" over 50,000",
        "≤ 16 ms",
        &s.select_all,
        16.0,
        "ms",
        1,
    ));
    rows.push(Row::median_within(
        "JS heap after loading 50,000 devices",
        "≤ 120 MB",
        &s.heap,
        120.0,
        "MB",
        1,
    ));
    rows.push(Row::median_within(
        "overview computed, 50,000 devices",
        "≤ 100 ms",
        &s.overview,
        100.0,
        "ms",
        1,
    ));
    for (what, target, limit, console, floor) in [
        ("50,000: interactive, console ÷ honest floor", "≤ 1.5", 1.5, ready, median(s.floor_ready)),
        (
            "50,000: filter keystroke, console ÷ honest floor",
            "≤ 1",
            1.0,
            median(s.filter.clone()),
            median(s.floor_filter),
        ),
        (
            "50,000: select all, console ÷ honest floor",
            "≤ 1.5",
            1.5,
            median(s.select_all.clone()),
            median(s.floor_select),
        ),
    ] {
        let ratio = console / floor;
        rows.push(Row::new(
            what,
            target,
            format!("{ratio:.2} (floor {floor:.1} ms)"),
            Some(ratio <= limit),
        ));
    }
    rows.push(Row::new(
        "simulator get-devs, 50,000 devices, loopback",
        "≤ 100 ms median",
        format!("{sim:.1} ms"),
        Some(sim <= 100.0),
    ));
    rows
}
