//! `client.connect(address, params)`: k6's connect params (§4.4) with their exact error texts,
//! the global TLS/network options of the run, the dial, and optional server reflection.

use std::rc::Rc;
use std::time::Duration;

use rquickjs::{Ctx, Value};
use script::api::{block_on, throw_go_error, vu};

use super::client::{ClientConn, ClientState};
use super::duration::duration_nanos;
use super::gofmt::{go_quote, go_repr};
use super::metadata::{Metadata, parse_metadata};
use crate::transport::{ConnectParams, Connection, TlsParams, TlsVersion};

const PREFIX: &str = "invalid grpc.connect() parameters: ";

/// The `userAgent` value consolidated options carry when the script set none; k6 then sends only
/// grpc-go's agent.
const K6_DEFAULT_USER_AGENT_PREFIX: &str = "k6/";

/// Connect params after validation.
#[derive(Debug, Default)]
pub(crate) struct ConnectOptions {
    pub(crate) plaintext: bool,
    pub(crate) reflect: bool,
    pub(crate) reflect_metadata: Metadata,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_receive_size: usize,
    pub(crate) max_send_size: usize,
    pub(crate) tls: Option<TlsObject>,
}

/// The per-connection `tls` object.
#[derive(Debug, Default)]
pub(crate) struct TlsObject {
    pub(crate) cert: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) cacerts: Vec<String>,
}

/// Validates connect params; `Err` is the full text to throw.
pub(crate) fn parse_connect_options<'js>(value: &Value<'js>) -> Result<ConnectOptions, String> {
    let mut out = ConnectOptions::default();
    if value.is_null() || value.is_undefined() {
        return Ok(out);
    }
    if let Some(s) = value.as_string() {
        let s = s.to_string().map_err(|e| e.to_string())?;
        return if s.is_empty() { Ok(out) } else { Err(format!("{PREFIX}unknown connect param: \"0\"")) };
    }
    let Some(object) = value.as_object() else {
        return Ok(out);
    };
    for entry in object.props::<String, Value<'js>>() {
        let (key, item) = entry.map_err(|e| e.to_string())?;
        match key.as_str() {
            "plaintext" => out.plaintext = boolean(&key, &item)?,
            "reflect" => out.reflect = boolean(&key, &item)?,
            "reflectMetadata" => {
                out.reflect_metadata =
                    parse_metadata(&item).map_err(|e| format!("{PREFIX}invalid reflectMetadata param: {e}"))?;
            }
            "timeout" => {
                let nanos = duration_nanos(&item).map_err(|e| format!("{PREFIX}invalid timeout value: {e}"))?;
                out.timeout = Some(Duration::from_nanos(nanos.max(0).unsigned_abs()));
            }
            "maxReceiveSize" => out.max_receive_size = size(&key, &item)?,
            "maxSendSize" => out.max_send_size = size(&key, &item)?,
            "tls" => out.tls = tls_object(&item)?,
            other => return Err(format!("{PREFIX}unknown connect param: {}", go_quote(other))),
        }
    }
    Ok(out)
}

fn boolean(key: &str, item: &Value<'_>) -> Result<bool, String> {
    item.as_bool().ok_or_else(|| format!("{PREFIX}invalid {key} value: '{}', it needs to be boolean", go_repr(item)))
}

fn size(key: &str, item: &Value<'_>) -> Result<usize, String> {
    match item.as_number() {
        Some(n) if n.fract() == 0.0 && n >= 0.0 => Ok(n as usize),
        Some(n) if n.fract() == 0.0 => {
            Err(format!("{PREFIX}invalid {key} value: '{}, it needs to be a positive integer", n as i64))
        }
        _ => Err(format!("{PREFIX}invalid {key} value: '{}', it needs to be an integer", go_repr(item))),
    }
}

