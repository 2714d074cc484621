//! Server reflection: v1 and v1alpha list the services and serve their files; it can be
//! switched off or limited to one version.

use crate::support;

use futures::StreamExt as _;
use testserver::{ReflectionVersions, ServerConfig, TestServer};
use tonic::Code;
use tonic_reflection::pb::{v1, v1alpha};

const EXPECTED: &[&str] = &[
    "grpc.health.v1.Health",
    "legacy.LegacySvc",
    "probe.v1.Probe",
    "quickpizza.GRPC",
    "routeguide.RouteGuide",
    "stampede.test.v1.Echo",
];

async fn list_v1(server: &TestServer) -> Result<Vec<String>, tonic::Status> {
    let mut client =
        v1::server_reflection_client::ServerReflectionClient::new(support::plaintext_channel(server).await);
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(String::new())),
    };
    let mut replies = client.server_reflection_info(futures::stream::iter(vec![request])).await?.into_inner();
    let reply = replies.next().await.expect("one reply")?;
    match reply.message_response {
        Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) => {
            Ok(list.service.into_iter().map(|s| s.name).collect())
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

async fn list_v1alpha(server: &TestServer) -> Result<Vec<String>, tonic::Status> {
    let mut client =
        v1alpha::server_reflection_client::ServerReflectionClient::new(support::plaintext_channel(server).await);
    let request = v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1alpha::server_reflection_request::MessageRequest::ListServices(String::new())),
    };
    let mut replies = client.server_reflection_info(futures::stream::iter(vec![request])).await?.into_inner();
    let reply = replies.next().await.expect("one reply")?;
    match reply.message_response {
        Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(list)) => {
            Ok(list.service.into_iter().map(|s| s.name).collect())
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

fn assert_lists_all(names: &[String]) {
    for expected in EXPECTED {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
}

#[tokio::test]
async fn v1_and_v1alpha_list_every_service() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    assert_lists_all(&list_v1(&server).await.unwrap());
    assert_lists_all(&list_v1alpha(&server).await.unwrap());
}

#[tokio::test]
async fn v1_serves_the_file_of_a_symbol_with_its_imports_resolvable() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client =
        v1::server_reflection_client::ServerReflectionClient::new(support::plaintext_channel(&server).await);
    let ask = |symbol: &str| v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::FileContainingSymbol(symbol.to_owned())),
    };
    let mut replies = client
        .server_reflection_info(futures::stream::iter(vec![ask("stampede.test.v1.Echo"), ask("google.rpc.ErrorInfo")]))
        .await
        .unwrap()
        .into_inner();
    for _ in 0..2 {
        let reply = replies.next().await.unwrap().unwrap();
        match reply.message_response {
            Some(v1::server_reflection_response::MessageResponse::FileDescriptorResponse(files)) => {
                assert!(!files.file_descriptor_proto.is_empty());
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }
}

#[tokio::test]
async fn reflection_can_be_disabled() {
    let server = TestServer::start(ServerConfig::default().without_reflection()).await.unwrap();
    assert_eq!(list_v1(&server).await.unwrap_err().code(), Code::Unimplemented);
    assert_eq!(list_v1alpha(&server).await.unwrap_err().code(), Code::Unimplemented);
}

#[tokio::test]
async fn a_single_reflection_version_can_be_served() {
    let cfg = ServerConfig { reflection_versions: ReflectionVersions::V1AlphaOnly, ..ServerConfig::default() };
    let server = TestServer::start(cfg).await.unwrap();
    assert_eq!(list_v1(&server).await.unwrap_err().code(), Code::Unimplemented);
    assert_lists_all(&list_v1alpha(&server).await.unwrap());
}
