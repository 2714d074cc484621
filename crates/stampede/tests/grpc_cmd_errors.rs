//! The mistakes a newcomer makes with `stampede grpc` — no server, plaintext vs TLS, an untrusted
//! or missing certificate, a wrong method name — each give one `error:` line that says what to do,
//! exit 1, and never a panic.

use crate::common;

use common::{Run, TestServer, repo_root, stampede};

/// Asserts the one-line error shape and returns the line.
fn one_error_line(run: &Run) -> &str {
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    run.stderr.trim_end()
}

#[test]
fn server_not_running() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintext", &addr]);
    let line = one_error_line(&run);
    assert!(line.starts_with(&format!("error: cannot reach {addr}:")), "{line}");
    assert!(line.contains("connection refused"), "{line}");
    assert!(line.ends_with("Is the server running? (start a local one with `stampede testserver`)"), "{line}");
}

#[test]
fn tls_client_against_a_plaintext_server() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "list", &server.addr()]);
    let line = one_error_line(&run);
    assert!(line.contains("TLS handshake"), "{line}");
    assert!(line.ends_with("If the server is plaintext, add -plaintext"), "{line}");
}

#[test]
fn plaintext_client_against_a_tls_server() {
    let server = testserver::TestServer::start_in_background(testserver::ServerConfig::tls()).expect("server");
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintext", &format!("localhost:{}", server.addr.port())]);
    let line = one_error_line(&run);
    assert!(line.ends_with("If it serves TLS, drop -plaintext"), "{line}");
    server.shutdown();
}

#[test]
fn untrusted_server_certificate() {
    let server = testserver::TestServer::start_in_background(testserver::ServerConfig::tls()).expect("server");
    let run = stampede(&repo_root(), &["grpc", "list", &format!("localhost:{}", server.addr.port())]);
    let line = one_error_line(&run);
    assert!(line.contains("certificate"), "{line}");
    assert!(line.ends_with("pass -cacert FILE (or -insecure to skip verification)"), "{line}");
    server.shutdown();
}

#[test]
fn missing_client_certificate() {
    let server = testserver::TestServer::start_in_background(testserver::ServerConfig::mutual_tls()).expect("server");
    let dir = tempfile::tempdir().expect("temp dir");
    server.certs.as_ref().expect("certs").write_to(dir.path()).expect("PEMs written");
    let ca = dir.path().join("ca.pem").display().to_string();
    let run = stampede(&repo_root(), &["grpc", "list", "-cacert", &ca, &format!("localhost:{}", server.addr.port())]);
    let line = one_error_line(&run);
    assert!(line.contains("pass -cert FILE and -key FILE"), "{line}");
    server.shutdown();
}

#[test]
fn unknown_method() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "call", "-plaintext", &server.addr(), "quickpizza.GRPC/RateBurger"]);
    let line = one_error_line(&run);
    assert_eq!(
        line,
        format!(
            "error: method \"quickpizza.GRPC/RateBurger\" not found. `stampede grpc list {} SERVICE` lists what the server offers",
            server.addr()
        )
    );
}

#[test]
fn missing_proto_file() {
    let server = TestServer::start();
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintext", "-proto", "nope.proto", &server.addr()]);
    let line = one_error_line(&run);
    assert!(line.starts_with("error: cannot load the descriptors:"), "{line}");
    assert!(line.contains("nope.proto"), "{line}");
}

#[test]
fn cert_without_key() {
    let run = stampede(&repo_root(), &["grpc", "list", "-cert", "client.pem", "localhost:1"]);
    assert_eq!(one_error_line(&run), "error: -cert and -key go together: pass both for mutual TLS");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let run = stampede(&repo_root(), &["grpc", "list", "-plaintxt", "localhost:1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("-plaintxt"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
