//! Request size limit of the application services (8 MiB, like the spec's probe server).

use crate::support;

use testserver::pb::probe::v1::{BigRequest, probe_client::ProbeClient};
use testserver::{ServerConfig, TestServer};

#[tokio::test]
async fn requests_up_to_8_mib_are_accepted_larger_ones_rejected() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = ProbeClient::new(support::plaintext_channel(&server).await);
    let accepted = client.big(BigRequest { size: 1, payload: vec![0; 5 << 20] }).await.unwrap().into_inner();
    assert_eq!(accepted.received, 5 << 20);
    let rejected = client.big(BigRequest { size: 1, payload: vec![0; 9 << 20] }).await.unwrap_err();
    assert_eq!(rejected.code(), tonic::Code::ResourceExhausted);
    // 9 MiB of payload plus the field headers of `size` and `payload`.
    assert_eq!(rejected.message(), "grpc: received message larger than max (9437191 vs. 8388608)");
}
