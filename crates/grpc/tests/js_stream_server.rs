//! Server streaming: `data` for each reply (unpopulated fields left out), then `end`; the
//! iteration waits for the stream; the stream's metrics carry the call's tags.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn replies_then_end_and_metrics() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { tags: { k: 'v' } });
          s.on('data', (m, meta) => events.push(['data', [m.payload, m.seq, m.method, 'filler' in m], typeof meta.ts, Number.isInteger(meta.ts), this === undefined]));
          s.on('error', (e) => events.push(['error', e]));
          s.on('end', (x) => events.push(['end', x]));
          s.write({ count: 3, intervalMs: 10, payload: { fString: 'hi' } });
          events.push(['sync', Object.keys(s), JSON.stringify(s)]);
          return events;
        }
        "#,
    ));
    // Stream messages leave unpopulated fields out: no `seq` 0, no empty `filler`.
    let data = |seq: Option<i32>| json!([{"fString": "hi"}, seq, "/stampede.test.v1.Echo/ServerStream", false]);
    let events = run.json().as_array().unwrap().clone();
    assert_eq!(events[0], json!(["sync", ["on", "write", "end"], "{}"]));
    assert_eq!(events.len(), 5, "{events:?}");
    for (i, e) in events[1..4].iter().enumerate() {
        assert_eq!(e[0], "data");
        let seq = if i == 0 { None } else { Some(i as i32) };
        assert_eq!(e[1], data(seq), "{e}");
        assert_eq!(e[2], "number");
        assert_eq!(e[3], true);
    }
    assert_eq!(events[4], json!(["end", {}]));

    assert_eq!(run.samples_of("grpc_streams").len(), 1);
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 1);
    assert_eq!(run.samples_of("grpc_streams_msgs_received").len(), 3);
    let durations = run.samples_of("grpc_req_duration");
    assert_eq!(durations.len(), 1);
    let d = durations[0];
    assert_eq!(d.tag("status"), Some("0"));
    assert_eq!(d.tag("name"), Some("/stampede.test.v1.Echo/ServerStream"));
    assert_eq!(d.tag("method"), Some("ServerStream"));
    assert_eq!(d.tag("service"), Some("stampede.test.v1.Echo"));
    assert_eq!(d.tag("k"), Some("v"));
    for s in run.samples_of("grpc_streams_msgs_received") {
        assert_eq!(s.tag("status"), None);
        assert_eq!(s.tag("k"), Some("v"));
        assert_eq!(s.tag("url"), Some(format!("{}/stampede.test.v1.Echo/ServerStream", server.addr).as_str()));
    }
}
