//! `stampede grpc` over TLS: a private CA with `-cacert`, mutual TLS with `-cert`/`-key`, and
//! `-insecure`.

use crate::common;

use common::{repo_root, stampede};

fn tls_server(mutual: bool) -> (testserver::TestServer, tempfile::TempDir) {
    let cfg = if mutual { testserver::ServerConfig::mutual_tls() } else { testserver::ServerConfig::tls() };
    let server = testserver::TestServer::start_in_background(cfg).expect("TLS server starts");
    let dir = tempfile::tempdir().expect("temp dir");
    server.certs.as_ref().expect("certs").write_to(dir.path()).expect("PEMs written");
    (server, dir)
}

#[test]
fn private_ca() {
    let (server, certs) = tls_server(false);
    let ca = certs.path().join("ca.pem").display().to_string();
    let addr = format!("localhost:{}", server.addr.port());
    let run = stampede(&repo_root(), &["grpc", "call", "-cacert", &ca, &addr, "quickpizza.GRPC/Status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "{\n  \"ready\": true\n}\n");
    server.shutdown();
}

#[test]
fn mutual_tls() {
    let (server, certs) = tls_server(true);
    let path = |name: &str| certs.path().join(name).display().to_string();
    let addr = format!("localhost:{}", server.addr.port());
    let run = stampede(
        &repo_root(),
        &[
            "grpc",
            "list",
            "--cacert",
            &path("ca.pem"),
            "--cert",
            &path("client.pem"),
            "--key",
            &path("client.key"),
            &addr,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().any(|l| l == "quickpizza.GRPC"), "{}", run.stdout);
    server.shutdown();
}

#[test]
fn insecure_skips_verification() {
    let (server, _certs) = tls_server(false);
    let addr = format!("localhost:{}", server.addr.port());
    let run = stampede(&repo_root(), &["grpc", "list", "-insecure", &addr, "quickpizza.GRPC"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "quickpizza.GRPC/Status\nquickpizza.GRPC/RatePizza\n");
    server.shutdown();
}
