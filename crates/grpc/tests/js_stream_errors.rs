//! Streams that fail: `data` for the replies received, then one `error` `{code, details,
//! message}` (with `error()`), then `end`. A server's CANCELLED arrives as code 1 with the
//! server's message (k6 1.1.0 says Unknown "canceled by client (k6)"); error details are plain
//! objects (k6 1.1.0 gives unreadable host objects); a server dying mid-stream gives Unavailable.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

const WATCH: &str = r#"
  function watch(s, events) {
    s.on('data', (m) => events.push(['data', m.seq || 0]));
    s.on('error', (e) => events.push(['error', Number(e.code), String(e.code), e.code === grpc['Status' + String(e.code)],
      e.message, e.details, e.error(), JSON.stringify(e)]));
    s.on('end', () => events.push(['end']));
  }
"#;

fn run(body: &str) -> serde_json::Value {
    let server = server();
    let src = format!(
        "{WATCH}\nexport function setup() {{\n  client.connect('ADDR', {{ plaintext: true }});\n  const events = [];\n{body}\n  return events;\n}}\n"
    );
    run_setup(&echo_script(&server, &src)).json().clone()
}

#[test]
fn server_status_with_details() {
    let events = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
      watch(s, events);
      s.write({ count: 2, control: { statusCode: 9, statusMessage: 'boom', details: ['DETAIL_KIND_ERROR_INFO'] } });
    "#);
    assert_eq!(
        events,
        json!([
            ["data", 0],
            ["data", 1],
            ["error", 9, "FailedPrecondition", true, "boom",
              [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "TEST_FAILURE", "domain": "stampede.test", "metadata": {}}],
              "code: 9, message: boom",
              "{\"code\":9,\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"TEST_FAILURE\",\"domain\":\"stampede.test\",\"metadata\":{}}],\"message\":\"boom\"}"],
            ["end"]
        ])
    );
}

#[test]
fn server_cancelled_is_canceled_with_its_message() {
    let events = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
      watch(s, events);
      s.write({ count: 1, control: { action: 'ACTION_CANCEL', statusMessage: 'stop now' } });
    "#);
    assert_eq!(events[0], json!(["data", 0]));
    assert_eq!(events[1][1], 1);
    assert_eq!(events[1][2], "Canceled");
    assert_ne!(events[1][4], "canceled by client (k6)");
    assert_eq!(events[2], json!(["end"]));
    assert_eq!(events.as_array().unwrap().len(), 3, "one error only: {events}");
}

#[test]
fn server_dies_mid_stream() {
    let events = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
      watch(s, events);
      s.write({ payload: { fString: 'a' } });
      s.write({ control: { action: 'ACTION_DIE' } });
    "#);
    let list = events.as_array().unwrap();
    assert_eq!(list.len(), 4, "{events}");
    assert_eq!(list[0][0], "data");
    assert_eq!(list[1][0], "data");
    assert_eq!(list[2][1], 14, "{events}");
    assert_eq!(list[3], json!(["end"]));
}

#[test]
fn error_without_handler_still_ends() {
    let events = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
      s.on('end', () => events.push(['end']));
      s.write({ count: 0, control: { statusCode: 13, statusMessage: 'internal!' } });
    "#);
    assert_eq!(events, json!([["end"]]));
}
