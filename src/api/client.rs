//! The browser's calls to the Cloud (same origin, relative URLs, cookies sent by the
//! browser), through a [`Client`] that carries the result-code catalogue. Every request has a time limit; none is retried here — reads may be
//! retried by the caller, `upgrade/start` never is.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder};
use md5::{Digest, Md5};
use sc_wire::{LoginReply, UpgradeStartReply};
use wasm_bindgen::JsValue;

use super::address;
use super::lists::{self, Listed};
use super::{ApiError, RawReply, decode};
use crate::domain::batch::BatchPlan;
use crate::domain::codes::{Catalogue, Context};
use crate::domain::device::FleetDevice;
use crate::domain::firmware::FirmwareList;
use crate::domain::groups::Groups;
use crate::domain::library::UploadedFirmware;
use crate::domain::outcome::Reported;

/// Time limit for reads.
const READ_SECONDS: u32 = 20;
/// Time limit for `upgrade/start`, which the Cloud may take a while to fan out.
const START_SECONDS: u32 = 30;

/// Lower-case hex MD5 of the password, as the login form carries it.
pub fn password_hash(password: &str) -> String {
    Md5::digest(password.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) async fn send(
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
            ApiError::Network { error: error.to_string() }
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
    // As bytes, checked as UTF-8 here: a 20 MB fleet is copied once, not re-encoded from a
    // JavaScript string. Invalid UTF-8 reads as the browser's text would (replacement
    // characters), so an odd byte never loses the reply.
    let bytes = response.binary().await.map_err(failed)?;
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
    Ok(RawReply { status: response.status(), content_type, body: text })
}

pub(crate) fn get(path: &str) -> RequestBuilder {
    Request::get(path)
}

/// The Cloud on this page's origin, with the result-code catalogue its answers are read
/// with. Cheap to clone; every call returns domain values, never wire types.
#[derive(Debug, Clone)]
pub struct Client {
    catalogue: Arc<Catalogue>,
}

impl Default for Client {
    /// Reads answers with the built-in catalogue until the deployment's file is read.
    fn default() -> Self {
        Client::new(Catalogue::builtin())
    }
}

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.catalogue, &other.catalogue)
    }
}

impl Client {
    pub fn new(catalogue: Catalogue) -> Client {
        Client { catalogue: Arc::new(catalogue) }
    }

