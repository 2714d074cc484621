//! Plaintext unary calls: reply decoding, metadata both ways (incl. `-bin`), headers, trailers,
//! error statuses with details, the user agent, byte counters.

use crate::transport_support;

use grpc::transport::{Connection, MetadataInput, request_metadata};
use testserver::{ServerConfig, TestServer, methods};
use tonic::metadata::MetadataMap;
use transport_support::*;

#[tokio::test]
async fn unary_round_trip_with_metadata_and_counters() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (sent0, received0) = conn.bytes();
    assert!(sent0 > 0 && received0 > 0, "the HTTP/2 preface was counted");

    let entries = [
        ("X-Upper", MetadataInput::Text("v1".into())),
        ("x-data-bin", MetadataInput::Binary(vec![1, 2, 0xfe])),
        ("user-agent", MetadataInput::Text("ignored".into())),
    ];
    let md = request_metadata(entries.iter().map(|(k, v)| (*k, v))).unwrap();
    let req = message(
        &pool,
        "EchoRequest",
        r#"{"payload":{"fString":"hi","fInt64":"42"},"control":{"echoMetadata":true,"headers":{"x-h":"hv"},"trailers":{"x-t":"tv"},"binaryTrailers":{"x-tb-bin":"AQL+"}}}"#,
    );
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), md, None).await.unwrap();
    assert_eq!(res.status, 0, "{}", res.status_message);
    let body = json(&res.message.as_ref().unwrap().message().unwrap());
    assert_eq!(body["payload"]["fString"], "hi");
    assert_eq!(body["payload"]["fInt64"], "42");
    assert_eq!(body["metadata"]["x-upper"], "v1");
    assert_eq!(body["metadata"]["x-data-bin"], "hex:0102fe");
    assert_eq!(body["method"], methods::ECHO_ECHO);

    let header = |name: &str| res.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let trailer = |name: &str| res.trailers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    assert_eq!(header("content-type").as_deref(), Some("application/grpc"));
    assert_eq!(header("x-h").as_deref(), Some("hv"));
    assert_eq!(trailer("x-t").as_deref(), Some("tv"));
    assert_eq!(trailer("x-tb-bin").as_deref(), Some("\u{1}\u{2}\u{FFFD}"));
    assert!(trailer("grpc-status").is_none());

    let seen = server.requests().last_request().unwrap();
    assert_eq!(seen.user_agent(), Some("grpc-go/1.73.0"));

    let (sent, received) = conn.bytes();
    assert!(sent > sent0 && received > received0);
}

#[tokio::test]
async fn user_agent_option_is_prefixed() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let mut params = plaintext(&server.target());
    params.user_agent = Some("stampede-test/1".into());
    let conn = Connection::connect(&params).await.unwrap();
    let req = message(&pool, "EchoRequest", "{}");
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 0);
    let seen = server.requests().last_request().unwrap();
    assert_eq!(seen.user_agent(), Some("stampede-test/1 grpc-go/1.73.0"));
}

#[tokio::test]
async fn error_status_keeps_message_details_and_trailers() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(
        &pool,
        "EchoRequest",
        r#"{"control":{"statusCode":9,"statusMessage":"boom","details":["DETAIL_KIND_ERROR_INFO"],"trailers":{"x-t":"tv"}}}"#,
    );
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 9);
    assert_eq!(res.status_message, "boom");
    assert!(res.message.is_none());
    let details = res.details.expect("details were sent");
    assert!(!details.is_empty());
    assert!(res.trailers.iter().any(|(k, v)| k == "x-t" && v == "tv"));
    assert!(res.trailers.iter().any(|(k, _)| k == "grpc-status-details-bin"));
}

#[tokio::test]
async fn unknown_method_is_unimplemented() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(&pool, "EchoRequest", "{}");
    let res = conn
        .unary("/stampede.test.v1.Echo/Nope", req, desc(&pool, "EchoResponse"), MetadataMap::new(), None)
        .await
        .unwrap();
    assert_eq!(res.status, 12);
}

#[tokio::test]
async fn closed_connection_refuses_calls() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    conn.close();
    conn.close();
    let req = message(&pool, "EchoRequest", "{}");
    let err =
        conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap_err();
    assert_eq!(err.to_string(), "no gRPC connection, you must call connect first");
}
