//! Per-call context shared by every handler: records the request, applies the metadata
//! controls that work on every method, and remembers what the reply may need to echo
//! (method, request metadata, remaining deadline, the connection's kill switch).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tonic::metadata::MetadataMap;
use tonic::{Code, Request, Status};

use crate::conn::ConnInfo;
use crate::request_log::{RequestLog, metadata_pairs};

/// Request header: wait this many milliseconds before handling the call (any method).
pub(crate) const SLEEP_MS_HEADER: &str = "x-sleep-ms";
/// Request header: fail the call with this gRPC code (any method).
pub(crate) const FAIL_CODE_HEADER: &str = "x-fail-code";
/// Request header: message of the `x-fail-code` failure.
pub(crate) const FAIL_MESSAGE_HEADER: &str = "x-fail-message";

/// State every service shares.
#[derive(Clone, Debug)]
pub(crate) struct Shared {
    pub(crate) log: Arc<RequestLog>,
}

/// What a handler knows about the call it is serving.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) method: &'static str,
    pub(crate) metadata: MetadataMap,
    pub(crate) conn: Option<ConnInfo>,
    deadline: Option<Instant>,
}

impl Shared {
    /// Starts handling `request` for `method`: counts it, then honours `x-sleep-ms` and
    /// `x-fail-code`/`x-fail-message`.
    pub(crate) async fn begin<T>(&self, method: &'static str, request: &Request<T>) -> Result<Call, Status> {
        let metadata = request.metadata();
        self.log.record(method, metadata);
        let call = Call {
            method,
            metadata: metadata.clone(),
            conn: request.extensions().get::<ConnInfo>().cloned(),
            deadline: metadata
                .get("grpc-timeout")
                .and_then(|v| v.to_str().ok())
                .and_then(parse_grpc_timeout)
                .map(|d| Instant::now() + d),
        };
        if let Some(ms) = header_number(metadata, SLEEP_MS_HEADER) {
            sleep_ms(ms).await;
        }
        if let Some(code) = header_number(metadata, FAIL_CODE_HEADER) {
            if code != 0 {
                let message = metadata
                    .get(FAIL_MESSAGE_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("failed by x-fail-code")
                    .to_owned();
                return Err(Status::new(code_from_i32(code), message));
            }
        }
        Ok(call)
    }
}

impl Call {
    /// Request metadata as a map (repeated keys joined with ", "; binary values as `hex:…`).
    pub(crate) fn metadata_map(&self) -> HashMap<String, String> {
        let mut map: HashMap<String, String> = HashMap::new();
        for (k, v) in metadata_pairs(&self.metadata) {
            map.entry(k)
                .and_modify(|old| {
                    old.push_str(", ");
                    old.push_str(&v);
                })
                .or_insert(v);
        }
        map
    }

    /// When the client's deadline (`grpc-timeout`) expires, if it sent one.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Seconds left until the client's deadline, or -1 without one.
    pub(crate) fn deadline_remaining_s(&self) -> f64 {
        self.deadline.map_or(-1.0, |d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// The client's address (`ip:port`), or "" if unknown.
    pub(crate) fn peer(&self) -> String {
        self.conn.as_ref().and_then(|c| c.remote).map(|a| a.to_string()).unwrap_or_default()
    }

    /// Drops the client's connection abruptly (no status is sent).
    pub(crate) fn kill_connection(&self) {
        if let Some(conn) = &self.conn {
            conn.kill.cancel();
        }
    }
}

/// Sleeps for `ms` milliseconds (nothing for 0 or negative).
pub(crate) async fn sleep_ms(ms: i64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms.unsigned_abs())).await;
    }
}

/// Maps a number to a gRPC code; values outside 0..=16 become UNKNOWN.
pub(crate) fn code_from_i32(code: i64) -> Code {
    i32::try_from(code).map_or(Code::Unknown, Code::from_i32)
}

fn header_number(metadata: &MetadataMap, key: &str) -> Option<i64> {
    metadata.get(key)?.to_str().ok()?.trim().parse().ok()
}

/// Parses a `grpc-timeout` header value (`<digits><unit>`, unit one of `HMSmun`).
fn parse_grpc_timeout(value: &str) -> Option<Duration> {
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n.saturating_mul(3600)),
        "M" => Duration::from_secs(n.saturating_mul(60)),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_grpc_timeouts() {
        assert_eq!(parse_grpc_timeout("5S"), Some(Duration::from_secs(5)));
        assert_eq!(parse_grpc_timeout("250m"), Some(Duration::from_millis(250)));
        assert_eq!(parse_grpc_timeout("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_grpc_timeout("10x"), None);
        assert_eq!(parse_grpc_timeout(""), None);
    }

    #[test]
    fn maps_codes() {
        assert_eq!(code_from_i32(5), Code::NotFound);
        assert_eq!(code_from_i32(99), Code::Unknown);
        assert_eq!(code_from_i32(i64::MAX), Code::Unknown);
    }
}
