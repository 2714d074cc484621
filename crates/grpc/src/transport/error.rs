//! Errors of the transport. `Display` is the text the script sees: k6's leading phrase where k6 has
//! one (`connection error: desc = "..."`), followed by the cause in plain words.

use thiserror::Error;

/// Why [`Connection::connect`](super::Connection::connect) failed.
#[derive(Debug, Error)]
pub enum ConnectError {
    /// The address could not be turned into a TCP endpoint, or the TCP dial failed.
    #[error("connection error: desc = \"transport: error while dialing: {0}\"")]
    Dial(String),
    /// The TLS handshake failed (bad certificate, not a TLS server, rejected client certificate...).
    #[error("connection error: desc = \"transport: authentication handshake failed: {0}\"")]
    Handshake(String),
    /// The TCP (and TLS) connection was made but HTTP/2 did not start.
    #[error("connection error: desc = \"{0}\"")]
    Http2(String),
    /// The connect timeout expired; carries what was being waited for, if anything had started.
    #[error("context deadline exceeded{}", .0.as_ref().map(|s| format!(": connection error: desc = \"{s}\"")).unwrap_or_default())]
    Timeout(Option<String>),
    /// The TLS parameters are unusable (unparsable PEM, wrong key password, unknown cipher suite...).
    /// k6 throws these texts without any prefix.
    #[error("{0}")]
    TlsConfig(String),
    /// The connection parameters are invalid (bad CIDR, bad host override...).
    #[error("invalid grpc.connect() parameters: {0}")]
    Params(String),
}

/// Why a call could not even be attempted. Every outcome of an attempted call (any status,
/// deadline, transport failure, size limit) is a result, not an error.
#[derive(Debug, Error)]
pub enum CallError {
    /// The connection was closed with [`Connection::close`](super::Connection::close).
    #[error("no gRPC connection, you must call connect first")]
    Closed,
    /// The method path is not a valid HTTP/2 path (`/package.Service/Method`).
    #[error("method \"{0}\" is not a valid gRPC method path")]
    InvalidMethod(String),
}
