//! Turning a raw HTTP reply into a typed value or a precise [`ApiError`]. Pure.

use std::fmt;

use serde::Deserialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::Value;
use serde_json::value::RawValue;

use super::ApiError;
use crate::domain::codes::{Catalogue, Context, Kind};

/// An HTTP reply as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// Decodes `raw` as `T`. A missing/expired session — a 401/403 or a result code the
/// catalogue marks as `session` — becomes [`ApiError::Session`]; any other non-zero
/// `result` becomes [`ApiError::Refused`] (or `Forbidden`), described in `context`.
pub fn decode<T: DeserializeOwned>(
    raw: &RawReply,
    catalogue: &Catalogue,
    context: Option<Context>,
) -> Result<T, ApiError> {
    accepted(raw, catalogue, context)?;
    serde_json::from_str(&raw.body).map_err(|error| ApiError::Decode {
        error: error.to_string(),
        body: super::error::clip(&raw.body),
    })
}

/// A reply read whole as `T` in one pass, when it came with a success status and reads as
/// `T` exactly; `None` for anything else, which the caller then reads the careful way (its
/// errors said there). `T` carries the `result`, for the caller to check.
pub(super) fn exact<T: DeserializeOwned>(raw: &RawReply) -> Option<T> {
    if !(200..300).contains(&raw.status) {
        return None;
    }
    serde_json::from_str(&raw.body).ok()
}

/// The records of a reply's list (`devs`, `firmwares`…), each as its own unread text, for
/// reading one by one ([`super::records`]). The envelope is strict: a reply the Cloud
/// accepted must carry the list (`null` reads as empty); a missing list or one that is not
/// a list is [`ApiError::Decode`] — an empty fleet would be a lie that polls read as "lost".
/// One pass over the body finds the `result` and the records' extents together.
pub fn decode_list<'a>(
    raw: &'a RawReply,
    catalogue: &Catalogue,
    list: &str,
) -> Result<Vec<&'a RawValue>, ApiError> {
    status_ok(raw)?;
    let mut reader = serde_json::Deserializer::from_str(&raw.body);
    let envelope = ListSeed { list }
        .deserialize(&mut reader)
        .and_then(|envelope| reader.end().map(|()| envelope))
        .map_err(|error| unreadable(raw, error))?;
    result_ok(envelope.result.as_ref(), raw, catalogue, None)?;
    let shape = |error: String| ApiError::Decode { error, body: super::error::clip(&raw.body) };
    match envelope.items {
        Some(Items::List(items)) => Ok(items),
        Some(Items::Null) => Ok(Vec::new()),
        Some(Items::Other(what)) => Err(shape(format!("`{list}` is not a list but {what}"))),
        None => Err(shape(format!("the reply has no `{list}` list"))),
    }
}

/// A reply's `result` and its list, read in one pass.
struct ListEnvelope<'a> {
    result: Option<Value>,
    items: Option<Items<'a>>,
}

/// What the list field held.
enum Items<'a> {
    List(Vec<&'a RawValue>),
    Null,
    Other(&'static str),
}

/// Reads a reply's envelope, keeping the list named `list` as its records' raw text.
struct ListSeed<'l> {
    list: &'l str,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ListEnvelope<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ListEnvelope<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = ListEnvelope { result: None, items: None };
        while let Some(key) = map.next_key::<String>()? {
            if key == "result" {
                envelope.result = Some(map.next_value()?);
            } else if key == self.list {
                envelope.items = Some(map.next_value::<Items<'de>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(envelope)
    }
}

impl<'de> Deserialize<'de> for Items<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemsVisitor)
    }
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(Items::List(items))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Items::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Items::Other("an object"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Items::Other("text"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Items::Other("true or false"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Items::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Items::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Items::Other("a number"))
    }
}

/// An HTTP status that is not an answer: a session that ended, or a server error.
fn status_ok(raw: &RawReply) -> Result<(), ApiError> {
    if raw.status == 401 || raw.status == 403 {
        // Only a reply the Cloud wrote proves the call was refused before anything
        // happened; a bare or garbled 401/403 may come from a proxy after it took effect.
        let from_the_cloud = serde_json::from_str::<Value>(&raw.body)
            .is_ok_and(|v| v.get("result").and_then(Value::as_i64).is_some());
        return Err(ApiError::Session {
            detail: format!("HTTP {}\n{}", raw.status, raw.body),
            proven: from_the_cloud,
        });
    }
    if !(200..300).contains(&raw.status) {
        return Err(ApiError::Http { status: raw.status, body: super::error::clip(&raw.body) });
    }
    Ok(())
}

/// A body that could not be read: not JSON at all, or JSON of another shape.
fn unreadable(raw: &RawReply, error: serde_json::Error) -> ApiError {
    if error.is_data() {
        ApiError::Decode { error: error.to_string(), body: super::error::clip(&raw.body) }
    } else {
        ApiError::NotJson {
            status: raw.status,
            content_type: raw.content_type.clone(),
            body: super::error::clip(&raw.body),
        }
    }
}

/// Checks a reply up to its `result`: a session that ended, an HTTP error, a body that is
/// not JSON, or a non-zero code, each as its [`ApiError`].
pub(crate) fn accepted(
    raw: &RawReply,
    catalogue: &Catalogue,
    context: Option<Context>,
) -> Result<(), ApiError> {
    status_ok(raw)?;
    // The reply is read twice from its text: its `result` first (the rest skipped, nothing
    // built), then, if the Cloud said yes, the typed value. Through `serde_json::Value`,
    // 10,000 devices took a map per device and a second pass over those maps.
    let envelope: Envelope =
        serde_json::from_str(&raw.body).map_err(|error| unreadable(raw, error))?;
    result_ok(envelope.result.as_ref(), raw, catalogue, context)
}

