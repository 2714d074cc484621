//! Server reflection for `connect(addr, {reflect: true})`.

use std::time::Duration;

use prost_reflect::DescriptorPool;
use rquickjs::Ctx;
use script::api::throw_go_error;
use tonic::metadata::MetadataMap;

use super::client::ClientConn;

/// Lists the server's services through reflection and returns their descriptors.
pub(super) fn reflect(
    ctx: &Ctx<'_>,
    conn: &ClientConn,
    metadata: MetadataMap,
    timeout: Duration,
) -> rquickjs::Result<DescriptorPool> {
    let _ = (conn, metadata, timeout);
    Err(throw_go_error(ctx, "can't list services: reflection is not available"))
}
