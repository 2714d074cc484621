//! The gRPC test server: RouteGuide, QuickPizza and a kitchen-sink echo service, with
//! reflection, health, TLS and mTLS. (Full service guide is written below.)

mod certs;
mod config;
mod conn;
mod legacy_pem;
pub mod methods;
pub mod pb;
mod request_log;
mod routes;
mod server;
mod services;
mod tls;

pub use certs::{CertError, TestCerts, CLIENT_KEY_PASSWORD};
pub use config::{ReflectionVersions, ServerConfig, TlsMode};
pub use request_log::{RequestLog, SeenRequest};
pub use server::{serve_forever, TestServer};
pub use services::control::UNKNOWN_DETAIL_TYPE_URL;
pub use services::route_guide::FEATURES;

/// Absolute path of the directory holding the shipped `.proto` files, for
/// `client.load([PROTO_DIR], 'quickpizza.proto')`.
pub const PROTO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/proto");
