//! `stampede demo`: an embedded test server, the bundled script, the summary, exit 0 — and it scales.

use crate::common;

#[test]
fn demo_runs_the_bundled_script_against_the_embedded_server() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::stampede(dir.path(), &["demo", "--vus", "2", "--duration", "1s"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(run.stdout.contains("2 looping VUs for 1s"), "stdout:\n{}", run.stdout);
    assert!(run.stdout.contains("checks_succeeded...................: 100.00%"), "stdout:\n{}", run.stdout);
    assert!(run.stdout.contains("grpc_req_duration"), "stdout:\n{}", run.stdout);
}
