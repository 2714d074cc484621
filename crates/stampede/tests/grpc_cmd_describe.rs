//! `stampede grpc describe`: services, methods, messages and enums as proto source, with a JSON
//! example of the request a k6 script would send.

use crate::common;

use common::{TestServer, repo_root, stampede};

fn describe(server: &TestServer, symbol: &str) -> String {
    let run = stampede(&repo_root(), &["grpc", "describe", "-plaintext", &server.addr(), symbol]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn describes_a_service() {
    let server = TestServer::start();
    assert_eq!(
        describe(&server, "routeguide.RouteGuide"),
        "routeguide.RouteGuide is a service:\nservice RouteGuide {\n\
         \x20 rpc GetFeature(routeguide.Point) returns (routeguide.Feature);\n\
         \x20 rpc ListFeatures(routeguide.Rectangle) returns (stream routeguide.Feature);\n\
         \x20 rpc RecordRoute(stream routeguide.Point) returns (routeguide.RouteSummary);\n\
         \x20 rpc RouteChat(stream routeguide.RouteNote) returns (stream routeguide.RouteNote);\n}\n"
    );
}

#[test]
fn describes_a_method_with_a_request_example() {
    let server = TestServer::start();
    let text = describe(&server, "quickpizza.GRPC/RatePizza");
    assert!(text.starts_with("quickpizza.GRPC/RatePizza is a method:\n"), "{text}");
    assert!(text.contains(r#"{"ingredients":["example"],"dough":"example"}"#), "{text}");
    assert_eq!(text, describe(&server, "quickpizza.GRPC.RatePizza"), "dot spelling");
}

#[test]
fn describes_a_message_with_maps_oneofs_and_nested_types() {
    let server = TestServer::start();
    let text = describe(&server, "probe.v1.Everything");
    assert!(text.starts_with("probe.v1.Everything is a message:\nmessage Everything {\n"), "{text}");
    for line in [
        "  map<int64, probe.v1.Inner> by_id = 16;",
        "  oneof choice {",
        "    probe.v1.Inner choice_msg = 19;",
        "  optional int32 opt_i32 = 29;",
        "  repeated bytes raws = 38;",
        "  int32 json_named = 31 [json_name = \"customJson\"];",
        "  string snake_case_field = 30;",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} missing in\n{text}");
    }
}

#[test]
fn describes_an_enum() {
    let server = TestServer::start();
    let text = describe(&server, "probe.v1.Color");
    assert!(text.starts_with("probe.v1.Color is an enum:\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n"), "{text}");
}

#[test]
fn without_a_symbol_describes_every_service() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "describe", "--plaintext", &server.addr()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("quickpizza.GRPC is a service:"));
    assert!(run.stdout.contains("routeguide.RouteGuide is a service:"));
}

#[test]
fn unknown_symbol_is_one_line() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "describe", "-plaintext", &server.addr(), "nope.Nothing"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: symbol \"nope.Nothing\" not found."), "{}", run.stderr);
}
