//! Well-known types in their JSON forms, as whole messages and as fields, and the response values
//! protojson refuses to write.

use crate::support;

use grpc::convert::{ToJsOptions, message_to_js};
use prost_reflect::{DynamicMessage, Value};
use support::{desc, echo, render, to_message, with_ctx};

#[test]
fn whole_message_wkts_are_bare_values() {
    assert_eq!(echo("'John'", "google.protobuf.StringValue", true), r#""John""#);
    assert_eq!(echo("21", "google.protobuf.Int64Value", true), r#""21""#);
    assert_eq!(echo("'21'", "google.protobuf.Int64Value", true), r#""21""#);
    assert_eq!(echo("{}", "google.protobuf.Empty", true), "{}");
    assert_eq!(echo("'2020-05-06T07:08:09Z'", "google.protobuf.Timestamp", true), r#""2020-05-06T07:08:09Z""#);
    assert_eq!(echo("'1.5s'", "google.protobuf.Duration", true), r#""1.500s""#);
    assert_eq!(echo("[1, 'a', null]", "google.protobuf.ListValue", true), r#"[1,"a",null]"#);
    assert_eq!(echo("{a: {b: []}}", "google.protobuf.Struct", true), r#"{"a":{"b":[]}}"#);
    assert_eq!(echo("null", "google.protobuf.Value", true), "null");
}

#[test]
fn any_forms() {
    assert_eq!(echo("{any: {}}", "probe.v1.Everything", false), r#"{"any":{}}"#);
    assert_eq!(
        echo(
            "{any: {'@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s'}}",
            "probe.v1.Everything",
            false
        ),
        r#"{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"}}"#
    );
    assert_eq!(
        echo("{any: {text: 'x', '@type': 'type.googleapis.com/probe.v1.Inner'}}", "probe.v1.Everything", false),
        r#"{"any":{"@type":"type.googleapis.com/probe.v1.Inner","text":"x"}}"#
    );
}

#[test]
fn timestamps_are_normalised_to_utc_with_3_6_or_9_digits() {
    assert_eq!(
        echo("{ts: '2024-01-02T05:04:05.1+02:00'}", "probe.v1.Everything", false),
        r#"{"ts":"2024-01-02T03:04:05.100Z"}"#
    );
    assert_eq!(echo("{ts: new Date(5)}", "probe.v1.Everything", false), r#"{"ts":"1970-01-01T00:00:00.005Z"}"#);
}

#[test]
fn an_any_of_unknown_type_in_a_response_keeps_its_payload() {
    let any_desc = desc("google.protobuf.Any");
    let mut any = DynamicMessage::new(any_desc);
    any.set_field_by_number(1, Value::String("type.googleapis.com/unknown.v1.Mystery".into()));
    any.set_field_by_number(2, Value::Bytes(vec![1, 2, 255].into()));
    assert_eq!(render(&any, true), r#"{"@type":"type.googleapis.com/unknown.v1.Mystery","value":"AQL/"}"#);
}

#[test]
fn unwritable_values_throw_instead_of_rendering_garbage() {
    let mut ts = DynamicMessage::new(desc("google.protobuf.Timestamp"));
    ts.set_field_by_number(2, Value::I32(-1));
    let mut val = DynamicMessage::new(desc("google.protobuf.Value"));
    val.set_field_by_number(2, Value::F64(f64::NAN));
    let empty_value = DynamicMessage::new(desc("google.protobuf.Value"));
    with_ctx(|ctx| {
        for msg in [&ts, &val, &empty_value] {
            let err = message_to_js(&ctx, msg, &ToJsOptions { emit_unpopulated: true }).unwrap_err();
            assert!(matches!(err, rquickjs::Error::Exception), "{err:?}");
            let _ = ctx.catch();
        }
    });
}

#[test]
fn proto2_required_and_defaults() {
    let err = to_message("{a: 1}", "legacy.Legacy").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unable to serialise request object to protocol buffer: proto:\u{a0}required field legacy.Legacy.req not set"
    );
    assert_eq!(echo("{req: 1}", "legacy.Legacy", true), r#"{"a":null,"b":null,"r":[],"req":1,"sub":null}"#);
    assert_eq!(echo("{req: 0, a: 0, sub: {}}", "legacy.Legacy", false), r#"{"a":0,"req":0,"sub":{}}"#);
}
