//! `k6/net/grpc` for Stampede: proto loading, JS<->protobuf mapping, transport, reflection.
pub mod js;
pub mod protos;
pub mod transport;

pub use js::module;
pub mod convert;
pub mod reflection;
