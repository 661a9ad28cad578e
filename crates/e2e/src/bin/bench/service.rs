//! The console service's rows: `get-devs` of the whole fleet forwarded by the service
//! against asked of the simulator directly (alternating, same connection pattern), and
//! record writes per second — one poll's chunk of 250 devices per write, one transaction
//! each — on SQLite and on a throwaway PostgreSQL.

use std::time::Instant;

use console_server::app::{App, router};
use console_server::cloud::{Cloud, Timeouts, Trust};
use console_server::record::{Actor, ChunkWrite, Store, Writes};
use mwcloud_console::domain::history::{encode_chunks, encode_run};
use serde_json::value::RawValue;

use super::Row;
use super::measure::{get_devs_request, http, log_in, median};

/// The service in front of `cloud_url`, its record in a temporary folder: its address.
async fn start_service(cloud_url: &str, data: &std::path::Path) -> String {
    let cloud =
        Cloud::new(cloud_url, &Trust::System, Timeouts::default()).expect("the Cloud's address");
    let store = Store::open_sqlite_in(data).await.expect("a SQLite record");
    let app = router(App::new(cloud, store), None);
    // Served as the program serves it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("a non-blocking listener");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(console_server::app::serve(listener, app, None, Default::default()));
    addr.to_string()
}

/// The least any forwarder can add: a bare TCP relay to `upstream` (1 MiB buffers, no
/// HTTP at all, nothing checked or kept): its address.
async fn bare_relay(upstream: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address").to_string();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                    let _ = (inbound.set_nodelay(true), outbound.set_nodelay(true));
                    let _ = tokio::io::copy_bidirectional_with_sizes(
                        &mut inbound,
                        &mut outbound,
                        1 << 20,
                        1 << 20,
                    )
                    .await;
                }
            });
        }
    });
    addr
}

fn get_devs_ms(addr: &str, request: &str) -> f64 {
    let started = Instant::now();
    let reply = http(addr, request.as_bytes());
    assert!(reply.len() > 1_000_000, "a full fleet");
    started.elapsed().as_secs_f64() * 1000.0
}

/// Forwarding: the medians of 25 reads each way, taken in turn — through the service,
/// straight to the simulator, and through a bare TCP relay (what one more hop costs on
/// this machine whatever forwards).
pub async fn forwarding_row(cloud_url: &str) -> Row {
    let data = std::env::temp_dir().join(format!("bench-service-{}", std::process::id()));
    std::fs::create_dir_all(&data).expect("a folder for the record");
    let service = start_service(cloud_url, &data).await;
    let direct = cloud_url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let relay = bare_relay(direct.clone()).await;
    let (through, straight, relayed) = tokio::task::spawn_blocking(move || {
        // One session, signed in through the service: the same cookie works both ways.
        let sid = log_in(&service);
        let via = get_devs_request(&service, &sid);
        let own = get_devs_request(&direct, &sid);
        let bare = get_devs_request(&relay, &sid);
        let (mut through, mut straight, mut relayed) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..25 {
            through.push(get_devs_ms(&service, &via));
            straight.push(get_devs_ms(&direct, &own));
            relayed.push(get_devs_ms(&relay, &bare));
        }
        (median(through), median(straight), median(relayed))
    })
    .await
    .expect("the forwarding timing");
    let _ = std::fs::remove_dir_all(&data);
    let extra = (through / straight - 1.0) * 100.0;
    let hop = (relayed / straight - 1.0) * 100.0;
    Row::new(
        "service forwarding get-devs, 10,000 devices, against the simulator directly",
        "within 10 %",
        format!(
            "{through:.1} ms against {straight:.1} ms ({extra:+.0} %); a bare TCP relay {relayed:.1} ms ({hop:+.0} %)"
        ),
        Some(extra <= 10.0),
    )
}

