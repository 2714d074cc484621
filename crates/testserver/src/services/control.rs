//! Interprets the kitchen-sink service's `Control` message: failures with rich error
//! details, response headers/trailers (custom and echoed), filler bytes and end-of-call
//! actions (cancel, hang, die).

use bytes::Bytes;
use prost::Message as _;
use tonic::metadata::{
    AsciiMetadataKey, AsciiMetadataValue, BinaryMetadataKey, BinaryMetadataValue, KeyAndValueRef, MetadataMap,
};
use tonic::{Code, Status};

use super::call::{Call, code_from_i32};
use crate::pb::google::rpc;
use crate::pb::stampede::test::v1::{Action, Control, DetailKind, TestDetail};

/// Largest `response_bytes` honoured, so a typo cannot exhaust memory.
const MAX_FILLER_BYTES: usize = 64 << 20;

/// Type URL of the detail no shipped proto defines (DETAIL_KIND_UNKNOWN).
pub const UNKNOWN_DETAIL_TYPE_URL: &str = "type.googleapis.com/stampede.hidden.v1.Mystery";

/// Request headers never echoed back: transport-level or owned by gRPC itself.
fn is_reserved(key: &str) -> bool {
    matches!(key, "te" | "content-type" | "content-length" | "user-agent" | "host")
        || key.starts_with("grpc-")
        || key.starts_with(':')
}

/// `filler` bytes for `response_bytes` (clamped to 0..=64 MiB).
pub(crate) fn filler(response_bytes: i32) -> Vec<u8> {
    vec![b'x'; usize::try_from(response_bytes).unwrap_or(0).min(MAX_FILLER_BYTES)]
}

/// The failure `control` asks for, if any, carrying `trailers` and the requested details.
pub(crate) fn failure(control: &Control, trailers: MetadataMap) -> Option<Status> {
    if control.status_code == 0 {
        return None;
    }
    let code = code_from_i32(control.status_code.into());
    let message = control.status_message.clone();
    if control.details.is_empty() {
        return Some(Status::with_metadata(code, message, trailers));
    }
    let details = status_details(code, &message, control);
    Some(Status::with_details_and_metadata(code, message, details, trailers))
}

/// Encodes a `google.rpc.Status` with the details `control.details` lists.
fn status_details(code: Code, message: &str, control: &Control) -> Bytes {
    let details = control
        .details
        .iter()
        .filter_map(|kind| match DetailKind::try_from(*kind).ok()? {
            DetailKind::Unspecified => None,
            DetailKind::ErrorInfo => {
                let info = control.error_info.clone().unwrap_or_else(|| rpc::ErrorInfo {
                    reason: "TEST_FAILURE".into(),
                    domain: "stampede.test".into(),
                    metadata: Default::default(),
                });
                Some(any("google.rpc.ErrorInfo", info.encode_to_vec()))
            }
            DetailKind::BadRequest => Some(any(
                "google.rpc.BadRequest",
                rpc::BadRequest {
                    field_violations: vec![rpc::bad_request::FieldViolation {
                        field: "payload".into(),
                        description: message.to_owned(),
                        ..Default::default()
                    }],
                }
                .encode_to_vec(),
            )),
            DetailKind::TestDetail => Some(any(
                "stampede.test.v1.TestDetail",
                TestDetail { reason: message.to_owned(), retry_after_ms: 250 }.encode_to_vec(),
            )),
            DetailKind::Unknown => Some(prost_types::Any {
                type_url: UNKNOWN_DETAIL_TYPE_URL.into(),
                // field 1 (string) = "mystery"
                value: b"\x0a\x07mystery".to_vec(),
            }),
        })
        .collect();
    rpc::Status { code: code as i32, message: message.to_owned(), details }.encode_to_vec().into()
}

fn any(full_name: &str, value: Vec<u8>) -> prost_types::Any {
    prost_types::Any { type_url: format!("type.googleapis.com/{full_name}"), value }
}

/// Response headers: `control.headers`, `control.binary_headers` and, with
/// `echo_metadata`, the request metadata.
pub(crate) fn headers(control: &Control, call: &Call) -> Result<MetadataMap, Status> {
    build(control, call, &control.headers, &control.binary_headers)
}

