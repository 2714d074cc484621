//! `stampede grpc call`: the reply printed as a k6 script sees it, metadata from `-H`, streams,
//! requests from stdin, and grpcurl's exit code for a failed status.

use crate::common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use common::{TestServer, repo_root, stampede, stampede_bin};
use serde_json::{Value, json};

fn call(server: &TestServer, method: &str, data: &str, extra: &[&str]) -> common::Run {
    let addr = server.addr();
    let mut args = vec!["grpc", "call", "-plaintext", addr.as_str(), method, "-d", data];
    args.extend_from_slice(extra);
    stampede(&repo_root(), &args)
}

/// The JSON documents printed on stdout.
fn replies(stdout: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(stdout).into_iter::<Value>().map(|v| v.expect("JSON reply")).collect()
}

#[test]
fn unary_reply_is_protojson_in_lower_camel_case() {
    let server = TestServer::start();
    // 1 + (sum of the bytes of "cheese", "tomato", "thin") % 5 = 2 (see the test server's docs).
    let run = call(&server, "quickpizza.GRPC/RatePizza", r#"{"ingredients":["cheese","tomato"],"dough":"thin"}"#, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "{\n  \"starsRating\": 2\n}\n");
}

#[test]
fn unpopulated_fields_are_shown_as_k6_shows_them() {
    let server = TestServer::start();
    let run = call(&server, "probe.v1.Probe/Echo", r#"{"i64": 7, "inners": [{}]}"#, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply = &replies(&run.stdout)[0];
    assert_eq!(reply["i64"], json!("7"), "64-bit integers are strings");
    assert_eq!(reply["inner"], Value::Null, "unset message fields are null");
    assert_eq!(reply["inners"], json!([{ "text": "", "num": 0 }]));
    assert_eq!(reply["color"], json!("COLOR_UNSPECIFIED"));
    assert_eq!(reply["snakeCaseField"], json!(""));
    assert!(reply.get("optI32").is_none());
}

#[test]
fn metadata_from_h_flags_reaches_the_server() {
    let server = TestServer::start();
    let run = call(&server, "probe.v1.Probe/Info", "{}", &["-H", "x-user: alice", "-H", "x-run:  7"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply = &replies(&run.stdout)[0];
    assert_eq!(reply["metadata"]["x-user"], json!("alice"));
    assert_eq!(reply["metadata"]["x-run"], json!("7"));
}

#[test]
fn server_stream_prints_every_reply() {
    let server = TestServer::start();
    let rect =
        r#"{"lo":{"latitude":400000000,"longitude":-750000000},"hi":{"latitude":420000000,"longitude":-730000000}}"#;
    let run = call(&server, "routeguide.RouteGuide/ListFeatures", rect, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let features = replies(&run.stdout);
    assert_eq!(features.len(), 10);
    assert_eq!(features[0]["name"], json!("Patriots Path, Mendham, NJ 07945, USA"));
}

#[test]
fn client_stream_sends_every_json_object() {
    let server = TestServer::start();
    let points = r#"{"latitude":407838351,"longitude":-746143763} {"latitude":408122808,"longitude":-743999179} {}"#;
    let run = call(&server, "routeguide.RouteGuide/RecordRoute", points, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = &replies(&run.stdout)[0];
    assert_eq!(summary["pointCount"], json!(3));
    assert_eq!(summary["featureCount"], json!(2));
}

#[test]
fn request_from_stdin() {
    let server = TestServer::start();
    let mut child = Command::new(stampede_bin())
        .args(["grpc", "call", "--plaintext", &server.addr(), "quickpizza.GRPC/RatePizza", "-d", "@"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stampede starts");
    child.stdin.take().expect("stdin").write_all(br#"{"ingredients":["Pineapple"]}"#).expect("written");
    let out = child.wait_with_output().expect("stampede ends");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\n  \"starsRating\": 1\n}\n");
}

#[test]
fn failed_status_exits_64_plus_the_code() {
    let server = TestServer::start();
    let run = call(&server, "probe.v1.Probe/Fail", r#"{"code":5,"message":"no such pizza"}"#, &[]);
    assert_eq!(run.code, 64 + 5);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "ERROR:\n  Code: NotFound\n  Message: no such pizza\n");
}

#[test]
fn a_request_that_does_not_fit_names_the_message() {
    let server = TestServer::start();
    let run = call(&server, "quickpizza.GRPC/RatePizza", r#"{"toppings":["cheese"]}"#, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: the request does not match quickpizza.PizzaRatingRequest:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("stampede grpc describe ADDRESS quickpizza.PizzaRatingRequest"), "{}", run.stderr);
}
