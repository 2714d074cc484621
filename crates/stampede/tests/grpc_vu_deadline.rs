//! A VU's own deadline caps its calls' deadlines (setupTimeout in setup(), the scenario's end plus
//! gracefulStop in iterations), and a call still running when gracefulStop ends is cut off with
//! its iteration: no Response, no `grpc_req_duration` sample, only its bytes — what k6 v1.1.0 does.
//! Streams announce the VU's deadline to the server too (plus a margin, see the stream module).

use crate::common;

use std::process::Command;

#[test]
fn calls_end_with_the_vus_deadline() {
    let server = common::TestServer::start();
    let script = common::repo_root().join("tests/compat/grpc-vu-deadline.js");
    let dir = tempfile::tempdir().expect("temp dir");
    let out_json = dir.path().join("out.json");
    let out = Command::new(common::stampede_bin())
        .args(["run", "-q", "--log-format=raw", "--out"])
        .arg(format!("json={}", out_json.display()))
        .args(["-e", &format!("GRPC_ADDR={}", server.addr()), "-e", &format!("PROTO_DIR={}", server.proto_dir())])
        .arg(&script)
        .env("STAMPEDE_GRPC_EXTRA_METRICS", "false")
        .current_dir(dir.path())
        .output()
        .expect("stampede starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("COMPAT ")).collect();
    assert_eq!(lines, ["COMPAT setup deadline 7", "COMPAT iteration deadline 2"], "{stderr}");

    let points: Vec<serde_json::Value> = std::fs::read_to_string(&out_json)
        .expect("json output")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v["type"] == "Point")
        .collect();
    let of = |metric: &str| points.iter().filter(|p| p["metric"] == metric).collect::<Vec<_>>();
    // One quick call in setup() and one in the iteration; the cut-off call has no sample.
    assert_eq!(of("grpc_req_duration").len(), 2);
    assert!(of("iterations").is_empty(), "the only iteration was interrupted");
    let sent: Vec<_> = of("data_sent").into_iter().filter(|p| p["data"]["tags"]["scenario"] == "slow").collect();
    assert_eq!(sent.len(), 1, "the interrupted iteration reports its bytes");
    assert!(sent[0]["data"]["value"].as_f64().unwrap_or_default() > 0.0, "{:?}", sent[0]);
}

/// Each stream asks the server how much time it was given, in setup() (setupTimeout 7s) and in
/// an iteration (maxDuration 2s + gracefulStop 1s), without and with its own shorter `timeout`.
const STREAM_SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = {
  setupTimeout: '7s',
  scenarios: { one: { executor: 'shared-iterations', iterations: 1, maxDuration: '2s', gracefulStop: '1s' } },
};
function remaining(label, params) {
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', params);
  s.on('data', (m) => console.log(`REMAINING ${label} ${Math.ceil(m.deadlineRemainingS)}`));
  s.write({ count: 1 });
}
export function setup() {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  remaining('setup');
}
export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  remaining('iteration');
  remaining('own', { timeout: '1500ms' });
};
"#;

#[test]
fn streams_announce_the_vus_deadline_with_a_margin() {
    let server = common::TestServer::start();
    let dir = common::script_dir("s.js", STREAM_SCRIPT);
    let out = Command::new(common::stampede_bin())
        .args(["run", "-q", "--log-format=raw"])
        .args(["-e", &format!("GRPC_ADDR={}", server.addr()), "-e", &format!("PROTO_DIR={}", server.proto_dir())])
        .arg("s.js")
        .current_dir(dir.path())
        .output()
        .expect("stampede starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let mut lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("REMAINING ")).collect();
    lines.sort_unstable();
    // k6 announces exactly the time left (7 and 3 here); Stampede one second more, so that the
    // VU's stop, not the server's deadline, ends a stream still open then. A shorter `timeout`
    // is announced as it is.
    assert_eq!(lines, ["REMAINING iteration 4", "REMAINING own 2", "REMAINING setup 8"], "{stderr}");
}
