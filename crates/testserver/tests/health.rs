//! grpc.health.v1: SERVING for the whole server and for each application service.

use crate::support;

use testserver::{ServerConfig, TestServer};
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};

#[tokio::test]
async fn every_service_is_serving() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = HealthClient::new(support::plaintext_channel(&server).await);
    for service in [
        "",
        "routeguide.RouteGuide",
        "quickpizza.GRPC",
        "stampede.test.v1.Echo",
        "legacy.LegacySvc",
        "probe.v1.Probe",
        "side.v1.Side",
    ] {
        let reply = client.check(HealthCheckRequest { service: service.into() }).await.unwrap().into_inner();
        assert_eq!(reply.status(), ServingStatus::Serving, "{service:?}");
    }
    let down = client.check(HealthCheckRequest { service: "svc.down".into() }).await.unwrap().into_inner();
    assert_eq!(down.status(), ServingStatus::NotServing);
    let unknown = client.check(HealthCheckRequest { service: "nope.Nope".into() }).await.unwrap_err();
    assert_eq!(unknown.code(), tonic::Code::NotFound);
}

#[tokio::test]
async fn health_can_be_disabled() {
    let cfg = ServerConfig { health: false, ..ServerConfig::default() };
    let server = TestServer::start(cfg).await.unwrap();
    let mut client = HealthClient::new(support::plaintext_channel(&server).await);
    let status = client.check(HealthCheckRequest { service: String::new() }).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unimplemented);
}
