//! Server reflection for `connect(addr, {reflect: true})`, bounded by the connect timeout as in
//! k6. A failure throws, but the connection stays usable for methods known from `load()`.

use std::time::Duration;

use prost_reflect::DescriptorPool;
use rquickjs::Ctx;
use script::api::{block_on, throw_go_error};
use tonic::metadata::MetadataMap;

use super::client::ClientConn;

/// Lists the server's services through reflection and returns their descriptors.
pub(super) fn reflect(
    ctx: &Ctx<'_>,
    conn: &ClientConn,
    metadata: MetadataMap,
    timeout: Duration,
) -> rquickjs::Result<DescriptorPool> {
    let call = crate::reflection::reflect(&conn.conn, metadata);
    match block_on(ctx, tokio::time::timeout(timeout, call))? {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(throw_go_error(ctx, &e.to_string())),
        Err(_) => Err(throw_go_error(ctx, "context deadline exceeded")),
    }
}