fn tls_object<'js>(item: &Value<'js>) -> Result<Option<TlsObject>, String> {
    let Some(object) = item.as_object().filter(|_| !item.is_array()) else {
        return Err(format!(
            "{PREFIX}invalid tls value: '{}', expected (optional) keys: cert, key, password, and cacerts",
            go_repr(item)
        ));
    };
    let whole = || go_repr(item);
    let mut tls = TlsObject::default();
    let mut any = false;
    for entry in object.props::<String, Value<'js>>() {
        let (key, value) = entry.map_err(|e| e.to_string())?;
        any = true;
        let text = || value.as_string().and_then(|s| s.to_string().ok());
        match key.as_str() {
            "cert" => {
                tls.cert = Some(text().ok_or_else(|| {
                    format!("{PREFIX}invalid tls cert value: '{}', it needs to be a PEM formatted string", whole())
                })?)
            }
            "key" => {
                tls.key = Some(text().ok_or_else(|| {
                    format!("{PREFIX}invalid tls key value: '{}', it needs to be a PEM formatted string", whole())
                })?)
            }
            "password" => {
                tls.password = Some(text().ok_or_else(|| {
                    format!("{PREFIX}invalid tls password value: '{}', it needs to be a string", whole())
                })?)
            }
            "cacerts" => {
                let bad = || {
                    format!(
                        "{PREFIX}invalid tls cacerts value: '{}', it needs to be a string or an array of PEM formatted strings",
                        whole()
                    )
                };
                if let Some(s) = text() {
                    tls.cacerts = vec![s];
                } else if let Some(array) = value.as_array() {
                    for pem in array.iter::<Value<'js>>() {
                        let pem = pem.map_err(|e| e.to_string())?;
                        let s = pem.as_string().and_then(|s| s.to_string().ok()).ok_or_else(bad)?;
                        tls.cacerts.push(s);
                    }
                } else {
                    return Err(bad());
                }
            }
            _ => {}
        }
    }
    // `tls: {}` behaves as if no tls object were given.
    Ok(any.then_some(tls))
}

/// Builds the transport's params from the connect options and the run's consolidated options.
pub(crate) fn connect_params(
    address: String,
    opts: &ConnectOptions,
    options: &serde_json::Value,
) -> Result<ConnectParams, String> {
    let mut params = ConnectParams::new(address);
    params.plaintext = opts.plaintext;
    params.timeout = opts.timeout;
    params.max_receive_size = opts.max_receive_size;
    params.max_send_size = opts.max_send_size;
    params.user_agent = options
        .get("userAgent")
        .and_then(|v| v.as_str())
        .filter(|ua| !(ua.starts_with(K6_DEFAULT_USER_AGENT_PREFIX) && ua.ends_with("(https://k6.io/)")))
        .map(str::to_owned);
    params.tls = tls_params(opts.tls.as_ref(), options);
    if let Some(hosts) = options.get("hosts").and_then(|v| v.as_object()) {
        for (name, ip) in hosts {
            if let Some(ip) = ip.as_str() {
                params.hosts.insert(name.clone(), ip.to_owned());
            }
        }
    }
    for cidr in string_items(options, "blacklistIPs") {
        params.blacklist_ips.push(cidr.parse().map_err(|e: String| format!("{PREFIX}{e}"))?);
    }
    for pattern in string_items(options, "blockHostnames") {
        params.block_hostnames.push(pattern.parse().map_err(|e: String| format!("{PREFIX}{e}"))?);
    }
    Ok(params)
}

fn string_items<'a>(options: &'a serde_json::Value, key: &str) -> impl Iterator<Item = &'a str> {
    options.get(key).and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_str())
}

/// k6: without a `tls` object the global TLS config (with `tlsAuth`) applies; with one, a fresh
/// config keeps only the global cipher suites, verification switch and version bounds.
fn tls_params(tls: Option<&TlsObject>, options: &serde_json::Value) -> TlsParams {
    let mut out = TlsParams {
        insecure_skip_verify: options.get("insecureSkipTLSVerify").and_then(|v| v.as_bool()).unwrap_or(false),
        cipher_suites: string_items(options, "tlsCipherSuites").map(str::to_owned).collect(),
        ..TlsParams::default()
    };
    match options.get("tlsVersion") {
        Some(serde_json::Value::String(v)) => {
            out.min_version = TlsVersion::from_k6_name(v);
            out.max_version = out.min_version;
        }
        Some(serde_json::Value::Object(range)) => {
            let get = |k: &str| range.get(k).and_then(|v| v.as_str()).and_then(TlsVersion::from_k6_name);
            out.min_version = get("min");
            out.max_version = get("max");
        }
        _ => {}
    }
    match tls {
        Some(tls) => {
            out.cacerts = tls.cacerts.clone();
            out.cert = tls.cert.clone().filter(|c| !c.is_empty());
            out.key = tls.key.clone().filter(|k| !k.is_empty());
            out.password = tls.password.clone();
        }
        None => {
            if let Some(auth) = options.get("tlsAuth").and_then(|v| v.as_array()).and_then(|a| a.first()) {
                let get = |k: &str| auth.get(k).and_then(|v| v.as_str()).map(str::to_owned);
                out.cert = get("cert");
                out.key = get("key");
                out.password = get("password");
            }
        }
    }
    out
}

/// The `connect` native.
///
/// Dialing, the TLS handshake and starting HTTP/2 run deep on the VU's coroutine stack (tens of
/// KiB of futures and poll frames) once per connection; the stack pages they touched are given
/// back right after, from this shallow frame, so each of thousands of VUs does not keep them.
pub(super) fn connect<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    address: Option<Value<'js>>,
    params: Option<Value<'js>>,
) -> rquickjs::Result<bool> {
    let result = open(ctx, state, address, params);
    script::coroutine::release_unused_stack();
    result
}