/// A `result` of 0; any other is refused, forbidden or a session that ended.
fn result_ok(
    result: Option<&Value>,
    raw: &RawReply,
    catalogue: &Catalogue,
    context: Option<Context>,
) -> Result<(), ApiError> {
    let Some(result) = result.and_then(Value::as_i64) else {
        return Err(ApiError::Decode {
            error: "no numeric `result` field".into(),
            body: super::error::clip(&raw.body),
        });
    };
    if result != 0 {
        let description = catalogue.describe(context, result);
        return Err(match catalogue.kind(result) {
            Some(Kind::Session) => {
                ApiError::Session { detail: format!("result {result}"), proven: true }
            }
            Some(Kind::Forbidden) => ApiError::Forbidden { code: result, description },
            None => ApiError::Refused { code: result, description },
        });
    }
    Ok(())
}

/// What every reply carries: its result code (any other field is skipped unread).
#[derive(serde::Deserialize)]
struct Envelope {
    #[serde(default)]
    result: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sc_wire::{DevsReply, LoginReply, UpgradeStartReply};

    fn raw(status: u16, body: &str) -> RawReply {
        RawReply {
            status,
            content_type: "application/json; charset=UTF-8".into(),
            body: body.into(),
        }
    }

    fn devs(reply: RawReply) -> Result<DevsReply, ApiError> {
        decode(&reply, &Catalogue::builtin(), None)
    }

    #[test]
    fn a_good_reply_decodes() {
        let reply = devs(raw(200, r#"{"result":0,"devs":[]}"#)).unwrap();
        assert!(reply.devs.is_empty());
    }

    #[test]
    fn session_errors_come_as_status_or_as_code() {
        assert!(matches!(devs(raw(401, "")), Err(ApiError::Session { .. })));
        assert!(matches!(devs(raw(403, "<html>")), Err(ApiError::Session { .. })));
        assert!(matches!(devs(raw(200, r#"{"result":-9001}"#)), Err(ApiError::Session { .. })));
    }

    #[test]
    fn only_a_readable_refusal_proves_nothing_happened() {
        let proven = |reply: RawReply| match devs(reply) {
            Err(error @ ApiError::Session { proven, .. }) => {
                assert_eq!(error.outcome_unknown(), !proven);
                proven
            }
            other => panic!("{other:?}"),
        };
        assert!(proven(raw(403, r#"{"result":-9001}"#)));
        assert!(proven(raw(200, r#"{"result":-9001}"#)));
        assert!(!proven(raw(403, "")), "a bare 403");
        assert!(!proven(raw(403, "{\"result\":")), "a garbled one");
        assert!(!proven(raw(401, "<html>proxy</html>")));
    }

    #[test]
    fn non_zero_results_are_described_in_context() {
        let err = decode::<LoginReply>(
            &raw(200, r#"{"result":-14}"#),
            &Catalogue::builtin(),
            Some(Context::Login),
        )
        .unwrap_err();
        assert_eq!(err.message(), "The Cloud refused: no such user (code -14).");
        let forbidden = decode::<UpgradeStartReply>(
            &raw(200, r#"{"result":-9002}"#),
            &Catalogue::builtin(),
            None,
        )
        .unwrap_err();
        assert!(matches!(forbidden, ApiError::Forbidden { code: -9002, .. }));
        let unknown = devs(raw(200, r#"{"result":77}"#)).unwrap_err();
        assert_eq!(unknown.message(), "The Cloud refused: unrecognised result code 77 (code 77).");
    }

    #[test]
    fn an_error_keeps_the_start_of_a_huge_body_not_all_of_it() {
        let page = format!("<html>{}</html>", "x".repeat(20 * 1024 * 1024));
        let error = devs(raw(502, &page)).unwrap_err();
        let ApiError::Http { body, .. } = &error else { panic!("{error:?}") };
        assert!(body.len() < 3_000, "{} bytes kept", body.len());
        assert!(body.ends_with(&format!("({} bytes in all)", page.len())), "says how long it was");
        // A request that could not be written was never sent: nothing can have happened.
        assert!(!ApiError::NotSent { error: "x".into() }.outcome_unknown());
    }

    #[test]
    fn transport_and_shape_errors_are_told_apart() {
        let server = devs(raw(500, "Internal Server Error")).unwrap_err();
        assert_eq!(server, ApiError::Http { status: 500, body: "Internal Server Error".into() });
        assert!(server.detail().contains("Internal Server Error"));
        let html = RawReply {
            status: 200,
            content_type: "text/html".into(),
            body: "<html><h1>502</h1></html>".into(),
        };
        let not_json = devs(html).unwrap_err();
        assert!(matches!(not_json, ApiError::NotJson { .. }));
        assert!(not_json.detail().contains("text/html"));
        assert!(matches!(
            devs(raw(200, r#"{"result":0,"devs":[{"#)),
            Err(ApiError::NotJson { .. })
        ));
        assert!(matches!(devs(raw(200, r#"{"devs":[]}"#)), Err(ApiError::Decode { .. })));
        assert!(matches!(devs(raw(200, r#"{"result":"0"}"#)), Err(ApiError::Decode { .. })));
        let wrong_type = devs(raw(200, r#"{"result":0,"devs":[{"sn":5}]}"#)).unwrap_err();
        assert!(matches!(wrong_type, ApiError::Decode { .. }));
        assert!(wrong_type.outcome_unknown());
    }

    #[test]
    fn huge_bodies_are_clipped_in_details() {
        let err = devs(raw(502, &"x".repeat(10_000))).unwrap_err();
        assert!(err.detail().len() < 2100);
        assert!(err.detail().ends_with("(10000 bytes in all)"));
    }
}
