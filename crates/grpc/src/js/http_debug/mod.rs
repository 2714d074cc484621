//! `--http-debug` for gRPC calls (k6's `httpDebug` option, also `K6_HTTP_DEBUG`): each unary call
//! logs at INFO with `source=http-debug` what it sent and received, in k6 v1.1.0's layout:
//! `Out Header:` (full method, remote address, request metadata and user agent), `In Header:` and
//! `In Trailer:` (when not empty), and with `full` also `Out Payload:`/`In Payload:` (wire length,
//! time, the message in the protobuf text format).
//!
//! Streams log the same records as they happen: `Out Header:` when the stream opens, `Out
//! Payload:` per write, and from the RPC's task (see [`StreamTap`]) `In Header:`, `In Payload:` per
//! reply and `In Trailer:` at the end.
//!
//! Differences that cannot be avoided: a header block's "Wire Length" is its uncompressed size
//! (the name and value bytes of its fields; k6 prints the HPACK-compressed frame length, which the
//! HTTP/2 stack does not expose), times are printed in UTC, and the `m=+` monotonic reading counts
//! from the first debug record of the run rather than from process start.

mod go_time;
mod text_format;

use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;

use prost::Message;
use prost_reflect::DynamicMessage;
use script::log::{Level, Logger};
use tonic::metadata::{KeyAndValueRef, MetadataMap};

use crate::transport::{Reply, StreamTap, UnaryResult};

/// Bytes of the gRPC message prefix (compression flag and length) counted in payload lengths.
const MESSAGE_PREFIX: usize = 5;

/// Title of the response headers record.
pub(crate) const IN_HEADER: &str = "In Header";
/// Title of the trailers record.
pub(crate) const IN_TRAILER: &str = "In Trailer";

/// What the `httpDebug` option asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DebugMode {
    /// Headers and trailers.
    Headers,
    /// Headers, trailers and payloads (`full`).
    Full,
}

impl DebugMode {
    /// From the consolidated options: any non-empty `httpDebug` turns logging on, `full` adds
    /// payloads (k6's rule).
    pub(crate) fn from_options(options: &serde_json::Value) -> Option<Self> {
        match options.get("httpDebug").and_then(|v| v.as_str()) {
            None | Some("") => None,
            Some("full") => Some(Self::Full),
            Some(_) => Some(Self::Headers),
        }
    }
}

/// The debug log of one call, built before the call starts.
pub(crate) struct CallDebug {
    logger: Arc<Logger>,
    mode: DebugMode,
}

impl CallDebug {
    pub(crate) fn new(logger: Arc<Logger>, mode: DebugMode) -> Self {
        Self { logger, mode }
    }

    /// `Out Header:` and, with `full`, `Out Payload:`, logged as the call starts.
    pub(crate) fn sent(
        &self,
        method_path: &str,
        remote: SocketAddr,
        metadata: &MetadataMap,
        user_agent: &str,
        request: Option<&DynamicMessage>,
    ) {
        self.out_header(method_path, remote, metadata, user_agent);
        if let Some(request) = request.filter(|_| self.mode == DebugMode::Full) {
            self.payload("Out Payload", "Sent Time", request);
        }
    }

    /// `Out Header:`: the method, the server and the request metadata with the user agent.
    pub(crate) fn out_header(&self, method_path: &str, remote: SocketAddr, metadata: &MetadataMap, user_agent: &str) {
        let mut msg = format!("Out Header:\nFull Method: {method_path}\nRemote Address: {remote}\n");
        let mut pairs = metadata_pairs(metadata);
        pairs.push(("user-agent".to_owned(), user_agent.to_owned()));
        push_metadata(&mut msg, &pairs);
        msg.push('\n');
        self.log(&msg);
    }

    /// `In Header:` or `In Trailer:` (`title`) with `pairs`, when there are any.
    pub(crate) fn in_metadata(&self, title: &str, pairs: &[(String, String)]) {
        if pairs.is_empty() {
            return;
        }
        let mut msg = format!("{title}:\nWire Length: {}\n", header_length(pairs));
        push_metadata(&mut msg, pairs);
        msg.push('\n');
        self.log(&msg);
    }

