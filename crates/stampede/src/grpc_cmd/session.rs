//! One server conversation: the connection built from grpcurl-style flags, and the descriptors
//! (server reflection by default, or `-proto`/`-protoset` files) used to name methods and encode
//! messages.

use std::path::Path;
use std::time::Duration;

use grpc::transport::{ConnectParams, Connection, MetadataInput, TlsParams, request_metadata};
use prost_reflect::{DescriptorPool, MethodDescriptor};
use tonic::metadata::MetadataMap;

use super::args::{ConnFlags, DescriptorFlags};
use super::error::GrpcCmdError;

/// Connect timeout when `-connect-timeout` is not given: long enough for a remote TLS server,
/// short enough that a wrong address does not look like a hang.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An open connection and the descriptors of the server's services.
pub(crate) struct Session {
    /// The address as given.
    pub(crate) address: String,
    /// The connection.
    pub(crate) conn: Connection,
    /// Every file known for the server.
    pub(crate) pool: DescriptorPool,
    /// `-H` metadata, sent on every call.
    pub(crate) metadata: MetadataMap,
}

impl Session {
    /// Connects and loads descriptors (files first, so a bad `-proto` fails before any dial).
    pub(crate) async fn open(
        address: &str,
        conn_flags: &ConnFlags,
        descriptors: &DescriptorFlags,
    ) -> Result<Self, GrpcCmdError> {
        let metadata = metadata(&conn_flags.headers)?;
        let files = if descriptors.uses_files() { Some(load_files(descriptors)?) } else { None };
        let params = connect_params(address, conn_flags)?;
        let conn = Connection::connect(&params)
            .await
            .map_err(|e| GrpcCmdError::from_connect(address, conn_flags.plaintext, e))?;
        let pool = match files {
            Some(pool) => pool,
            None => {
                let reflect = grpc::reflection::reflect(&conn, metadata.clone());
                match tokio::time::timeout(params.connect_timeout(), reflect).await {
                    Ok(Ok(pool)) => pool,
                    Ok(Err(e)) => return Err(GrpcCmdError::Reflection(e.to_string())),
                    Err(_) => return Err(GrpcCmdError::Reflection("no answer within the connect timeout".to_owned())),
                }
            }
        };
        Ok(Self { address: address.to_owned(), conn, pool, metadata })
    }

    /// Finds `pkg.Service/Method` (also `/pkg.Service/Method` or `pkg.Service.Method`).
    pub(crate) fn method(&self, name: &str) -> Result<MethodDescriptor, GrpcCmdError> {
        find_method(&self.pool, name).ok_or_else(|| GrpcCmdError::NotFound {
            kind: "method",
            name: name.to_owned(),
            hint: format!("stampede grpc list {} SERVICE", self.address),
        })
    }
}

/// Looks a method up by any of its spellings.
pub(crate) fn find_method(pool: &DescriptorPool, name: &str) -> Option<MethodDescriptor> {
    let name = name.trim_start_matches('/');
    let (service, method) = name.rsplit_once('/').or_else(|| name.rsplit_once('.'))?;
    pool.get_service_by_name(service)?.methods().find(|m| m.name() == method)
}

/// The `/pkg.Service/Method` path of a method.
pub(crate) fn method_path(method: &MethodDescriptor) -> String {
    format!("/{}/{}", method.parent_service().full_name(), method.name())
}

fn connect_params(address: &str, flags: &ConnFlags) -> Result<ConnectParams, GrpcCmdError> {
    let mut params = ConnectParams::new(address);
    params.plaintext = flags.plaintext;
    params.authority = flags.authority.clone();
    params.timeout = Some(match flags.connect_timeout {
        Some(s) => Duration::try_from_secs_f64(s)
            .map_err(|_| GrpcCmdError::Usage(format!("-connect-timeout must be a number of seconds, not {s}")))?,
        None => DEFAULT_CONNECT_TIMEOUT,
    });
    if flags.cert.is_some() != flags.key.is_some() {
        return Err(GrpcCmdError::Usage("-cert and -key go together: pass both for mutual TLS".to_owned()));
    }
    params.tls = TlsParams {
        cacerts: flags.cacert.as_deref().map(read).transpose()?.into_iter().collect(),
        cert: flags.cert.as_deref().map(read).transpose()?,
        key: flags.key.as_deref().map(read).transpose()?,
        insecure_skip_verify: flags.insecure,
        ..TlsParams::default()
    };
    Ok(params)
}

fn read(path: &Path) -> Result<String, GrpcCmdError> {
    std::fs::read_to_string(path)
        .map_err(|e| GrpcCmdError::ReadFile { path: path.display().to_string(), cause: e.to_string() })
}

/// `-H 'name: value'` pairs as request metadata.
fn metadata(headers: &[String]) -> Result<MetadataMap, GrpcCmdError> {
    let mut entries = Vec::with_capacity(headers.len());
    for header in headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(GrpcCmdError::Usage(format!("-H {header:?} is not 'name: value'")));
        };
        entries.push((name.trim().to_owned(), MetadataInput::Text(value.trim().to_owned())));
    }
    request_metadata(entries.iter().map(|(k, v)| (k.as_str(), v)))
        .map_err(|e| GrpcCmdError::Usage(format!("bad -H metadata: {e}")))
}

/// `-proto`/`-import-path`/`-protoset`, relative to the working directory (as grpcurl).
pub(crate) fn load_files(flags: &DescriptorFlags) -> Result<DescriptorPool, GrpcCmdError> {
    let cwd = std::env::current_dir().map_err(|e| GrpcCmdError::Protos(e.to_string()))?;
    let mut pools = Vec::new();
    if !flags.proto.is_empty() {
        let pool = grpc::protos::load_protos(&cwd, &flags.import_path, &flags.proto)
            .map_err(|e| GrpcCmdError::Protos(e.to_string()))?;
        pools.push(pool);
    }
    for set in &flags.protoset {
        pools.push(grpc::protos::load_protoset(&cwd, set).map_err(|e| GrpcCmdError::Protos(e.to_string()))?);
    }
    let mut merged = DescriptorPool::new();
    for pool in &pools {
        grpc::protos::merge_pools(&mut merged, pool).map_err(|e| GrpcCmdError::Protos(e.to_string()))?;
    }
    Ok(merged)
}
