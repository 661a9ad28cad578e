//! The record's HTTP API as the console uses it, with the simulator as the Cloud: who may
//! read and write (decided by the Cloud), what a bad request or a missing database gets —
//! always a status and a sentence, nothing stored half.

mod common;

use std::time::Duration;

use common::{
    TempDir, campaign_text, run_text, running_campaign, service, sign_in, simulated_cloud,
};
use console_server::cloud::Timeouts;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        answer: Duration::from_secs(2),
        upload: Duration::from_secs(5),
    }
}

fn new_run_body(key: &str) -> Value {
    let (run, chunks) = run_text(&["A1", "A2"]);
    let chunks: Vec<Value> =
        chunks.iter().map(|c| serde_json::from_str(c.get()).unwrap()).collect();
    json!({ "key": key, "run": serde_json::from_str::<Value>(&run).unwrap(), "chunks": chunks })
}

/// The record's API at `base`, asked with a session's cookie: each answer's status and
/// JSON (`null` when it has none).
struct Record {
    client: Client,
    base: String,
}

impl Record {
    fn at(base: &str) -> Record {
        Record { client: Client::new(), base: base.to_string() }
    }

    async fn ask(&self, request: reqwest::RequestBuilder, cookie: &str) -> (StatusCode, Value) {
        let reply = request.header("cookie", cookie).send().await.unwrap();
        let status = reply.status();
        (status, reply.json().await.unwrap_or(Value::Null))
    }

    fn url(&self, path: &str) -> String {
        format!("{}/record/v1/{path}", self.base)
    }

    async fn get(&self, path: &str, cookie: &str) -> (StatusCode, Value) {
        self.ask(self.client.get(self.url(path)), cookie).await
    }

    async fn post(&self, path: &str, cookie: &str, body: &Value) -> (StatusCode, Value) {
        self.ask(self.client.post(self.url(path)).json(body), cookie).await
    }

    async fn put(&self, path: &str, cookie: &str, body: &Value) -> (StatusCode, Value) {
        self.ask(self.client.put(self.url(path)).json(body), cookie).await
    }
}

#[tokio::test]
async fn the_administrator_writes_and_an_operator_reads_the_same_record() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("rights");
    let (base, _) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let operator = sign_in(&client, &base, "operator", "operator").await;

    let (status, me) = record.get("me", &operator).await;
    assert_eq!((status, me), (StatusCode::OK, json!({"user": "operator", "rights": "operator"})));
    let (_, me) = record.get("me", &admin).await;
    assert_eq!(me["rights"], "administrator");

    let (status, made) = record.post("runs", &admin, &new_run_body("k1")).await;
    assert_eq!((status, &made), (StatusCode::OK, &json!({"id": 1})));
    let (status, again) = record.post("runs", &admin, &new_run_body("k1")).await;
    assert_eq!(
        (status, again),
        (StatusCode::OK, json!({"id": 1})),
        "the same write again: the same run"
    );

    let (status, refused) = record.post("runs", &operator, &new_run_body("k2")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused["error"],
        "only the administrator changes the record; operator is an operator (read-only)"
    );

    let (status, read) = record.get("changes?since=0", &operator).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read["runs"].as_array().unwrap().len(),
        1,
        "the operator sees the administrator's run"
    );
    assert_eq!(read["runs"][0]["id"], 1);
    assert_eq!(read["runs"][0]["run"]["id"], 1);
    assert_eq!(read["chunks"][0]["devices"][0][0], "A1");
    let change = read["change"].as_i64().unwrap();
    let (_, quiet) = record.get(&format!("changes?since={change}"), &operator).await;
    assert_eq!(quiet["runs"], json!([]));
}

#[tokio::test]
async fn a_campaign_written_from_an_old_revision_is_told_the_new_one() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("campaign");
    let (base, _) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let campaign: Value = serde_json::from_str(&campaign_text(&running_campaign())).unwrap();
    let (status, saved) =
        record.post("campaigns", &admin, &json!({"key": "c", "campaign": campaign})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((saved["id"].clone(), saved["revision"].clone()), (json!(1), json!(1)));
    let change = json!({"revision": 1, "campaign": saved["campaign"]});
    let (first, _) = record.put("campaigns/1", &admin, &change).await;
    assert_eq!(first, StatusCode::OK);
    let (second, conflict) = record.put("campaigns/1", &admin, &change).await;
    assert_eq!(second, StatusCode::CONFLICT);
    assert_eq!(conflict["current"]["revision"], 2);

    let mut call = new_run_body("call-1");
    call["wave"] = json!(0);
    call["call"] = json!(0);
    let (status, made) = record.post("campaigns/1/calls", &admin, &call).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    assert_eq!(
        made["campaign"]["campaign"]["waves"][0]["calls"][0]["state"],
        json!({"Run": made["run"]})
    );
    call["key"] = json!("call-2");
    let (status, _) = record.post("campaigns/1/calls", &admin, &call).await;
    assert_eq!(status, StatusCode::CONFLICT, "another browser's same call is refused");
}

