//! `stampede grpc list`: services by reflection or from proto files, methods of one service, in
//! grpcurl's single-dash and clap's double-dash spellings.

use crate::common;

use common::{TestServer, repo_root, stampede};

#[test]
fn lists_services_by_reflection() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintext", &server.addr()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let services: Vec<&str> = run.stdout.lines().collect();
    for expected in ["quickpizza.GRPC", "routeguide.RouteGuide", "stampede.test.v1.Echo", "grpc.health.v1.Health"] {
        assert!(services.contains(&expected), "{expected} missing from {services:?}");
    }
    let mut sorted = services.clone();
    sorted.sort();
    assert_eq!(services, sorted, "sorted");
}

#[test]
fn lists_methods_of_a_service() {
    let server = TestServer::start();
    for plaintext in ["-plaintext", "--plaintext"] {
        let run = stampede(&repo_root(), &["grpc", plaintext, "list", &server.addr(), "routeguide.RouteGuide"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            "routeguide.RouteGuide/GetFeature\nrouteguide.RouteGuide/ListFeatures\n\
             routeguide.RouteGuide/RecordRoute\nrouteguide.RouteGuide/RouteChat\n"
        );
    }
}

#[test]
fn lists_from_proto_files_without_reflection() {
    let server =
        testserver::TestServer::start_in_background(testserver::ServerConfig::plaintext().without_reflection())
            .expect("server starts");
    let addr = server.addr.to_string();
    let by_reflection = stampede(&repo_root(), &["grpc", "list", "-plaintext", &addr]);
    assert_eq!(by_reflection.code, 1);
    assert!(by_reflection.stderr.contains("pass -proto FILE"), "{}", by_reflection.stderr);
    let run = stampede(
        &repo_root(),
        &["grpc", "list", "-plaintext", "-import-path", "crates/testserver/proto", "-proto", "quickpizza.proto", &addr],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "quickpizza.GRPC\n");
    server.shutdown();
}

#[test]
fn unknown_service_says_how_to_list() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintext", &server.addr(), "nope.Svc"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "error: service \"nope.Svc\" not found. `stampede grpc list {}` lists what the server offers",
            server.addr()
        )
    );
}
