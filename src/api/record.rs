//! The console service's record (`/record/v1/`, same origin): whether the service is
//! there, the caller's rights, what changed since the last poll, and the writes — each
//! carrying a key made before it is sent, so a write repeated after a lost answer is never
//! stored twice. Bodies are the texts the history keeps (`domain::history`), passed as
//! they are; the service's refusals come back as its own sentence.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::RawReply;
use super::client::{get, send};
use crate::domain::campaign::schedule::{Schedule, ScheduleDraft, WindowDraft};
use crate::domain::history::stored;

/// Time limit for the record's requests.
const SECONDS: u32 = 20;

/// Why the record did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub status: u16,
    /// The service's sentence, or what went wrong on the way.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether the answer is the service's, from its status and body.
pub fn is_service(raw: &RawReply) -> bool {
    #[derive(Deserialize)]
    struct About {
        service: String,
    }
    raw.status == 200
        && serde_json::from_str::<About>(&raw.body).is_ok_and(|a| a.service == "mwcloud-console")
}

/// The service's sentence of a refusal, or the status.
pub fn refusal(raw: &RawReply) -> RecordError {
    #[derive(Deserialize)]
    struct Said {
        error: String,
    }
    let message = serde_json::from_str::<Said>(&raw.body)
        .map(|s| s.error)
        .unwrap_or_else(|_| format!("the console service answered HTTP {}", raw.status));
    RecordError { status: raw.status, message }
}

/// Everything written after a change number.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RecordChanges {
    pub change: i64,
    /// (id, the run's record text).
    pub runs: Vec<(u64, String)>,
    /// (run, chunk, the chunk's text).
    pub chunks: Vec<(u64, usize, String)>,
    /// (id, revision, the campaign's text).
    pub campaigns: Vec<(u64, i64, String)>,
    pub deleted_runs: Vec<u64>,
    /// Records the service could not give in a format this console reads.
    pub unreadable: Vec<String>,
    /// The service's driver, when the service drives campaigns and follows runs.
    pub driver: Option<DriverStatus>,
}

/// What the service's driver says of itself with every poll of the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DriverStatus {
    /// The service drives campaigns and follows runs: this browser leaves it to it.
    pub drives: bool,
    /// Which Cloud session its calls are sent with.
    pub sends_as: String,
    /// Why campaigns wait for a session, when they do.
    pub waiting: Option<String>,
    /// Its last cycle's problem (the Cloud or the record not answering).
    pub problem: Option<String>,
}

#[derive(Deserialize)]
struct ChangesWire {
    change: i64,
    runs: Vec<RunWire>,
    chunks: Vec<ChunkWire>,
    campaigns: Vec<CampaignWire>,
    deleted_runs: Vec<u64>,
    #[serde(default)]
    unreadable: Vec<String>,
    #[serde(default)]
    driver: Option<DriverStatus>,
}

#[derive(Deserialize)]
struct RunWire {
    id: u64,
    run: Box<RawValue>,
}

#[derive(Deserialize)]
struct ChunkWire {
    run: u64,
    chunk: usize,
    devices: Box<RawValue>,
}

#[derive(Deserialize)]
struct CampaignWire {
    id: u64,
    revision: i64,
    campaign: Box<RawValue>,
}

/// Reads a changes answer.
pub fn read_changes(body: &str) -> Result<RecordChanges, String> {
    let wire: ChangesWire = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok(RecordChanges {
        change: wire.change,
        runs: wire.runs.into_iter().map(|r| (r.id, r.run.get().to_string())).collect(),
        chunks: wire
            .chunks
            .into_iter()
            .map(|c| (c.run, c.chunk, c.devices.get().to_string()))
            .collect(),
        campaigns: wire
            .campaigns
            .into_iter()
            .map(|c| (c.id, c.revision, c.campaign.get().to_string()))
            .collect(),
        deleted_runs: wire.deleted_runs,
        unreadable: wire.unreadable,
        driver: wire.driver,
    })
}

/// What the planner asks the service about a schedule (`POST /record/v1/schedule`): the
/// service has the time-zone database, the browser does not (see `campaign::schedule`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleQuestion {
    pub zone: String,
    /// "2026-12-08T03:00" on the zone's clock, or empty.
    pub start: String,
    pub end: String,
    pub windows: Vec<WindowQuestion>,
    /// How many waves the plan has, and the pause between them: for each wave's earliest time.
    pub waves: usize,
    pub pause_secs: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowQuestion {
    /// Monday = 0 … Sunday = 6.
    pub days: Vec<u8>,
    pub start: String,
    pub hours: String,
}

