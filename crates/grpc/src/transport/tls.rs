//! rustls client configuration from [`TlsParams`]: system roots plus `cacerts`, client
//! certificates (encrypted keys included), `insecureSkipTLSVerify`, version bounds, cipher suites
//! by k6's (Go's) names, ALPN `h2`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme, SupportedProtocolVersion};

use super::dial::io_text;
use super::params::{TlsParams, TlsVersion};
use super::pem_key::private_key;

/// Most distinct TLS settings kept built at once (a test has a handful; past this the cache
/// starts over rather than grow).
const CACHE_LIMIT: usize = 64;

/// The client configuration for `params`, built once per distinct settings and shared: building
/// one parses every system root certificate, far too slow to repeat for each VU's connection.
/// Errors are the texts the script sees.
pub(crate) fn client_config(params: &TlsParams) -> Result<Arc<ClientConfig>, String> {
    static CACHE: OnceLock<Mutex<HashMap<TlsParams, Arc<ClientConfig>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(params).cloned()) {
        return Ok(hit);
    }
    let built = build_client_config(params)?;
    if let Ok(mut entries) = cache.lock() {
        if entries.len() >= CACHE_LIMIT {
            entries.clear();
        }
        entries.insert(params.clone(), built.clone());
    }
    Ok(built)
}

fn build_client_config(params: &TlsParams) -> Result<Arc<ClientConfig>, String> {
    let provider = Arc::new(provider(&params.cipher_suites)?);
    let versions = versions(params.min_version, params.max_version)?;
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .map_err(|e| format!("unusable TLS settings: {e}"))?;
    let builder = if params.insecure_skip_verify {
        builder.dangerous().with_custom_certificate_verifier(Arc::new(AcceptAnyCert(provider)))
    } else {
        builder.with_root_certificates(roots(&params.cacerts)?)
    };
    let mut config = match (params.cert.as_deref(), params.key.as_deref()) {
        (Some(cert), Some(key)) if !cert.is_empty() && !key.is_empty() => {
            let chain = certificates(cert)?;
            let key = private_key(key, params.password.as_deref())?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("failed to append certificate from PEM: tls: {e}"))?
        }
        _ => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    // Every connection does a full handshake, as with k6 (Go keeps no session cache by default);
    // a shared configuration must not let one VU's session resume another's.
    config.resumption = rustls::client::Resumption::disabled();
    Ok(Arc::new(config))
}

fn provider(names: &[String]) -> Result<CryptoProvider, String> {
    let mut provider = ring::default_provider();
    if names.is_empty() {
        return Ok(provider);
    }
    let wanted: Vec<String> = names.iter().map(|n| normalise_suite(n)).collect();
    for name in &wanted {
        if !provider.cipher_suites.iter().any(|s| normalise_suite(&format!("{:?}", s.suite())) == *name) {
            return Err(format!("unknown or unsupported TLS cipher suite {name:?}"));
        }
    }
    // As in Go, the list restricts TLS 1.2 only; TLS 1.3 suites always stay available.
    provider.cipher_suites.retain(|s| {
        s.version() == &rustls::version::TLS13 || wanted.contains(&normalise_suite(&format!("{:?}", s.suite())))
    });
    Ok(provider)
}

/// Go and rustls spell a few suites differently (`TLS_AES_128_GCM_SHA256` vs
/// `TLS13_AES_128_GCM_SHA256`, `..._CHACHA20_POLY1305` vs `..._CHACHA20_POLY1305_SHA256`).
fn normalise_suite(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    let upper = upper.replacen("TLS13_", "TLS_", 1);
    match upper.strip_suffix("_SHA256") {
        Some(base) if base.ends_with("CHACHA20_POLY1305") => base.to_owned(),
        _ => upper,
    }
}

