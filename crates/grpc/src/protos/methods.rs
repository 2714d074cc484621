//! k6's `MethodInfo`: what `load()`, `loadProtoset()` return to the script.

use prost_reflect::DescriptorPool;
use serde::Serialize;

/// One RPC method, with k6's keys in k6's order (snake_case, as k6 1.1.0 returns them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodInfo {
    /// Proto package of the service, e.g. `probe.v1` (empty without a package).
    pub package: String,
    /// Service name without the package, e.g. `Probe`.
    pub service: String,
    /// `/package.Service/Method`, the path used to invoke it.
    pub full_method: String,
    /// Method name, e.g. `Echo`.
    pub name: String,
    /// Whether the client sends a stream of messages.
    pub is_client_stream: bool,
    /// Whether the server replies with a stream of messages.
    pub is_server_stream: bool,
}

/// Lists the methods of `files` (all files of the pool when `files` is empty), file by file in the
/// pool's order, services and methods in declaration order.
pub fn method_infos(pool: &DescriptorPool, files: &[String]) -> Vec<MethodInfo> {
    let mut out = Vec::new();
    for file in pool.files() {
        if !files.is_empty() && !files.iter().any(|f| f == file.name()) {
            continue;
        }
        for service in file.services() {
            for method in service.methods() {
                out.push(MethodInfo {
                    package: file.package_name().to_owned(),
                    service: service.name().to_owned(),
                    full_method: format!("/{}/{}", service.full_name(), method.name()),
                    name: method.name().to_owned(),
                    is_client_stream: method.is_client_streaming(),
                    is_server_stream: method.is_server_streaming(),
                });
            }
        }
    }
    out
}
