//! From tonic's `Status` to what k6 reports: code, message, raw details and trailers, with
//! transport failures and size limits rewritten to grpc-go's codes and texts.

use std::error::Error as _;

use bytes::Bytes;
use h2::Reason;
use tonic::{Code, Status};

use super::metadata::metadata_pairs;
use super::service::Http2Failure;

/// A final status as the script sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) message: String,
    pub(crate) details: Option<Bytes>,
    pub(crate) trailers: Vec<(String, String)>,
}

impl Outcome {
    /// A locally produced status with no metadata.
    pub(crate) fn local(code: Code, message: impl Into<String>) -> Self {
        Self { code: code as i32, message: message.into(), details: None, trailers: Vec::new() }
    }

    /// k6's deadline outcome.
    pub(crate) fn deadline() -> Self {
        Self::local(Code::DeadlineExceeded, "context deadline exceeded")
    }
}

/// Maps a tonic status (from the server, or made locally by tonic or the HTTP/2 layer) to an
/// [`Outcome`].
pub(crate) fn outcome(status: &Status) -> Outcome {
    if let Some(failure) = http2_failure(status) {
        return failure;
    }
    if let Some(rewritten) = receive_limit(status) {
        return Outcome::local(Code::ResourceExhausted, rewritten);
    }
    let mut trailers = metadata_pairs(status.metadata());
    let details = if status.details().is_empty() {
        None
    } else {
        let raw = Bytes::copy_from_slice(status.details());
        trailers.push(("grpc-status-details-bin".to_owned(), String::from_utf8_lossy(&raw).into_owned()));
        Some(raw)
    };
    Outcome { code: status.code() as i32, message: status.message().to_owned(), details, trailers }
}

/// A failure of the HTTP/2 stream or connection under the call, not a status from the server.
/// The HTTP/2 error codes that say something about the service keep a matching gRPC code (as
/// tonic maps them); every other failure is the connection's: `Unavailable`, with grpc-go's
/// "transport" wording.
fn http2_failure(status: &Status) -> Option<Outcome> {
    let mut source = status.source();
    while let Some(err) = source {
        if let Some(failure) = err.downcast_ref::<Http2Failure>() {
            let code = match failure.reason() {
                Some(Reason::REFUSED_STREAM) => Code::Unavailable,
                Some(Reason::ENHANCE_YOUR_CALM) => Code::ResourceExhausted,
                Some(Reason::INADEQUATE_SECURITY) => Code::PermissionDenied,
                _ => return Some(transport_outcome(failure)),
            };
            return Some(Outcome::local(code, format!("h2 protocol error: {failure}")));
        }
        source = err.source();
    }
    None
}

/// grpc-go's text for a call that failed because its connection did.
pub(crate) fn transport_outcome(err: &dyn std::fmt::Display) -> Outcome {
    Outcome::local(Code::Unavailable, format!("connection error: desc = \"transport: {err}\""))
}

/// tonic's "decoded message length too large" becomes grpc-go's ResourceExhausted text.
fn receive_limit(status: &Status) -> Option<String> {
    const PREFIX: &str = "Error, decoded message length too large: found ";
    if status.code() != Code::OutOfRange {
        return None;
    }
    let rest = status.message().strip_prefix(PREFIX)?;
    let (found, rest) = rest.split_once(" bytes, the limit is: ")?;
    let limit = rest.strip_suffix(" bytes")?;
    Some(format!("grpc: received message larger than max ({found} vs. {limit})"))
}

/// The name of a gRPC status code as grpc-go prints it (`Canceled`, `Unimplemented`, ...);
/// what k6 shows for `String(status)` and in `rpc error: code = <name> desc = ...` texts.
pub fn status_name(code: i32) -> &'static str {
    match code {
        0 => "OK",
        1 => "Canceled",
        2 => "Unknown",
        3 => "InvalidArgument",
        4 => "DeadlineExceeded",
        5 => "NotFound",
        6 => "AlreadyExists",
        7 => "PermissionDenied",
        8 => "ResourceExhausted",
        9 => "FailedPrecondition",
        10 => "Aborted",
        11 => "OutOfRange",
        12 => "Unimplemented",
        13 => "Internal",
        14 => "Unavailable",
        15 => "DataLoss",
        16 => "Unauthenticated",
        _ => "Unknown",
    }
}

/// grpc-go's text of a failed RPC: `rpc error: code = <name> desc = <message>`.
pub(crate) fn rpc_error_text(status: &Status) -> String {
    let o = outcome(status);
    format!("rpc error: code = {} desc = {}", status_name(o.code), o.message)
}
