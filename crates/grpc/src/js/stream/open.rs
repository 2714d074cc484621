//! `new grpc.Stream(client, url, params)` past the client checks done in JS: k6's pre-flight
//! checks and texts (§6.1), opening the RPC, the `grpc_streams` sample, and the handle whose
//! natives back the stream's `write`/`end`.

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use prost_reflect::{DescriptorPool, MessageDescriptor};
use rquickjs::{Coerced, Ctx, FromJs, Function, Object, Persistent, Value};
use script::api::{throw_go_error, vu};
use script::log::Level;

use super::events;
use super::session::{MethodKind, Session, StreamInfo, WriteOutcome};
use crate::js::client::{ClientState, MethodEntry};
use crate::js::gofmt::go_quote;
use crate::js::http_debug::CallDebug;
use crate::js::params::parse_call_params;
use crate::transport::{StreamOptions, StreamTap};

/// The `openStream(url, params, emit, emitData)` native of a client.
pub(super) fn open_stream<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<ClientState>,
    url: Value<'js>,
    params: Value<'js>,
    emit: Function<'js>,
    emit_data: Function<'js>,
) -> rquickjs::Result<Object<'js>> {
    let Some(conn) = state.connection() else {
        return Err(throw_go_error(
            ctx,
            "invalid GRPC Stream's client: no gRPC connection, you must call connect first",
        ));
    };
    let url = Coerced::<String>::from_js(ctx, url)?.0;
    let method = find_method(state, &url)
        .map_err(|text| throw_go_error(ctx, &format!("invalid GRPC Stream's method: {text}")))?;
    let params = parse_call_params(&params)
        .map_err(|e| throw_go_error(ctx, &format!("invalid GRPC Stream's parameters: {e}")))?;
    let metadata =
        params.metadata.to_map().map_err(|e| throw_go_error(ctx, &format!("failed to create a new stream: {e}")))?;
    let reply = if params.discard_response {
        empty_descriptor().unwrap_or_else(|| method.output.clone())
    } else {
        method.output.clone()
    };
    let timeout = params.stream_timeout();
    let vu = vu(ctx);
    let debug = state.debug_mode(&vu.program).map(|mode| Arc::new(CallDebug::new(vu.program.logger.clone(), mode)));
    if let Some(debug) = &debug {
        debug.out_header(&method.path, conn.conn.remote_addr(), &metadata, &conn.user_agent);
    }
    let options = StreamOptions {
        timeout,
        announced_timeout: announced_timeout(timeout, vu.deadline(), Instant::now()),
        tap: debug.clone().map(|d| d as Arc<dyn StreamTap>),
        encoded_replies: true,
    };
    let (writer, reader) = conn
        .conn
        .open_stream_with(&method.path, reply.clone(), metadata, options)
        .map_err(|e| throw_go_error(ctx, &format!("failed to create a new stream: {e}")))?;

    let metrics = state.metrics(&vu.program);
    let base_tags = vu.tags();
    let rpc_tags = method.tags.rpc_tags(
        metrics.system_tags(&vu.program),
        base_tags.clone(),
        &method,
        &conn.address,
        conn.conn.remote_addr().ip(),
        0,
        &params.tags,
    );
    let mut counter_tags = rpc_tags.to_builder();
    counter_tags.remove("status");
    let counter_tags = counter_tags.build();
    if let Some(id) = metrics.streams {
        vu.record_with_tags(id, 1.0, counter_tags.clone());
    }
    let kind = method_kind(&state.pool(), &method);
    let input = method.input.clone();
    let session = Rc::new(Session::new(
        StreamInfo {
            client: state.clone(),
            conn,
            method,
            reply,
            base_tags,
            extra_tags: params.tags,
            counter_tags,
            timeout,
            debug,
        },
        writer,
        input,
        kind,
    ));
    let emitters = events::Emitters { emit: Persistent::save(ctx, emit), data: Persistent::save(ctx, emit_data) };
    events::start(ctx, session.clone(), reader, emitters);
    handle(ctx, session)
}