    /// `In Header:`, `In Trailer:` (each when not empty) and, with `full`, `In Payload:`.
    pub(crate) fn received(&self, result: &UnaryResult) {
        self.in_metadata(IN_HEADER, &result.headers);
        self.in_metadata(IN_TRAILER, &result.trailers);
        if self.mode == DebugMode::Full {
            if let Some(Ok(message)) = result.message.as_ref().map(Reply::message) {
                self.payload("In Payload", "Received Time", &message);
            }
        }
    }

    /// With `full`, `Out Payload:` for a message a stream sent.
    pub(crate) fn out_payload(&self, message: &DynamicMessage) {
        if self.mode == DebugMode::Full {
            self.payload("Out Payload", "Sent Time", message);
        }
    }

    /// Whether payloads are logged (so a stream keeps a copy of what it writes).
    pub(crate) fn logs_payloads(&self) -> bool {
        self.mode == DebugMode::Full
    }

    fn payload(&self, title: &str, time_label: &str, message: &DynamicMessage) {
        let msg = format!(
            "{title}:\nWire Length: {}\n{time_label}: {}\n{}\n\n",
            message.encoded_len() + MESSAGE_PREFIX,
            go_time::format(SystemTime::now()),
            text_format::format_message(message)
        );
        self.log(&msg);
    }

    fn log(&self, msg: &str) {
        self.logger.log(Level::Info, msg, &[("source", "http-debug")]);
    }
}

impl StreamTap for CallDebug {
    fn headers(&self, headers: &[(String, String)]) {
        self.in_metadata(IN_HEADER, headers);
    }

    fn message(&self, message: &DynamicMessage) {
        if self.mode == DebugMode::Full {
            self.payload("In Payload", "Received Time", message);
        }
    }

    fn trailers(&self, trailers: &[(String, String)]) {
        self.in_metadata(IN_TRAILER, trailers);
    }
}

/// Request metadata as `(key, value)` pairs; binary values decoded, read as lossy UTF-8.
fn metadata_pairs(metadata: &MetadataMap) -> Vec<(String, String)> {
    metadata
        .iter()
        .map(|entry| match entry {
            KeyAndValueRef::Ascii(k, v) => (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()),
            KeyAndValueRef::Binary(k, v) => {
                let bytes = v.to_bytes().map(|b| b.to_vec()).unwrap_or_default();
                (k.as_str().to_owned(), String::from_utf8_lossy(&bytes).into_owned())
            }
        })
        .collect()
}

/// One `key: value, value` line per key (grpc-go's metadata maps hold every value of a key).
fn push_metadata(out: &mut String, pairs: &[(String, String)]) {
    let mut keys: Vec<&str> = Vec::new();
    for (key, _) in pairs {
        if !keys.contains(&key.as_str()) {
            keys.push(key);
        }
    }
    for key in keys {
        let values: Vec<&str> = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect();
        let _ = writeln!(out, "{key}: {}", values.join(", "));
    }
}

fn header_length(pairs: &[(String, String)]) -> usize {
    pairs.iter().map(|(k, v)| k.len() + v.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn any_non_empty_value_turns_logging_on() {
        assert_eq!(DebugMode::from_options(&json!({})), None);
        assert_eq!(DebugMode::from_options(&json!({"httpDebug": ""})), None);
        assert_eq!(DebugMode::from_options(&json!({"httpDebug": "headers"})), Some(DebugMode::Headers));
        assert_eq!(DebugMode::from_options(&json!({"httpDebug": "true"})), Some(DebugMode::Headers));
        assert_eq!(DebugMode::from_options(&json!({"httpDebug": "full"})), Some(DebugMode::Full));
    }

    #[test]
    fn metadata_lines_join_the_values_of_a_key() {
        let pairs =
            [("a".to_owned(), "1".to_owned()), ("b".to_owned(), "2".to_owned()), ("a".to_owned(), "3".to_owned())];
        let mut out = String::new();
        push_metadata(&mut out, &pairs);
        assert_eq!(out, "a: 1, 3\nb: 2\n");
    }
}