    /// The catalogue the answers are read with, for describing codes to people.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.catalogue.clone()
    }

    /// `POST /sc_cloud/login` with the multipart form the contract describes; the user
    /// name the Cloud gives back, if any.
    pub async fn login(&self, user: &str, password: &str) -> Result<Option<String>, ApiError> {
        let form = web_sys::FormData::new()
            .map_err(|_| ApiError::Network { error: "FormData unavailable".into() })?;
        let _ = form.append_with_str("id", user);
        let _ = form.append_with_str("pass", &password_hash(password));
        let raw = send(Request::post("/sc_cloud/login"), Some(form.into()), READ_SECONDS).await?;
        decode::<LoginReply>(&raw, &self.catalogue, Some(Context::Login))
            .map(|reply| reply.name.filter(|n| !n.is_empty()))
    }

    /// `POST /sc_cloud/logout`.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let raw = send(Request::post("/sc_cloud/logout"), None, READ_SECONDS).await?;
        decode::<sc_wire::LogoutReply>(&raw, &self.catalogue, None).map(|_| ())
    }

    /// Whether the session is the administrator's: `get-users` is the administrator's
    /// only, so the Cloud's answer to it says who the session is, whatever the readable
    /// user cookie claims.
    pub async fn is_administrator(&self) -> Result<bool, ApiError> {
        let raw = send(get(address::USERS), None, READ_SECONDS).await?;
        match decode::<serde::de::IgnoredAny>(&raw, &self.catalogue, None) {
            Ok(_) => Ok(true),
            Err(ApiError::Refused { .. } | ApiError::Forbidden { .. }) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// A read-only call's reply as it came (for the Cloud check, which compares it).
    pub async fn read(&self, path: &str) -> Result<RawReply, ApiError> {
        send(get(path), None, READ_SECONDS).await
    }

    /// Every device the session may see that can be read, and what was set aside.
    pub async fn devices(&self) -> Result<Listed<Vec<FleetDevice>>, ApiError> {
        let raw = send(get(address::DEVICES), None, READ_SECONDS).await?;
        self.read_fleet(&raw)
    }

    /// `get-devs` as it came, not yet read: the workspace's code reads it whole
    /// ([`Client::read_fleet`]); without that code, [`Client::fleet_accepted`] tells whether
    /// the session is open.
    pub async fn fleet_reply(&self) -> Result<RawReply, ApiError> {
        send(get(address::DEVICES), None, READ_SECONDS).await
    }

    /// Whether a `get-devs` reply's envelope says yes — the session with it (an ended one
    /// is [`ApiError::Session`]) — with its records skipped, not read: the login screen's
    /// code learns whether a session is open without the code that reads devices.
    pub fn fleet_accepted(&self, raw: &RawReply) -> Result<(), ApiError> {
        super::decode::accepted(raw, &self.catalogue, None)
    }

    /// The devices of a reply [`Client::fleet_reply`] gave (its envelope checked with them),
    /// as [`Client::devices`] reads them.
    pub fn read_fleet(&self, raw: &RawReply) -> Result<Listed<Vec<FleetDevice>>, ApiError> {
        lists::devices(raw, &self.catalogue)
    }

    /// One device as the Cloud reports it now (`get-dev`).
    pub async fn device(&self, sn: &str) -> Result<Listed<lists::OneDevice>, ApiError> {
        let raw = send(get(&address::device(sn)), None, READ_SECONDS).await?;
        lists::device(&raw, &self.catalogue, sn)
    }

    /// The group tree open to the session's user, and what was set aside.
    pub async fn groups(&self) -> Result<Listed<Groups>, ApiError> {
        let raw = send(get(address::GROUPS), None, READ_SECONDS).await?;
        lists::groups(&raw, &self.catalogue)
    }

    /// Every firmware on the Cloud (`dev-type=0`). The firmware choice reads the whole list
    /// too: an id listed for two models is ambiguous, and only the whole list shows it.
    pub async fn all_firmwares(&self) -> Result<FirmwareList, ApiError> {
        let raw = send(get(address::LIBRARY), None, READ_SECONDS).await?;
        lists::firmwares(&raw, &self.catalogue)
    }

    /// `POST /sc_cloud/firmware/add` for an uploaded file.
    pub async fn add_firmware(&self, file_path: &str) -> Result<(), ApiError> {
        let body = serde_json::to_string(&sc_wire::AddFirmwareRequest {
            file_path: file_path.to_string(),
        })
        .map_err(|e| ApiError::NotSent { error: e.to_string() })?;
        let request = Request::post("/sc_cloud/firmware/add")
            .header("Content-Type", "application/json;charset=utf-8");
        let raw = send(request, Some(body.into()), READ_SECONDS).await?;
        decode::<sc_wire::AddFirmwareReply>(&raw, &self.catalogue, None).map(|_| ())
    }

    /// `POST /sc_cloud/upgrade/start` for a plan, exactly once: each serial number's code
    /// as the Cloud reported it.
    pub async fn start_upgrade(&self, plan: &BatchPlan) -> Result<Vec<Reported>, ApiError> {
        let body = serde_json::to_string(&plan.request())
            .map_err(|e| ApiError::NotSent { error: e.to_string() })?;
        let request = Request::post("/sc_cloud/upgrade/start")
            .header("Content-Type", "application/json;charset=utf-8");
        let raw = send(request, Some(body.into()), START_SECONDS).await?;
        decode::<UpgradeStartReply>(&raw, &self.catalogue, None)
            .map(|reply| reply.details.iter().map(Reported::from).collect())
    }

    /// Uploads a `.mwf` with progress; see [`super::upload`].
    pub fn upload_firmware(
        &self,
        file: &web_sys::File,
        progress: impl Fn(u8) + 'static,
        done: impl FnOnce(Result<UploadedFirmware, ApiError>) + 'static,
    ) {
        super::upload::upload_firmware(self.catalogue.clone(), file, progress, done);
    }
}

/// The deployment's result-code catalogue (`/result-codes.json`).
pub async fn catalogue() -> Result<Catalogue, String> {
    let raw = send(get("/result-codes.json"), None, READ_SECONDS).await.map_err(|e| e.message())?;
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
