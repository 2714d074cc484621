//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod support;

mod background;
mod error_details;
mod health;
mod message_size;
mod probe;
mod reflection;
mod response_metadata;
mod streams;
mod tls;
mod unary;
mod unary_actions;
