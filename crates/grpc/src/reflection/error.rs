//! Reflection failures, worded as k6 words them.

use thiserror::Error;

/// Why reflection failed. The connection stays usable (k6 keeps it too).
#[derive(Debug, Error)]
pub enum ReflectError {
    /// Listing the services failed (typically: the server has no reflection service).
    #[error("can't list services: {0}")]
    ListServices(String),
    /// Fetching the file of a service (or one of its imports) failed.
    #[error("can't get method on service \"{service}\": {cause}")]
    Service {
        /// The service being resolved.
        service: String,
        /// What went wrong.
        cause: String,
    },
    /// The server's descriptors do not form a consistent set.
    #[error("can't convert method info: {0}")]
    Convert(String),
    /// The connection was closed.
    #[error("no gRPC connection, you must call connect first")]
    Closed,
}
