//! Building replies the way the Cloud sends them: JSON with
//! `Content-Type: application/json; charset=UTF-8`, errors as a non-zero `result` in a 200.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::codes::SimCode;

pub const JSON_UTF8: &str = "application/json; charset=UTF-8";

/// A 200 reply with `value` as its JSON body.
pub fn json<T: Serialize>(value: &T) -> Response {
    json_with_status(StatusCode::OK, value)
}

/// A reply with the given status and `value` as its JSON body.
pub fn json_with_status<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))], body)
            .into_response(),
        // Serialising our own wire types cannot fail; answer like a server fault if it does.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A 200 reply whose JSON body is already written.
pub fn json_bytes(body: Vec<u8>) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))], body)
        .into_response()
}

/// `{"result": <code>}` in a 200.
pub fn code(code: i64) -> Response {
    json(&json!({ "result": code }))
}

/// A simulator convention as `{"result": <code>}` in a 200.
pub fn sim(code: SimCode) -> Response {
    self::code(code.code())
}
