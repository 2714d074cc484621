//! Client streaming: every write reaches the server, `end()` half-closes, the single reply comes
//! as `data` then `end`; writes after `end()` are ignored. A unary method used as a stream gives
//! one `data` and `end`.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn writes_then_end_gives_one_reply() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, '/stampede.test.v1.Echo/ClientStream');
          s.on('data', (m) => events.push(['data', m.count, m.texts]));
          s.on('error', (e) => events.push(['error', e]));
          s.on('end', () => events.push(['end']));
          s.write({ payload: { fString: 'a' } });
          s.write({ payload: { fString: 'b' } });
          s.end();
          s.write({ payload: { fString: 'c' } });
          s.end();
          events.push(['returned']);
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!([["returned"], ["data", 2, ["a", "b"]], ["end"]]));
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 2);
    assert_eq!(run.samples_of("grpc_streams_msgs_received").len(), 1);
    assert_eq!(run.samples_of("grpc_req_duration").len(), 1);
}

#[test]
fn unary_method_as_a_stream() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Echo');
          s.on('data', (m) => events.push(['data', m.payload, m.method]));
          s.on('error', (e) => events.push(['error', e]));
          s.on('end', () => events.push(['end']));
          s.write({ payload: { fInt32: 7 } });
          return events;
        }
        "#,
    ));
    assert_eq!(
        run.json(),
        &json!([
            ["data", {"fInt32": 7}, "/stampede.test.v1.Echo/Echo"],
            ["end"]
        ])
    );
}
