//! Stream params: `metadata` (text and `-bin` values) reaches the server with the request
//! headers; `tags` are on every sample of the stream; `discardResponseMessage` gives `{}`.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn metadata_tags_and_discard() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const out = [];
          const params = { metadata: { 'x-text': 'hello', 'x-raw-bin': new Uint8Array([1, 255]) }, tags: { flavour: 'mint', n: 2 } };
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', params);
          s.on('data', (m) => out.push([m.metadata['x-text'], m.metadata['x-raw-bin']]));
          s.write({ count: 1 });
          const d = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { discardResponseMessage: true });
          d.on('data', (m) => out.push(m));
          d.write({ count: 1, payload: { fString: 'x' } });
          return out;
        }
        "#,
    ));
    let out = run.json().as_array().unwrap().clone();
    assert!(out.contains(&json!(["hello", "hex:01ff"])), "{out:?}");
    assert!(out.contains(&json!({})), "{out:?}");
    let tagged: Vec<_> =
        run.samples.iter().filter(|s| s.metric.starts_with("grpc_") && s.tag("flavour").is_some()).collect();
    // grpc_streams, msgs_sent, msgs_received, grpc_req_duration (+ Stampede's extras).
    assert!(tagged.len() >= 4, "{tagged:?}");
    assert!(tagged.iter().all(|s| s.tag("flavour") == Some("mint") && s.tag("n") == Some("2")));
}
