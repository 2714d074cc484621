//! Request conversion errors: the exact texts (and positions) k6 v1.1.0 throws, recorded from the
//! real binary in `fixtures/convert/k6_request_errors.json` as `[request JS, message type, text]`.

use crate::support;

use grpc::convert::ConvertError;
use support::{error_of, to_message};

fn recorded() -> Vec<(String, String, String)> {
    let text = include_str!("fixtures/convert/k6_request_errors.json");
    serde_json::from_str(text).expect("fixture parses")
}

#[test]
fn every_recorded_k6_error_text_matches() {
    let mut failures = Vec::new();
    for (src, name, expected) in recorded() {
        let got = error_of(&src, &name);
        // k6 appends the JS stack of a throwing getter; only the thrown text is comparable.
        let matches = match expected.split_once(" at ") {
            Some((head, _)) if expected.contains("<eval>") => got == head,
            _ => got == expected,
        };
        if !matches {
            failures.push(format!("{src}\n  k6:  {expected}\n  got: {got}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn serialisation_failures_are_their_own_kind() {
    let err = to_message("{i64: 10n}", "probe.v1.Everything").unwrap_err();
    assert!(matches!(err, ConvertError::Serialize(_)));
    assert_eq!(err.detail(), "TypeError: Do not know how to serialize a BigInt at reflect.methodValueCall (native)");
    let err = to_message("{nope: 1}", "probe.v1.Everything").unwrap_err();
    assert!(matches!(err, ConvertError::Protobuf(_)));
    assert_eq!(err.detail(), "proto:\u{a0}(line 1:2): unknown field \"nope\"");
}

#[test]
fn a_bigint_wins_over_an_earlier_protobuf_error() {
    // k6 stringifies the whole value before protojson sees any of it.
    assert_eq!(
        error_of("{nope: 1, i64: 10n}", "probe.v1.Everything"),
        "unable to serialise request object: TypeError: Do not know how to serialize a BigInt at reflect.methodValueCall (native)"
    );
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let err = error_of(&format!("{{val: {deep}}}"), "probe.v1.Everything");
    assert_eq!(err, "unable to serialise request object to protocol buffer: proto:\u{a0}exceeded max recursion depth");
}
