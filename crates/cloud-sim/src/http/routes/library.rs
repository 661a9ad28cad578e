//! `POST /sc_cloud/uploadFirmware` and `POST /sc_cloud/firmware/add`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use sc_wire::{AddFirmwareReply, AddFirmwareRequest, code};
use tokio::time::Instant;

use crate::codes::SimCode;
use crate::http::guard::{SignedIn, is_json};
use crate::http::reply;
use crate::http::state::AppState;

/// `uploadFirmware` and `firmware/add`.
pub fn router() -> Router<AppState> {
    Router::new()
        // Uploads enforce their own, configurable limit while streaming.
        .route("/sc_cloud/uploadFirmware", post(upload_firmware).layer(DefaultBodyLimit::disable()))
        .route("/sc_cloud/firmware/add", post(add_firmware))
}

/// Multipart, one part `file` holding a `.mwf`. Read in chunks, so an oversize file is
/// refused as soon as it passes the limit.
pub async fn upload_firmware(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    if !user.is_admin() {
        return reply::sim(SimCode::NotAdministrator);
    }
    let Ok(mut form) = form else {
        return reply::sim(SimCode::BadRequest);
    };
    let limit = state.sim().max_firmware_bytes;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return reply::sim(SimCode::BadRequest),
            Err(_) => return reply::sim(SimCode::BadRequest),
        };
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_string();
        // Counted as it streams in, never kept: the simulator identifies a firmware by its
        // file name, and a 60 MB upload must not stay in memory.
        let mut size = 0;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len();
                    if size > limit {
                        return reply::sim(SimCode::FirmwareTooLarge);
                    }
                }
                Ok(None) => break,
                Err(_) => return reply::sim(SimCode::BadRequest),
            }
        }
        let outcome = state.sim().upload_firmware(user, &file_name, size, Instant::now());
        return match outcome {
            Ok(body) => reply::json(&body),
            Err(refusal) => reply::sim(refusal),
        };
    }
}

/// JSON `{"file-path": "<from uploadFirmware>"}`.
pub async fn add_firmware(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = is_json(&headers)
        .then(|| serde_json::from_slice::<AddFirmwareRequest>(&body).ok())
        .flatten();
    let result = match request {
        None => SimCode::BadRequest.code(),
        Some(request) => match state.sim().add_firmware(user, &request.file_path, Instant::now()) {
            Ok(_) => code::OK,
            Err(refusal) => refusal.code(),
        },
    };
    reply::json(&AddFirmwareReply { method: Some("add-firmware".into()), result })
}
