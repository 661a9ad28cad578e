//! The record's HTTP API, under `/record/v1/`: JSON in and out, every request vouched for by
//! the Cloud (operators read, the administrator writes), every refusal a status and a
//! sentence (`{"error": "…"}`) the console shows as it is.

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use mwcloud_console::api::record::{ScheduleAnswer, ScheduleQuestion};
use mwcloud_console::domain::campaign::schedule::zone;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::value::RawValue;
use std::net::SocketAddr;

use crate::app::App;
use crate::record::{Actor, CallBegun, CampaignSaved, Changes, Move, StoreError, Writes};
use crate::who::{Caller, Refusal, Rights};

/// A refusal: its status and its sentence.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        let status = match refusal {
            Refusal::NoSession | Refusal::Expired => StatusCode::UNAUTHORIZED,
            Refusal::CloudDown(_) => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Unreadable(_) => StatusCode::BAD_GATEWAY,
        };
        ApiError(status, refusal.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(why) => ApiError(StatusCode::UNPROCESSABLE_ENTITY, why.to_string()),
            other => {
                tracing::error!("record: {other}");
                ApiError(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("the record is not available: {other}"),
                )
            }
        }
    }
}

type Answer = Result<Response, ApiError>;

/// The record's routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/record/v1/about", get(about))
        .route("/record/v1/me", get(me))
        .route("/record/v1/driver", get(driver))
        .route("/record/v1/changes", get(changes))
        .route("/record/v1/runs", post(new_run))
        .route("/record/v1/writes", post(writes))
        .route("/record/v1/runs/delete", post(delete_runs))
        .route("/record/v1/campaigns", post(new_campaign))
        .route("/record/v1/campaigns/{id}", put(change_campaign))
        .route("/record/v1/campaigns/{id}/calls", post(new_call))
        .route("/record/v1/schedule", post(read_schedule))
        .route("/record/v1/audit", get(audit))
        .route("/record/v1/import", post(import))
        .route("/record/{*rest}", get(unknown).post(unknown).put(unknown).delete(unknown))
}

async fn unknown() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such request of the record".into())
}

/// Reads a JSON body of type `T` (unknown fields refused), or says what is wrong with it.
fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError(StatusCode::BAD_REQUEST, format!("the request could not be read: {e}"))
    })
}

fn client_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 100 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "a write's key must be 1 to 100 characters".into(),
        ));
    }
    Ok(())
}

/// A caller the Cloud vouched for. An administrator's live session is offered to the
/// driver (taken when it has none): how a campaign waiting for a session goes on at an
/// administrator's next request.
async fn reader(app: &App, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let caller = app.who.caller(headers).await?;
    if caller.rights == Rights::Administrator
        && let Some(cookie) = crate::who::session_cookie(headers)
    {
        app.driver.session.offer(crate::drive::calls::Cookie(cookie), &caller.user);
    }
    Ok(caller)
}

/// A write: the administrator the Cloud vouched for (an operator is refused), with the
/// request's JSON body read as `T` (unknown fields refused). Last of a handler's
/// arguments: it takes the body.
struct Write<T> {
    actor: Actor,
    body: T,
}

impl<T: DeserializeOwned> FromRequest<App> for Write<T> {
    type Rejection = Response;

    async fn from_request(request: Request, app: &App) -> Result<Self, Response> {
        let Some(ConnectInfo(peer)) =
            request.extensions().get::<ConnectInfo<SocketAddr>>().cloned()
        else {
            return Err(ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the service does not know the caller's address".into(),
            )
            .into_response());
        };
        let actor = writer(app, request.headers(), peer).await.map_err(|e| e.into_response())?;
        let bytes = Bytes::from_request(request, app).await.map_err(|e| e.into_response())?;
        Ok(Write { actor, body: body(&bytes).map_err(|e| e.into_response())? })
    }
}

async fn writer(app: &App, headers: &HeaderMap, peer: SocketAddr) -> Result<Actor, ApiError> {
    let caller = reader(app, headers).await?;
    if caller.rights != Rights::Administrator {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!(
                "only the administrator changes the record; {} is an operator (read-only)",
                caller.user
            ),
        ));
    }
    Ok(Actor { user: caller.user, address: peer.ip().to_string() })
}

