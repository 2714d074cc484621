//! `write` failures end the stream with one `error` and cancel the RPC (k6 1.1.0 leaves the RPC
//! running and may hang the iteration, and repeats some errors): a message with unknown fields,
//! a second request on a server-streaming method, a message over `maxSendSize`. `write(null)` sends nothing; writes after
//! `end()` are ignored.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

fn run(body: &str) -> js_common::Run {
    run_with(body, "{ plaintext: true }")
}

fn run_with(body: &str, connect_params: &str) -> js_common::Run {
    let server = server();
    let src = format!(
        r#"
        export function setup() {{
          client.connect('ADDR', {connect_params});
          const events = [];
          const watch = (s) => {{
            s.on('data', (m) => events.push(['data', m.count === undefined ? null : m.count]));
            s.on('error', (e) => events.push(['error', Number(e.code), e.message]));
            s.on('end', () => events.push(['end']));
          }};
          {body}
          return events;
        }}
        "#
    );
    run_setup(&echo_script(&server, &src))
}

#[test]
fn unknown_field_cancels_a_bidi_stream() {
    // Without the cancellation this bidi stream would never end (the server waits for more).
    let run = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
      watch(s);
      s.write({ nope: 1 });
      s.write({ payload: {} });
    "#);
    assert_eq!(
        run.json(),
        &json!([
            [
                "error",
                2,
                "can't serialise request object to protocol buffer: proto:\u{a0}(line 1:2): unknown field \"nope\""
            ],
            ["end"]
        ])
    );
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 0);
}

#[test]
fn second_request_on_a_server_stream() {
    let run = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
      watch(s);
      s.write({ count: 2 });
      s.write({ count: 2 });
    "#);
    assert_eq!(run.json(), &json!([["error", 13, "SendMsg called after CloseSend"], ["end"]]));
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].tag("status"), Some("13"));
}

#[test]
fn empty_writes_and_writes_after_end() {
    let run = run(r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ClientStream');
      watch(s);
      s.write(null);
      s.write();
      s.write({ payload: { fString: 'a' } });
      s.end();
      s.write({ payload: { fString: 'b' } });
      s.end();
    "#);
    assert_eq!(run.json(), &json!([["data", 1], ["end"]]));
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 1);
    let received = run.samples_of("grpc_streams_msgs_received");
    assert_eq!(received.len(), 1);
    // k6 counts a client stream's reply after the call finished: the sample has the status.
    assert_eq!(received[0].tag("status"), Some("0"));
}

#[test]
fn message_over_max_send_size() {
    let run = run_with(
        r#"
      const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ClientStream');
      watch(s);
      s.write({ payload: { fString: 'x'.repeat(2000) } });
      s.write({ payload: { fString: 'y' } });
    "#,
        "{ plaintext: true, maxSendSize: 1000 }",
    );
    let events = run.json().as_array().unwrap().clone();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0][1], 8);
    assert!(events[0][2].as_str().unwrap().starts_with("trying to send message larger than max ("), "{events:?}");
    assert_eq!(events[1], json!(["end"]));
}
