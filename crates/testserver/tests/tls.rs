//! TLS and mutual TLS with the generated certificates.

use crate::support;

use support::{ClientIdentity, client_config, tls_channel};
use testserver::pb::quickpizza::{StatusRequest, grpc_client::GrpcClient};
use testserver::{ServerConfig, TestServer};

async fn status_over(channel: tonic::transport::Channel) -> Result<bool, tonic::Status> {
    Ok(GrpcClient::new(channel).status(StatusRequest {}).await?.into_inner().ready)
}

#[tokio::test]
async fn tls_server_accepts_clients_trusting_the_test_ca() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let certs = server.certs.clone().expect("TLS servers expose their certificates");
    let channel = tls_channel(&server, client_config(&certs.ca_cert_pem, None)).await.unwrap();
    assert!(status_over(channel).await.unwrap());
}

#[tokio::test]
async fn tls_server_rejects_clients_not_trusting_the_ca() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let other_ca = testserver::TestCerts::generate().unwrap().ca_cert_pem;
    let result = match tls_channel(&server, client_config(&other_ca, None)).await {
        Ok(channel) => status_over(channel).await.map(|_| ()).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    assert!(result.is_err());
}

#[tokio::test]
async fn plaintext_clients_cannot_talk_to_a_tls_server() {
    let server = TestServer::start(ServerConfig::tls()).await.unwrap();
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{}", server.addr)).unwrap().connect_lazy();
    assert!(status_over(channel).await.is_err());
}

#[tokio::test]
async fn mutual_tls_accepts_the_test_client_certificate() {
    let server = TestServer::start(ServerConfig::mutual_tls()).await.unwrap();
    let certs = server.certs.clone().unwrap();
    let identity = ClientIdentity { cert_pem: certs.client_cert_pem.clone(), key_pem: certs.client_key_pem.clone() };
    let channel = tls_channel(&server, client_config(&certs.ca_cert_pem, Some(&identity))).await.unwrap();
    assert!(status_over(channel).await.unwrap());
}

#[tokio::test]
async fn mutual_tls_rejects_a_client_without_certificate() {
    let server = TestServer::start(ServerConfig::mutual_tls()).await.unwrap();
    let certs = server.certs.clone().unwrap();
    // With TLS 1.3 the rejection may surface at connect time or on the first call.
    let result = match tls_channel(&server, client_config(&certs.ca_cert_pem, None)).await {
        Ok(channel) => status_over(channel).await.map(|_| ()).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    assert!(result.is_err());
    assert_eq!(server.requests().count(testserver::methods::QUICKPIZZA_STATUS), 0);
}

#[tokio::test]
async fn certificates_are_written_to_the_cert_dir() {
    let dir = std::env::temp_dir().join(format!("testserver-certs-{}", std::process::id()));
    let cfg = ServerConfig { cert_dir: Some(dir.clone()), ..ServerConfig::tls() };
    let server = TestServer::start(cfg).await.unwrap();
    let certs = server.certs.clone().unwrap();
    assert_eq!(std::fs::read_to_string(dir.join("ca.pem")).unwrap(), certs.ca_cert_pem);
    let legacy = std::fs::read_to_string(dir.join("client.legacy-encrypted.key")).unwrap();
    assert!(legacy.contains("Proc-Type: 4,ENCRYPTED"));
    assert!(dir.join("client.pkcs8-encrypted.key").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