fn versions(
    min: Option<TlsVersion>,
    max: Option<TlsVersion>,
) -> Result<Vec<&'static SupportedProtocolVersion>, String> {
    let min = min.unwrap_or(TlsVersion::Tls12);
    let max = max.unwrap_or(TlsVersion::Tls13);
    let mut out = Vec::new();
    if min <= TlsVersion::Tls13 && max >= TlsVersion::Tls13 {
        out.push(&rustls::version::TLS13);
    }
    if min <= TlsVersion::Tls12 && max >= TlsVersion::Tls12 {
        out.push(&rustls::version::TLS12);
    }
    if out.is_empty() {
        return Err("no supported TLS version in the tlsVersion range (only TLS 1.2 and 1.3 are supported)".to_owned());
    }
    Ok(out)
}

fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    // Loaded once per process: reading the system store on every connect would dominate the
    // cost of a TLS connection.
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

fn roots(cacerts: &[String]) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    let _ = store.add_parsable_certificates(system_roots().iter().cloned());
    for (i, pem) in cacerts.iter().enumerate() {
        let certs: Vec<_> = rustls_pemfile::certs(&mut pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("failed to append ca certificate [{i}] from PEM"))?;
        if certs.is_empty() {
            return Err(format!("failed to append ca certificate [{i}] from PEM"));
        }
        for cert in certs {
            store.add(cert).map_err(|_| format!("failed to append ca certificate [{i}] from PEM"))?;
        }
    }
    Ok(store)
}

fn certificates(pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let chain: Vec<_> = rustls_pemfile::certs(&mut pem.as_bytes()).collect::<Result<_, _>>().unwrap_or_default();
    if chain.is_empty() {
        return Err(
            "failed to append certificate from PEM: tls: failed to find any PEM data in certificate input".to_owned()
        );
    }
    Ok(chain)
}

/// `insecureSkipTLSVerify`: any certificate is accepted, handshake signatures are still checked.
#[derive(Debug)]
struct AcceptAnyCert(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Turns a rustls handshake failure into Go-like words plus what to do about it.
pub(crate) fn describe_handshake_error(err: &std::io::Error) -> String {
    match err.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
        Some(rustls::Error::InvalidMessage(_)) => "tls: first record does not look like a TLS \
             handshake (is the server plaintext? then set plaintext: true)"
            .to_owned(),
        Some(rustls::Error::InvalidCertificate(cert_err)) => describe_cert_error(cert_err),
        Some(other) => format!("tls: {other}"),
        None if err.kind() == std::io::ErrorKind::UnexpectedEof => "EOF: the server closed the \
             connection during the TLS handshake (is the server plaintext? then set plaintext: true)"
            .to_owned(),
        None => format!("tls: {}", io_text(err)),
    }
}

fn describe_cert_error(err: &rustls::CertificateError) -> String {
    use rustls::CertificateError as E;
    let what = match err {
        E::UnknownIssuer => "x509: certificate signed by unknown authority (trust its CA with tls.cacerts, or set insecureSkipTLSVerify)".to_owned(),
        E::NotValidForNameContext { expected, presented } => format!(
            "x509: certificate is valid for {}, not {} (connect with the name the certificate \
             holds, or set the server name)",
            presented.iter().map(|p| unwrap_debug(p)).collect::<Vec<_>>().join(", "),
            unwrap_debug(&format!("{expected:?}"))
        ),
        E::NotValidForName => "x509: certificate is not valid for the host name".to_owned(),
        E::Expired | E::ExpiredContext { .. } => "x509: certificate has expired".to_owned(),
        other => format!("x509: {other:?}"),
    };
    format!("tls: failed to verify certificate: {what}")
}

/// `DnsName("localhost")` → `localhost`, `IpAddress(127.0.0.1)` → `127.0.0.1`.
fn unwrap_debug(text: &str) -> String {
    let inner = match (text.find('('), text.rfind(')')) {
        (Some(start), Some(end)) if start < end => &text[start + 1..end],
        _ => text,
    };
    inner.trim_matches(|c| c == '"' || c == '\\').to_owned()
}