/// Record writes per second on `store`: 300 writes of one chunk of 250 devices.
async fn writes_per_second(store: &Store) -> f64 {
    let sns: Vec<String> = (0..250).map(|i| format!("B{i:05}")).collect();
    let refs: Vec<&str> = sns.iter().map(String::as_str).collect();
    let run = mwcloud_console::testing::started_run(0, &refs, 1_780_000_000_000);
    let chunk = encode_chunks(&run).remove(0).1;
    let actor = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let id = store.begin_run(&actor, "bench", &encode_run(&run), &[]).await.expect("a run");
    let writes = 300;
    let started = Instant::now();
    for _ in 0..writes {
        let write = Writes {
            runs: vec![],
            chunks: vec![ChunkWrite {
                run: id,
                chunk: 0,
                devices: RawValue::from_string(chunk.clone()).expect("json"),
            }],
        };
        store.write(&write).await.expect("a write");
    }
    f64::from(writes) / started.elapsed().as_secs_f64()
}

/// Writes per second on SQLite and on PostgreSQL.
pub async fn writes_row() -> Row {
    let data = std::env::temp_dir().join(format!("bench-record-{}", std::process::id()));
    std::fs::create_dir_all(&data).expect("a folder for the record");
    let sqlite = Store::open_sqlite_in(&data).await.expect("a SQLite record");
    let on_sqlite = writes_per_second(&sqlite).await;
    sqlite.close().await;
    let _ = std::fs::remove_dir_all(&data);
    let cluster = pg_throwaway::Cluster::start().expect("a throwaway PostgreSQL");
    let postgres = Store::open(&cluster.database("bench").expect("a database"))
        .await
        .expect("a PostgreSQL record");
    let on_postgres = writes_per_second(&postgres).await;
    postgres.close().await;
    Row::new(
        "record writes per second (a poll's chunk of 250 devices each), SQLite / PostgreSQL",
        "reported",
        format!("{on_sqlite:.0} / {on_postgres:.0}"),
        None,
    )
}

/// The history page with 1,000 runs (10 devices each) read from the service: the record
/// read whole and shown, after logging in on the history's address.
pub async fn history_row(runs: usize) -> Row {
    let cloud = console_e2e::Cloud::start_behind_service(console_e2e::cloud_of(100, 120)).await;
    let store = cloud.record();
    let actor = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let sns: Vec<String> = (0..10).map(|i| format!("H{i:05}")).collect();
    let refs: Vec<&str> = sns.iter().map(String::as_str).collect();
    let run = mwcloud_console::testing::started_run(0, &refs, 1_780_000_000_000);
    let (text, chunks): (String, Vec<Box<RawValue>>) = (
        encode_run(&run),
        encode_chunks(&run)
            .into_iter()
            .map(|(_, t)| RawValue::from_string(t).expect("json"))
            .collect(),
    );
    for n in 0..1_000 {
        store.begin_run(&actor, &format!("seed-{n}"), &text, &chunks).await.expect("a seeded run");
    }
    let (mut shown, mut read, mut taken) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let browser = console_e2e::Browser::start().await;
        let client = &browser.client;
        client.goto(&format!("{}runs", cloud.url)).await.expect("the history's address");
        console_e2e::log_in(client, "Admin", "Admin").await;
        shown.extend(super::measure::wait_for_measure(client, "record-load", 1).await);
        read.extend(super::measure::wait_for_measure(client, "record-read", 1).await);
        taken.extend(super::measure::wait_for_measure(client, "record-take", 1).await);
        browser.close().await;
    }
    let ms = median(shown.clone());
    Row::new(
        "history page, 1,000 runs from the service: the record read and shown",
        "≤ 300 ms",
        format!(
            "{ms:.0} ms ({}; the request {:.0} ms, reading and showing {:.0} ms, drawing the rest)",
            super::measure::spread(&shown, 0),
            median(read),
            median(taken)
        ),
        Some(ms <= 300.0),
    )
}
