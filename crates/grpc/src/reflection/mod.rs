//! Server reflection (`connect(addr, {reflect: true})`): asks the server for its services and the
//! files that define them, and builds a descriptor pool as `load()` would.
//!
//! Speaks `grpc.reflection.v1` and falls back to `grpc.reflection.v1alpha` when the server does
//! not implement v1 (k6's order). Owns only the protocol; the connection comes from
//! [`crate::transport`], the pool is merged by the caller.

mod client;
mod error;
mod messages;

pub use client::{ListAttempt, reflect, reflect_recording};
pub use error::ReflectError;
