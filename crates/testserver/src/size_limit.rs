//! Reports oversized requests the way grpc-go and grpcio servers do.
//!
//! tonic rejects a request above the decoding limit with OUT_OF_RANGE and its own wording;
//! gRPC servers k6 users meet answer RESOURCE_EXHAUSTED "grpc: received message larger than
//! max (N vs. LIMIT)". The rewrite applies to trailers-only replies (the rejection of a
//! unary or server-streaming request), which is where the check fires for those calls.

use http::HeaderValue;

const TONIC_PREFIX: &str = "Error, decoded message length too large: found ";

/// Rewrites a tonic "message too large" trailers-only reply in `headers` in place.
pub(crate) fn rewrite(headers: &mut http::HeaderMap) {
    if headers.get("grpc-status").map(HeaderValue::as_bytes) != Some(b"11") {
        return;
    }
    let Some(message) = headers.get("grpc-message").and_then(|v| v.to_str().ok()) else {
        return;
    };
    let Some(replacement) = grpc_go_message(message) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&replacement) {
        headers.insert("grpc-status", HeaderValue::from_static("8"));
        headers.insert("grpc-message", value);
    }
}

/// `Error, decoded message length too large: found N bytes, the limit is: L bytes` (percent-
/// encoded on the wire) → `grpc: received message larger than max (N vs. L)` (percent-encoded).
fn grpc_go_message(encoded: &str) -> Option<String> {
    let decoded = encoded.replace("%20", " ").replace("%3A", ":").replace("%2C", ",");
    let rest = decoded.strip_prefix(TONIC_PREFIX)?;
    let (found, rest) = rest.split_once(" bytes, the limit is: ")?;
    let limit = rest.strip_suffix(" bytes")?;
    if !found.bytes().all(|b| b.is_ascii_digit()) || !limit.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("grpc: received message larger than max ({found} vs. {limit})").replace(' ', "%20"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_tonic_size_errors_only() {
        let mut headers = http::HeaderMap::new();
        headers.insert("grpc-status", HeaderValue::from_static("11"));
        headers.insert(
            "grpc-message",
            HeaderValue::from_static(
                "Error,%20decoded%20message%20length%20too%20large:%20found%209437189%20bytes,%20the%20limit%20is:%208388608%20bytes",
            ),
        );
        rewrite(&mut headers);
        assert_eq!(headers["grpc-status"], "8");
        assert_eq!(
            headers["grpc-message"],
            "grpc:%20received%20message%20larger%20than%20max%20(9437189%20vs.%208388608)"
        );

        let mut other = http::HeaderMap::new();
        other.insert("grpc-status", HeaderValue::from_static("11"));
        other.insert("grpc-message", HeaderValue::from_static("out%20of%20range"));
        rewrite(&mut other);
        assert_eq!(other["grpc-status"], "11");
    }
}
