//! `Response.error` objects: code, message and the rich details of `grpc-status-details-bin`.

use crate::support;

use grpc::convert::{status_details_to_js, status_error_to_js};
use prost::Message;
use support::{pool, sorted_json, to_message, with_ctx};

/// `google.rpc.Status` as a server sends it.
#[derive(Clone, PartialEq, Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(message, repeated, tag = "3")]
    details: Vec<prost_types::Any>,
}

fn any(type_url: &str, value: Vec<u8>) -> prost_types::Any {
    prost_types::Any { type_url: type_url.to_owned(), value }
}

fn packed(src: &str, name: &str) -> Vec<u8> {
    to_message(src, name).expect("detail converts").encode_to_vec()
}

fn error_json(code: i32, message: &str, details: Vec<prost_types::Any>) -> String {
    let bin = RpcStatus { code, message: message.to_owned(), details }.encode_to_vec();
    let pool = pool();
    with_ctx(|ctx| {
        let v = status_error_to_js(&ctx, code, message, &bin, &pool).expect("renders");
        sorted_json(&ctx, v)
    })
}

#[test]
fn known_detail_types_render_as_any_json() {
    let detail = any(
        "type.googleapis.com/common.v1.ErrDetail",
        packed("{reason: 'because', retryAfterMs: 250}", "common.v1.ErrDetail"),
    );
    assert_eq!(
        error_json(9, "precond", vec![detail]),
        r#"{"code":9,"details":[{"@type":"type.googleapis.com/common.v1.ErrDetail","reason":"because","retryAfterMs":250}],"message":"precond"}"#
    );
}

#[test]
fn details_show_unpopulated_fields_like_unary_responses() {
    let detail = any("type.googleapis.com/common.v1.ErrDetail", Vec::new());
    assert_eq!(
        error_json(9, "x", vec![detail]),
        r#"{"code":9,"details":[{"@type":"type.googleapis.com/common.v1.ErrDetail","reason":"","retryAfterMs":0}],"message":"x"}"#
    );
}

#[test]
fn well_known_detail_types_use_value() {
    let detail = any("type.googleapis.com/google.protobuf.Duration", packed("'2s'", "google.protobuf.Duration"));
    assert_eq!(
        error_json(3, "bad", vec![detail]),
        r#"{"code":3,"details":[{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"}],"message":"bad"}"#
    );
}

#[test]
fn unknown_detail_types_keep_code_message_and_raw_payload() {
    // k6 1.1.0 blanks the whole error to {} here; Stampede keeps it readable.
    let known = any("type.googleapis.com/common.v1.ErrDetail", packed("{reason: 'r'}", "common.v1.ErrDetail"));
    let unknown = any("type.googleapis.com/unknown.v1.Mystery", vec![1, 2, 255]);
    assert_eq!(
        error_json(5, "not here", vec![known, unknown]),
        concat!(
            r#"{"code":5,"details":[{"@type":"type.googleapis.com/common.v1.ErrDetail","reason":"r","retryAfterMs":0},"#,
            r#"{"@type":"type.googleapis.com/unknown.v1.Mystery","value":"AQL/"}],"message":"not here"}"#
        )
    );
}

#[test]
fn no_or_broken_details_give_an_empty_array() {
    let pool = pool();
    with_ctx(|ctx| {
        let v = status_error_to_js(&ctx, 5, "not here", &[], &pool).unwrap();
        assert_eq!(sorted_json(&ctx, v), r#"{"code":5,"details":[],"message":"not here"}"#);
        let v = status_details_to_js(&ctx, &[0xff, 0xff, 0xff], &pool).unwrap();
        assert_eq!(sorted_json(&ctx, v), "[]");
        let v = status_error_to_js(&ctx, 13, "héllo ✓", &[], &pool).unwrap();
        assert_eq!(sorted_json(&ctx, v), r#"{"code":13,"details":[],"message":"héllo ✓"}"#);
    });
}
