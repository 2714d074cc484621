//! The tags of an RPC's samples (k6 §7.2), with a small per-method cache: a script calling the
//! same method with the same VU tags and outcome reuses one tag set instead of building a map per
//! call.

use std::cell::RefCell;
use std::net::IpAddr;

use metrics::TagSet;

use super::client::MethodEntry;
use super::metrics::SystemTags;
use super::status;

/// Tag sets recently built for one method, keyed by (VU tags, address, status).
#[derive(Default)]
pub(crate) struct TagCache {
    entries: RefCell<Vec<Cached>>,
}

struct Cached {
    base: TagSet,
    address: String,
    ip: Option<IpAddr>,
    status: i32,
    tags: TagSet,
}

/// Few distinct outcomes per method are common (OK and a couple of errors).
const CACHE_SIZE: usize = 4;

impl TagCache {
    /// k6's tags of one RPC: the VU's tags and the call's `params.tags`, then `name` (unless
    /// `params.tags.name` is given), `method`, `service`, `url` and `status`, which `params.tags`
    /// cannot override (as in k6).
    pub(crate) fn rpc_tags(
        &self,
        system: SystemTags,
        base: TagSet,
        method: &MethodEntry,
        address: &str,
        ip: IpAddr,
        code: i32,
        extra: &[(String, String)],
    ) -> TagSet {
        let ip = system.ip.then_some(ip);
        if !extra.is_empty() {
            return build(system, &base, method, address, ip, code, extra);
        }
        let mut entries = self.entries.borrow_mut();
        if let Some(hit) =
            entries.iter().find(|c| c.status == code && c.base == base && c.address == address && c.ip == ip)
        {
            return hit.tags.clone();
        }
        let tags = build(system, &base, method, address, ip, code, extra);
        if entries.len() == CACHE_SIZE {
            entries.remove(0);
        }
        entries.push(Cached { base, address: address.to_owned(), ip, status: code, tags: tags.clone() });
        tags
    }
}

fn build(
    system: SystemTags,
    base: &TagSet,
    method: &MethodEntry,
    address: &str,
    ip: Option<IpAddr>,
    code: i32,
    extra: &[(String, String)],
) -> TagSet {
    let mut b = base.to_builder();
    let mut named = false;
    for (k, v) in extra {
        named |= k == "name";
        b.set(k.as_str(), v.as_str());
    }
    if system.name && !named {
        b.set("name", method.path.as_str());
    }
    if system.method {
        b.set("method", method.name.as_str());
    }
    if system.service {
        b.set("service", method.service.as_str());
    }
    if system.url {
        let mut url = String::with_capacity(address.len() + method.path.len());
        url.push_str(address);
        url.push_str(&method.path);
        b.set("url", url);
    }
    if system.status {
        b.set("status", status::tag_value(code));
    }
    if let Some(ip) = ip {
        b.set("ip", ip.to_string());
    }
    b.build()
}
