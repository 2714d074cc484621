//! Decoding rules of the dialer and TLS options (`tlsVersion`, `tlsCipherSuites`,
//! `blockHostnames`, `dns`, `systemTags`) that k6 checks while decoding, so that a typo fails
//! the test before it starts (exit 104) instead of silently changing what is measured.

use serde_json::{Value, json};

use super::DnsOptions;
use super::error::OptionsError;

/// TLS versions k6 accepts in `tlsVersion`.
pub const TLS_VERSIONS: [&str; 5] = ["ssl3.0", "tls1.0", "tls1.1", "tls1.2", "tls1.3"];

/// Cipher suite names k6 accepts in `tlsCipherSuites` (Go's crypto/tls names).
pub const TLS_CIPHER_SUITES: [&str; 26] = [
    "TLS_RSA_WITH_RC4_128_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
];

/// Extra TLS 1.3 suite accepted alongside [`TLS_CIPHER_SUITES`].
const TLS13_CHACHA: &str = "TLS_CHACHA20_POLY1305_SHA256";

fn tls_version_error() -> OptionsError {
    OptionsError::Json(
        "parsing options from script got error while parsing \"\\\"tlsVersion\\\":\": json: cannot unmarshal string into Go struct field Options.tlsVersion of type lib.tlsVersionsFields"
            .to_string(),
    )
}

/// `tlsVersion`: a version string (meaning min = max) or `{min, max}`; rendered as the object.
pub(crate) fn tls_version(v: &Value) -> Result<Option<Value>, OptionsError> {
    let check = |x: Option<&Value>| -> Result<Value, OptionsError> {
        match x {
            None | Some(Value::Null) => Ok(Value::Null),
            Some(Value::String(s)) if s.is_empty() || TLS_VERSIONS.contains(&s.as_str()) => {
                Ok(Value::String(s.clone()))
            }
            Some(_) => Err(tls_version_error()),
        }
    };
    match v {
        Value::Null => Ok(None),
        Value::String(_) => {
            let s = check(Some(v))?;
            Ok(Some(json!({"min": s, "max": s})))
        }
        Value::Object(m) => Ok(Some(json!({"min": check(m.get("min"))?, "max": check(m.get("max"))?}))),
        _ => Err(tls_version_error()),
    }
}

/// Checks `tlsCipherSuites` names.
pub(crate) fn cipher_suites(list: &[String]) -> Result<(), OptionsError> {
    match list.iter().find(|s| !TLS_CIPHER_SUITES.contains(&s.as_str()) && s.as_str() != TLS13_CHACHA) {
        Some(bad) => Err(OptionsError::Json(format!("unknown cipher suite '{bad}'"))),
        None => Ok(()),
    }
}

/// Checks `blockHostnames` patterns: a wildcard is only allowed as the leading `*`.
pub(crate) fn hostname_patterns(list: &[String]) -> Result<(), OptionsError> {
    match list.iter().find(|p| p.is_empty() || p.chars().skip(1).any(|c| c == '*')) {
        Some(bad) => Err(OptionsError::Json(format!("invalid hostname pattern '{bad}'"))),
        None => Ok(()),
    }
}

/// Checks the `select` and `policy` values of `dns`.
pub(crate) fn dns(d: &DnsOptions) -> Result<(), OptionsError> {
    if let Some(s) = d.select.as_deref().filter(|s| !["first", "random", "roundRobin"].contains(s)) {
        return Err(OptionsError::Json(format!("{s} does not belong to DNSSelect values")));
    }
    let policies = ["preferIPv4", "preferIPv6", "onlyIPv4", "onlyIPv6", "any"];
    if let Some(p) = d.policy.as_deref().filter(|p| !policies.contains(p)) {
        return Err(OptionsError::Json(format!("{p} does not belong to DNSPolicy values")));
    }
    Ok(())
}

/// `systemTags` as k6 keeps them: known names only, sorted, without duplicates.
pub(crate) fn system_tags(list: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> = list.into_iter().filter(|t| super::ALL_SYSTEM_TAGS.contains(&t.as_str())).collect();
    tags.sort();
    tags.dedup();
    tags
}
