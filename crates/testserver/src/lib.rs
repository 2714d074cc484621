//! The gRPC test server: RouteGuide, QuickPizza and a kitchen-sink echo service, with
//! reflection, health, TLS and mTLS. (Full service guide is written below.)

pub mod pb;

/// Absolute path of the directory holding the shipped `.proto` files, for
/// `client.load([PROTO_DIR], 'quickpizza.proto')`.
pub const PROTO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/proto");
