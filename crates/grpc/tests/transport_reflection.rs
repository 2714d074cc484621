//! Server reflection: v1, fallback to v1alpha, metadata on the reflection RPC, k6's text when the
//! server has none.

use crate::transport_support;

use grpc::protos::method_infos;
use grpc::reflection::{ReflectError, reflect};
use grpc::transport::{Connection, MetadataInput, request_metadata};
use testserver::{ReflectionVersions, ServerConfig, TestServer, methods};
use tonic::metadata::MetadataMap;
use transport_support::*;

async fn reflected_methods(versions: ReflectionVersions) -> Vec<String> {
    let server =
        TestServer::start(ServerConfig { reflection_versions: versions, ..ServerConfig::plaintext() }).await.unwrap();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let pool = reflect(&conn, MetadataMap::new()).await.unwrap();
    method_infos(&pool, &[]).into_iter().map(|m| m.full_method).collect()
}

#[tokio::test]
async fn v1_lists_every_service() {
    let names = reflected_methods(ReflectionVersions::V1Only).await;
    for method in [
        methods::ECHO_ECHO,
        methods::ROUTE_GUIDE_GET_FEATURE,
        methods::QUICKPIZZA_STATUS,
        "/grpc.health.v1.Health/Check",
    ] {
        assert!(names.iter().any(|n| n == method), "{method} missing from {names:?}");
    }
}

#[tokio::test]
async fn falls_back_to_v1alpha() {
    let names = reflected_methods(ReflectionVersions::V1AlphaOnly).await;
    assert!(names.iter().any(|n| n == methods::ECHO_ECHO), "{names:?}");
}

#[tokio::test]
async fn reflected_descriptors_make_calls_work() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let entries = [("x-refl", MetadataInput::Text("yes".into()))];
    let md = request_metadata(entries.iter().map(|(k, v)| (*k, v))).unwrap();
    // (The test server does not log reflection requests, so the metadata itself is not checked.)
    let pool = reflect(&conn, md).await.unwrap();

    let input = pool.get_message_by_name("stampede.test.v1.EchoRequest").unwrap();
    let output = pool.get_message_by_name("stampede.test.v1.EchoResponse").unwrap();
    let mut de = serde_json::Deserializer::from_str(r#"{"payload":{"fString":"via reflection"}}"#);
    let req = prost_reflect::DynamicMessage::deserialize(input, &mut de).unwrap();
    let res = conn.unary(methods::ECHO_ECHO, req, output, MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 0);
    assert_eq!(json(&res.message.as_ref().unwrap().message().unwrap())["payload"]["fString"], "via reflection");
}

#[tokio::test]
async fn server_without_reflection() {
    let server = TestServer::start(ServerConfig::plaintext().without_reflection()).await.unwrap();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let err = reflect(&conn, MetadataMap::new()).await.unwrap_err();
    assert!(matches!(err, ReflectError::ListServices(_)), "{err}");
    assert!(err.to_string().starts_with("can't list services: rpc error: code = Unimplemented desc = "), "{err}");
    // The connection stays usable.
    let pool = echo_pool();
    let req = message(&pool, "EchoRequest", "{}");
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 0);
}
