//! Iterations the end of gracefulStop interrupts while streams are open: every open stream gets
//! the replies already received and then `end` (no `error`), cut streams record no
//! `grpc_req_duration`, and the iteration reports its `data_sent`/`data_received` (but no
//! `iteration_duration`), as k6 does. With k6 on PATH the byte counts are compared with k6's
//! (within 15 %); k6 1.1.0's events are racy there (README), so only the bytes are compared.
//! Also: streams open when the test is aborted or when setup() is cut short (the compat scripts
//! grpc-stream-abort.js and grpc-stream-setup-cut.js compare what k6 does deterministically).

use crate::common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Each VU's only iteration opens two streams that never end, then returns: the VU waits, idle,
/// until gracefulStop runs out.
const SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = {
  scenarios: { idle: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '500ms' } },
};
export default function () {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  client.invoke('stampede.test.v1.Echo/Echo', { payload: { fString: 'x'.repeat(5000) } });
  const server = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  server.on('data', (m) => console.log('EVENT server data ' + (m.seq || 0)));
  server.on('error', (e) => console.log('EVENT server error ' + e.message));
  server.on('end', () => console.log('EVENT server end'));
  server.write({ count: 3, intervalMs: 20, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  const bidi = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
  bidi.on('data', () => console.log('EVENT bidi data'));
  bidi.on('error', (e) => console.log('EVENT bidi error ' + e.message));
  bidi.on('end', () => console.log('EVENT bidi end'));
  bidi.write({ payload: { fString: 'z'.repeat(3000) } });
}
"#;

struct Observed {
    events: Vec<String>,
    /// (metric, `method` tag) of every sample.
    samples: Vec<(String, Option<String>)>,
    sent: f64,
    received: f64,
}

fn run(bin: &Path, server: &common::TestServer, dir: &Path, name: &str) -> Observed {
    run_script(bin, server, dir, name, 0)
}

/// Runs `s.js` in `dir`, expecting `exit`.
fn run_script(bin: &Path, server: &common::TestServer, dir: &Path, name: &str, exit: i32) -> Observed {
    let out_path = dir.join(format!("{name}.json"));
    let output = Command::new(bin)
        .args(["run", "-q", "--log-format=raw", "--out"])
        .arg(format!("json={}", out_path.display()))
        .args(["-e", &format!("GRPC_ADDR={}", server.addr()), "-e", &format!("PROTO_DIR={}", server.proto_dir())])
        .arg("s.js")
        .current_dir(dir)
        .env("K6_NO_USAGE_REPORT", "true")
        .env("STAMPEDE_GRPC_EXTRA_METRICS", "false")
        .output()
        .expect("runner starts");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(exit), "{name}: {stderr}");
    let mut events: Vec<String> = stderr.lines().filter_map(|l| l.strip_prefix("EVENT ")).map(str::to_owned).collect();
    events.sort();
    let mut observed = Observed { events, samples: Vec::new(), sent: 0.0, received: 0.0 };
    let text = std::fs::read_to_string(&out_path).expect("JSON output written");
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        if v["type"] != "Point" {
            continue;
        }
        let metric = v["metric"].as_str().unwrap_or_default().to_owned();
        let value = v["data"]["value"].as_f64().unwrap_or_default();
        match metric.as_str() {
            "data_sent" => observed.sent += value,
            "data_received" => observed.received += value,
            _ => {}
        }
        observed.samples.push((metric, v["data"]["tags"]["method"].as_str().map(str::to_owned)));
    }
    observed
}

fn count(o: &Observed, metric: &str, method: Option<&str>) -> usize {
    o.samples.iter().filter(|(m, t)| m == metric && t.as_deref() == method).count()
}