/// Whether the service is there, and which (asked before signing in).
async fn about(State(app): State<App>) -> Response {
    Json(json!({
        "service": "mwcloud-console",
        "version": env!("CARGO_PKG_VERSION"),
        "record": 1,
        "database": match app.store.kind() {
            crate::record::Kind::Sqlite => "sqlite",
            crate::record::Kind::Postgres => "postgresql",
        },
        // Whether browsers leave driving to the service; what it sends with is told to
        // signed-in callers only (`driver`).
        "drives": app.driver.status().drives,
    }))
    .into_response()
}

/// The driver: whether it runs and holds the lease here, which session it sends with, and
/// why campaigns wait when they do.
async fn driver(State(app): State<App>, headers: HeaderMap) -> Answer {
    reader(&app, &headers).await?;
    Ok(Json(app.driver.status()).into_response())
}

async fn me(State(app): State<App>, headers: HeaderMap) -> Answer {
    let caller = reader(&app, &headers).await?;
    Ok(Json(json!({ "user": caller.user, "rights": caller.rights.word() })).into_response())
}

#[derive(Deserialize)]
struct Since {
    #[serde(default)]
    since: i64,
}

#[derive(Serialize)]
struct ChangesOut<'a> {
    change: i64,
    runs: Vec<RunOut<'a>>,
    chunks: Vec<ChunkOut<'a>>,
    campaigns: Vec<CampaignOut<'a>>,
    deleted_runs: &'a [u64],
    unreadable: &'a [String],
    /// The driver, when the service drives: every poll says whether campaigns wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    driver: Option<crate::drive::Status>,
}

#[derive(Serialize)]
struct RunOut<'a> {
    id: u64,
    run: &'a RawValue,
}

#[derive(Serialize)]
struct ChunkOut<'a> {
    run: u64,
    chunk: u64,
    devices: &'a RawValue,
}

#[derive(Serialize)]
struct CampaignOut<'a> {
    id: u64,
    revision: i64,
    campaign: &'a RawValue,
}

/// Stored text as JSON (it was JSON when stored; anything else is said, not sent broken).
fn raw(text: &str) -> Result<&RawValue, ApiError> {
    serde_json::from_str(text).map_err(|e| {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("a stored record is not JSON: {e}"))
    })
}

fn campaign_out(saved: &CampaignSaved) -> Result<CampaignOut<'_>, ApiError> {
    Ok(CampaignOut { id: saved.id, revision: saved.revision, campaign: raw(&saved.body)? })
}

fn changes_json(changes: &Changes, driver: Option<crate::drive::Status>) -> Answer {
    let out = ChangesOut {
        change: changes.change,
        runs: changes
            .runs
            .iter()
            .map(|(id, body)| Ok(RunOut { id: *id, run: raw(body)? }))
            .collect::<Result<_, ApiError>>()?,
        chunks: changes
            .chunks
            .iter()
            .map(|(run, chunk, body)| {
                Ok(ChunkOut { run: *run, chunk: *chunk, devices: raw(body)? })
            })
            .collect::<Result<_, ApiError>>()?,
        campaigns: changes.campaigns.iter().map(campaign_out).collect::<Result<_, _>>()?,
        deleted_runs: &changes.deleted_runs,
        unreadable: &changes.unreadable,
        driver,
    };
    Ok(Json(out).into_response())
}

