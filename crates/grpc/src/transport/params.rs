//! What `client.connect(address, params)` and the global k6 options decide about one connection,
//! already validated: the JS glue builds a [`ConnectParams`] and the transport never re-parses
//! option strings.

use std::collections::HashMap;
use std::time::Duration;

use super::netfilter::{HostPattern, IpNet};

/// Connect timeout when the script gives none (k6: 60 s).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest message received when `maxReceiveSize` is 0 or absent (grpc-go: 4 MiB).
pub const DEFAULT_MAX_RECEIVE_SIZE: usize = 4 * 1024 * 1024;
/// Largest message sent when `maxSendSize` is 0 or absent (grpc-go: MaxInt32).
pub const DEFAULT_MAX_SEND_SIZE: usize = i32::MAX as usize;
/// The gRPC library k6 1.1.0 identifies itself as; every user agent ends with it.
pub const GRPC_USER_AGENT: &str = "grpc-go/1.73.0";

/// Everything needed to open one connection.
#[derive(Debug, Clone, Default)]
pub struct ConnectParams {
    /// Dial target as the script wrote it: `host:port`, `[v6]:port`, `dns:///host:port`,
    /// `passthrough:///host:port`.
    pub address: String,
    /// `true`: HTTP/2 without TLS (h2c). `false` (k6's default): TLS.
    pub plaintext: bool,
    /// TLS settings (ignored with `plaintext`).
    pub tls: TlsParams,
    /// Bound on dial + TLS + HTTP/2 start. `None`: [`DEFAULT_CONNECT_TIMEOUT`]; zero: fails at once.
    pub timeout: Option<Duration>,
    /// Largest message accepted from the server; 0 = [`DEFAULT_MAX_RECEIVE_SIZE`].
    pub max_receive_size: usize,
    /// Largest message sent; 0 = [`DEFAULT_MAX_SEND_SIZE`].
    pub max_send_size: usize,
    /// k6's `userAgent` option; sent as `<userAgent> grpc-go/1.73.0`, or `grpc-go/1.73.0` alone.
    pub user_agent: Option<String>,
    /// `:authority` (and default SNI) instead of the address's `host:port`.
    pub authority: Option<String>,
    /// k6's `hosts` option: name → IP or `IP:port`.
    pub hosts: HashMap<String, String>,
    /// k6's `blacklistIPs`: dialing an address in one of these ranges fails.
    pub blacklist_ips: Vec<IpNet>,
    /// k6's `blockHostnames`: dialing a matching host name fails before any lookup.
    pub block_hostnames: Vec<HostPattern>,
}

impl ConnectParams {
    /// Plaintext-or-TLS defaults for `address`, as `client.connect(address)` with no params.
    pub fn new(address: impl Into<String>) -> Self {
        Self { address: address.into(), ..Self::default() }
    }

    /// The effective connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT)
    }

    /// The effective receive limit.
    pub fn receive_limit(&self) -> usize {
        if self.max_receive_size == 0 { DEFAULT_MAX_RECEIVE_SIZE } else { self.max_receive_size }
    }

    /// The effective send limit.
    pub fn send_limit(&self) -> usize {
        if self.max_send_size == 0 { DEFAULT_MAX_SEND_SIZE } else { self.max_send_size }
    }

    /// The `user-agent` header value.
    pub fn user_agent_header(&self) -> String {
        match self.user_agent.as_deref() {
            Some(ua) if !ua.is_empty() => format!("{ua} {GRPC_USER_AGENT}"),
            _ => GRPC_USER_AGENT.to_owned(),
        }
    }
}

/// A TLS protocol version, by k6's names (`tls1.0` ... `tls1.3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    /// TLS 1.0 (not offered: treated as "as low as supported", i.e. 1.2).
    Tls10,
    /// TLS 1.1 (not offered: treated as "as low as supported", i.e. 1.2).
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    /// Parses k6's version names (`tls1.2`); `None` for anything else.
    pub fn from_k6_name(name: &str) -> Option<Self> {
        match name {
            "tls1.0" => Some(Self::Tls10),
            "tls1.1" => Some(Self::Tls11),
            "tls1.2" => Some(Self::Tls12),
            "tls1.3" => Some(Self::Tls13),
            _ => None,
        }
    }
}

/// TLS settings: the connection's `tls` object merged with the global k6 TLS options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TlsParams {
    /// Extra trusted CAs (PEM), on top of the system roots.
    pub cacerts: Vec<String>,
    /// Client certificate chain (PEM); used only together with `key`.
    pub cert: Option<String>,
    /// Client private key (PEM; may be encrypted, see `password`).
    pub key: Option<String>,
    /// Password of an encrypted `key` (legacy `Proc-Type: 4,ENCRYPTED` or PKCS#8 `ENCRYPTED PRIVATE KEY`).
    pub password: Option<String>,
    /// k6 `insecureSkipTLSVerify`: accept any server certificate.
    pub insecure_skip_verify: bool,
    /// Lowest version offered (k6 `tlsVersion.min`).
    pub min_version: Option<TlsVersion>,
    /// Highest version offered (k6 `tlsVersion.max`).
    pub max_version: Option<TlsVersion>,
    /// k6 `tlsCipherSuites` by Go names (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); they restrict
    /// TLS 1.2 only, as in Go. Empty: all.
    pub cipher_suites: Vec<String>,
    /// SNI / certificate name to verify instead of the address host (or the authority).
    pub server_name: Option<String>,
}
