//! Uploading a `.mwf` with progress. `fetch` reports no upload progress, so this one call
//! uses `XMLHttpRequest` and its upload events.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use sc_wire::UploadFirmwareReply;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use super::{ApiError, RawReply, decode};
use crate::domain::codes::Catalogue;
use crate::domain::library::UploadedFirmware;

/// Time limit for one upload: large files over slow links take a while.
const UPLOAD_SECONDS: u32 = 15 * 60;

type Done = Box<dyn FnOnce(Result<UploadedFirmware, ApiError>)>;

/// Sends `file` as the multipart part `file`; `progress` gets percents, `done` the answer
/// exactly once (reply, refusal, dropped connection or timeout).
pub(super) fn upload_firmware(
    catalogue: Arc<Catalogue>,
    file: &File,
    progress: impl Fn(u8) + 'static,
    done: impl FnOnce(Result<UploadedFirmware, ApiError>) + 'static,
) {
    let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = {
        let done = done.clone();
        move |result: Result<UploadedFirmware, ApiError>| {
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let failed = |error: String| ApiError::Network { error };
    let xhr = match XmlHttpRequest::new() {
        Ok(xhr) => xhr,
        Err(_) => return finish(Err(failed("XMLHttpRequest unavailable".into()))),
    };
    let form = match FormData::new() {
        Ok(form) => form,
        Err(_) => return finish(Err(failed("FormData unavailable".into()))),
    };
    if form.append_with_blob_and_filename("file", file, &file.name()).is_err()
        || xhr.open("POST", "/sc_cloud/uploadFirmware").is_err()
    {
        return finish(Err(failed("the upload could not be prepared".into())));
    }
    xhr.set_timeout(UPLOAD_SECONDS * 1000);

    if let Ok(upload) = xhr.upload() {
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                progress((event.loaded() / event.total() * 100.0).clamp(0.0, 100.0) as u8);
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        // The handlers live as long as the request; an upload is a rare, deliberate act.
        on_progress.forget();
    }
    let on_load = {
        let finish = finish.clone();
        let xhr = xhr.clone();
        Closure::<dyn FnMut()>::new(move || {
            let raw = RawReply {
                status: xhr.status().unwrap_or(0),
                content_type: xhr
                    .get_response_header("content-type")
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                body: xhr.response_text().ok().flatten().unwrap_or_default(),
            };
            finish(read_upload(decode(&raw, &catalogue, None)));
        })
    };
    let on_error = {
        let finish = finish.clone();
        Closure::<dyn FnMut()>::new(move || {
            finish(Err(failed("the connection dropped during the upload".into())))
        })
    };
    let on_timeout = {
        let finish = finish.clone();
        Closure::<dyn FnMut()>::new(move || {
            finish(Err(ApiError::Timeout { seconds: UPLOAD_SECONDS }))
        })
    };
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    on_load.forget();
    on_error.forget();
    on_timeout.forget();
    if xhr.send_with_opt_form_data(Some(&form)).is_err() {
        finish(Err(failed("the upload could not be sent".into())));
    }
}

/// What the Cloud read from the file; a reply without the file's path or the firmware's
/// details cannot be added, and says so.
fn read_upload(reply: Result<UploadFirmwareReply, ApiError>) -> Result<UploadedFirmware, ApiError> {
    UploadedFirmware::from_wire(reply?).ok_or_else(|| ApiError::Decode {
        error: "the reply lacks file-path or firmware-info".into(),
        body: String::new(),
    })
}