/// Opens the connection (and loads descriptors by reflection when asked). Never inlined, so that
/// its frames lie below the caller's and [`script::coroutine::release_unused_stack`] frees them.
#[inline(never)]
fn open<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    address: Option<Value<'js>>,
    params: Option<Value<'js>>,
) -> rquickjs::Result<bool> {
    let vu = vu(ctx);
    if vu.in_init() {
        return Err(throw_go_error(ctx, "connecting to a gRPC server in the init context is not supported"));
    }
    let address = match address {
        Some(v) if !v.is_undefined() => <rquickjs::Coerced<String> as rquickjs::FromJs>::from_js(ctx, v)?.0,
        _ => String::new(),
    };
    let undefined = Value::new_undefined(ctx.clone());
    let opts = parse_connect_options(params.as_ref().unwrap_or(&undefined)).map_err(|e| throw_go_error(ctx, &e))?;
    let reflect_metadata = opts
        .reflect_metadata
        .to_map()
        .map_err(|e| throw_go_error(ctx, &format!("{PREFIX}invalid reflectMetadata param: {e}")))?;
    let params =
        connect_params(address.clone(), &opts, &vu.program.options_json()).map_err(|e| throw_go_error(ctx, &e))?;
    // k6 replaces the connection; Stampede closes the old one first (k6 leaks it).
    state.set_connection(&vu, None);
    let conn = block_on(ctx, Connection::connect(&params))?.map_err(|e| throw_go_error(ctx, &e.to_string()))?;
    let conn = Rc::new(ClientConn::new(conn, address, params.user_agent_header()));
    state.set_connection(&vu, Some(conn.clone()));
    conn.report_bytes(&vu);
    if opts.reflect {
        let outcome = super::reflect::reflect(ctx, state, &conn, reflect_metadata, params.connect_timeout());
        conn.report_bytes(&vu);
        let pool = outcome?;
        state.add_pool(&pool).map_err(|e| throw_go_error(ctx, &e))?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts(tls: Option<TlsObject>) -> ConnectOptions {
        ConnectOptions { plaintext: false, tls, ..ConnectOptions::default() }
    }

    #[test]
    fn global_options_map_to_transport_params() {
        let options = json!({
            "insecureSkipTLSVerify": true,
            "tlsVersion": {"min": "tls1.2", "max": "tls1.3"},
            "tlsCipherSuites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
            "tlsAuth": [{"domains": ["x"], "cert": "C", "key": "K"}],
            "hosts": {"a.test": "127.0.0.1"},
            "blacklistIPs": ["10.0.0.0/8"],
            "blockHostnames": ["*.blocked.test"],
            "userAgent": "mine/1.0",
        });
        let p = connect_params("a.test:1".into(), &opts(None), &options).unwrap();
        assert!(p.tls.insecure_skip_verify);
        assert_eq!(p.tls.min_version, Some(TlsVersion::Tls12));
        assert_eq!(p.tls.max_version, Some(TlsVersion::Tls13));
        assert_eq!(p.tls.cipher_suites.len(), 1);
        assert_eq!(p.tls.cert.as_deref(), Some("C"));
        assert_eq!(p.hosts.get("a.test").map(String::as_str), Some("127.0.0.1"));
        assert_eq!(p.blacklist_ips.len(), 1);
        assert_eq!(p.block_hostnames.len(), 1);
        assert_eq!(p.user_agent_header(), "mine/1.0 grpc-go/1.73.0");
    }

    #[test]
    fn a_tls_object_drops_global_client_certificates() {
        let options = json!({"tlsAuth": [{"cert": "C", "key": "K"}], "insecureSkipTLSVerify": true});
        let tls = TlsObject { cacerts: vec!["CA".into()], ..TlsObject::default() };
        let p = connect_params("h:1".into(), &opts(Some(tls)), &options).unwrap();
        assert_eq!(p.tls.cert, None);
        assert_eq!(p.tls.cacerts, vec!["CA".to_owned()]);
        assert!(p.tls.insecure_skip_verify, "kept from the global config");
    }

    #[test]
    fn k6_default_user_agent_is_not_sent() {
        let options = json!({"userAgent": "k6/1.1.0 (https://k6.io/)"});
        let p = connect_params("h:1".into(), &opts(None), &options).unwrap();
        assert_eq!(p.user_agent_header(), "grpc-go/1.73.0");
    }

    #[test]
    fn bad_network_options_are_reported() {
        let options = json!({"blacklistIPs": ["nonsense"]});
        let err = connect_params("h:1".into(), &opts(None), &options).unwrap_err();
        assert!(err.starts_with(PREFIX), "{err}");
    }
}
