//! Helpers shared by the end-to-end tests: paths, the binary, an in-process test server, and a
//! way to run `stampede` and capture what it printed.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root exists")
}

/// The `stampede` binary under test.
pub fn stampede_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_stampede"))
}

/// A gRPC test server on 127.0.0.1:0 for the duration of a test.
pub struct TestServer(testserver::TestServer);

impl TestServer {
    /// Starts a plaintext server with reflection.
    pub fn start() -> Self {
        Self::start_with(testserver::ServerConfig::default())
    }

    /// Starts a plaintext server that serves only the older `grpc.reflection.v1alpha`.
    pub fn start_v1alpha_reflection() -> Self {
        Self::start_with(testserver::ServerConfig {
            reflection_versions: testserver::ReflectionVersions::V1AlphaOnly,
            ..testserver::ServerConfig::default()
        })
    }

    /// Starts a plaintext server without server reflection.
    pub fn start_without_reflection() -> Self {
        Self::start_with(testserver::ServerConfig::default().without_reflection())
    }

    fn start_with(config: testserver::ServerConfig) -> Self {
        Self(testserver::TestServer::start_in_background(config).expect("test server starts"))
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> String {
        self.0.addr.to_string()
    }

    /// The directory holding the server's .proto files.
    pub fn proto_dir(&self) -> String {
        testserver::PROTO_DIR.to_string()
    }
}

/// A TLS and a mutual-TLS test server sharing one generated CA, with the PEM files written out.
pub struct TlsServers {
    /// Server-authenticated TLS.
    pub tls: testserver::TestServer,
    /// TLS that requires a client certificate.
    pub mtls: testserver::TestServer,
    /// Holds ca.pem, client.pem, client.key, client.legacy-encrypted.key, client.pkcs8-encrypted.key.
    pub cert_dir: tempfile::TempDir,
}

impl TlsServers {
    /// Starts both servers on 127.0.0.1:0.
    pub fn start() -> Self {
        let certs = testserver::TestCerts::generate().expect("certificates generate");
        let cert_dir = tempfile::tempdir().expect("temp dir");
        certs.write_to(cert_dir.path()).expect("certificates written");
        let with = |mut cfg: testserver::ServerConfig| {
            cfg.certs = Some(certs.clone());
            testserver::TestServer::start_in_background(cfg).expect("TLS test server starts")
        };
        Self {
            tls: with(testserver::ServerConfig::tls()),
            mtls: with(testserver::ServerConfig::mutual_tls()),
            cert_dir,
        }
    }
}

/// What a run printed and returned.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `stampede` with `args` in `dir`.
pub fn stampede(dir: &std::path::Path, args: &[&str]) -> Run {
    let out: Output = Command::new(stampede_bin())
        .args(args)
        .current_dir(dir)
        .env("STAMPEDE_GRPC_EXTRA_METRICS", "false")
        .output()
        .expect("stampede starts");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `source` as `name` in a fresh temp dir and returns the dir.
pub fn script_dir(name: &str, source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), source).expect("script written");
    dir
}