#[test]
fn open_streams_end_and_interrupted_iterations_keep_their_bytes() {
    let server = common::TestServer::start();
    let dir = common::script_dir("s.js", SCRIPT);
    let ours = run(&common::stampede_bin(), &server, dir.path(), "stampede");

    let mut expected = Vec::new();
    for _ in 0..2 {
        expected.extend(["bidi data", "bidi end", "server data 0", "server data 1", "server data 2", "server end"]);
    }
    expected.sort();
    assert_eq!(ours.events, expected);
    assert_eq!(count(&ours, "grpc_req_duration", Some("Echo")), 2);
    assert_eq!(count(&ours, "grpc_req_duration", Some("ServerStream")), 0);
    assert_eq!(count(&ours, "grpc_req_duration", Some("Bidi")), 0);
    assert_eq!(count(&ours, "grpc_streams_msgs_received", Some("ServerStream")), 6);
    assert_eq!(count(&ours, "iteration_duration", None), 0);
    assert_eq!(count(&ours, "iterations", None), 0);
    assert_eq!(count(&ours, "data_sent", None), 2);
    assert_eq!(count(&ours, "data_received", None), 2);
    // Payloads alone: 5000 + 3000 bytes out per VU; 5000 + 3 x 2000 + 3000 back.
    assert!(ours.sent >= 2.0 * 8000.0, "data_sent {}", ours.sent);
    assert!(ours.received >= 2.0 * 14000.0, "data_received {}", ours.received);

    let Some(k6) = k6_binary() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "k6 is not on PATH but CI=true");
        eprintln!("interrupted_streams: k6 not on PATH, skipped the byte comparison");
        return;
    };
    let theirs = run(&k6, &server, dir.path(), "k6");
    for (what, k6_bytes, our_bytes) in
        [("data_sent", theirs.sent, ours.sent), ("data_received", theirs.received, ours.received)]
    {
        let ratio = our_bytes / k6_bytes;
        assert!((0.85..=1.15).contains(&ratio), "{what}: stampede {our_bytes} vs k6 {k6_bytes}");
    }
}

fn k6_binary() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("k6")).find(|p| p.is_file())
}

/// VU 1 aborts the test while VU 2 sleeps; both have a stream open that got three replies.
const ABORT_SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
import exec from 'k6/execution';
import { sleep } from 'k6';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 1 } } };
export default function () {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const vu = exec.vu.idInTest;
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  s.on('data', (m) => console.log(`EVENT ${vu} data ${m.seq || 0}`));
  s.on('error', (e) => console.log(`EVENT ${vu} error ${Number(e.code)} ${e.message}`));
  s.on('end', () => console.log(`EVENT ${vu} end`));
  s.write({ count: 3, intervalMs: 10, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  if (vu === 1) {
    sleep(0.5);
    exec.test.abort('stop');
  }
  sleep(5);
}
"#;

#[test]
fn an_abort_ends_every_vus_streams_with_a_cancel_error() {
    let server = common::TestServer::start();
    let dir = common::script_dir("s.js", ABORT_SCRIPT);
    let ours = run_script(&common::stampede_bin(), &server, dir.path(), "stampede", 108);
    let mut expected = Vec::new();
    for vu in 1..=2 {
        for event in ["data 0", "data 1", "data 2", "error 2 canceled by client (k6)", "end"] {
            expected.push(format!("{vu} {event}"));
        }
    }
    expected.sort();
    assert_eq!(ours.events, expected);
    assert_eq!(count(&ours, "grpc_streams_msgs_received", Some("ServerStream")), 6);
    assert_eq!(count(&ours, "grpc_req_duration", Some("ServerStream")), 0);
    // The aborting iteration completes; the other one is interrupted. Both report their bytes.
    assert_eq!(count(&ours, "iterations", None), 1);
    assert_eq!(count(&ours, "data_received", None), 2);
    assert!(ours.received >= 2.0 * 3.0 * 2000.0, "data_received {}", ours.received);
}

/// setup() opens a stream that gets three replies, then outlives setupTimeout.
const SETUP_SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
import { sleep } from 'k6';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { setupTimeout: '1s', iterations: 1 };
export function setup() {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  s.on('data', () => console.log('EVENT data'));
  s.on('error', () => console.log('EVENT error'));
  s.on('end', () => console.log('EVENT end'));
  s.write({ count: 3, intervalMs: 10, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  sleep(5);
}
export default function () {}
"#;

#[test]
fn a_setup_cut_short_counts_its_streams_replies_without_running_handlers() {
    let server = common::TestServer::start();
    let dir = common::script_dir("s.js", SETUP_SCRIPT);
    let ours = run_script(&common::stampede_bin(), &server, dir.path(), "stampede", 100);
    assert!(ours.events.is_empty(), "{:?}", ours.events);
    assert_eq!(count(&ours, "grpc_streams_msgs_received", Some("ServerStream")), 3);
    assert_eq!(count(&ours, "grpc_req_duration", Some("ServerStream")), 0);
    assert!(ours.received >= 3.0 * 2000.0, "data_received {}", ours.received);
}
