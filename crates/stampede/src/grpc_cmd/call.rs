//! `stampede grpc call`: sends the `-d` JSON to a method and prints each reply as a k6 script
//! would see it (protojson with unpopulated fields, lowerCamelCase names, 64-bit integers as
//! strings). Unary calls and all three stream kinds; a stream request is a sequence of JSON
//! objects in `-d`.

use std::io::Read as _;
use std::time::Duration;

use grpc::transport::{Reply, StreamEvent, status_name, unmarshal_error};
use prost_reflect::{DeserializeOptions, DynamicMessage, MessageDescriptor, MethodDescriptor};

use super::error::GrpcCmdError;
use super::session::{Session, method_path};

/// What a finished call printed and how it ended.
#[derive(Debug)]
pub(crate) struct CallOutcome {
    /// The replies, one pretty JSON document each.
    pub(crate) replies: Vec<String>,
    /// gRPC status code (0 = OK).
    pub(crate) status: i32,
    /// Status message.
    pub(crate) message: String,
}

impl CallOutcome {
    /// grpcurl's exit code: 0 on OK, 64 + the status code otherwise.
    pub(crate) fn exit_code(&self) -> i32 {
        if self.status == 0 { 0 } else { 64 + self.status }
    }

    /// The failure as printed on stderr (grpcurl's layout).
    pub(crate) fn error_text(&self) -> String {
        format!("ERROR:\n  Code: {}\n  Message: {}", status_name(self.status), self.message)
    }
}

/// Calls `method` with the requests in `data` (`None`: one empty message; `@`: read stdin).
pub(crate) async fn call(
    session: &Session,
    method: &str,
    data: Option<&str>,
    max_time: Option<f64>,
) -> Result<CallOutcome, GrpcCmdError> {
    let method = session.method(method)?;
    let timeout = max_time
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .map_err(|_| GrpcCmdError::Usage(format!("-max-time must be a number of seconds, not {s}")))
        })
        .transpose()?;
    let text = match data {
        Some("@") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| GrpcCmdError::ReadFile { path: "standard input".to_owned(), cause: e.to_string() })?;
            text
        }
        Some(text) if !text.trim().is_empty() => text.to_owned(),
        _ => "{}".to_owned(),
    };
    let mut requests = parse_requests(&method.input(), &text)?;
    if method.is_client_streaming() || method.is_server_streaming() {
        return stream_call(session, &method, requests, timeout).await;
    }
    if requests.len() != 1 {
        return Err(GrpcCmdError::Usage(format!(
            "{} is a unary method: -d must hold exactly one JSON object, not {}",
            method.full_name(),
            requests.len()
        )));
    }
    let request = requests.remove(0);
    let result = session
        .conn
        .unary(&method_path(&method), request, method.output(), session.metadata.clone(), timeout)
        .await
        .map_err(|e| GrpcCmdError::Usage(e.to_string()))?;
    let (replies, status, message) = match (result.message.as_ref().map(Reply::message), result.status) {
        (Some(Ok(reply)), 0) => (vec![super::render::reply(&reply)], 0, result.status_message),
        // The reply was checked on arrival; should it still not decode, say so as grpc-go would.
        (Some(Err(e)), 0) => (Vec::new(), 13, unmarshal_error(&e)),
        _ => (Vec::new(), result.status, result.status_message),
    };
    Ok(CallOutcome { replies, status, message })
}

async fn stream_call(
    session: &Session,
    method: &MethodDescriptor,
    requests: Vec<DynamicMessage>,
    timeout: Option<Duration>,
) -> Result<CallOutcome, GrpcCmdError> {
    let (mut writer, mut reader) = session
        .conn
        .open_stream(&method_path(method), method.input(), method.output(), session.metadata.clone(), timeout)
        .map_err(|e| GrpcCmdError::Usage(e.to_string()))?;
    for request in requests {
        if let Err(e) = writer.write(request) {
            writer.cancel();
            return Ok(CallOutcome { replies: Vec::new(), status: e.code(), message: e.to_string() });
        }
    }
    writer.close_send();
    let mut replies = Vec::new();
    while let Some(event) = reader.next().await {
        match event {
            StreamEvent::Message(reply) => replies.push(super::render::reply(&reply)),
            // Only sent to readers that ask for undecoded replies; this one does not.
            StreamEvent::Encoded(_) => {}
            StreamEvent::End(end) => return Ok(CallOutcome { replies, status: end.status, message: end.message }),
        }
    }
    Ok(CallOutcome { replies, status: 2, message: "the stream ended without a status".to_owned() })
}

/// One JSON request (for a script template), checked against `input`.
pub(crate) fn request_template(input: &MessageDescriptor, text: &str) -> Result<serde_json::Value, GrpcCmdError> {
    let bad = |cause: String| GrpcCmdError::BadRequest { message: input.full_name().to_owned(), cause };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    DynamicMessage::deserialize_with_options(input.clone(), &value, &DeserializeOptions::new())
        .map_err(|e| bad(e.to_string()))?;
    Ok(value)
}

/// A sequence of JSON objects (one for unary methods), each decoded into `input`.
pub(crate) fn parse_requests(input: &MessageDescriptor, text: &str) -> Result<Vec<DynamicMessage>, GrpcCmdError> {
    let bad = |cause: String| GrpcCmdError::BadRequest { message: input.full_name().to_owned(), cause };
    let mut requests = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>() {
        let value = value.map_err(|e| bad(format!("invalid JSON: {e}")))?;
        let message = DynamicMessage::deserialize_with_options(input.clone(), value, &DeserializeOptions::new())
            .map_err(|e| bad(e.to_string()))?;
        requests.push(message);
    }
    Ok(requests)
}
