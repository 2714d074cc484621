//! How long a stream keeps the iteration: with a `timeout` it ends with DeadlineExceeded (and,
//! unlike k6 1.1.0, a `grpc_req_duration` sample with status 4); `client.close()` cancels it; a
//! stream that never ends is cancelled when the VU is stopped; events wait for the script's
//! synchronous code (they come after `sleep`) and reach `await` points of async functions.

use crate::js_common;
use crate::js_stream_support;

use std::time::Duration;

use js_common::{echo_script, run_setup, server};
use js_stream_support::run_setup_logged;
use serde_json::json;

#[test]
fn timeout_ends_a_hanging_stream() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { timeout: '200ms' });
          s.on('data', () => events.push('data'));
          s.on('error', (e) => events.push(['error', Number(e.code), e.message]));
          s.on('end', () => events.push('end'));
          s.write({ count: 1, control: { action: 'ACTION_HANG' } });
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!(["data", ["error", 4, "context deadline exceeded"], "end"]));
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].tag("status"), Some("4"));
}

#[test]
fn client_close_cancels_open_streams() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
          s.on('data', () => { events.push('data'); client.close(); });
          s.on('error', (e) => events.push(['error', Number(e.code), e.message]));
          s.on('end', () => events.push('end'));
          s.write({ payload: { fString: 'a' } });
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!(["data", ["error", 2, "canceled by client (k6)"], "end"]));
}

#[test]
fn events_wait_for_sync_code_and_reach_awaits() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        import { sleep } from 'k6';
        export async function setup() {
          client.connect('ADDR', { plaintext: true });
          const events = [];
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
          s.on('data', (m) => events.push('data'));
          const ended = new Promise((resolve) => s.on('end', () => { events.push('end'); resolve('resolved'); }));
          s.write({ count: 2 });
          sleep(0.2);
          events.push('slept');
          events.push(await ended);
          return events;
        }
        "#,
    ));
    assert_eq!(run.json(), &json!(["slept", "data", "data", "end", "resolved"]));
}

#[test]
fn stopping_the_vu_cancels_a_never_ending_stream() {
    let server = server();
    let src = echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
          s.on('data', () => {});
          s.write({ payload: { fString: 'a' } });
          return 'returned';
        }
        "#,
    );
    let run = run_setup_logged(&src, Some(Duration::from_millis(300)));
    // The call came back (the stream did not keep the VU forever), as an interruption.
    let err = run.output.expect_err("an interrupted setup fails");
    assert!(err.contains("context canceled"), "{err}");
}
