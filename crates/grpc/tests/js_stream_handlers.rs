//! Several `data` handlers run in registration order for each reply, replies in order (also when
//! several arrive in one batch); a handler registered while a reply is being handled starts with
//! the next reply, as in k6.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn handlers_in_order_and_late_registration_starts_with_the_next_reply() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const seen = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
          s.on('data', (m) => {
            const seq = m.seq || 0;
            seen.push('a' + seq);
            if (seq === 1) s.on('data', (late) => seen.push('late' + (late.seq || 0)));
          });
          s.on('data', (m) => seen.push('b' + (m.seq || 0)));
          s.on('end', () => seen.push('end'));
          s.write({ count: 4 });
          return seen;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!(["a0", "b0", "a1", "b1", "a2", "b2", "late2", "a3", "b3", "late3", "end"]));
    assert_eq!(run.samples_of("grpc_streams_msgs_received").len(), 4);
}
