//! Metadata both ways: request metadata built with grpc-go's key/value rules (and k6's texts for
//! violations), response headers/trailers flattened into ordered `(name, value)` pairs.

use std::cell::RefCell;
use std::time::Duration;

use tonic::metadata::{
    Ascii, AsciiMetadataKey, AsciiMetadataValue, BinaryMetadataKey, BinaryMetadataValue, KeyAndValueRef, MetadataMap,
    MetadataValue,
};

/// The request header carrying the call's deadline.
const GRPC_TIMEOUT: &str = "grpc-timeout";

/// Headers gRPC owns; values given by the script are dropped silently, as grpc-go does.
const RESERVED: [&str; 9] = [
    "user-agent",
    "content-type",
    "te",
    "grpc-message-type",
    "grpc-encoding",
    "grpc-message",
    "grpc-status",
    "grpc-timeout",
    "grpc-status-details-bin",
];

/// One request metadata value as the script gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataInput {
    /// A string value.
    Text(String),
    /// Raw bytes (for `-bin` keys; sent base64-encoded on the wire).
    Binary(Vec<u8>),
}

/// Builds request metadata. Keys are lower-cased; reserved keys are dropped; a key ending in
/// `-bin` carries bytes (a text value is sent as its UTF-8 bytes). An invalid key or value gives
/// grpc-go's text, which k6 reports as an RPC failure with status 13 (Internal).
pub fn request_metadata<'a, I>(entries: I) -> Result<MetadataMap, String>
where
    I: IntoIterator<Item = (&'a str, &'a MetadataInput)>,
{
    let mut map = MetadataMap::new();
    for (key, value) in entries {
        let key = key.to_ascii_lowercase();
        if !key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'-' | b'_' | b'.')) || key.is_empty() {
            return Err(format!("header key {key:?} contains illegal characters not in [0-9a-z-_.]"));
        }
        if RESERVED.contains(&key.as_str()) {
            continue;
        }
        if key.ends_with("-bin") {
            let bytes = match value {
                MetadataInput::Binary(b) => b.as_slice(),
                MetadataInput::Text(t) => t.as_bytes(),
            };
            let name = BinaryMetadataKey::from_bytes(key.as_bytes()).map_err(|e| e.to_string())?;
            map.append_bin(name, BinaryMetadataValue::from_bytes(bytes));
        } else {
            let text = match value {
                MetadataInput::Text(t) => t.as_str(),
                MetadataInput::Binary(_) => {
                    return Err(format!("header key {key:?} has a binary value but does not end in -bin"));
                }
            };
            if !text.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
                return Err(format!("header key {key:?} contains value with non-printable ASCII characters"));
            }
            let name = AsciiMetadataKey::from_bytes(key.as_bytes()).map_err(|e| e.to_string())?;
            let value = AsciiMetadataValue::try_from(text).map_err(|e| e.to_string())?;
            map.append(name, value);
        }
    }
    Ok(map)
}

/// Drops the keys a request must not carry from script-built metadata.
pub(crate) fn strip_reserved(mut map: MetadataMap) -> MetadataMap {
    if map.is_empty() {
        return map;
    }
    for key in RESERVED {
        map.remove(key);
    }
    map
}

/// Flattens metadata into `(name, value)` pairs in wire order. Binary values are base64-decoded and
/// read as UTF-8 with invalid sequences replaced (k6 hands them to JS that way). `grpc-status` and
/// `grpc-message` are left out: they are the status, not metadata.
pub(crate) fn metadata_pairs(map: &MetadataMap) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(map.len());
    for entry in map.iter() {
        match entry {
            KeyAndValueRef::Ascii(key, value) => {
                let name = key.as_str();
                if name == "grpc-status" || name == "grpc-message" {
                    continue;
                }
                let text = String::from_utf8_lossy(value.as_encoded_bytes()).into_owned();
                out.push((name.to_owned(), text));
            }
            KeyAndValueRef::Binary(key, value) => {
                let bytes = value.to_bytes().unwrap_or_default();
                out.push((key.as_str().to_owned(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

/// Sets the request's `grpc-timeout` header, as tonic's `set_timeout` writes it. Scripts use one
/// timeout for most calls, and formatting and parsing the header value was ~1% of a small call's
/// CPU, so the last value is kept per thread.
pub(crate) fn set_timeout<T>(req: &mut tonic::Request<T>, limit: Duration) {
    thread_local! {
        static LAST: RefCell<Option<(Duration, MetadataValue<Ascii>)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((duration, value)) if *duration == limit => {
                req.metadata_mut().insert(GRPC_TIMEOUT, value.clone());
            }
            _ => {
                req.set_timeout(limit);
                *last = req.metadata().get(GRPC_TIMEOUT).map(|value| (limit, value.clone()));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_flattens() {
        let entries = [
            ("X-Upper".to_owned(), MetadataInput::Text("v".into())),
            ("x-data-bin".to_owned(), MetadataInput::Binary(vec![1, 2, 0xfe])),
            ("user-agent".to_owned(), MetadataInput::Text("mine".into())),
        ];
        let map = request_metadata(entries.iter().map(|(k, v)| (k.as_str(), v))).unwrap();
        assert!(map.get("user-agent").is_none());
        let pairs = metadata_pairs(&map);
        assert_eq!(pairs[0], ("x-upper".to_owned(), "v".to_owned()));
        assert_eq!(pairs[1], ("x-data-bin".to_owned(), "\u{1}\u{2}\u{FFFD}".to_owned()));
    }

    #[test]
    fn k6_texts_for_bad_metadata() {
        let bad_key = [("bad key".to_owned(), MetadataInput::Text("v".into()))];
        assert_eq!(
            request_metadata(bad_key.iter().map(|(k, v)| (k.as_str(), v))).unwrap_err(),
            "header key \"bad key\" contains illegal characters not in [0-9a-z-_.]"
        );
        let bad_value = [("x-utf".to_owned(), MetadataInput::Text("é".into()))];
        assert_eq!(
            request_metadata(bad_value.iter().map(|(k, v)| (k.as_str(), v))).unwrap_err(),
            "header key \"x-utf\" contains value with non-printable ASCII characters"
        );
    }
}
