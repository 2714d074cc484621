//! Dial targets as grpc-go (with k6's dialer) accepts them, with Go's `SplitHostPort` texts.

/// Host and port of a dial target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Host name or IP literal (IPv6 without brackets).
    pub(crate) host: String,
    /// TCP port.
    pub(crate) port: u16,
}

impl Target {
    /// `host:port`, bracketing IPv6 literals: the default `:authority`.
    pub(crate) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Parses `host:port`, `[v6]:port`, `dns:///host:port`, `dns://resolver/host:port` and
/// `passthrough:///host:port`. Errors are the dial-error texts k6 shows.
pub(crate) fn parse_target(address: &str) -> Result<Target, String> {
    let rest = if let Some(r) = address.strip_prefix("passthrough:///") {
        r
    } else if let Some(r) = address.strip_prefix("dns://") {
        // `dns:///x` or `dns://resolver/x`: the resolver part is not used.
        r.split_once('/').map(|(_, x)| x).unwrap_or(r)
    } else {
        address
    };
    if rest.is_empty() {
        return Err("missing port in address".to_owned());
    }
    let missing = || format!("address {rest}: missing port in address");
    let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
        let (host, after) = inner.split_once(']').ok_or_else(|| format!("address {rest}: missing ']' in address"))?;
        let port = after.strip_prefix(':').ok_or_else(missing)?;
        (host, port)
    } else {
        match rest.matches(':').count() {
            0 => return Err(missing()),
            1 => rest.split_once(':').ok_or_else(missing)?,
            _ => return Err(format!("address {rest}: too many colons in address")),
        }
    };
    let port = port.parse::<u16>().map_err(|_| format!("address {rest}: invalid port {port:?}"))?;
    if host.is_empty() {
        return Err("lookup : no such host (the address has no host name)".to_owned());
    }
    Ok(Target { host: host.to_owned(), port })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(addr: &str) -> (String, u16) {
        let t = parse_target(addr).unwrap();
        (t.host, t.port)
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(ok("127.0.0.1:50051"), ("127.0.0.1".into(), 50051));
        assert_eq!(ok("localhost:1"), ("localhost".into(), 1));
        assert_eq!(ok("dns:///localhost:50051"), ("localhost".into(), 50051));
        assert_eq!(ok("dns://8.8.8.8/localhost:50051"), ("localhost".into(), 50051));
        assert_eq!(ok("passthrough:///127.0.0.1:9"), ("127.0.0.1".into(), 9));
        assert_eq!(ok("[::1]:50051"), ("::1".into(), 50051));
        assert_eq!(parse_target("[::1]:5").unwrap().authority(), "[::1]:5");
    }

    #[test]
    fn k6_error_texts() {
        assert_eq!(parse_target("127.0.0.1").unwrap_err(), "address 127.0.0.1: missing port in address");
        assert_eq!(parse_target("").unwrap_err(), "missing port in address");
        assert_eq!(
            parse_target("http://127.0.0.1:50051").unwrap_err(),
            "address http://127.0.0.1:50051: too many colons in address"
        );
        assert!(parse_target(":50051").unwrap_err().starts_with("lookup : no such host"));
    }
}
