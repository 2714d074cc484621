//! Shared helpers for the transport tests: the test server's protos and JSON-built messages.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use grpc::protos::load_protos;
use grpc::transport::{ConnectParams, TlsParams};
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};

/// The kitchen-sink Echo service's descriptors.
pub fn echo_pool() -> DescriptorPool {
    load_protos(Path::new(testserver::PROTO_DIR), &[], &["stampede/test/v1/echo.proto".to_owned()])
        .expect("the test server's protos load")
}

/// A message descriptor of the Echo service's file.
pub fn desc(pool: &DescriptorPool, name: &str) -> MessageDescriptor {
    pool.get_message_by_name(&format!("stampede.test.v1.{name}")).unwrap_or_else(|| panic!("no message {name}"))
}

/// A message of type `name` from proto3 JSON.
pub fn message(pool: &DescriptorPool, name: &str, json: &str) -> DynamicMessage {
    let mut de = serde_json::Deserializer::from_str(json);
    DynamicMessage::deserialize(desc(pool, name), &mut de).expect("valid JSON for the message")
}

/// The JSON form of a message (for assertions).
pub fn json(message: &DynamicMessage) -> serde_json::Value {
    serde_json::to_value(message).expect("message serialises")
}

/// Plaintext connect parameters for `target`.
pub fn plaintext(target: &str) -> ConnectParams {
    ConnectParams { plaintext: true, ..ConnectParams::new(target) }
}

/// TLS connect parameters trusting the test CA.
pub fn tls_to(target: &str, ca_pem: &str) -> ConnectParams {
    ConnectParams {
        tls: TlsParams { cacerts: vec![ca_pem.to_owned()], ..TlsParams::default() },
        ..ConnectParams::new(target)
    }
}
