//! A VU's own deadline caps its calls' deadlines (setupTimeout in setup(), the scenario's end plus
//! gracefulStop in iterations), and a call still running when gracefulStop ends is cut off with
//! its iteration: no Response, no `grpc_req_duration` sample, only its bytes — what k6 v1.1.0 does.

mod common;

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