#[tokio::test]
async fn bad_requests_get_a_sentence_and_store_nothing() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("bad");
    let (base, store) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let url = format!("{base}/record/v1/runs");

    let reply = client.post(&url).header("cookie", &admin).body("{not json").send().await.unwrap();
    assert_eq!(reply.status(), StatusCode::BAD_REQUEST);
    let said: Value = reply.json().await.unwrap();
    assert!(said["error"].as_str().unwrap().starts_with("the request could not be read"), "{said}");

    let mut unknown = new_run_body("k");
    unknown["extra"] = json!(1);
    let (status, said) = record.post("runs", &admin, &unknown).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(said["error"].as_str().unwrap().contains("unknown field `extra`"), "{said}");

    let (status, said) = record.post("runs", &admin, &json!({"key": "k", "run": {"id": 3}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(said["error"].as_str().unwrap().starts_with("the run could not be read"), "{said}");

    let huge = "x".repeat(65 * 1024 * 1024);
    let reply = client.post(&url).header("cookie", &admin).body(huge).send().await.unwrap();
    assert_eq!(reply.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let (status, said) = record
        .post("writes", &admin, &json!({"chunks": [{"run": 9, "chunk": 0, "devices": []}]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(said["error"], "run 9 is not in the record (deleted, or never saved)");
    assert!(store.changes(0).await.unwrap().runs.is_empty(), "nothing stored");

    let (status, said) = record.get("nothing-here", &admin).await;
    assert_eq!(
        (status, said["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("no such request of the record"))
    );
}

#[tokio::test]
async fn no_session_an_ended_one_and_a_cloud_that_is_down_are_refused_with_reasons() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("sessions");
    let (base, _) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let (status, said) = record.get("changes", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(said["error"], "no Magewell Cloud session came with the request: sign in");

    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let logout = client
        .post(format!("{base}/sc_cloud/logout"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::OK);
    let (status, said) = record.get("changes", &admin).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(said["error"], "your Magewell Cloud session has ended: sign in again");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = TempDir::new("down");
    let (base, _) = service(&format!("http://127.0.0.1:{port}"), &down, timeouts()).await;
    let record = Record::at(&base);
    let (status, said) = record.get("changes", "mwcloud-sid=X; mwcloud-uid=Admin").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        said["error"].as_str().unwrap().starts_with(
            "your rights could not be checked: the Magewell Cloud could not be reached"
        ),
        "{said}"
    );
}

#[tokio::test]
async fn a_record_that_is_gone_is_said_and_ready_says_not_ready() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("gone");
    let (base, store) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    assert_eq!(client.get(format!("{base}/readyz")).send().await.unwrap().status(), StatusCode::OK);
    store.close().await;
    let (status, said) = record.post("runs", &admin, &new_run_body("k")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(said["error"].as_str().unwrap().starts_with("the record is not available"), "{said}");
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        client.get(format!("{base}/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_record_locked_by_another_writer_is_said_and_nothing_is_stored_half() {
    use sqlx::Connection;
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("locked");
    let (base, store) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    // Another program holds the SQLite file's write lock.
    let file = dir.0.join(console_server::record::SQLITE_FILE);
    let mut other =
        sqlx::SqliteConnection::connect(&console_server::record::sqlite_url(&file)).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.unwrap();
    let (status, said) = record.post("runs", &admin, &new_run_body("k")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let words = said["error"].as_str().unwrap();
    assert!(
        words.starts_with("the record is not available") && words.contains("locked"),
        "{words}"
    );
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    // Free again: the same write (same key) is stored once.
    let (status, made) = record.post("runs", &admin, &new_run_body("k")).await;
    assert_eq!((status, made), (StatusCode::OK, json!({"id": 1})));
    assert_eq!(store.changes(0).await.unwrap().runs.len(), 1);
}

#[tokio::test]
async fn the_clouds_word_on_a_session_is_kept_for_that_session_only() {
    let (cloud, state) = simulated_cloud().await;
    let dir = TempDir::new("kept");
    let (base, _) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let asked =
        || state.requests.lock().unwrap().get("/sc_cloud/scapi/get-users").copied().unwrap_or(0);
    for _ in 0..5 {
        let (status, _) = record.get("changes", &admin).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(asked(), 1, "five reads, one question to the Cloud");
    let operator = sign_in(&client, &base, "operator", "operator").await;
    record.get("changes", &operator).await;
    assert_eq!(asked(), 2, "each session is asked about on its own");
}

#[tokio::test]
async fn a_schedule_is_read_by_the_service_as_the_campaign_will_keep_it() {
    let (cloud, _) = simulated_cloud().await;
    let dir = TempDir::new("schedule");
    let (base, _) = service(&cloud, &dir, timeouts()).await;
    let client = Client::new();
    let record = Record::at(&base);
    let admin = sign_in(&client, &base, "Admin", "Admin").await;
    let question = json!({
        "zone": "Europe/Paris",
        "start": "2030-01-07T03:00",
        "end": "",
        "windows": [{"days": [1, 3], "start": "02:00", "hours": "3"}],
        "waves": 2,
        "pause_secs": 0,
    });
    let (status, read) = record.post("schedule", &admin, &question).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(
        read["summary"],
        "from Mon 7 Jan 2030 03:00 CET; inside Tue, Thu 02:00–05:00 Europe/Paris"
    );
    // Kept in UTC with its zone; both waves can go the first Tuesday at 02:00 CET.
    assert_eq!(read["schedule"]["start_at"], 1_893_981_600_000_i64);
    assert_eq!(read["earliest"], json!([1_894_064_400_000_i64, 1_894_064_400_000_i64]));
    assert_eq!(read["earliest_local"][0], "Tue 8 Jan 2030 02:00 CET");
    // What is wrong is said in a sentence.
    let mut wrong = question.clone();
    wrong["zone"] = json!("Mars/Olympus");
    let (status, refused) = record.post("schedule", &admin, &wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused["error"].as_str().unwrap().contains("“Mars/Olympus” is not a time zone"));
    wrong = question.clone();
    wrong["windows"][0]["days"] = json!([]);
    let (_, refused) = record.post("schedule", &admin, &wrong).await;
    assert_eq!(refused["error"], "Choose at least one day for each window.");
    // Only an administrator plans.
    let operator = sign_in(&client, &base, "operator", "operator").await;
    let (status, _) = record.post("schedule", &operator, &question).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
