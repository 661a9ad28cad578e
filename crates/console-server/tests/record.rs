//! The record's rules, run twice — on SQLite and on a throwaway PostgreSQL — with the same
//! queries: numbers given once per client key, writes all-or-nothing, campaigns changed
//! only from the revision read, a wave's call made once, what changed since a poll, the
//! audit trail, and a record that outlives its process.

mod common;

use std::future::Future;
use std::pin::Pin;

use common::{Backend, campaign_text, run_text, running_campaign};
use console_server::record::{
    Actor, CallBegun, ChunkWrite, DRIVER, Move, Moved, MovedCampaign, MovedRun, RunWrite, Store,
    StoreError, Writes,
};
use mwcloud_console::domain::campaign::{CallState, Campaign};
use mwcloud_console::domain::history;
use serde_json::value::RawValue;

fn admin() -> Actor {
    Actor { user: "Admin".into(), address: "192.0.2.7".into() }
}

type Case = fn(Store, String) -> Pin<Box<dyn Future<Output = ()>>>;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[(&str, Case)] = &[$((stringify!($name), |s, u| Box::pin($name(s, u)))),*];
    };
}

cases!(
    a_run_sent_twice_with_one_key_is_stored_once,
    a_poll_reads_only_what_changed_since_the_last,
    a_write_naming_a_missing_run_stores_nothing,
    an_unreadable_run_is_refused_whole,
    a_campaign_changes_only_from_the_revision_its_writer_read,
    a_waves_call_is_made_once_whoever_asks,
    a_deleted_run_is_said_to_every_reader,
    every_write_leaves_an_audit_line_without_secrets,
    the_record_outlives_its_process,
    a_browsers_history_moves_in_once_under_the_records_numbers,
    a_lease_goes_to_one_holder_and_a_lost_one_records_no_call,
);

async fn every_case(backend: Backend) {
    for (name, case) in CASES {
        eprintln!("case: {name}");
        let (store, url) = backend.open(name).await;
        case(store, url).await;
    }
}

#[tokio::test]
async fn the_record_on_sqlite() {
    every_case(Backend::sqlite()).await;
}

#[tokio::test]
async fn the_record_on_postgresql() {
    every_case(Backend::postgres()).await;
}

async fn a_run_sent_twice_with_one_key_is_stored_once(store: Store, _: String) {
    let (run, chunks) = run_text(&["A1", "A2"]);
    let first = store.begin_run(&admin(), "k-1", &run, &chunks).await.unwrap();
    let again = store.begin_run(&admin(), "k-1", &run, &chunks).await.unwrap();
    let other = store.begin_run(&admin(), "k-2", &run, &chunks).await.unwrap();
    assert_eq!((first, again, other), (1, 1, 2));
    let changes = store.changes(0).await.unwrap();
    let ids: Vec<u64> = changes.runs.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, [1, 2]);
    // The body names the number the record gave, as the console's reader checks.
    let loaded = history::assemble(
        changes.runs.clone(),
        changes
            .chunks
            .iter()
            .map(|(r, c, b)| (history::chunk_key(*r, *c as usize), b.clone()))
            .collect(),
    );
    assert!(loaded.set_aside.is_empty(), "{:?}", loaded.set_aside);
    assert_eq!(loaded.runs.len(), 2);
    assert_eq!(loaded.runs[1].devices.len(), 2, "the devices came back from their chunks");
}

async fn a_poll_reads_only_what_changed_since_the_last(store: Store, _: String) {
    let (run, chunks) = run_text(&["A1", "A2"]);
    let id = store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    let first = store.changes(0).await.unwrap();
    assert_eq!(first.runs.len(), 1);
    let quiet = store.changes(first.change).await.unwrap();
    assert!(quiet.runs.is_empty() && quiet.chunks.is_empty() && quiet.campaigns.is_empty());
    assert_eq!(quiet.change, first.change);

    let writes = Writes {
        runs: vec![],
        chunks: vec![ChunkWrite { run: id, chunk: 0, devices: chunks[0].clone() }],
    };
    store.write(&writes).await.unwrap();
    let next = store.changes(first.change).await.unwrap();
    assert!(next.runs.is_empty(), "the run's own record did not change");
    assert_eq!(next.chunks.len(), 1);
    assert!(next.change > first.change);
}

