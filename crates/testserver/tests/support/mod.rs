//! Client-side helpers shared by the integration tests: plaintext and TLS channels to a
//! running test server.
#![allow(dead_code, unreachable_pub)]

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use testserver::TestServer;
use tokio::net::TcpStream;
use tonic::transport::{Channel, Endpoint};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A plaintext (h2c) channel to `server`.
pub async fn plaintext_channel(server: &TestServer) -> Channel {
    Endpoint::from_shared(format!("http://{}", server.addr)).expect("endpoint").connect().await.expect("connect")
}

/// Client identity for mutual TLS.
pub struct ClientIdentity {
    pub cert_pem: String,
    pub key_pem: String,
}

fn certs_from_pem(pem: &str) -> Vec<CertificateDer<'static>> {
    rustls_pemfile::certs(&mut pem.as_bytes()).collect::<Result<_, _>>().expect("certificate PEM")
}

/// Builds a TLS client config trusting `ca_pem`, optionally presenting a client certificate.
pub fn client_config(ca_pem: &str, identity: Option<&ClientIdentity>) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in certs_from_pem(ca_pem) {
        roots.add(cert).expect("CA certificate");
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_root_certificates(roots);
    let mut config = match identity {
        None => builder.with_no_client_auth(),
        Some(id) => {
            let key: PrivateKeyDer<'static> =
                rustls_pemfile::private_key(&mut id.key_pem.as_bytes()).expect("key PEM").expect("a private key");
            builder.with_client_auth_cert(certs_from_pem(&id.cert_pem), key).expect("client certificate")
        }
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    Arc::new(config)
}

/// Dials TCP + TLS (SNI `localhost`) for tonic.
#[derive(Clone)]
struct TlsConnector {
    addr: SocketAddr,
    config: Arc<rustls::ClientConfig>,
}

impl tower_service::Service<http::Uri> for TlsConnector {
    type Response = TokioIo<tokio_rustls::client::TlsStream<TcpStream>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _uri: http::Uri) -> Self::Future {
        let (addr, config) = (self.addr, self.config.clone());
        Box::pin(async move {
            let tcp = TcpStream::connect(addr).await?;
            let name = ServerName::try_from("localhost")?;
            let tls = tokio_rustls::TlsConnector::from(config).connect(name, tcp).await?;
            Ok(TokioIo::new(tls))
        })
    }
}

/// A TLS channel to `server` using `config`.
pub async fn tls_channel(
    server: &TestServer,
    config: Arc<rustls::ClientConfig>,
) -> Result<Channel, tonic::transport::Error> {
    let connector = TlsConnector { addr: server.addr, config };
    Endpoint::from_shared(format!("https://localhost:{}", server.addr.port()))
        .expect("endpoint")
        .connect_with_connector(connector)
        .await
}
