//! `new grpc.Stream(client, url, params)` refusals with k6's texts (§6.1), including a stream
//! before `connect()`, and `on()`'s handler checks; the stream object's shape.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn refusals_and_handler_checks() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        const B = 'stampede.test.v1.Echo/Bidi';
        export function setup() {
          const out = [];
          const attempt = (f) => { try { f(); out.push('ok'); } catch (e) { out.push(String(e)); } };
          attempt(() => new grpc.Stream(client, B));
          client.connect('ADDR', { plaintext: true });
          attempt(() => new grpc.Stream());
          attempt(() => new grpc.Stream({}, B));
          attempt(() => new grpc.Stream(new grpc.Client(), B));
          attempt(() => new grpc.Stream(client));
          attempt(() => new grpc.Stream(client, ''));
          attempt(() => new grpc.Stream(client, 'x.Y/Z'));
          attempt(() => new grpc.Stream(client, B, { foo: 1 }));
          attempt(() => new grpc.Stream(client, B, { timeout: 'x' }));
          const s = new grpc.Stream(client, '/' + B);
          attempt(() => s.on('data'));
          attempt(() => s.on('data', 'x'));
          attempt(() => s.on('foo', () => 1));
          attempt(() => s.on('status', () => 1));
          attempt(() => { s.on = 1; });
          out.push(Object.keys(s), JSON.stringify(s));
          s.end();
          return out;
        }
        "#,
    ));
    assert_eq!(
        run.json(),
        &json!([
            "GoError: invalid GRPC Stream's client: no gRPC connection, you must call connect first",
            "GoError: invalid GRPC Stream's client: empty gRPC client",
            "GoError: invalid GRPC Stream's client: not a gRPC client",
            "GoError: invalid GRPC Stream's client: no gRPC connection, you must call connect first",
            "GoError: invalid GRPC Stream's method: method \"/undefined\" not found in file descriptors",
            "GoError: invalid GRPC Stream's method: method to invoke cannot be empty",
            "GoError: invalid GRPC Stream's method: method \"/x.Y/Z\" not found in file descriptors",
            "GoError: invalid GRPC Stream's parameters: unknown param: \"foo\"",
            "GoError: invalid GRPC Stream's parameters: invalid timeout value: time: invalid duration \"x\"",
            "GoError: handler for \"data\" event isn't a callable function",
            "TypeError: could not convert function call parameter 1: could not convert x to func(sobek.Value, sobek.Value) (sobek.Value, error)",
            "ok",
            "ok",
            "TypeError: Cannot assign to read only property 'on'",
            ["on", "write", "end"],
            "{}"
        ])
    );
    // Only the one stream that opened is counted.
    assert_eq!(run.samples_of("grpc_streams").len(), 1);
}