/// How much later than the VU's deadline the server is told the stream ends.
///
/// k6 derives a stream's context from the VU's, so a stream tells the server (`grpc-timeout`) the
/// time left until the VU's deadline (end of the scenario plus gracefulStop), or its own
/// `timeout` if that is shorter. At that very moment the VU is stopped too, and which of the two
/// ends the stream first is a race in k6 (some streams then report a code-4 error). Stampede
/// enforces no timer for the VU's deadline: the VU's stop ends its streams cleanly (`end`, bytes
/// and counters kept, see `events::interrupted`), and the server is given this margin more so
/// that its own deadline cannot expire first.
const VU_DEADLINE_MARGIN: Duration = Duration::from_secs(1);

/// The `grpc-timeout` a stream announces: its `timeout`, capped by the time left until the
/// VU's deadline plus [`VU_DEADLINE_MARGIN`].
fn announced_timeout(timeout: Option<Duration>, vu_deadline: Option<Instant>, now: Instant) -> Option<Duration> {
    let left = vu_deadline.map(|d| d.saturating_duration_since(now) + VU_DEADLINE_MARGIN);
    match (timeout, left) {
        (Some(own), Some(left)) => Some(own.min(left)),
        (own, left) => own.or(left),
    }
}

/// The method for `url`, or k6's text for why there is none.
fn find_method(state: &ClientState, url: &str) -> Result<Rc<MethodEntry>, String> {
    if url.is_empty() {
        return Err("method to invoke cannot be empty".to_owned());
    }
    state.method(url).ok_or_else(|| {
        let path = if url.starts_with('/') { url.to_owned() } else { format!("/{url}") };
        format!("method {} not found in file descriptors", go_quote(&path))
    })
}

/// Which sides of the method stream.
fn method_kind(pool: &DescriptorPool, method: &MethodEntry) -> MethodKind {
    let found = pool.get_service_by_name(&method.service).and_then(|s| s.methods().find(|m| m.name() == method.name));
    match found {
        Some(m) => MethodKind { client_streaming: m.is_client_streaming(), server_streaming: m.is_server_streaming() },
        // Unknown to the pool (should not happen): cut neither side short.
        None => MethodKind { client_streaming: true, server_streaming: true },
    }
}

/// As for unary calls, a discarded reply is decoded as `google.protobuf.Empty`.
fn empty_descriptor() -> Option<MessageDescriptor> {
    DescriptorPool::global().get_message_by_name("google.protobuf.Empty")
}

/// The natives behind the stream object: `write(message)`, `end()`, `warn(text)`.
fn handle<'js>(ctx: &Ctx<'js>, session: Rc<Session>) -> rquickjs::Result<Object<'js>> {
    let h = Object::new(ctx.clone())?;
    let s = session.clone();
    h.set(
        "write",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, message: Value<'js>| {
            if s.write(&ctx, &message) == WriteOutcome::Sent {
                if let Some(id) = s.info.client.metrics(&vu(&ctx).program).streams_msgs_sent {
                    vu(&ctx).record_with_tags(id, 1.0, s.info.counter_tags.clone());
                }
            }
        })?,
    )?;
    h.set("end", Function::new(ctx.clone(), move || session.end())?)?;
    h.set(
        "warn",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: Coerced<String>| {
            vu(&ctx).program.logger.log(Level::Warning, &text.0, &[]);
        })?,
    )?;
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vu_deadline_caps_the_announced_timeout_with_a_margin() {
        let now = Instant::now();
        let deadline = Some(now + Duration::from_secs(630));
        let capped = Duration::from_secs(630) + VU_DEADLINE_MARGIN;
        assert_eq!(announced_timeout(None, deadline, now), Some(capped));
        assert_eq!(announced_timeout(Some(Duration::from_secs(5)), deadline, now), Some(Duration::from_secs(5)));
        assert_eq!(announced_timeout(Some(Duration::from_secs(900)), deadline, now), Some(capped));
        assert_eq!(announced_timeout(None, None, now), None);
        assert_eq!(announced_timeout(Some(Duration::from_secs(5)), None, now), Some(Duration::from_secs(5)));
        // Past the deadline: only the margin is left.
        assert_eq!(announced_timeout(None, Some(now), now + Duration::from_secs(3)), Some(VU_DEADLINE_MARGIN));
    }
}