/// Response trailers: `control.trailers`, `control.binary_trailers` and, with
/// `echo_metadata`, the request metadata.
pub(crate) fn trailers(control: &Control, call: &Call) -> Result<MetadataMap, Status> {
    build(control, call, &control.trailers, &control.binary_trailers)
}

fn build(
    control: &Control,
    call: &Call,
    ascii: &std::collections::HashMap<String, String>,
    binary: &std::collections::HashMap<String, Vec<u8>>,
) -> Result<MetadataMap, Status> {
    let mut map = MetadataMap::new();
    if control.echo_metadata {
        for entry in call.metadata.iter() {
            match entry {
                KeyAndValueRef::Ascii(k, v) if !is_reserved(k.as_str()) => {
                    map.append(k.clone(), v.clone());
                }
                KeyAndValueRef::Binary(k, v) if !is_reserved(k.as_str()) => {
                    map.append_bin(k.clone(), v.clone());
                }
                _ => {}
            }
        }
    }
    for (k, v) in ascii {
        let key = AsciiMetadataKey::from_bytes(k.as_bytes())
            .map_err(|_| Status::invalid_argument(format!("invalid header key {k:?}")))?;
        let value = AsciiMetadataValue::try_from(v.as_str())
            .map_err(|_| Status::invalid_argument(format!("invalid value for header {k:?}")))?;
        map.append(key, value);
    }
    for (k, v) in binary {
        let key = BinaryMetadataKey::from_bytes(k.as_bytes())
            .map_err(|_| Status::invalid_argument(format!("invalid binary header key {k:?} (must end in -bin)")))?;
        map.append_bin(key, BinaryMetadataValue::from_bytes(v));
    }
    Ok(map)
}

/// Carries out `control.action`: CANCEL fails with CANCELLED, HANG waits for the client's
/// deadline (DEADLINE_EXCEEDED) or forever, DIE drops the connection (and never returns);
/// anything else returns `Ok`.
pub(crate) async fn act(control: &Control, call: &Call) -> Result<(), Status> {
    match Action::try_from(control.action).unwrap_or(Action::Unspecified) {
        Action::Cancel => Err(Status::cancelled("cancelled by the test server")),
        Action::Hang => match call.deadline() {
            Some(deadline) => {
                tokio::time::sleep_until(deadline.into()).await;
                Err(Status::deadline_exceeded("deadline exceeded"))
            }
            None => std::future::pending().await,
        },
        Action::Die => {
            call.kill_connection();
            std::future::pending().await
        }
        Action::Unspecified | Action::Finish => Ok(()),
    }
}

/// Whether `control` ends a stream right away (an action other than none, or a status).
pub(crate) fn ends_stream(control: &Control) -> bool {
    control.status_code != 0 || control.action != Action::Unspecified as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_carries_decodable_details() {
        let control = Control {
            status_code: 9,
            status_message: "precondition".into(),
            details: vec![
                DetailKind::ErrorInfo as i32,
                DetailKind::BadRequest as i32,
                DetailKind::TestDetail as i32,
                DetailKind::Unknown as i32,
            ],
            ..Default::default()
        };
        let status = failure(&control, MetadataMap::new()).unwrap();
        assert_eq!(status.code(), Code::FailedPrecondition);
        let decoded = rpc::Status::decode(status.details()).unwrap();
        assert_eq!(decoded.code, 9);
        let urls: Vec<_> = decoded.details.iter().map(|d| d.type_url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "type.googleapis.com/google.rpc.ErrorInfo",
                "type.googleapis.com/google.rpc.BadRequest",
                "type.googleapis.com/stampede.test.v1.TestDetail",
                UNKNOWN_DETAIL_TYPE_URL
            ]
        );
        let info = rpc::ErrorInfo::decode(decoded.details[0].value.as_slice()).unwrap();
        assert_eq!(info.reason, "TEST_FAILURE");
    }

    #[test]
    fn no_failure_without_status_code() {
        assert!(failure(&Control::default(), MetadataMap::new()).is_none());
    }

    #[test]
    fn filler_is_clamped() {
        assert_eq!(filler(-3).len(), 0);
        assert_eq!(filler(5), b"xxxxx");
    }
}
