//! Streams: server, client and bidirectional streaming; half-close; cancel; deadline; server
//! failures; closing the connection under an open stream; write limits.

use crate::transport_support;

use std::time::Duration;

use grpc::transport::{
    CANCELED_BY_CLIENT, Connection, StreamEnd, StreamEvent, StreamOptions, StreamReader, StreamWriteError,
};
use testserver::{ServerConfig, TestServer, methods};
use tonic::metadata::MetadataMap;
use transport_support::*;

/// Reads until `End`; returns the messages' JSON and the end.
async fn drain(reader: &mut StreamReader) -> (Vec<serde_json::Value>, StreamEnd) {
    let mut messages = Vec::new();
    loop {
        match reader.next().await.expect("End arrives before the reader closes") {
            StreamEvent::Message(m) => messages.push(json(&m)),
            StreamEvent::Encoded(_) => panic!("undecoded reply not asked for"),
            StreamEvent::End(end) => {
                assert!(reader.next().await.is_none(), "nothing after End");
                return (messages, end);
            }
        }
    }
}

#[tokio::test]
async fn server_stream_delivers_all_messages_then_ok() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_SERVER_STREAM,
            desc(&pool, "StreamRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer.write(message(&pool, "StreamRequest", r#"{"count":3,"control":{"trailers":{"x-t":"tv"}}}"#)).unwrap();
    writer.close_send();
    let (messages, end) = drain(&mut reader).await;
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[2]["seq"], 2);
    assert_eq!(end.status, 0, "{}", end.message);
    assert!(end.headers.iter().any(|(k, _)| k == "content-type"));
    assert!(end.trailers.iter().any(|(k, v)| k == "x-t" && v == "tv"));
}

