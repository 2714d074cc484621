//! Many concurrent streams in one VU: 2,000 server streams and 1,000 bidi streams (spread over
//! 30 connections, as HTTP/2 servers cap the streams of one connection) all end, with exact
//! message counts. A couple of seconds in a debug build, so it runs with the rest of the suite.
//! A hang fails the test (after a bound far above any normal run) rather than blocking the suite.

use crate::js_common;

use std::sync::mpsc;
use std::time::Duration;

use js_common::{Run, run_setup, script_for, server};
use serde_json::json;

/// Only there to turn a hang into a failure; a normal run takes a few seconds.
const HANG_BOUND: Duration = Duration::from_secs(300);

#[test]
fn thousands_of_streams_end_with_exact_counts() {
    let server = server();
    let src = script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const clients = [];
        for (let i = 0; i < 30; i++) {
          const c = new grpc.Client();
          c.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
          clients.push(c);
        }
        export function setup() {
          clients.forEach((c) => c.connect('ADDR', { plaintext: true }));
          const seen = { serverData: 0, serverEnds: 0, bidiData: 0, bidiEnds: 0, errors: 0 };
          for (let i = 0; i < 2000; i++) {
            const s = new grpc.Stream(clients[i % 20], 'stampede.test.v1.Echo/ServerStream');
            s.on('data', () => { seen.serverData += 1; });
            s.on('error', () => { seen.errors += 1; });
            s.on('end', () => { seen.serverEnds += 1; });
            s.write({ count: 10 });
          }
          for (let i = 0; i < 1000; i++) {
            const s = new grpc.Stream(clients[20 + (i % 10)], 'stampede.test.v1.Echo/Bidi');
            let got = 0;
            s.on('data', () => { seen.bidiData += 1; got += 1; if (got === 5) s.end(); });
            s.on('error', () => { seen.errors += 1; });
            s.on('end', () => { seen.bidiEnds += 1; });
            for (let k = 0; k < 5; k++) s.write({ payload: { fInt32: k } });
          }
          return seen;
        }
        "#,
    );
    let run = run_with_hang_bound(src);
    assert_eq!(
        run.json(),
        &json!({"serverData": 20000, "serverEnds": 2000, "bidiData": 5000, "bidiEnds": 1000, "errors": 0})
    );
    assert_eq!(run.samples_of("grpc_streams").len(), 3000);
    assert_eq!(run.samples_of("grpc_streams_msgs_received").len(), 25000);
    assert_eq!(run.samples_of("grpc_streams_msgs_sent").len(), 7000);
    assert_eq!(run.samples_of("grpc_req_duration").len(), 3000);
}

/// Runs `src`'s `setup()` on its own thread and fails if it has not finished within [`HANG_BOUND`].
fn run_with_hang_bound(src: String) -> Run {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(run_setup(&src));
    });
    match finished.recv_timeout(HANG_BOUND) {
        Ok(run) => run,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the streams did not all end: setup() still running"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the run panicked"),
    }
}
