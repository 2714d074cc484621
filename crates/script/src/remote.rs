//! Remote module imports (`import x from "https://..."`), fetched once per run at init over
//! HTTPS, as k6 does. Trust: the system roots (including `SSL_CERT_FILE`) plus Mozilla's.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use crate::program::Program;

/// Fetches the source of a remote module, following up to 5 redirects.
pub(crate) fn fetch_module(_program: &Program, url: &str) -> Result<String, String> {
    let mut url = url.to_string();
    for _ in 0..5 {
        match get(&url) {
            Ok(Response::Body(body)) => return Ok(body),
            Ok(Response::Redirect(to)) => url = to,
            Err(e) => {
                return Err(format!(
                    "The moduleSpecifier \"{url}\" couldn't be retrieved from the resolved url \"{url}\". Error: {e}"
                ));
            }
        }
    }
    Err(format!("too many redirects fetching {url}"))
}

enum Response {
    Body(String),
    Redirect(String),
}

fn get(url: &str) -> Result<Response, String> {
    let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("only http and https URLs can be imported".into());
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
            (h.trim_start_matches('[').trim_end_matches(']'), p.parse::<u16>().map_err(|e| e.to_string())?)
        }
        _ => (hostport, if tls { 443 } else { 80 }),
    };
    let tcp = TcpStream::connect((host, port)).map_err(|e| e.to_string())?;
    tcp.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {hostport}\r\nUser-Agent: stampede\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    if tls {
        let server_name = rustls::pki_types::ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
        let conn = rustls::ClientConnection::new(client_config(), server_name).map_err(|e| e.to_string())?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        read_all(&mut stream, &mut raw)?;
    } else {
        let mut tcp = tcp;
        tcp.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        read_all(&mut tcp, &mut raw)?;
    }
    parse_response(&raw)
}

fn read_all(r: &mut impl Read, out: &mut Vec<u8>) -> Result<(), String> {
    match r.read_to_end(out) {
        Ok(_) => Ok(()),
        // Servers that close without close_notify still sent the whole body with Connection: close.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !out.is_empty() => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("malformed HTTP response")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("malformed HTTP status line")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if (300..400).contains(&status) {
        return header("location").map(Response::Redirect).ok_or_else(|| "redirect without Location".into());
    }
    if status != 200 {
        return Err(format!("server returned status {status}"));
    }
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body)?;
    }
    String::from_utf8(body).map(Response::Body).map_err(|_| "module source is not UTF-8".into())
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").ok_or("bad chunked body")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size")?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err("truncated chunked body".into());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

fn client_config() -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}
