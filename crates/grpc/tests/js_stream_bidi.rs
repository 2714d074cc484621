//! Bidirectional streaming: replies arrive while the client still writes; `end()` from a
//! handler lets the remaining replies arrive before `end`; a server that finishes first ends the
//! stream without the client's `end()`. Handlers run with `this` unbound.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn client_end_from_a_handler() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
          let n = 0;
          s.on('data', function (m) {
            events.push(['data', m.payload.fString, this === undefined]);
            n += 1;
            if (n < 3) s.write({ payload: { fString: 'r' + n } });
            else s.end();
          });
          s.on('end', () => events.push(['end']));
          s.write({ payload: { fString: 'first' } });
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!([["data", "first", true], ["data", "r1", true], ["data", "r2", true], ["end"]]));
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 3);
    assert_eq!(run.samples_of("grpc_streams_msgs_received").len(), 3);
}

#[test]
fn server_finishes_first() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
          s.on('data', (m) => events.push(['data', m.payload ? m.payload.fString : null]));
          s.on('error', (e) => events.push(['error', e]));
          s.on('end', () => events.push(['end']));
          s.write({ payload: { fString: 'a' } });
          s.write({ payload: { fString: 'b' }, control: { action: 'ACTION_FINISH' } });
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!([["data", "a"], ["data", "b"], ["end"]]));
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].tag("status"), Some("0"));
}
