//! The browser's calls to the Cloud (same origin, relative URLs, cookies sent by the
//! browser). Every request has a time limit; none is retried here — reads may be
//! retried by the caller, `upgrade/start` never is.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use md5::{Digest, Md5};
use sc_wire::{Device, Firmware, LoginReply, UpgradeStartReply, UpgradeStartRequest};
use wasm_bindgen::JsValue;

use super::{ApiError, RawReply, decode};
use crate::domain::codes::{Catalogue, Context};
use crate::domain::device::CompatKey;

/// Time limit for reads.
const READ_SECONDS: u32 = 20;
/// Time limit for `upgrade/start`, which the Cloud may take a while to fan out.
const START_SECONDS: u32 = 30;

/// Lower-case hex MD5 of the password, as the login form carries it.
pub fn password_hash(password: &str) -> String {
    Md5::digest(password.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn send(
    builder: RequestBuilder,
    body: Option<JsValue>,
    seconds: u32,
) -> Result<RawReply, ApiError> {
    let timed_out = Rc::new(Cell::new(false));
    let controller = web_sys::AbortController::new().ok();
    let _timer = controller.clone().map(|controller| {
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(seconds * 1000, move || {
            timed_out.set(true);
            controller.abort();
        })
    });
    let failed = |error: gloo_net::Error| {
        if timed_out.get() {
            ApiError::Timeout { seconds }
        } else {
            ApiError::Network {
                error: error.to_string(),
            }
        }
    };
    let signal = controller.as_ref().map(|c| c.signal());
    let builder = builder.abort_signal(signal.as_ref());
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(failed)?;
    let response = request.send().await.map_err(failed)?;
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let text = response.text().await.map_err(failed)?;
    Ok(RawReply {
        status: response.status(),
        content_type,
        body: text,
    })
}

fn get(path: &str) -> RequestBuilder {
    Request::get(path)
}

/// `POST /sc_cloud/login` with the multipart form the contract describes.
pub async fn login(
    catalogue: &Catalogue,
    user: &str,
    password: &str,
) -> Result<LoginReply, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network {
        error: "FormData unavailable".into(),
    })?;
    let _ = form.append_with_str("id", user);
    let _ = form.append_with_str("pass", &password_hash(password));
    let raw = send(
        Request::post("/sc_cloud/login"),
        Some(form.into()),
        READ_SECONDS,
    )
    .await?;
    decode(&raw, catalogue, Some(Context::Login))
}

/// `POST /sc_cloud/logout`.
pub async fn logout(catalogue: &Catalogue) -> Result<(), ApiError> {
    let raw = send(Request::post("/sc_cloud/logout"), None, READ_SECONDS).await?;
    decode::<sc_wire::LogoutReply>(&raw, catalogue, None).map(|_| ())
}

/// Every device the session may see.
pub async fn devices(catalogue: &Catalogue) -> Result<Vec<Device>, ApiError> {
    let raw = send(
        get("/sc_cloud/scapi/get-devs?id=0&module=0"),
        None,
        READ_SECONDS,
    )
    .await?;
    decode::<sc_wire::DevsReply>(&raw, catalogue, None).map(|reply| reply.devs)
}

/// The firmware the Cloud holds for one batch key.
pub async fn firmwares(catalogue: &Catalogue, key: &CompatKey) -> Result<Vec<Firmware>, ApiError> {
    let request = get("/sc_cloud/scapi/get-all-firmwares").query([
        ("dev-type", key.family.to_string()),
        ("product-id", key.model.to_string()),
        ("hardware-ver", key.hardware.clone()),
    ]);
    let raw = send(request, None, READ_SECONDS).await?;
    decode::<sc_wire::FirmwaresReply>(&raw, catalogue, None).map(|reply| reply.firmwares)
}

/// Every firmware on the Cloud (`dev-type=0`).
pub async fn all_firmwares(catalogue: &Catalogue) -> Result<Vec<Firmware>, ApiError> {
    let raw = send(
        get("/sc_cloud/scapi/get-all-firmwares?dev-type=0"),
        None,
        READ_SECONDS,
    )
    .await?;
    decode::<sc_wire::FirmwaresReply>(&raw, catalogue, None).map(|reply| reply.firmwares)
}

/// `POST /sc_cloud/firmware/add` for an uploaded file.
pub async fn add_firmware(catalogue: &Catalogue, file_path: &str) -> Result<(), ApiError> {
    let body = serde_json::to_string(&sc_wire::AddFirmwareRequest {
        file_path: file_path.to_string(),
    })
    .map_err(|e| ApiError::Network {
        error: e.to_string(),
    })?;
    let request = Request::post("/sc_cloud/firmware/add")
        .header("Content-Type", "application/json;charset=utf-8");
    let raw = send(request, Some(body.into()), READ_SECONDS).await?;
    decode::<sc_wire::AddFirmwareReply>(&raw, catalogue, None).map(|_| ())
}

/// `POST /sc_cloud/upgrade/start`, exactly once.
pub async fn start_upgrade(
    catalogue: &Catalogue,
    request: &UpgradeStartRequest,
) -> Result<UpgradeStartReply, ApiError> {
    let body = serde_json::to_string(request).map_err(|e| ApiError::Network {
        error: e.to_string(),
    })?;
    let request = Request::post("/sc_cloud/upgrade/start")
        .header("Content-Type", "application/json;charset=utf-8");
    let raw = send(request, Some(body.into()), START_SECONDS).await?;
    decode(&raw, catalogue, None)
}

/// The deployment's result-code catalogue (`/result-codes.json`).
pub async fn catalogue() -> Result<Catalogue, String> {
    let raw = send(get("/result-codes.json"), None, READ_SECONDS)
        .await
        .map_err(|e| e.message())?;
    if raw.status != 200 {
        return Err(format!("result-codes.json: HTTP {}", raw.status));
    }
    Catalogue::parse(&raw.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_sent_as_lower_case_md5() {
        assert_eq!(password_hash("Admin"), "e3afed0047b08059d0fada10f400c1e5");
    }
}