impl ScheduleQuestion {
    /// The schedule as typed, for `campaign::schedule::zone::read`.
    pub fn draft(&self) -> ScheduleDraft {
        ScheduleDraft {
            zone: self.zone.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            windows: self
                .windows
                .iter()
                .map(|w| WindowDraft {
                    days: w.days.clone(),
                    start: w.start.clone(),
                    hours: w.hours.clone(),
                })
                .collect(),
        }
    }
}

/// The service's reading of a schedule: as the campaign will keep it, in words, and when
/// each wave can go at the earliest (epoch ms, and on the schedule's clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleAnswer {
    pub schedule: stored::v1::Schedule,
    pub summary: String,
    pub earliest: Vec<Option<i64>>,
    pub earliest_local: Vec<Option<String>>,
}

impl ScheduleAnswer {
    pub fn schedule(&self) -> Schedule {
        self.schedule.clone().into()
    }
}

/// Asks the service how it reads a schedule (a sentence saying what is wrong with it, if so).
pub async fn read_schedule(question: &ScheduleQuestion) -> Result<ScheduleAnswer, RecordError> {
    let raw = ok(exchange(Request::post("/record/v1/schedule"), body(question)).await?)?;
    json::<ScheduleAnswer>(&raw)
}

/// A campaign as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCampaign {
    pub id: u64,
    pub revision: i64,
    pub text: String,
}

fn read_campaign(value: &CampaignWire) -> StoredCampaign {
    StoredCampaign {
        id: value.id,
        revision: value.revision,
        text: value.campaign.get().to_string(),
    }
}

/// What became of a change or a call: done, or refused with the record's current campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided<T> {
    Done(T),
    /// Another writer came first (409): the campaign as stored now.
    Conflict(StoredCampaign),
}

/// Text as a JSON value for a request body (the history's texts are JSON).
fn raw(text: &str) -> Result<Box<RawValue>, RecordError> {
    RawValue::from_string(text.to_string())
        .map_err(|e| RecordError { status: 0, message: format!("a record is not JSON: {e}") })
}

/// A write of runs and chunks, as the service takes it.
#[derive(Serialize, Default)]
pub struct WritesBody {
    pub runs: Vec<RunWriteBody>,
    pub chunks: Vec<ChunkWriteBody>,
}

#[derive(Serialize)]
pub struct RunWriteBody {
    pub id: u64,
    pub run: Box<RawValue>,
    pub chunks: Vec<Box<RawValue>>,
}

#[derive(Serialize)]
pub struct ChunkWriteBody {
    pub run: u64,
    pub chunk: usize,
    pub devices: Box<RawValue>,
}

impl WritesBody {
    /// Adds a run whole: its record and its chunks, first to last.
    pub fn run(&mut self, id: u64, record: &str, chunks: &[String]) -> Result<(), RecordError> {
        let chunks = chunks.iter().map(|c| raw(c)).collect::<Result<_, _>>()?;
        self.runs.push(RunWriteBody { id, run: raw(record)?, chunks });
        Ok(())
    }

    pub fn chunk(&mut self, run: u64, chunk: usize, text: &str) -> Result<(), RecordError> {
        self.chunks.push(ChunkWriteBody { run, chunk, devices: raw(text)? });
        Ok(())
    }
}

/// A key for a write, made before it is sent: random, so no two browsers make the same.
pub fn new_key() -> String {
    let part = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{:08x}{:08x}{:08x}{:08x}", part(), part(), part(), part())
}

async fn exchange(
    request: gloo_net::http::RequestBuilder,
    body: Option<String>,
) -> Result<RawReply, RecordError> {
    let request = request.header("content-type", "application/json");
    send(request, body.map(Into::into), SECONDS).await.map_err(|e| RecordError {
        status: 0,
        message: format!("the console service did not answer: {}", e.message()),
    })
}

fn ok(raw: RawReply) -> Result<RawReply, RecordError> {
    if (200..300).contains(&raw.status) { Ok(raw) } else { Err(refusal(&raw)) }
}