async fn a_write_naming_a_missing_run_stores_nothing(store: Store, _: String) {
    let (run, chunks) = run_text(&["A1"]);
    let id = store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    let before = store.changes(0).await.unwrap();
    let writes = Writes {
        runs: vec![RunWrite {
            id,
            run: RawValue::from_string(run.clone()).unwrap(),
            chunks: vec![],
        }],
        chunks: vec![ChunkWrite { run: 99, chunk: 0, devices: chunks[0].clone() }],
    };
    let error = store.write(&writes).await.unwrap_err();
    assert!(error.to_string().contains("run 99 is not in the record"), "{error}");
    let after = store.changes(before.change).await.unwrap();
    assert!(after.runs.is_empty(), "the run written in the same request was not kept either");
}

async fn an_unreadable_run_is_refused_whole(store: Store, _: String) {
    let (_, chunks) = run_text(&["A1"]);
    let error =
        store.begin_run(&admin(), "k", r#"{"id": 1, "batch": 5}"#, &chunks).await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error}");
    assert!(error.to_string().starts_with("the run could not be read"), "{error}");
    let bad_chunk = [RawValue::from_string(r#"[["A1", "yes", []]]"#.into()).unwrap()];
    let (run, _) = run_text(&["A1"]);
    let error = store.begin_run(&admin(), "k", &run, &bad_chunk).await.unwrap_err();
    assert!(error.to_string().starts_with("a chunk could not be read"), "{error}");
    assert!(store.changes(0).await.unwrap().runs.is_empty());
}

async fn a_campaign_changes_only_from_the_revision_its_writer_read(store: Store, _: String) {
    let campaign = running_campaign();
    let saved = store.begin_campaign(&admin(), "c-1", &campaign_text(&campaign)).await.unwrap();
    assert_eq!((saved.id, saved.revision), (1, 1));
    let again = store.begin_campaign(&admin(), "c-1", &campaign_text(&campaign)).await.unwrap();
    assert_eq!(again, saved, "the same request again is the same campaign");

    let mut aborted: Campaign = history::read_campaign(&saved.body).unwrap();
    aborted.log.push((1, "Aborted by Admin".into()));
    let changed = store.change_campaign(&admin(), 1, 1, &campaign_text(&aborted)).await.unwrap();
    let changed = changed.unwrap().unwrap();
    assert_eq!(changed.revision, 2);
    // A second browser that read revision 1 is told of revision 2, and nothing is written.
    let mut stale: Campaign = history::read_campaign(&saved.body).unwrap();
    stale.log.push((2, "Resumed by Admin".into()));
    let refused = store.change_campaign(&admin(), 1, 1, &campaign_text(&stale)).await.unwrap();
    let current = refused.unwrap().unwrap_err();
    assert_eq!(current.revision, 2);
    assert!(current.body.contains("Aborted by Admin") && !current.body.contains("Resumed"));
    assert!(store.change_campaign(&admin(), 7, 1, &campaign_text(&stale)).await.unwrap().is_none());
}

async fn a_waves_call_is_made_once_whoever_asks(store: Store, _: String) {
    let campaign = running_campaign();
    let saved = store.begin_campaign(&admin(), "c", &campaign_text(&campaign)).await.unwrap();
    let (run, chunks) = run_text(&["A1"]);
    let made = store.begin_call(&admin(), saved.id, 0, 0, "call-a", &run, &chunks).await.unwrap();
    let CallBegun::Made { run: id, campaign: after } = made else { panic!("{made:?}") };
    let stored: Campaign = history::read_campaign(&after.body).unwrap();
    assert_eq!(stored.waves[0].calls[0].state, CallState::Run(id), "marked made, as stored");
    // The same request again (an answer lost on the way): the same run, nothing new.
    let again = store.begin_call(&admin(), saved.id, 0, 0, "call-a", &run, &chunks).await.unwrap();
    assert!(matches!(again, CallBegun::Made { run, .. } if run == id), "{again:?}");
    // Another browser making the same call: refused.
    let other = store.begin_call(&admin(), saved.id, 0, 0, "call-b", &run, &chunks).await.unwrap();
    assert!(matches!(other, CallBegun::Refused { .. }), "{other:?}");
    let missing = store.begin_call(&admin(), 42, 0, 0, "call-c", &run, &chunks).await.unwrap();
    assert_eq!(missing, CallBegun::Missing);
    assert_eq!(store.changes(0).await.unwrap().runs.len(), 1, "one run for the call");
}

async fn a_lease_goes_to_one_holder_and_a_lost_one_records_no_call(store: Store, _: String) {
    let a = store.claim(DRIVER, "a", 1_000, 500).await.unwrap().expect("free: a takes it");
    assert!(store.claim(DRIVER, "b", 1_400, 500).await.unwrap().is_none(), "held until 1,500");
    let renewed = store.claim(DRIVER, "a", 1_400, 500).await.unwrap().unwrap();
    assert_eq!(renewed.token, a.token, "a renewal keeps the token");
    // a stops renewing; b takes over once it expired, with the next token.
    let b = store.claim(DRIVER, "b", 1_900, 500).await.unwrap().expect("expired: b takes it");
    assert_eq!(b.token, a.token + 1);
    assert!(store.claim(DRIVER, "a", 2_000, 500).await.unwrap().is_none(), "a is out");
    // a, stale, tries to record a wave's call with its old fence: refused, nothing stored.
    let campaign = running_campaign();
    let saved = store.begin_campaign(&admin(), "c", &campaign_text(&campaign)).await.unwrap();
    let (run, chunks) = run_text(&["A1"]);
    let stale = store.fenced(a.clone());
    let refused = stale.begin_call(&admin(), saved.id, 0, 0, "by-a", &run, &chunks).await;
    assert!(matches!(refused, Err(StoreError::Fenced(token)) if token == a.token), "{refused:?}");
    let refused = stale.change_campaign(&admin(), saved.id, 1, &campaign_text(&campaign)).await;
    assert!(matches!(refused, Err(StoreError::Fenced(_))), "{refused:?}");
    assert!(store.changes(0).await.unwrap().runs.is_empty(), "no run for a's call");
    // b, holding the lease, records it.
    let holder = store.fenced(b.clone());
    let made = holder.begin_call(&admin(), saved.id, 0, 0, "by-b", &run, &chunks).await.unwrap();
    assert!(matches!(made, CallBegun::Made { .. }), "{made:?}");
    // A clean stop gives the lease up at once.
    store.release(&b).await.unwrap();
    let next = store.claim(DRIVER, "c", 2_100, 500).await.unwrap().expect("released");
    assert_eq!(next.token, b.token + 1);
    assert_eq!(store.holder(DRIVER).await.unwrap().unwrap().holder, "c");
}

async fn a_deleted_run_is_said_to_every_reader(store: Store, _: String) {
    let (run, chunks) = run_text(&["A1"]);
    let id = store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    let read = store.changes(0).await.unwrap();
    store.delete_runs(&admin(), &[id]).await.unwrap();
    let next = store.changes(read.change).await.unwrap();
    assert_eq!(next.deleted_runs, [id]);
    assert!(store.changes(0).await.unwrap().runs.is_empty());
}

async fn every_write_leaves_an_audit_line_without_secrets(store: Store, _: String) {
    let (run, chunks) = run_text(&["A1", "A2"]);
    store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    store.delete_runs(&admin(), &[1]).await.unwrap();
    let trail = store.audit_trail(10, None).await.unwrap();
    let lines: Vec<(&str, &str, &str)> =
        trail.iter().map(|e| (e.action.as_str(), e.subject.as_str(), e.who.as_str())).collect();
    assert_eq!(lines, [("runs deleted", "run 1", "Admin"), ("run saved", "run 1", "Admin")]);
    assert_eq!(trail[1].address, "192.0.2.7");
    assert!(trail[1].sent.contains("2 devices to 1.5.178"), "{}", trail[1].sent);
    let older = store.audit_trail(10, Some(trail[0].id)).await.unwrap();
    assert_eq!(older.len(), 1);
}

async fn the_record_outlives_its_process(store: Store, url: String) {
    let (run, chunks) = run_text(&["A1"]);
    store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    store.close().await;
    let reopened = Store::open(&url).await.unwrap();
    assert_eq!(reopened.changes(0).await.unwrap().runs.len(), 1);
    let (run, chunks) = run_text(&["A2"]);
    assert_eq!(
        reopened.begin_run(&admin(), "k2", &run, &chunks).await.unwrap(),
        2,
        "numbers go on"
    );
}

#[tokio::test]
async fn a_backup_taken_while_in_use_holds_every_run_and_never_overwrites() {
    let dir = common::TempDir::new("backup");
    let store = Store::open_sqlite_in(&dir.0).await.unwrap();
    let (run, chunks) = run_text(&["A1"]);
    store.begin_run(&admin(), "k", &run, &chunks).await.unwrap();
    let copy = dir.0.join("copy.db");
    store.backup_to(&copy).await.unwrap();
    let error = store.backup_to(&copy).await.unwrap_err();
    assert!(error.to_string().contains("exists already"), "{error}");
    let restored = Store::open(&console_server::record::sqlite_url(&copy)).await.unwrap();
    assert_eq!(restored.changes(0).await.unwrap().runs.len(), 1);
}

async fn a_browsers_history_moves_in_once_under_the_records_numbers(store: Store, _: String) {
    // The record holds a run already: the browser's runs 1 and 2 become 2 and 3.
    let (run, chunks) = run_text(&["Z9"]);
    store.begin_run(&admin(), "first", &run, &chunks).await.unwrap();
    let (campaign, runs) = mwcloud_console::testing::halted_campaign(common::NOW);
    let moving = || Move {
        runs: runs
            .iter()
            .map(|run| MovedRun {
                key: format!("browser-x/run/{}", run.id),
                id: run.id,
                run: RawValue::from_string(history::encode_run(run)).unwrap(),
                chunks: history::encode_chunks(run)
                    .into_iter()
                    .map(|(_, text)| RawValue::from_string(text).unwrap())
                    .collect(),
            })
            .collect(),
        campaigns: vec![MovedCampaign {
            key: "browser-x/campaign/1".into(),
            id: 1,
            campaign: RawValue::from_string(campaign_text(&campaign)).unwrap(),
        }],
    };
    let moved = store.import(&admin(), &moving()).await.unwrap();
    assert_eq!(moved, Moved { runs: 2, campaigns: 1, already: 0 });
    let again = store.import(&admin(), &moving()).await.unwrap();
    assert_eq!(again, Moved { runs: 0, campaigns: 0, already: 3 }, "moved once, never twice");

    let changes = store.changes(0).await.unwrap();
    let loaded = history::assemble(
        changes.runs.clone(),
        changes
            .chunks
            .iter()
            .map(|(r, c, b)| (history::chunk_key(*r, *c as usize), b.clone()))
            .collect(),
    );
    let ids: Vec<u64> = loaded.runs.iter().map(|r| r.id).collect();
    assert_eq!(ids, [3, 2, 1]);
    assert!(loaded.runs[..2].iter().all(|r| r.campaign.map(|c| c.campaign) == Some(1)));
    let stored: Campaign = history::read_campaign(&changes.campaigns[0].body).unwrap();
    let calls: Vec<_> = stored.waves[0].calls.iter().map(|c| c.state.clone()).collect();
    assert_eq!(
        calls,
        [CallState::Run(2), CallState::Run(3)],
        "the campaign's calls follow their runs"
    );
}
