//! Deadlines and message size limits: every outcome is a result with grpc-go's code and text.

use crate::transport_support;

use std::time::Duration;

use grpc::transport::Connection;
use testserver::{ServerConfig, TestServer, methods};
use tonic::metadata::MetadataMap;
use transport_support::*;

#[tokio::test]
async fn deadline_exceeded_is_status_4_with_timing() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(&pool, "EchoRequest", r#"{"control":{"action":"ACTION_HANG"}}"#);
    let res = conn
        .unary(
            methods::ECHO_ECHO,
            req,
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            Some(Duration::from_millis(100)),
        )
        .await
        .unwrap();
    assert_eq!(res.status, 4);
    assert_eq!(res.status_message, "context deadline exceeded");
    assert!(res.elapsed >= Duration::from_millis(100));
    assert!(res.message.is_none());
}

#[tokio::test]
async fn deadline_is_sent_to_the_server() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(&pool, "EchoRequest", "{}");
    let res = conn
        .unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), Some(Duration::from_secs(120)))
        .await
        .unwrap();
    let remaining = json(&res.message.as_ref().unwrap().message().unwrap())["deadlineRemainingS"].as_f64().unwrap();
    assert!(remaining > 60.0 && remaining <= 120.0, "{remaining}");
}

#[tokio::test]
async fn zero_timeout_expires_without_sending() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let before = server.requests().total();
    let req = message(&pool, "EchoRequest", "{}");
    let res = conn
        .unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), Some(Duration::ZERO))
        .await
        .unwrap();
    assert_eq!(res.status, 4);
    assert_eq!(server.requests().total(), before);
}

#[tokio::test]
async fn reply_larger_than_max_receive_size() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let mut params = plaintext(&server.target());
    params.max_receive_size = 1000;
    let conn = Connection::connect(&params).await.unwrap();
    let req = message(&pool, "EchoRequest", r#"{"control":{"responseBytes":2000}}"#);
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 8);
    assert!(
        res.status_message.starts_with("grpc: received message larger than max (")
            && res.status_message.ends_with(" vs. 1000)"),
        "{}",
        res.status_message
    );
}

#[tokio::test]
async fn default_receive_limit_is_4_mib() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(&pool, "EchoRequest", r#"{"control":{"responseBytes":5242880}}"#);
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 8);
    // The reply also carries the method name, peer address etc. next to the 5 MiB filler.
    let text = &res.status_message;
    assert!(text.starts_with("grpc: received message larger than max (52"), "{text}");
    assert!(text.ends_with(" vs. 4194304)"), "{text}");
}

#[tokio::test]
async fn request_larger_than_max_send_size() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let mut params = plaintext(&server.target());
    params.max_send_size = 100;
    let conn = Connection::connect(&params).await.unwrap();
    let text = "x".repeat(200);
    let req = message(&pool, "EchoRequest", &format!(r#"{{"payload":{{"fString":"{text}"}}}}"#));
    let res = conn.unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), None).await.unwrap();
    assert_eq!(res.status, 8);
    assert_eq!(res.status_message, "trying to send message larger than max (206 vs. 100)");
}

#[tokio::test]
async fn connection_dropped_by_the_server_is_unavailable() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let req = message(&pool, "EchoRequest", r#"{"control":{"action":"ACTION_DIE"}}"#);
    let res = conn
        .unary(methods::ECHO_ECHO, req, desc(&pool, "EchoResponse"), MetadataMap::new(), Some(Duration::from_secs(10)))
        .await
        .unwrap();
    assert_eq!(res.status, 14, "{}", res.status_message);
    assert!(res.status_message.starts_with("connection error: desc = "), "{}", res.status_message);
}
