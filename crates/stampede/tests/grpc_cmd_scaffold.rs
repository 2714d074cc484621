//! `stampede grpc scaffold`: the generated k6 script runs as written — by reflection, from proto
//! files, over mutual TLS — and its checks pass against the test server.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestServer, repo_root, stampede};

/// Scaffolds `method` into `<dir>/<file>` with `flags`, returning the script's path and source.
fn scaffold(dir: &Path, file: &str, addr: &str, method: &str, flags: &[&str]) -> (PathBuf, String) {
    let out = dir.join(file);
    let out_arg = out.display().to_string();
    let mut args = vec!["grpc", "scaffold", addr, method, "-o", out_arg.as_str()];
    args.extend_from_slice(flags);
    let run = stampede(&repo_root(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "the script goes to the file");
    let source = std::fs::read_to_string(&out).expect("script written");
    (out, source)
}

/// Runs `script` with `-i 3` and asserts exit 0 and only passing checks.
fn run_passes(script: &Path, extra: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.json");
    let summary_arg = format!("--summary-export={}", summary.display());
    let script_arg = script.display().to_string();
    let mut args = vec!["run", "-q", "-i", "3", summary_arg.as_str()];
    args.extend_from_slice(extra);
    args.push(script_arg.as_str());
    let run = stampede(dir.path(), &args);
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("summary")).expect("JSON");
    assert_eq!(json["metrics"]["checks"]["fails"], 0, "{}", run.stdout);
    assert!(json["metrics"]["checks"]["passes"].as_u64().unwrap_or(0) >= 3, "{}", run.stdout);
}

#[test]
fn rate_pizza_by_reflection_runs_and_passes() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (script, source) = scaffold(
        dir.path(),
        "rate.js",
        &server.addr(),
        "quickpizza.GRPC/RatePizza",
        &["-plaintext", "-H", "x-team: pizza"],
    );
    for expected in [
        "import grpc from 'k6/net/grpc';",
        "client.connect(address, { plaintext: true, reflect: true });",
        "    ingredients: ['example'],\n    dough: 'example',\n",
        "client.invoke('quickpizza.GRPC/RatePizza', request, { metadata: { 'x-team': 'pizza' } });",
        "'status is OK': (r) => r && r.status === grpc.StatusOK",
        "grpc_req_duration: ['p(95)<500'],",
        "checks: ['rate>0.99'],",
    ] {
        assert!(source.contains(expected), "{expected:?} missing in\n{source}");
    }
    run_passes(&script, &[]);
}

#[test]
fn client_stream_from_proto_files_runs_and_passes() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let proto_dir = repo_root().join("crates/testserver/proto").display().to_string();
    let (script, source) = scaffold(
        &dir.path().join("nested"),
        "route.js",
        &server.addr(),
        "routeguide.RouteGuide/RecordRoute",
        &["-plaintext", "-import-path", &proto_dir, "-proto", "route_guide.proto"],
    );
    assert!(source.contains("client.load(["), "{source}");
    assert!(source.contains("'route_guide.proto');"), "{source}");
    assert!(source.contains("new grpc.Stream(client, 'routeguide.RouteGuide/RecordRoute')"), "{source}");
    assert!(source.contains("stream.end();"), "{source}");
    assert!(!source.contains("reflect: true"), "{source}");
    run_passes(&script, &[]);
}

#[test]
fn mutual_tls_script_runs_and_passes() {
    let server = testserver::TestServer::start_in_background(testserver::ServerConfig::mutual_tls()).expect("server");
    let dir = tempfile::tempdir().expect("temp dir");
    server.certs.as_ref().expect("certs").write_to(&dir.path().join("certs")).expect("PEMs written");
    let path = |name: &str| dir.path().join("certs").join(name).display().to_string();
    let addr = format!("localhost:{}", server.addr.port());
    let (script, source) = scaffold(
        dir.path(),
        "status.js",
        &addr,
        "quickpizza.GRPC/Status",
        &["-cacert", &path("ca.pem"), "-cert", &path("client.pem"), "-key", &path("client.key")],
    );
    let tls = "\nconst tls = { cacerts: [open('certs/ca.pem')], cert: open('certs/client.pem'), key: open('certs/client.key') };\n";
    assert!(source.contains(tls), "{source}");
    assert!(source.contains("client.connect(address, { reflect: true, tls });"), "{source}");
    run_passes(&script, &[]);
    server.shutdown();
}

#[test]
fn without_output_the_script_goes_to_stdout() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "scaffold", "--plaintext", &server.addr(), "quickpizza.GRPC/Status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("// A k6 gRPC test for quickpizza.GRPC/Status"), "{}", run.stdout);
    assert!(run.stdout.contains("const request = {};"), "{}", run.stdout);
}

/// The scaffolded script uses only k6 v1.1.0's API: real k6 runs it too (when it is installed).
#[test]
fn k6_runs_the_scaffolded_script() {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let Some(k6) = std::env::split_paths(&path).map(|d| d.join("k6")).find(|p| p.is_file()) else {
        eprintln!("k6 is not on PATH; skipped");
        return;
    };
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (script, _) = scaffold(dir.path(), "rate.js", &server.addr(), "quickpizza.GRPC/RatePizza", &["-plaintext"]);
    let out = Command::new(k6)
        .args(["run", "-q", "-i", "2", "--no-usage-report"])
        .arg(&script)
        .current_dir(dir.path())
        .output()
        .expect("k6 starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("✓ status is OK"), "{stdout}");
}

#[test]
fn d_gives_the_request_template() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (script, source) = scaffold(
        dir.path(),
        "pineapple.js",
        &server.addr(),
        "quickpizza.GRPC/RatePizza",
        &["-plaintext", "-d", r#"{"ingredients":["Pineapple"],"dough":"Thin"}"#],
    );
    assert!(source.contains("    ingredients: ['Pineapple'],\n    dough: 'Thin',\n"), "{source}");
    run_passes(&script, &[]);
    let bad = stampede(
        &repo_root(),
        &["grpc", "scaffold", "-plaintext", &server.addr(), "quickpizza.GRPC/RatePizza", "-d", r#"{"crust":"thin"}"#],
    );
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.starts_with("error: the request does not match quickpizza.PizzaRatingRequest"),
        "{}",
        bad.stderr
    );
}
