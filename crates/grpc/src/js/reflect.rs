//! Server reflection for `connect(addr, {reflect: true})`, bounded by the connect timeout as in
//! k6. A failure throws, but the connection stays usable for methods known from `load()`.
//!
//! Like k6, every reflection stream that fails before listing the services (v1 on a
//! v1alpha-only server, all three tries on a server without reflection) yields a
//! `grpc_req_duration` sample tagged with the VU's tags and its `status` only.

use std::time::Duration;

use prost_reflect::DescriptorPool;
use rquickjs::Ctx;
use script::api::{block_on, throw_go_error, vu};
use tonic::metadata::MetadataMap;

use super::client::{ClientConn, ClientState};
use super::status;
use crate::reflection::FailedAttempt;

/// Lists the server's services through reflection and returns their descriptors.
pub(super) fn reflect(
    ctx: &Ctx<'_>,
    state: &ClientState,
    conn: &ClientConn,
    metadata: MetadataMap,
    timeout: Duration,
) -> rquickjs::Result<DescriptorPool> {
    let mut failed = Vec::new();
    let call = crate::reflection::reflect_recording(&conn.conn, metadata, &mut failed);
    let outcome = block_on(ctx, tokio::time::timeout(timeout, call));
    record_failed_attempts(ctx, state, &failed);
    match outcome? {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(throw_go_error(ctx, &e.to_string())),
        Err(_) => Err(throw_go_error(ctx, "context deadline exceeded")),
    }
}

fn record_failed_attempts(ctx: &Ctx<'_>, state: &ClientState, failed: &[FailedAttempt]) {
    if failed.is_empty() {
        return;
    }
    let vu = vu(ctx);
    let metrics = state.metrics(&vu.program);
    let keep_status = metrics.system_tags(&vu.program).status;
    for attempt in failed {
        let mut tags = vu.tags().to_builder();
        if keep_status {
            tags.set("status", status::tag_value(attempt.status));
        }
        metrics.record_rpc(&vu, attempt.elapsed.as_secs_f64() * 1000.0, attempt.status == 0, tags.build());
    }
}
