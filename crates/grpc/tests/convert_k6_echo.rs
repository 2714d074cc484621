//! Requests echoed back by a server and printed by k6 v1.1.0 (recorded in
//! `fixtures/convert/k6_echo_{unary,stream}.jsonl` as `[method, request JS, 0 | -1, JSON with sorted
//! keys | error text]`). Each request goes through `js_to_message`, the wire encoding, decoding as
//! the method's output type and `message_to_js`, and must print exactly what k6 printed.

use crate::support;

use grpc::convert::{ToJsOptions, js_to_message, message_to_js};
use prost::Message;
use prost_reflect::DynamicMessage;
use support::{eval, pool, sorted_json, with_ctx};

fn check(fixture: &str, emit_unpopulated: bool, error_prefix: &str) {
    let pool = pool();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in fixture.lines().filter(|l| !l.trim().is_empty()) {
        let (method, src, status, expected): (String, String, i32, String) =
            serde_json::from_str(line).expect("fixture line parses");
        let (service, name) = method.rsplit_once('/').expect("method path");
        let method = pool
            .get_service_by_name(service)
            .and_then(|s| s.methods().find(|m| m.name() == name))
            .unwrap_or_else(|| panic!("no method {method}"));
        count += 1;
        let got = with_ctx(|ctx| {
            let value = eval(&ctx, &src);
            match js_to_message(&ctx, &value, &method.input()) {
                Err(e) => (-1, format!("{error_prefix}{}", e.detail())),
                Ok(msg) => {
                    let bytes = msg.encode_to_vec();
                    let reply = DynamicMessage::decode(method.output(), bytes.as_slice()).expect("reply decodes");
                    let js = message_to_js(&ctx, &reply, &ToJsOptions { emit_unpopulated }).expect("renders");
                    (0, sorted_json(&ctx, js))
                }
            }
        });
        if got != (status, expected.clone()) {
            failures.push(format!("{src}\n  k6:  {status} {expected}\n  got: {} {}", got.0, got.1));
        }
    }
    assert!(count > 20, "fixture has cases");
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn unary_echoes_match_k6() {
    check(
        include_str!("fixtures/convert/k6_echo_unary.jsonl"),
        true,
        "GoError: unable to serialise request object to protocol buffer: ",
    );
}

#[test]
fn stream_messages_match_k6() {
    check(
        include_str!("fixtures/convert/k6_echo_stream.jsonl"),
        false,
        "can't serialise request object to protocol buffer: ",
    );
}
