//! Server reflection for `connect(addr, {reflect: true})`, bounded by the connect timeout as in
//! k6. A failure throws, but the connection stays usable for methods known from `load()`.
//!
//! Like k6, every reflection stream that fails before listing the services (v1 on a
//! v1alpha-only server, all three tries on a server without reflection) yields a
//! `grpc_req_duration` sample tagged with the VU's tags and its `status` only, and with
//! `--http-debug` each stream opened to list the services logs its `Out Header:` and its
//! `In Header:` or `In Trailer:` (reflection payloads are not logged).

use std::time::Duration;

use prost_reflect::DescriptorPool;
use rquickjs::Ctx;
use script::api::{block_on, throw_go_error, vu};
use tonic::metadata::MetadataMap;

use super::client::{ClientConn, ClientState};
use super::http_debug::{CallDebug, IN_HEADER, IN_TRAILER};
use super::status;
use crate::reflection::ListAttempt;

/// Lists the server's services through reflection and returns their descriptors.
pub(super) fn reflect(
    ctx: &Ctx<'_>,
    state: &ClientState,
    conn: &ClientConn,
    metadata: MetadataMap,
    timeout: Duration,
) -> rquickjs::Result<DescriptorPool> {
    let mut attempts = Vec::new();
    let call = crate::reflection::reflect_recording(&conn.conn, metadata.clone(), &mut attempts);
    let outcome = block_on(ctx, tokio::time::timeout(timeout, call));
    report_attempts(ctx, state, conn, &metadata, &attempts);
    match outcome? {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(throw_go_error(ctx, &e.to_string())),
        Err(_) => Err(throw_go_error(ctx, "context deadline exceeded")),
    }
}

fn report_attempts(
    ctx: &Ctx<'_>,
    state: &ClientState,
    conn: &ClientConn,
    metadata: &MetadataMap,
    attempts: &[ListAttempt],
) {
    if attempts.is_empty() {
        return;
    }
    let vu = vu(ctx);
    let debug = state.debug_mode(&vu.program).map(|mode| CallDebug::new(vu.program.logger.clone(), mode));
    let metrics = state.metrics(&vu.program);
    let keep_status = metrics.system_tags(&vu.program).status;
    for attempt in attempts {
        if let Some(debug) = &debug {
            debug.out_header(attempt.path, conn.conn.remote_addr(), metadata, &conn.user_agent);
            let title = if attempt.failure.is_some() { IN_TRAILER } else { IN_HEADER };
            debug.in_metadata(title, &attempt.metadata);
        }
        let Some(code) = attempt.failure else { continue };
        let mut tags = vu.tags().to_builder();
        if keep_status {
            tags.set("status", status::tag_value(code));
        }
        metrics.record_rpc(&vu, attempt.elapsed.as_secs_f64() * 1000.0, false, tags.build());
    }
}
