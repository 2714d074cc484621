//! TLS: trust via `cacerts`, mutual TLS with plain and encrypted client keys, wrong passwords,
//! `insecureSkipTLSVerify`, untrusted servers, version bounds and cipher suites.

use crate::transport_support;

use grpc::transport::{ConnectError, Connection, TlsParams, TlsVersion};
use testserver::{ServerConfig, TestServer, methods};
use tonic::metadata::MetadataMap;
use transport_support::*;

async fn echo_ok(conn: &Connection) {
    let pool = echo_pool();
    let req = message(&pool, "EchoRequest", r#"{"payload":{"fString":"tls"}}"#);
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 0, "{}", res.status_message);
}

#[tokio::test]
async fn tls_with_cacerts_for_both_address_spellings() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let ca = server.certs.as_ref().unwrap().ca_cert_pem.clone();
    let conn = Connection::connect(&tls_to(&server.target(), &ca)).await.unwrap();
    echo_ok(&conn).await;
    let localhost = format!("localhost:{}", server.addr.port());
    let conn = Connection::connect(&tls_to(&localhost, &ca)).await.unwrap();
    echo_ok(&conn).await;
}

#[tokio::test]
async fn untrusted_server_fails_at_once_with_the_cause() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let err = Connection::connect(&grpc::transport::ConnectParams::new(server.target())).await.unwrap_err();
    assert!(matches!(err, ConnectError::Handshake(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"),
        "{text}"
    );
}

#[tokio::test]
async fn insecure_skip_verify_accepts_the_server() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let mut params = grpc::transport::ConnectParams::new(server.target());
    params.tls.insecure_skip_verify = true;
    let conn = Connection::connect(&params).await.unwrap();
    echo_ok(&conn).await;
}

fn mtls_params(server: &TestServer, key: &str, password: Option<&str>) -> grpc::transport::ConnectParams {
    let certs = server.certs.as_ref().unwrap();
    let mut params = tls_to(&server.target(), &certs.ca_cert_pem);
    params.tls.cert = Some(certs.client_cert_pem.clone());
    params.tls.key = Some(key.to_owned());
    params.tls.password = password.map(str::to_owned);
    params
}

#[tokio::test]
async fn mutual_tls_with_plain_and_encrypted_keys() {
    let server = TestServer::start(ServerConfig::mutual_tls()).await.unwrap();
    let certs = server.certs.clone().unwrap();
    let pw = certs.client_key_password.as_str();
    for (key, password) in [
        (certs.client_key_pem.as_str(), None),
        (certs.client_key_legacy_encrypted_pem.as_str(), Some(pw)),
        (certs.client_key_pkcs8_encrypted_pem.as_str(), Some(pw)),
    ] {
        let conn = Connection::connect(&mtls_params(&server, key, password)).await.unwrap();
        echo_ok(&conn).await;
    }
}

#[tokio::test]
async fn encrypted_keys_with_wrong_or_missing_password() {
    let server = TestServer::start(ServerConfig::mutual_tls()).await.unwrap();
    let certs = server.certs.clone().unwrap();
    for key in [&certs.client_key_legacy_encrypted_pem, &certs.client_key_pkcs8_encrypted_pem] {
        let err = Connection::connect(&mtls_params(&server, key, Some("wrong"))).await.unwrap_err();
        assert_eq!(err.to_string(), "x509: decryption password incorrect");
        let err = Connection::connect(&mtls_params(&server, key, None)).await.unwrap_err();
        assert_eq!(err.to_string(), "failed to append certificate from PEM: tls: failed to parse private key");
    }
    let err = Connection::connect(&mtls_params(&server, &certs.client_key_pem, Some("pw"))).await.unwrap_err();
    assert_eq!(err.to_string(), "x509: no DEK-Info header in block");
}

#[tokio::test]
async fn mutual_tls_without_client_cert_fails_at_once() {
    let server = TestServer::start(ServerConfig::mutual_tls()).await.unwrap();
    let ca = server.certs.as_ref().unwrap().ca_cert_pem.clone();
    let err = Connection::connect(&tls_to(&server.target(), &ca)).await.unwrap_err();
    assert!(matches!(err, ConnectError::Handshake(_)), "{err}");
    assert!(err.to_string().contains("client certificate"), "{err}");
}

#[tokio::test]
async fn bad_pem_inputs_have_k6_texts() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let err = Connection::connect(&tls_to(&server.target(), "not a pem")).await.unwrap_err();
    assert_eq!(err.to_string(), "failed to append ca certificate [0] from PEM");
    let mut params = grpc::transport::ConnectParams::new(server.target());
    params.tls = TlsParams { cert: Some("nope".into()), key: Some("nope".into()), ..TlsParams::default() };
    let err = Connection::connect(&params).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "failed to append certificate from PEM: tls: failed to find any PEM data in certificate input"
    );
}

#[tokio::test]
async fn version_bounds_and_cipher_suites() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let ca = server.certs.as_ref().unwrap().ca_cert_pem.clone();
    let mut params = tls_to(&server.target(), &ca);
    params.tls.max_version = Some(TlsVersion::Tls12);
    params.tls.cipher_suites =
        vec!["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256".into(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".into()];
    let conn = Connection::connect(&params).await.unwrap();
    echo_ok(&conn).await;

    params.tls.cipher_suites = vec!["TLS_NOT_A_SUITE".into()];
    let err = Connection::connect(&params).await.unwrap_err();
    assert!(matches!(err, ConnectError::TlsConfig(_)), "{err}");

    params.tls.cipher_suites.clear();
    params.tls.min_version = Some(TlsVersion::Tls13);
    params.tls.max_version = Some(TlsVersion::Tls12);
    assert!(Connection::connect(&params).await.is_err());
}
