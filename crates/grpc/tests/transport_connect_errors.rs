//! Connect failures: each fails at once (no waiting for the timeout) with k6's leading phrase and
//! the real cause.

use crate::transport_support;

use std::time::Duration;

use grpc::transport::{ConnectError, ConnectParams, Connection};
use testserver::{ServerConfig, TestServer};
use transport_support::*;

/// A port with nothing listening: bind, read the port, close.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn refused_port() {
    let port = closed_port();
    let err = Connection::connect(&plaintext(&format!("127.0.0.1:{port}"))).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "connection error: desc = \"transport: error while dialing: dial tcp 127.0.0.1:{port}: connect: connection refused\""
        )
    );
}

#[tokio::test]
async fn tls_to_a_plaintext_server() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let mut params = ConnectParams::new(server.target());
    params.timeout = Some(Duration::from_secs(30));
    let err = Connection::connect(&params).await.unwrap_err();
    assert!(matches!(err, ConnectError::Handshake(_)), "{err}");
    assert!(err.to_string().contains("plaintext: true"), "{err}");
}

#[tokio::test]
async fn plaintext_to_a_tls_server() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let mut params = plaintext(&server.target());
    params.timeout = Some(Duration::from_secs(30));
    let err = Connection::connect(&params).await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("connection error: desc = \"error reading server preface: "), "{text}");
}

#[tokio::test]
async fn zero_timeout_expires_at_once() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let mut params = plaintext(&server.target());
    params.timeout = Some(Duration::ZERO);
    let err = Connection::connect(&params).await.unwrap_err();
    assert_eq!(err.to_string(), "context deadline exceeded");
}

#[tokio::test]
async fn silent_server_hits_the_timeout() {
    // Accepts TCP but never speaks.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let _hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let mut params = plaintext(&addr.to_string());
    params.timeout = Some(Duration::from_millis(200));
    let err = Connection::connect(&params).await.unwrap_err();
    assert!(matches!(err, ConnectError::Timeout(Some(_))), "{err}");
    assert!(
        err.to_string()
            .starts_with("context deadline exceeded: connection error: desc = \"error reading server preface"),
        "{err}"
    );
}

#[tokio::test]
async fn address_errors() {
    for (address, text) in [
        (
            "127.0.0.1",
            "connection error: desc = \"transport: error while dialing: address 127.0.0.1: missing port in address\"",
        ),
        ("", "connection error: desc = \"transport: error while dialing: missing port in address\""),
        (
            "http://127.0.0.1:50051",
            "connection error: desc = \"transport: error while dialing: address http://127.0.0.1:50051: too many colons in address\"",
        ),
    ] {
        let err = Connection::connect(&plaintext(address)).await.unwrap_err();
        assert_eq!(err.to_string(), text);
    }
}

#[tokio::test]
async fn address_forms_and_host_overrides() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let port = server.addr.port();
    for address in
        [format!("dns:///127.0.0.1:{port}"), format!("passthrough:///127.0.0.1:{port}"), format!("localhost:{port}")]
    {
        Connection::connect(&plaintext(&address)).await.unwrap();
    }
    let mut params = plaintext(&format!("probe.test:{port}"));
    params.hosts.insert("probe.test".into(), "127.0.0.1".into());
    let conn = Connection::connect(&params).await.unwrap();
    assert_eq!(conn.remote_addr(), server.addr);
}

#[tokio::test]
async fn blacklisted_ips_and_blocked_hostnames() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let mut params = plaintext(&server.target());
    params.blacklist_ips = vec!["127.0.0.0/8".parse().unwrap()];
    let err = Connection::connect(&params).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "connection error: desc = \"transport: error while dialing: IP (127.0.0.1) is in a blacklisted range (127.0.0.0/8)\""
    );
    let mut params = plaintext(&format!("api.blocked.test:{}", server.addr.port()));
    params.block_hostnames = vec!["*.blocked.test".parse().unwrap()];
    let err = Connection::connect(&params).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "connection error: desc = \"transport: error while dialing: hostname (api.blocked.test) is in a blocked pattern (*.blocked.test)\""
    );
}