/// Everything written after change `since` (0: the whole record).
async fn changes(State(app): State<App>, headers: HeaderMap, Query(since): Query<Since>) -> Answer {
    reader(&app, &headers).await?;
    let driver = Some(app.driver.status()).filter(|status| status.drives);
    changes_json(&app.store.changes(since.since).await?, driver)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewRun {
    key: String,
    run: Box<RawValue>,
    #[serde(default)]
    chunks: Vec<Box<RawValue>>,
}

async fn new_run(State(app): State<App>, Write { actor, body: new }: Write<NewRun>) -> Answer {
    client_key(&new.key)?;
    let id = app.store.begin_run(&actor, &new.key, new.run.get(), &new.chunks).await?;
    Ok(Json(json!({ "id": id })).into_response())
}

async fn writes(State(app): State<App>, Write { body: writes, .. }: Write<Writes>) -> Answer {
    app.store.write(&writes).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ids {
    ids: Vec<u64>,
}

async fn delete_runs(State(app): State<App>, Write { actor, body: ids }: Write<Ids>) -> Answer {
    app.store.delete_runs(&actor, &ids.ids).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCampaign {
    key: String,
    campaign: Box<RawValue>,
}

async fn new_campaign(
    State(app): State<App>,
    Write { actor, body: new }: Write<NewCampaign>,
) -> Answer {
    client_key(&new.key)?;
    let saved = app.store.begin_campaign(&actor, &new.key, new.campaign.get()).await?;
    Ok(Json(campaign_out(&saved)?).into_response())
}

/// How the service reads a planner's schedule: as the campaign will keep it, in words, and
/// when each wave can go at the earliest on the driver's clock (400 with the reason).
async fn read_schedule(
    State(app): State<App>,
    Write { body: question, .. }: Write<ScheduleQuestion>,
) -> Answer {
    let refused = |why: String| ApiError(StatusCode::BAD_REQUEST, why);
    let schedule = zone::read(&question.draft()).map_err(refused)?;
    let waves = question.waves.min(100);
    let earliest = zone::earliest(&schedule, app.driver.clock.now_ms(), waves, question.pause_secs)
        .map_err(refused)?;
    let answer = ScheduleAnswer {
        summary: zone::summary(&schedule),
        earliest_local: earliest
            .iter()
            .map(|at| at.map(|at| zone::local_text(at, &schedule.zone)))
            .collect(),
        earliest,
        schedule: schedule.into(),
    };
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignChange {
    revision: i64,
    campaign: Box<RawValue>,
}

fn no_campaign(id: u64) -> ApiError {
    ApiError(StatusCode::NOT_FOUND, format!("campaign {id} is not in the record"))
}

/// Changes a campaign from the revision its writer read: 409 with the stored one when
/// another writer came first.
async fn change_campaign(
    State(app): State<App>,
    Path(id): Path<u64>,
    Write { actor, body: change }: Write<CampaignChange>,
) -> Answer {
    match app.store.change_campaign(&actor, id, change.revision, change.campaign.get()).await? {
        None => Err(no_campaign(id)),
        Some(Ok(saved)) => Ok(Json(campaign_out(&saved)?).into_response()),
        Some(Err(current)) => Ok((
            StatusCode::CONFLICT,
            Json(json!({
                "error": format!("campaign {id} was changed meanwhile (revision {})", current.revision),
                "current": campaign_out(&current)?,
            })),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCall {
    wave: usize,
    call: usize,
    key: String,
    run: Box<RawValue>,
    #[serde(default)]
    chunks: Vec<Box<RawValue>>,
}

/// Makes a wave's call into a run, once: 409 with the stored campaign when it was made
/// already or the campaign is no longer running.
async fn new_call(
    State(app): State<App>,
    Path(id): Path<u64>,
    Write { actor, body: call }: Write<NewCall>,
) -> Answer {
    client_key(&call.key)?;
    let begun = app
        .store
        .begin_call(&actor, id, call.wave, call.call, &call.key, call.run.get(), &call.chunks)
        .await?;
    match begun {
        CallBegun::Missing => Err(no_campaign(id)),
        CallBegun::Made { run, campaign } => {
            Ok(Json(json!({ "run": run, "campaign": campaign_out(&campaign)? })).into_response())
        }
        CallBegun::Refused { campaign } => Ok((
            StatusCode::CONFLICT,
            Json(json!({
                "error": "the call was made already, or the campaign is no longer running",
                "current": campaign_out(&campaign)?,
            })),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
struct AuditQuery {
    limit: Option<u32>,
    before: Option<u64>,
}

async fn audit(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Answer {
    reader(&app, &headers).await?;
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let trail = app.store.audit_trail(limit, query.before).await?;
    Ok(Json(json!({ "entries": trail })).into_response())
}

/// Moves a browser's own history into the record (the administrator's): how many moved.
async fn import(State(app): State<App>, Write { actor, body: moving }: Write<Move>) -> Answer {
    for key in moving.runs.iter().map(|r| &r.key).chain(moving.campaigns.iter().map(|c| &c.key)) {
        client_key(key)?;
    }
    let moved = app.store.import(&actor, &moving).await?;
    Ok(Json(json!({ "runs": moved.runs, "campaigns": moved.campaigns, "already": moved.already }))
        .into_response())
}
