//! What the server saw: a request counter per method and the last request's metadata.
//!
//! Counters live in a map built once at start-up (one `AtomicU64` per served method), so
//! counting never takes a lock; only remembering the last request's metadata does, and that
//! can be switched off for benchmarks (`ServerConfig::record_metadata`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tonic::metadata::{KeyAndValueRef, MetadataMap};

use crate::methods::ALL_METHODS;

/// One request as seen by the server: its method and request metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenRequest {
    /// Full method path, e.g. `/quickpizza.GRPC/RatePizza`.
    pub method: String,
    /// Request metadata (lower-case keys, in arrival order), including transport headers
    /// such as `te`, `content-type` and `grpc-timeout`. Binary (`-bin`) values are rendered
    /// as `hex:` followed by lower-case hex digits.
    pub metadata: Vec<(String, String)>,
}

impl SeenRequest {
    /// First value of `key` (lower-case), if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.metadata.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The client's `user-agent` header, if it sent one.
    pub fn user_agent(&self) -> Option<&str> {
        self.get("user-agent")
    }
}

/// Per-method request counters and the last request's metadata, shared with tests.
#[derive(Debug)]
pub struct RequestLog {
    counts: HashMap<&'static str, AtomicU64>,
    last: Mutex<Option<SeenRequest>>,
    record_metadata: bool,
}

impl RequestLog {
    pub(crate) fn new(record_metadata: bool) -> Self {
        Self {
            counts: ALL_METHODS.iter().map(|m| (*m, AtomicU64::new(0))).collect(),
            last: Mutex::new(None),
            record_metadata,
        }
    }

    /// Records one request to `method` (a full method path from [`crate::methods`]).
    pub(crate) fn record(&self, method: &'static str, metadata: &MetadataMap) {
        if let Some(counter) = self.counts.get(method) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        if self.record_metadata {
            let seen = SeenRequest { method: method.to_owned(), metadata: metadata_pairs(metadata) };
            if let Ok(mut last) = self.last.lock() {
                *last = Some(seen);
            }
        }
    }

    /// Number of requests received for a full method path (`/pkg.Service/Method`); 0 for
    /// methods never called or not served.
    pub fn count(&self, method: &str) -> u64 {
        self.counts.get(method).map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Total number of requests over all counted methods.
    pub fn total(&self) -> u64 {
        self.counts.values().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    /// Every method that received at least one request, with its count.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.counts.iter().map(|(m, c)| ((*m).to_owned(), c.load(Ordering::Relaxed))).filter(|(_, c)| *c > 0).collect()
    }

    /// The most recent request (any method), unless metadata recording is off.
    pub fn last_request(&self) -> Option<SeenRequest> {
        self.last.lock().ok().and_then(|l| l.clone())
    }

    /// Resets all counters and forgets the last request.
    pub fn reset(&self) {
        for c in self.counts.values() {
            c.store(0, Ordering::Relaxed);
        }
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
    }
}

/// Renders metadata as ordered `(key, value)` pairs; binary values as `hex:` + hex digits.
pub(crate) fn metadata_pairs(metadata: &MetadataMap) -> Vec<(String, String)> {
    metadata
        .iter()
        .map(|entry| match entry {
            KeyAndValueRef::Ascii(k, v) => {
                (k.as_str().to_owned(), String::from_utf8_lossy(v.as_encoded_bytes()).into_owned())
            }
            KeyAndValueRef::Binary(k, v) => (
                k.as_str().to_owned(),
                match v.to_bytes() {
                    Ok(b) => format!("hex:{}", hex::encode(b)),
                    Err(_) => "hex:<invalid base64>".to_owned(),
                },
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::QUICKPIZZA_RATE_PIZZA;

    #[test]
    fn counts_and_remembers_binary_metadata() {
        let log = RequestLog::new(true);
        let mut md = MetadataMap::new();
        md.insert("user-agent", "ua/1".parse().unwrap());
        md.insert_bin("x-data-bin", tonic::metadata::MetadataValue::from_bytes(&[1, 2, 0xfe]));
        log.record(QUICKPIZZA_RATE_PIZZA, &md);
        log.record(QUICKPIZZA_RATE_PIZZA, &md);
        assert_eq!(log.count(QUICKPIZZA_RATE_PIZZA), 2);
        assert_eq!(log.total(), 2);
        let last = log.last_request().unwrap();
        assert_eq!(last.user_agent(), Some("ua/1"));
        assert_eq!(last.get("x-data-bin"), Some("hex:0102fe"));
        log.reset();
        assert_eq!(log.total(), 0);
        assert!(log.last_request().is_none());
    }

    #[test]
    fn recording_can_be_disabled() {
        let log = RequestLog::new(false);
        log.record(QUICKPIZZA_RATE_PIZZA, &MetadataMap::new());
        assert_eq!(log.count(QUICKPIZZA_RATE_PIZZA), 1);
        assert!(log.last_request().is_none());
    }
}