fn json<T: serde::de::DeserializeOwned>(raw: &RawReply) -> Result<T, RecordError> {
    serde_json::from_str(&raw.body).map_err(|e| RecordError {
        status: raw.status,
        message: format!("the console service's answer could not be read: {e}"),
    })
}

fn body(value: &impl Serialize) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Whether this page is served by the console service.
pub async fn service_present() -> bool {
    match send(get("/record/v1/about"), None, SECONDS).await {
        Ok(raw) => is_service(&raw),
        Err(_) => false,
    }
}

/// Whether the caller may write: the Cloud said so, through the service.
pub async fn may_write() -> Result<bool, RecordError> {
    #[derive(Deserialize)]
    struct Me {
        rights: String,
    }
    let raw = ok(exchange(get("/record/v1/me"), None).await?)?;
    Ok(json::<Me>(&raw)?.rights == "administrator")
}

/// Everything written after `since`.
pub async fn changes(since: i64) -> Result<RecordChanges, RecordError> {
    let raw = ok(exchange(get(&format!("/record/v1/changes?since={since}")), None).await?)?;
    read_changes(&raw.body).map_err(|e| RecordError {
        status: raw.status,
        message: format!("the console service's answer could not be read: {e}"),
    })
}

/// Saves a new run (its record and chunks); the number the record gave it.
pub async fn begin_run(key: &str, record: &str, chunks: &[String]) -> Result<u64, RecordError> {
    #[derive(Serialize)]
    struct NewRun<'a> {
        key: &'a str,
        run: Box<RawValue>,
        chunks: Vec<Box<RawValue>>,
    }
    #[derive(Deserialize)]
    struct Id {
        id: u64,
    }
    let chunks = chunks.iter().map(|c| raw(c)).collect::<Result<_, _>>()?;
    let new = NewRun { key, run: raw(record)?, chunks };
    let raw = ok(exchange(Request::post("/record/v1/runs"), body(&new)).await?)?;
    Ok(json::<Id>(&raw)?.id)
}

/// Writes runs and chunks, all or nothing.
pub async fn write(writes: &WritesBody) -> Result<(), RecordError> {
    ok(exchange(Request::post("/record/v1/writes"), body(writes)).await?).map(|_| ())
}

/// Deletes runs.
pub async fn delete_runs(ids: &[u64]) -> Result<(), RecordError> {
    #[derive(Serialize)]
    struct Ids<'a> {
        ids: &'a [u64],
    }
    ok(exchange(Request::post("/record/v1/runs/delete"), body(&Ids { ids })).await?).map(|_| ())
}

/// Saves a new campaign.
pub async fn begin_campaign(key: &str, text: &str) -> Result<StoredCampaign, RecordError> {
    #[derive(Serialize)]
    struct NewCampaign<'a> {
        key: &'a str,
        campaign: Box<RawValue>,
    }
    let new = NewCampaign { key, campaign: raw(text)? };
    let raw = ok(exchange(Request::post("/record/v1/campaigns"), body(&new)).await?)?;
    Ok(read_campaign(&json::<CampaignWire>(&raw)?))
}

#[derive(Deserialize)]
struct ConflictWire {
    current: CampaignWire,
}

/// Stores campaign `id` when it is still at `revision`.
pub async fn change_campaign(
    id: u64,
    revision: i64,
    text: &str,
) -> Result<Decided<StoredCampaign>, RecordError> {
    #[derive(Serialize)]
    struct Change {
        revision: i64,
        campaign: Box<RawValue>,
    }
    let change = Change { revision, campaign: raw(text)? };
    let raw = exchange(Request::put(&format!("/record/v1/campaigns/{id}")), body(&change)).await?;
    if raw.status == 409 {
        return Ok(Decided::Conflict(read_campaign(&json::<ConflictWire>(&raw)?.current)));
    }
    Ok(Decided::Done(read_campaign(&json::<CampaignWire>(&ok(raw)?)?)))
}

