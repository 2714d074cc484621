//! Valid requests never go through JSON text: each property is read exactly once (a
//! `JSON.stringify` pass would read getters a second time).

use crate::support;

use grpc::convert::js_to_message;
use support::{desc, eval, with_ctx};

#[test]
fn a_valid_request_is_read_once() {
    let desc = desc("probe.v1.Everything");
    with_ctx(|ctx| {
        let v = eval(
            &ctx,
            "(globalThis.reads = 0, {get str() { globalThis.reads++; return 'x'; }, \
             inner: {get num() { globalThis.reads++; return 3; }}, ts: '2020-01-01T00:00:00Z', \
             any: {'@type': 'type.googleapis.com/probe.v1.Inner', get text() { globalThis.reads++; return 't'; }}})",
        );
        js_to_message(&ctx, &v, &desc).expect("converts");
        let reads: i32 = ctx.globals().get("reads").unwrap();
        // The Any's members are scanned once for "@type" and once for the fields.
        assert_eq!(reads, 4);
    });
}

#[test]
fn an_invalid_request_is_stringified_for_the_error_text() {
    let desc = desc("probe.v1.Everything");
    with_ctx(|ctx| {
        let v = eval(&ctx, "(globalThis.reads = 0, {get str() { globalThis.reads++; return 'x'; }, nope: 1})");
        assert!(js_to_message(&ctx, &v, &desc).is_err());
        let reads: i32 = ctx.globals().get("reads").unwrap();
        assert_eq!(reads, 2);
    });
}

#[test]
fn to_json_and_dropped_values_follow_json_stringify() {
    let desc = desc("probe.v1.Everything");
    with_ctx(|ctx| {
        let v = eval(&ctx, "{ts: new Date(0), str: undefined, i32: () => 1, inner: {toJSON(k) { return {text: k}; }}}");
        let msg = js_to_message(&ctx, &v, &desc).expect("converts");
        let rendered = support::render(&msg, false);
        assert_eq!(rendered, r#"{"inner":{"text":"inner"},"ts":"1970-01-01T00:00:00Z"}"#);
    });
}
