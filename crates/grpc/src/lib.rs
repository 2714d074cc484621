//! `k6/net/grpc` for Stampede: proto loading, JS<->protobuf mapping, transport, reflection.
pub mod protos;
pub mod transport;
pub mod js;

pub use js::module;