#[tokio::test]
async fn encoded_replies_arrive_as_their_wire_bytes() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let options = StreamOptions { encoded_replies: true, ..StreamOptions::default() };
    let (writer, mut reader) = conn
        .open_stream_with(methods::ECHO_SERVER_STREAM, desc(&pool, "EchoResponse"), MetadataMap::new(), options)
        .unwrap();
    writer.write(message(&pool, "StreamRequest", r#"{"count":2}"#)).unwrap();
    writer.close_send();
    let mut seqs = Vec::new();
    loop {
        match reader.next().await.expect("End arrives") {
            StreamEvent::Encoded(bytes) => {
                let reply = prost_reflect::DynamicMessage::decode(desc(&pool, "EchoResponse"), bytes).unwrap();
                seqs.push(reply.get_field_by_name("seq").and_then(|v| v.as_i32()));
            }
            StreamEvent::Message(_) => panic!("decoded reply not asked for"),
            StreamEvent::End(end) => {
                assert_eq!(end.status, 0, "{}", end.message);
                break;
            }
        }
    }
    assert_eq!(seqs, [Some(0), Some(1)]);
}

#[tokio::test]
async fn client_stream_counts_until_half_close() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_CLIENT_STREAM,
            desc(&pool, "EchoRequest"),
            desc(&pool, "StreamSummary"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    for text in ["a", "b", "c"] {
        writer.write(message(&pool, "EchoRequest", &format!(r#"{{"payload":{{"fString":"{text}"}}}}"#))).unwrap();
    }
    writer.close_send();
    writer.close_send();
    assert_eq!(writer.write(message(&pool, "EchoRequest", "{}")).unwrap_err(), StreamWriteError::Closed);
    let (messages, end) = drain(&mut reader).await;
    assert_eq!(end.status, 0, "{}", end.message);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["count"], 3);
    assert_eq!(messages[0]["texts"], serde_json::json!(["a", "b", "c"]));
}

#[tokio::test]
async fn bidi_echoes_each_message() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer.write(message(&pool, "EchoRequest", r#"{"payload":{"fString":"one"}}"#)).unwrap();
    match reader.next().await.unwrap() {
        StreamEvent::Message(m) => assert_eq!(json(&m)["payload"]["fString"], "one"),
        other => panic!("expected a decoded reply: {other:?}"),
    }
    writer.write(message(&pool, "EchoRequest", r#"{"payload":{"fString":"two"}}"#)).unwrap();
    writer.close_send();
    let (messages, end) = drain(&mut reader).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["payload"]["fString"], "two");
    assert_eq!(end.status, 0);
}

#[tokio::test]
async fn server_failure_ends_with_its_status() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_SERVER_STREAM,
            desc(&pool, "StreamRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer
        .write(message(&pool, "StreamRequest", r#"{"count":2,"control":{"statusCode":9,"statusMessage":"boom"}}"#))
        .unwrap();
    writer.close_send();
    let (messages, end) = drain(&mut reader).await;
    assert_eq!(messages.len(), 2);
    assert_eq!((end.status, end.message.as_str()), (9, "boom"));
}

#[tokio::test]
async fn server_cancel_is_reported_as_canceled_with_the_server_text() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_SERVER_STREAM,
            desc(&pool, "StreamRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer.write(message(&pool, "StreamRequest", r#"{"count":1,"control":{"action":"ACTION_CANCEL"}}"#)).unwrap();
    writer.close_send();
    let (_, end) = drain(&mut reader).await;
    assert_eq!(end.status, 1, "{}", end.message);
}

#[tokio::test]
async fn cancel_ends_a_hanging_stream() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (mut writer, mut reader) = conn
        .open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer.write(message(&pool, "EchoRequest", r#"{"control":{"action":"ACTION_HANG"}}"#)).unwrap();
    assert!(matches!(reader.next().await.unwrap(), StreamEvent::Message(_)));
    writer.cancel();
    writer.cancel();
    let (_, end) = drain(&mut reader).await;
    assert_eq!((end.status, end.message.as_str()), (1, CANCELED_BY_CLIENT));
}

#[tokio::test]
async fn stream_timeout_is_deadline_exceeded() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            Some(Duration::from_millis(100)),
        )
        .unwrap();
    writer.write(message(&pool, "EchoRequest", r#"{"control":{"action":"ACTION_HANG"}}"#)).unwrap();
    let (_, end) = drain(&mut reader).await;
    assert_eq!((end.status, end.message.as_str()), (4, "context deadline exceeded"));
    assert!(end.elapsed >= Duration::from_millis(100));
}

#[tokio::test]
async fn closing_the_connection_ends_open_streams() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let conn = Connection::connect(&plaintext(&server.target())).await.unwrap();
    let (writer, mut reader) = conn
        .open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    writer.write(message(&pool, "EchoRequest", r#"{"control":{"action":"ACTION_HANG"}}"#)).unwrap();
    assert!(matches!(reader.next().await.unwrap(), StreamEvent::Message(_)));
    conn.close();
    let (_, end) = drain(&mut reader).await;
    assert_ne!(end.status, 0);
    assert!(
        conn.open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None
        )
        .is_err()
    );
}

#[tokio::test]
async fn oversize_write_is_refused() {
    let server = TestServer::start(ServerConfig::plaintext()).await.unwrap();
    let pool = echo_pool();
    let mut params = plaintext(&server.target());
    params.max_send_size = 10;
    let conn = Connection::connect(&params).await.unwrap();
    let (writer, _reader) = conn
        .open_stream(
            methods::ECHO_BIDI,
            desc(&pool, "EchoRequest"),
            desc(&pool, "EchoResponse"),
            MetadataMap::new(),
            None,
        )
        .unwrap();
    let err =
        writer.write(message(&pool, "EchoRequest", r#"{"payload":{"fString":"more than ten bytes"}}"#)).unwrap_err();
    assert_eq!(err.code(), 8);
    assert_eq!(err.to_string(), "trying to send message larger than max (23 vs. 10)");
}
