//! Request metadata from JS (`params.metadata`, `reflectMetadata`) with k6's rules: keys are
//! lower-cased, `-bin` keys take binary values, others strings; reserved headers are dropped.
//!
//! Beyond k6 v1.1.0 (a k6 defect, see the README): `-bin` values may be an `ArrayBuffer` as well as
//! a `Uint8Array`, as k6's docs promise.
//!
//! Invalid key or value characters do not throw: as in grpc-go the RPC then fails locally with
//! status 13 ([`Metadata::to_map`] returns the text; the rules themselves live in the transport).

use rquickjs::{ArrayBuffer, TypedArray, Value};
use tonic::metadata::MetadataMap;

use crate::transport::{MetadataInput as MetaValue, request_metadata};

/// Validated request metadata, keys lower-cased, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Metadata(pub(crate) Vec<(String, MetaValue)>);

/// Parses a metadata object. `Err` is the text after `invalid metadata param: ` (without the
/// prefix the caller adds).
pub(crate) fn parse_metadata(value: &Value<'_>) -> Result<Metadata, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(Metadata::default());
    }
    let object = match value.as_object() {
        Some(o) if !value.is_array() && !value.is_function() => o,
        _ => return Err("must be an object with key-value pairs".to_owned()),
    };
    let mut out = Vec::new();
    for entry in object.props::<String, Value<'_>>() {
        let (key, item) = entry.map_err(|e| e.to_string())?;
        let parsed = if key.ends_with("-bin") {
            MetaValue::Binary(
                binary_bytes(&item).ok_or_else(|| format!("{} value must be binary", super::gofmt::go_quote(&key)))?,
            )
        } else {
            match item.as_string() {
                Some(s) => MetaValue::Text(s.to_string().map_err(|e| e.to_string())?),
                None => return Err(format!("{} value must be a string", super::gofmt::go_quote(&key))),
            }
        };
        out.push((key.to_ascii_lowercase(), parsed));
    }
    Ok(Metadata(out))
}

/// The bytes of a `Uint8Array` view or an `ArrayBuffer`.
fn binary_bytes(value: &Value<'_>) -> Option<Vec<u8>> {
    if let Ok(view) = TypedArray::<u8>::from_value(value.clone()) {
        // SAFETY: copied at once; no JS runs while the slice is alive.
        return unsafe { view.as_bytes() }.map(<[u8]>::to_vec);
    }
    let buffer = ArrayBuffer::from_value(value.clone())?;
    // SAFETY: as above.
    unsafe { buffer.as_bytes() }.map(<[u8]>::to_vec)
}

impl Metadata {
    /// The gRPC metadata to send, or grpc-go's text for an invalid key or value (the RPC then
    /// fails locally with status 13).
    pub(crate) fn to_map(&self) -> Result<MetadataMap, String> {
        // grpc-go drops pseudo-headers such as `:authority` silently.
        request_metadata(self.0.iter().filter(|(k, _)| !k.starts_with(':')).map(|(k, v)| (k.as_str(), v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_headers_are_dropped() {
        let m = Metadata(vec![
            (":authority".to_owned(), MetaValue::Text("x".into())),
            ("x-a".to_owned(), MetaValue::Text("1".into())),
        ]);
        let map = m.to_map().unwrap();
        assert_eq!(map.len(), 1);
        assert_eq!(map.get("x-a").unwrap(), "1");
    }
}
