//! How a test server is set up: transport security, reflection, health, bookkeeping.
//!
//! Defaults favour tests: plaintext, reflection (both versions) and health on, request
//! metadata remembered. Benchmarks may turn `record_metadata` off so the only per-request
//! bookkeeping is one relaxed atomic increment.

use std::path::PathBuf;

use crate::certs::TestCerts;

/// Transport security of the listener.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TlsMode {
    /// h2c: HTTP/2 without TLS (k6 `plaintext: true`).
    #[default]
    Plaintext,
    /// TLS with a server certificate signed by the generated test CA.
    Tls,
    /// TLS that also requires a client certificate signed by the test CA.
    MutualTls,
}

/// Which server reflection protocol versions are served when reflection is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReflectionVersions {
    /// `grpc.reflection.v1` and `grpc.reflection.v1alpha`.
    #[default]
    Both,
    /// Only `grpc.reflection.v1`.
    V1Only,
    /// Only `grpc.reflection.v1alpha` (older servers; k6 falls back to it).
    V1AlphaOnly,
}

/// Test server configuration.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Plaintext, TLS or mutual TLS.
    pub tls: TlsMode,
    /// Serve gRPC server reflection (off: reflection RPCs get UNIMPLEMENTED).
    pub reflection: bool,
    /// Reflection versions served when `reflection` is on.
    pub reflection_versions: ReflectionVersions,
    /// Serve `grpc.health.v1.Health` (SERVING for `""` and every application service).
    pub health: bool,
    /// Remember the last request's metadata ([`crate::RequestLog::last_request`]).
    pub record_metadata: bool,
    /// Certificates to use instead of generating new ones (TLS modes only).
    pub certs: Option<TestCerts>,
    /// With TLS, also write all PEMs there ([`TestCerts::write_to`] file names).
    pub cert_dir: Option<PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            tls: TlsMode::Plaintext,
            reflection: true,
            reflection_versions: ReflectionVersions::Both,
            health: true,
            record_metadata: true,
            certs: None,
            cert_dir: None,
        }
    }
}

impl ServerConfig {
    /// Plaintext with reflection and health (same as `Default`).
    pub fn plaintext() -> Self {
        Self::default()
    }

    /// TLS with generated certificates.
    pub fn tls() -> Self {
        Self { tls: TlsMode::Tls, ..Self::default() }
    }

    /// Mutual TLS with generated certificates.
    pub fn mutual_tls() -> Self {
        Self { tls: TlsMode::MutualTls, ..Self::default() }
    }

    /// The same configuration without server reflection.
    pub fn without_reflection(mut self) -> Self {
        self.reflection = false;
        self
    }
}
