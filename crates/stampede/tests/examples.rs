//! Every script in `examples/` runs against an in-process test server, exits 0 and passes all of
//! its checks, so the examples a newcomer copies never rot.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{repo_root, stampede};

/// Runs `examples/<name>` with `args` (short iteration counts) and asserts success and passing checks.
fn run_example(name: &str, args: &[&str]) {
    run_example_with(None, name, args);
}

/// As [`run_example`], with real k6 instead of Stampede when `k6` is given.
fn run_example_with(k6: Option<&Path>, name: &str, args: &[&str]) {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let summary = out_dir.path().join("summary.json");
    let script = repo_root().join("examples").join(name);
    let summary_arg = format!("--summary-export={}", summary.display());
    let script_arg = script.display().to_string();
    let mut all = vec!["run", "-q", summary_arg.as_str()];
    all.extend_from_slice(args);
    all.push(script_arg.as_str());
    let run = match k6 {
        None => stampede(out_dir.path(), &all),
        Some(k6) => {
            let out = Command::new(k6).args(&all).arg("--no-usage-report").current_dir(out_dir.path()).output();
            let out = out.expect("k6 starts");
            common::Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }
    };
    assert_eq!(run.code, 0, "{name} exited {}\nstdout:\n{}\nstderr:\n{}", run.code, run.stdout, run.stderr);
    let (passes, fails) = check_counts(&summary);
    assert!(passes > 0, "{name}: no check ran\n{}", run.stdout);
    assert_eq!(fails, 0, "{name}: {fails} checks failed\n{}", run.stdout);
}

/// `(passes, fails)` of the `checks` metric in a `--summary-export` file.
fn check_counts(summary: &Path) -> (u64, u64) {
    let text = std::fs::read_to_string(summary).expect("summary exported");
    let json: serde_json::Value = serde_json::from_str(&text).expect("summary is JSON");
    let checks = &json["metrics"]["checks"];
    (checks["passes"].as_u64().unwrap_or(0), checks["fails"].as_u64().unwrap_or(u64::MAX))
}

/// Runs a plaintext example with `-u 1 -i 3` against a fresh plaintext server.
fn run_plaintext_example(name: &str) {
    let server = common::TestServer::start();
    let addr = format!("GRPC_ADDR={}", server.addr());
    run_example(name, &["-u", "1", "-i", "3", "-e", addr.as_str()]);
}

#[test]
fn quickpizza() {
    run_plaintext_example("quickpizza.js");
}

#[test]
fn demo() {
    run_plaintext_example("demo.js");
}

#[test]
fn async_invoke() {
    run_plaintext_example("async_invoke.js");
}

#[test]
fn server_stream() {
    run_plaintext_example("server_stream.js");
}

#[test]
fn client_stream() {
    run_plaintext_example("client_stream.js");
}

#[test]
fn bidi_stream() {
    run_plaintext_example("bidi_stream.js");
}

#[test]
fn reflection() {
    run_plaintext_example("reflection.js");
}

#[test]
fn metadata() {
    run_plaintext_example("metadata.js");
}

#[test]
fn thresholds_scenarios() {
    let server = common::TestServer::start();
    let addr = format!("GRPC_ADDR={}", server.addr());
    run_example("thresholds_scenarios.js", &["-e", "DURATION=1s", "-e", addr.as_str()]);
}

/// Starts a TLS (or mutual TLS) server and writes its PEM files into a temp dir.
fn tls_server(mutual: bool) -> (testserver::TestServer, tempfile::TempDir) {
    let cfg = if mutual { testserver::ServerConfig::mutual_tls() } else { testserver::ServerConfig::tls() };
    let server = testserver::TestServer::start_in_background(cfg).expect("TLS test server starts");
    let dir = tempfile::tempdir().expect("temp dir");
    server.certs.as_ref().expect("TLS server has certificates").write_to(dir.path()).expect("PEMs written");
    (server, dir)
}

#[test]
fn tls() {
    let (server, certs) = tls_server(false);
    let addr = format!("GRPC_ADDR=localhost:{}", server.addr.port());
    let ca = format!("CA_CERT={}", certs.path().join("ca.pem").display());
    run_example("tls.js", &["-u", "1", "-i", "3", "-e", addr.as_str(), "-e", ca.as_str()]);
    server.shutdown();
}

#[test]
fn mutual_tls() {
    let (server, certs) = tls_server(true);
    let addr = format!("GRPC_ADDR=localhost:{}", server.addr.port());
    let ca = format!("CA_CERT={}", certs.path().join("ca.pem").display());
    let cert = format!("CLIENT_CERT={}", certs.path().join("client.pem").display());
    let key = format!("CLIENT_KEY={}", certs.path().join("client.key").display());
    let args = ["-u", "1", "-i", "3", "-e", addr.as_str(), "-e", ca.as_str(), "-e", cert.as_str(), "-e", key.as_str()];
    run_example("tls.js", &args);
    server.shutdown();
}

/// The examples are k6 scripts: real k6 runs the plaintext ones with the same result (skipped
/// when k6 is not on PATH).
#[test]
fn k6_runs_the_examples() {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let Some(k6) = std::env::split_paths(&path).map(|d| d.join("k6")).find(|p| p.is_file()) else {
        eprintln!("k6 is not on PATH; skipped");
        return;
    };
    let server = common::TestServer::start();
    let addr = format!("GRPC_ADDR={}", server.addr());
    for name in [
        "quickpizza.js",
        "demo.js",
        "async_invoke.js",
        "server_stream.js",
        "client_stream.js",
        "bidi_stream.js",
        "reflection.js",
        "metadata.js",
    ] {
        run_example_with(Some(&k6), name, &["-u", "1", "-i", "2", "-e", addr.as_str()]);
    }
    run_example_with(Some(&k6), "thresholds_scenarios.js", &["-e", "DURATION=1s", "-e", addr.as_str()]);
}

/// Every example in the directory has a test above: a new example without one fails here.
#[test]
fn every_example_is_tested() {
    let tested = [
        "async_invoke.js",
        "bidi_stream.js",
        "client_stream.js",
        "demo.js",
        "metadata.js",
        "quickpizza.js",
        "reflection.js",
        "server_stream.js",
        "thresholds_scenarios.js",
        "tls.js",
    ];
    let mut found: Vec<String> = std::fs::read_dir(repo_root().join("examples"))
        .expect("examples dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js"))
        .collect();
    found.sort();
    assert_eq!(found, tested);
}
