//! Request metadata reaches the server (keys lower-cased, `-bin` values from a `Uint8Array` or an
//! `ArrayBuffer`), reserved headers are dropped, and invalid keys fail the call with status 13.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

#[test]
fn metadata_is_sent_and_echoed() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const res = client.invoke('/stampede.test.v1.Echo/Echo', { control: { echoMetadata: true } }, {
            metadata: {
              'X-Upper': 'v',
              'x-view-bin': new Uint8Array([9, 1, 2, 254, 7]).subarray(1, 4),
              'x-buf-bin': new Uint8Array([1, 2]).buffer,
              'user-agent': 'mine',
            },
          });
          const bad = client.invoke('/stampede.test.v1.Echo/Echo', {}, { metadata: { 'bad key': 'x' } });
          const twice = client.invoke('/stampede.test.v1.Echo/Echo',
            { control: { echoMetadata: true, headers: { 'x-h': 'a' }, trailers: { 'x-h': 't' } } },
            { metadata: { 'x-h': 'b' } });
          return {
            repeated: [twice.headers['x-h'], twice.trailers['x-h'], twice.headers['content-type']],
            seen: res.message.metadata,
            header: res.headers['x-upper'],
            binHeader: res.headers['x-view-bin'],
            bad: [Number(bad.status), bad.error.message],
          };
        }
        "#,
    ));
    let out = run.json();
    let seen = &out["seen"];
    assert_eq!(seen["x-upper"], "v");
    assert_eq!(seen["x-view-bin"], "hex:0102fe");
    assert_eq!(seen["x-buf-bin"], "hex:0102");
    assert!(
        !seen["user-agent"].as_str().unwrap_or("").contains("mine"),
        "user metadata cannot override the user agent: {seen}"
    );
    assert_eq!(out["header"], json!(["v"]));
    // A key sent twice (echoed from the request and set by the server): one array, in order.
    assert_eq!(out["repeated"], json!([["b", "a"], ["b", "t"], ["application/grpc"]]));
    assert_eq!(out["binHeader"], json!(["\u{1}\u{2}\u{FFFD}"]));
    assert_eq!(out["bad"], json!([13, "header key \"bad key\" contains illegal characters not in [0-9a-z-_.]"]));
    // As in k6, a call refused locally records no sample.
    let statuses: Vec<_> =
        run.samples_of("grpc_req_duration").iter().map(|s| s.tag("status").unwrap().to_owned()).collect();
    assert_eq!(statuses, ["0", "0"]);
}
