//! `client.healthCheck(service?)` (a later-k6 feature): works without loading health.proto.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

#[test]
fn health_check_without_loading_protos() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        export function setup() {
          let before;
          try { client.healthCheck(); } catch (e) { before = String(e); }
          client.connect('ADDR', { plaintext: true });
          const all = client.healthCheck();
          const unknown = client.healthCheck('no.such.Service');
          return {
            before,
            all: [all.status === grpc.StatusOK, all.message.status],
            unknown: Number(unknown.status),
          };
        }
        "#,
    ));
    assert_eq!(
        run.json(),
        &json!({
            "before": "GoError: no gRPC connection, you must call connect first",
            "all": [true, "SERVING"],
            "unknown": 5,
        })
    );
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d[0].tag("name"), Some("/grpc.health.v1.Health/Check"));
}
