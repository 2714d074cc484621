//! `asyncInvoke`: calls run concurrently, resolve with a Response for every RPC outcome, and the
//! iteration (here `setup()`) waits for them.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

#[test]
fn promise_all_resolves_every_outcome() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
        export async function setup() {
          client.connect('ADDR', { plaintext: true });
          const call = (req, params) => client.asyncInvoke('/stampede.test.v1.Echo/Echo', req, params);
          const results = await Promise.all([
            call({ payload: { fInt32: 1 }, control: { sleepMs: 50 } }),
            call({ payload: { fInt32: 2 }, control: { sleepMs: 50 } }),
            call({ control: { statusCode: 9, statusMessage: 'precond' } }),
            call({ control: { sleepMs: 1000 } }, { timeout: '50ms' }),
          ]);
          return results.map((r) => [r.status === grpc.StatusOK, Number(r.status), r.message && r.message.payload ? r.message.payload.fInt32 : null]);
        }
        "#,
    ));
    assert_eq!(run.json(), &json!([[true, 0, 1], [true, 0, 2], [false, 9, null], [false, 4, null]]));
    assert_eq!(run.samples_of("grpc_req_duration").len(), 4);
}

#[test]
fn unawaited_calls_still_complete() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'quickpizza.proto');
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          client.asyncInvoke('quickpizza.GRPC/RatePizza', { ingredients: ['a'] });
          return 'done';
        }
        "#,
    ));
    assert_eq!(run.json(), "done");
    assert_eq!(run.samples_of("grpc_req_duration").len(), 1);
}