/// Makes a wave's call into a new run: its number and the campaign as stored.
pub async fn begin_call(
    campaign: u64,
    wave: usize,
    call: usize,
    key: &str,
    record: &str,
    chunks: &[String],
) -> Result<Decided<(u64, StoredCampaign)>, RecordError> {
    #[derive(Serialize)]
    struct NewCall<'a> {
        wave: usize,
        call: usize,
        key: &'a str,
        run: Box<RawValue>,
        chunks: Vec<Box<RawValue>>,
    }
    #[derive(Deserialize)]
    struct Made {
        run: u64,
        campaign: CampaignWire,
    }
    let chunks = chunks.iter().map(|c| raw(c)).collect::<Result<_, _>>()?;
    let new = NewCall { wave, call, key, run: raw(record)?, chunks };
    let raw =
        exchange(Request::post(&format!("/record/v1/campaigns/{campaign}/calls")), body(&new))
            .await?;
    if raw.status == 409 {
        return Ok(Decided::Conflict(read_campaign(&json::<ConflictWire>(&raw)?.current)));
    }
    let made = json::<Made>(&ok(raw)?)?;
    Ok(Decided::Done((made.run, read_campaign(&made.campaign))))
}

/// A run or campaign of this browser's own history, to move into the record.
#[derive(Serialize)]
pub struct MovedRecord {
    pub key: String,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Box<RawValue>>,
}

impl MovedRecord {
    pub fn run(
        key: String,
        id: u64,
        record: &str,
        chunks: &[String],
    ) -> Result<MovedRecord, RecordError> {
        let chunks = chunks.iter().map(|c| raw(c)).collect::<Result<_, _>>()?;
        Ok(MovedRecord { key, id, run: Some(raw(record)?), chunks, campaign: None })
    }

    pub fn campaign(key: String, id: u64, text: &str) -> Result<MovedRecord, RecordError> {
        Ok(MovedRecord { key, id, run: None, chunks: Vec::new(), campaign: Some(raw(text)?) })
    }
}

/// How many runs and campaigns a move took in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct MoveCounts {
    pub runs: usize,
    pub campaigns: usize,
    pub already: usize,
}

/// Moves this browser's history into the record, all or nothing.
pub async fn move_history(
    runs: Vec<MovedRecord>,
    campaigns: Vec<MovedRecord>,
) -> Result<MoveCounts, RecordError> {
    #[derive(Serialize)]
    struct Move {
        runs: Vec<MovedRecord>,
        campaigns: Vec<MovedRecord>,
    }
    let raw =
        ok(exchange(Request::post("/record/v1/import"), body(&Move { runs, campaigns })).await?)?;
    json(&raw)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> RawReply {
        RawReply { status, content_type: "application/json".into(), body: body.into() }
    }

    #[test]
    fn only_the_services_own_answer_says_the_service_is_there() {
        assert!(is_service(&reply(200, r#"{"service":"mwcloud-console","version":"0.1.0"}"#)));
        // A plain-files deployment answers every address with the page, or 404.
        assert!(!is_service(&reply(200, "<!doctype html><title>console</title>")));
        assert!(!is_service(&reply(404, r#"{"service":"mwcloud-console"}"#)));
        assert!(!is_service(&reply(200, r#"{"service":"something else"}"#)));
    }

    #[test]
    fn a_refusal_is_said_in_the_services_words_or_by_its_status() {
        let said = refusal(&reply(403, r#"{"error":"only the administrator changes the record"}"#));
        assert_eq!(
            said,
            RecordError {
                status: 403,
                message: "only the administrator changes the record".into()
            }
        );
        assert_eq!(
            refusal(&reply(502, "Bad Gateway")).message,
            "the console service answered HTTP 502"
        );
    }

    #[test]
    fn changes_are_read_with_their_texts_as_they_were_stored() {
        let body = r#"{"change":7,"runs":[{"id":3,"run":{"id":3,"batch":"x"}}],
            "chunks":[{"run":3,"chunk":0,"devices":[["A1",true,[]]]}],
            "campaigns":[{"id":1,"revision":2,"campaign":{"id":1}}],
            "deleted_runs":[2],"unreadable":[]}"#;
        let changes = read_changes(body).unwrap();
        assert_eq!(changes.change, 7);
        assert_eq!(changes.runs, [(3, r#"{"id":3,"batch":"x"}"#.to_string())]);
        assert_eq!(changes.chunks, [(3, 0, r#"[["A1",true,[]]]"#.to_string())]);
        assert_eq!(changes.campaigns, [(1, 2, r#"{"id":1}"#.to_string())]);
        assert_eq!(changes.deleted_runs, [2]);
        assert!(read_changes(r#"{"change":"seven"}"#).is_err());
    }
}
