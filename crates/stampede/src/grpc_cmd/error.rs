//! What can go wrong in `stampede grpc`, each worded as one line that says what to do next:
//! the mistakes a newcomer makes (server not running, plaintext vs TLS, unknown method) name the
//! flag or command that fixes them.

use grpc::transport::ConnectError;
use thiserror::Error;

/// A failure of a `stampede grpc` subcommand. `Display` is the line printed after `error: `.
#[derive(Debug, Error)]
pub(crate) enum GrpcCmdError {
    /// Nothing listens at the address (or it cannot be resolved).
    #[error("cannot reach {address}: {cause}. Is the server running? (start a local one with `stampede testserver`)")]
    Unreachable {
        /// The address as given.
        address: String,
        /// The dialer's text.
        cause: String,
    },
    /// The TLS handshake failed: plaintext server, or a certificate we do not trust.
    #[error("TLS handshake with {address} failed: {cause}. {hint}")]
    Handshake {
        /// The address as given.
        address: String,
        /// The handshake's text.
        cause: String,
        /// What to try.
        hint: &'static str,
    },
    /// The server did not speak HTTP/2 in plaintext (typically: it serves TLS).
    #[error("{address} did not answer as a plaintext HTTP/2 server ({cause}). If it serves TLS, drop -plaintext")]
    NotPlaintext {
        /// The address as given.
        address: String,
        /// The transport's text.
        cause: String,
    },
    /// TLS came up but the server hung up before HTTP/2 started (typically: mutual TLS required).
    #[error(
        "{address} closed the TLS connection before HTTP/2 started ({cause}). If the server requires a client certificate, pass -cert FILE and -key FILE"
    )]
    ClosedAfterTls {
        /// The address as given.
        address: String,
        /// The transport's text.
        cause: String,
    },
    /// The connection did not come up within the connect timeout.
    #[error("timed out connecting to {address} ({cause}). Check the address, and -plaintext vs TLS")]
    Timeout {
        /// The address as given.
        address: String,
        /// The transport's text.
        cause: String,
    },
    /// The TLS files or connection settings are unusable.
    #[error("bad connection settings: {0}")]
    Settings(String),
    /// A file given on the command line could not be read.
    #[error("cannot read {path}: {cause}")]
    ReadFile {
        /// The path as given.
        path: String,
        /// The OS text.
        cause: String,
    },
    /// Server reflection failed.
    #[error(
        "server reflection failed: {0}. If the server has no reflection service, pass -proto FILE (with -import-path DIR) or -protoset FILE"
    )]
    Reflection(String),
    /// `.proto` or protoset files could not be loaded.
    #[error("cannot load the descriptors: {0}")]
    Protos(String),
    /// A service, method or type name that the descriptors do not contain.
    #[error("{kind} \"{name}\" not found. `{hint}` lists what the server offers")]
    NotFound {
        /// "method", "service" or "symbol".
        kind: &'static str,
        /// The name as given.
        name: String,
        /// The command that lists the candidates.
        hint: String,
    },
    /// The `-d` JSON does not fit the request message.
    #[error(
        "the request does not match {message}: {cause}. `stampede grpc describe ADDRESS {message}` shows its fields"
    )]
    BadRequest {
        /// The request message's full name.
        message: String,
        /// What the JSON decoder found wrong.
        cause: String,
    },
    /// A bad `-H` value or other flag misuse.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error("cannot write {path}: {cause}")]
    WriteFile {
        /// The path as given.
        path: String,
        /// The OS text.
        cause: String,
    },
}

impl GrpcCmdError {
    /// Classifies a connect failure into the advice a newcomer needs.
    pub(crate) fn from_connect(address: &str, plaintext: bool, err: ConnectError) -> Self {
        let address = address.to_owned();
        let err = match err {
            ConnectError::Handshake(cause) => ConnectError::Handshake(without_script_hint(cause)),
            ConnectError::Http2(cause) => ConnectError::Http2(without_script_hint(cause)),
            other => other,
        };
        match err {
            ConnectError::Dial(cause) => Self::Unreachable { address, cause },
            ConnectError::Handshake(cause) => {
                let lower = cause.to_ascii_lowercase();
                let hint = if lower.contains("certificate required") || lower.contains("certificaterequired") {
                    "The server requires a client certificate: pass -cert FILE and -key FILE"
                } else if lower.contains("unknownissuer")
                    || lower.contains("unknown issuer")
                    || lower.contains("certificate")
                {
                    "If the server uses a private CA, pass -cacert FILE (or -insecure to skip verification)"
                } else {
                    "If the server is plaintext, add -plaintext"
                };
                Self::Handshake { address, cause, hint }
            }
            ConnectError::Http2(cause) if plaintext => Self::NotPlaintext { address, cause },
            ConnectError::Http2(cause) => Self::ClosedAfterTls { address, cause },
            ConnectError::Timeout(cause) => {
                Self::Timeout { address, cause: cause.unwrap_or_else(|| "context deadline exceeded".to_owned()) }
            }
            ConnectError::TlsConfig(text) | ConnectError::Params(text) => Self::Settings(text),
        }
    }
}

/// Drops the transport's trailing "(... set plaintext: true)" advice, which names script
/// options; the command line's own advice replaces it.
fn without_script_hint(cause: String) -> String {
    match cause.rfind(" (") {
        Some(at) if cause.ends_with(')') => cause[..at].to_owned(),
        _ => cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(plaintext: bool, err: ConnectError) -> String {
        GrpcCmdError::from_connect("h:1", plaintext, err).to_string()
    }

    #[test]
    fn script_advice_is_replaced_by_flag_advice() {
        let text = line(
            false,
            ConnectError::Handshake("tls: bad record (is the server plaintext? then set plaintext: true)".into()),
        );
        assert_eq!(text, "TLS handshake with h:1 failed: tls: bad record. If the server is plaintext, add -plaintext");
    }

    #[test]
    fn each_connect_failure_names_its_fix() {
        assert!(line(true, ConnectError::Dial("connection refused".into())).contains("stampede testserver"));
        assert!(
            line(false, ConnectError::Handshake("x509: certificate signed by unknown authority".into()))
                .contains("-cacert")
        );
        assert!(
            line(false, ConnectError::Handshake("received fatal alert: CertificateRequired".into()))
                .contains("-cert FILE and -key FILE")
        );
        assert!(line(true, ConnectError::Http2("no HTTP/2".into())).ends_with("drop -plaintext"));
        assert!(line(false, ConnectError::Http2("closed".into())).contains("client certificate"));
        assert!(line(false, ConnectError::Timeout(None)).contains("context deadline exceeded"));
        assert_eq!(line(false, ConnectError::TlsConfig("bad PEM".into())), "bad connection settings: bad PEM");
    }
}
