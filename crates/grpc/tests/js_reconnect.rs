//! Connecting again replaces the client's connection (Stampede closes the old one; k6 leaks it)
//! and keeps the methods the client knows; `close()` then `connect()` works too.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

#[test]
fn connect_again_uses_a_new_connection() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
        const peer = () => client.invoke('/stampede.test.v1.Echo/Echo', {}).message.peer;
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const first = peer();
          client.connect('ADDR', { plaintext: true });
          const second = peer();
          client.close();
          client.connect('ADDR', { plaintext: true });
          const third = peer();
          return { differ: first !== second && second !== third, nonEmpty: first.length > 0 };
        }
        "#,
    ));
    assert_eq!(run.json(), &json!({"differ": true, "nonEmpty": true}));
}
