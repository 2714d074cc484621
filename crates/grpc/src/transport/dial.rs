//! The TCP dial: k6's dialer rules (`hosts` overrides, `blockHostnames`, `blacklistIPs`) in front
//! of a plain `TcpStream::connect`.

use std::io;
use std::net::{IpAddr, SocketAddr};

use tokio::net::TcpStream;

use super::address::Target;
use super::params::ConnectParams;

/// Resolves `target` with the connection's rules and opens a TCP connection (no Nagle delay, as
/// grpc-go). Errors are the text after `transport: error while dialing: `.
pub(crate) async fn dial(target: &Target, params: &ConnectParams) -> Result<TcpStream, String> {
    let addrs = resolve(target, params).await?;
    let mut last = None;
    for addr in addrs {
        if let Some(net) = params.blacklist_ips.iter().find(|n| n.contains(addr.ip())) {
            return Err(format!("IP ({}) is in a blacklisted range ({net})", addr.ip()));
        }
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                // Small RPCs must not wait for Nagle's algorithm; a failure here is harmless.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(err) => last = Some(format!("dial tcp {addr}: connect: {}", io_text(&err))),
        }
    }
    Err(last.unwrap_or_else(|| format!("lookup {}: no such host", target.host)))
}

async fn resolve(target: &Target, params: &ConnectParams) -> Result<Vec<SocketAddr>, String> {
    if let Ok(ip) = target.host.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, target.port)]);
    }
    if let Some(pattern) = params.block_hostnames.iter().find(|p| p.matches(&target.host)) {
        return Err(format!("hostname ({}) is in a blocked pattern ({pattern})", target.host));
    }
    if let Some(mapped) = params.hosts.get(&target.host) {
        if let Ok(ip) = mapped.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, target.port)]);
        }
        if let Ok(addr) = mapped.parse::<SocketAddr>() {
            return Ok(vec![addr]);
        }
        return Err(format!("the hosts option maps {} to {mapped:?}, which is neither an IP nor IP:port", target.host));
    }
    let found: Vec<SocketAddr> = tokio::net::lookup_host((target.host.as_str(), target.port))
        .await
        .map_err(|_| format!("lookup {}: no such host", target.host))?
        .collect();
    if found.is_empty() {
        return Err(format!("lookup {}: no such host", target.host));
    }
    Ok(found)
}

/// Go-style lower-case texts for the common socket errors.
pub(crate) fn io_text(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        io::ErrorKind::ConnectionReset => "connection reset by peer".to_owned(),
        io::ErrorKind::TimedOut => "i/o timeout".to_owned(),
        io::ErrorKind::UnexpectedEof => "EOF".to_owned(),
        _ => {
            let text = err.to_string();
            // Drop the "(os error N)" tail the OS error texts carry.
            match text.find(" (os error") {
                Some(i) => text[..i].to_ascii_lowercase(),
                None => text,
            }
        }
    }
}
