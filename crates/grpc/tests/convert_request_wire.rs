//! Requests written straight to wire bytes (`js_to_request`) are exactly what building the
//! message (`js_to_message`) and encoding it gives, and fail with the same texts: checked on every
//! request k6 v1.1.0 was recorded with, and on every recorded error case.

use crate::support;

use grpc::convert::{js_to_message, js_to_request};
use grpc::transport::Request;
use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor, Value};
use support::{eval, pool, with_ctx};

/// Map entries are written in the map's own order, which prost leaves to a hash map: only messages
/// without a map of several entries are compared byte for byte.
fn has_unordered_map(msg: &DynamicMessage) -> bool {
    msg.fields().any(|(_, v)| match v {
        Value::Map(m) => m.len() > 1 || m.values().any(|v| v.as_message().is_some_and(has_unordered_map)),
        Value::Message(m) => has_unordered_map(m),
        Value::List(items) => items.iter().any(|v| v.as_message().is_some_and(has_unordered_map)),
        _ => false,
    })
}

/// Converts `src` both ways; returns whether the direct path wrote the bytes itself.
fn compare(src: &str, desc: &MessageDescriptor) -> Result<bool, String> {
    with_ctx(|ctx| {
        let built = js_to_message(&ctx, &eval(&ctx, src), desc);
        let written = js_to_request(&ctx, &eval(&ctx, src), desc);
        match (built, written) {
            (Err(a), Err(b)) if a == b => Ok(false),
            (Ok(msg), Ok(request)) => {
                let direct = matches!(request, Request::Encoded(_));
                let expected = msg.encode_to_vec();
                let mut got = Vec::new();
                if let Request::Encoded(bytes) = &request {
                    got.extend_from_slice(bytes);
                } else {
                    got = request.message(desc).expect("decodes").encode_to_vec();
                }
                let decoded =
                    DynamicMessage::decode(desc.clone(), got.as_slice()).map_err(|e| format!("{src}: {e}"))?;
                let reference =
                    DynamicMessage::decode(desc.clone(), expected.as_slice()).expect("prost's bytes decode");
                let same = if has_unordered_map(&msg) {
                    decoded == reference && got.len() == expected.len()
                } else {
                    got == expected
                };
                if !same {
                    return Err(format!("{src}\n  built:   {expected:?}\n  written: {got:?}"));
                }
                Ok(direct)
            }
            (a, b) => Err(format!(
                "{src}\n  built:   {:?}\n  written: {:?}",
                a.map(|m| m.encode_to_vec()),
                b.map(|r| r.encoded_len())
            )),
        }
    })
}

fn methods_input(method: &str) -> MessageDescriptor {
    let (service, name) = method.rsplit_once('/').expect("method path");
    pool()
        .get_service_by_name(service)
        .and_then(|s| s.methods().find(|m| m.name() == name))
        .unwrap_or_else(|| panic!("no method {method}"))
        .input()
}

#[test]
fn recorded_requests_encode_as_the_built_message_does() {
    let mut failures = Vec::new();
    let (mut direct, mut count) = (0, 0);
    for fixture in
        [include_str!("fixtures/convert/k6_echo_unary.jsonl"), include_str!("fixtures/convert/k6_echo_stream.jsonl")]
    {
        for line in fixture.lines().filter(|l| !l.trim().is_empty()) {
            let (method, src, _, _): (String, String, i32, String) = serde_json::from_str(line).expect("fixture line");
            count += 1;
            match compare(&src, &methods_input(&method)) {
                Ok(d) => direct += usize::from(d),
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
    assert!(direct * 2 > count, "most requests take the direct path: {direct} of {count}");
}

#[test]
fn recorded_error_cases_fail_with_the_same_text() {
    let cases: Vec<(String, String, String)> =
        serde_json::from_str(include_str!("fixtures/convert/k6_request_errors.json")).expect("fixture");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(src, name, _)| compare(src, &pool().get_message_by_name(name).expect("message")).err())
        .collect();
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn field_order_defaults_and_lengths_match_prost() {
    let desc = pool().get_message_by_name("probe.v1.Everything").expect("Everything");
    let cases = [
        // keys against number order, defaults (left out), presence fields (kept), empty message
        "{ts: '2024-01-02T03:04:05Z', str: 'a', i32: 0, nums: [], counts: {}, inner: {}, optI32: 0, flag: false, raw: ''}",
        "{raws: ['AQ==', ''], colors: ['RED', 2, 0], sf32: -7, s32: -5, i32: -1, nums: [-1, 2, -300, 0]}",
        // lengths of two bytes, at the top and nested
        "{str: 'x'.repeat(300), inners: [{text: 'y'.repeat(200), num: 1}, {}]}",
        "{inner: {text: 'z'.repeat(130)}, byId: {'0': {}, '-5': {num: 0}}}",
        "{counts: {'': 0}, choiceMsg: {}}",
        "{choiceNum: 0, fl: -0, db: 1e-300, u64: '18446744073709551615', f64: 7, u32: 4294967295}",
        "{wstr: '', wi64: '0', wbool: false, dur: '1.5s', st: {a: [1, 'b', null]}, val: null, lv: [], fm: 'a.b,c', empty: {}}",
        "{any: {'@type': 'type.googleapis.com/probe.v1.Inner', text: 't'}, ping: {}, customJson: 3, snakeCaseField: 's'}",
        // Timestamp, Duration and wrappers, written directly: zero parts left out, negative nanos
        "{ts: '1970-01-01T00:00:00Z', dur: '0s', wstr: 'w', wi64: '-9', wbool: true}",
        "{ts: '1969-12-31T23:59:59.5Z', dur: '-1.000000001s'}",
        "{ts: '2024-01-02T03:04:05.123456789+02:00', dur: '315576000000s'}",
    ];
    for src in cases {
        let direct = compare(src, &desc).unwrap_or_else(|e| panic!("{e}"));
        assert!(direct, "written directly: {src}");
    }
    // Bad Timestamp and Duration strings and a wrapper of the wrong type: the same texts.
    for src in ["{ts: 'yesterday'}", "{dur: '1.5'}", "{ts: 5}", "{dur: '315576000001s'}", "{wi64: 'x'}", "{wbool: 1}"] {
        assert_eq!(compare(src, &desc), Ok(false), "{src}");
    }
    // Two names for one numeric map key: both paths refuse it with the same text.
    assert_eq!(compare("{byId: {'1': {}, '01': {}}}", &desc), Ok(false));
}
