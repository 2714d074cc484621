//! Delivers a stream's events to its JS handlers on the VU's event loop (never while the
//! script's synchronous code runs), in k6's order (§6.6): `data` for each reply, then at the end
//! one `error` when the status is not OK, then `end`. The stream's pending read keeps the
//! iteration alive until `end` was delivered (§6.7).
//!
//! Each wake-up drains the replies already buffered, so a fast server stream costs one event
//! loop turn per batch rather than per message. Metrics: `grpc_streams_msgs_received` before each
//! `data` handler runs, `grpc_req_duration` (with the final `status`) when the stream ends.

use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

use futures::FutureExt;
use rquickjs::{Array, Coerced, Ctx, FromJs, Function, Persistent, Value};
use script::api::{spawn, vu};

use super::session::Session;
use crate::convert::{ToJsOptions, message_to_js, status_details_to_js};
use crate::transport::{CANCELED_BY_CLIENT, StreamEnd, StreamEvent, StreamReader};

/// Stream messages leave unpopulated fields out (spec §5.3).
const STREAM: ToJsOptions = ToJsOptions { emit_unpopulated: false };

/// Most events handed to JS per event loop turn (bounds the time handlers run back to back).
const MAX_BATCH: usize = 64;

/// gRPC `Canceled`.
const CANCELED: i32 = 1;
/// gRPC `Unknown`: k6's code for a stream the client cancelled.
const UNKNOWN: i32 = 2;
/// gRPC `DeadlineExceeded`.
const DEADLINE_EXCEEDED: i32 = 4;
/// gRPC `Internal`: a stream that stopped without a status.
const INTERNAL: i32 = 13;

type Emit = Persistent<Function<'static>>;

/// One event with the time it was received.
struct Received {
    event: StreamEvent,
    /// Unix seconds, as k6's `ts`.
    ts: u64,
}

/// Starts delivering `reader`'s events to `emit(kind, a, b, c, ts)`.
pub(super) fn start(ctx: &Ctx<'_>, session: Rc<Session>, reader: StreamReader, emit: Emit) {
    spawn(ctx, read_batch(reader), move |ctx, (reader, batch)| deliver(ctx, session, reader, emit, batch));
}

async fn read_batch(mut reader: StreamReader) -> (StreamReader, Vec<Received>) {
    let mut batch = Vec::new();
    let mut next = reader.next().await;
    while let Some(event) = next {
        let end = matches!(event, StreamEvent::End(_));
        batch.push(Received { event, ts: unix_seconds() });
        if end || batch.len() == MAX_BATCH {
            break;
        }
        next = reader.next().now_or_never().flatten();
    }
    (reader, batch)
}

fn unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

fn deliver(
    ctx: &Ctx<'_>,
    session: Rc<Session>,
    reader: StreamReader,
    emit: Emit,
    batch: Vec<Received>,
) -> rquickjs::Result<()> {
    let f = emit.clone().restore(ctx)?;
    if batch.is_empty() {
        // The RPC task went away without a status.
        let end = StreamEnd {
            status: INTERNAL,
            message: "stream ended without a status".to_owned(),
            details: None,
            headers: Vec::new(),
            trailers: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        };
        return finish(ctx, &session, &f, end, unix_seconds());
    }
    let vu = vu(ctx);
    let received = session.info.client.metrics(&vu.program).streams_msgs_received;
    for Received { event, ts } in batch {
        match event {
            StreamEvent::Message(message) => {
                if let Some(id) = received {
                    if !session.defer_received() {
                        vu.record_with_tags(id, 1.0, session.info.counter_tags.clone());
                    }
                }
                let payload = message_to_js(ctx, &message, &STREAM)?;
                let undefined = Value::new_undefined(ctx.clone());
                if let Err(e) = f.call::<_, ()>(("data", payload, undefined.clone(), undefined, ts)) {
                    return data_handler_failed(ctx, &session, &f, e, ts);
                }
            }
            StreamEvent::End(end) => return finish(ctx, &session, &f, end, ts),
        }
    }
    // Count the bytes as they flow, so a stream cut short by the VU's stop still reports them.
    session.info.conn.report_bytes(&vu);
    start(ctx, session, reader, emit);
    Ok(())
}

/// The stream's end: metrics, then `error` (unless OK) and `end`.
fn finish<'js>(
    ctx: &Ctx<'js>,
    session: &Session,
    emit: &Function<'js>,
    end: StreamEnd,
    ts: u64,
) -> rquickjs::Result<()> {
    session.finish();
    let info = &session.info;
    let vu = vu(ctx);
    info.conn.report_bytes(&vu);
    let (code, message, details) = match session.take_failure() {
        Some(f) => (f.code, f.message, None),
        // k6 reports a stream the client cancelled (`client.close()`) as Unknown.
        None if end.status == CANCELED && end.message == CANCELED_BY_CLIENT => (UNKNOWN, end.message, None),
        // The server (or the HTTP/2 layer) gave up at the same deadline and its answer won
        // the race: as grpc-go does, report the client's own deadline.
        None if end.status != 0 && info.timeout.is_some_and(|t| end.elapsed >= t) => {
            (DEADLINE_EXCEEDED, "context deadline exceeded".to_owned(), None)
        }
        None => (end.status, end.message, end.details),
    };
    let metrics = info.client.metrics(&vu.program);
    let tags = info.method.tags.rpc_tags(
        metrics.system_tags(&vu.program),
        info.base_tags.clone(),
        &info.method,
        &info.conn.address,
        info.conn.conn.remote_addr().ip(),
        code,
        &info.extra_tags,
    );
    if let Some(id) = metrics.streams_msgs_received {
        for _ in 0..session.take_deferred_received() {
            vu.record_with_tags(id, 1.0, tags.clone());
        }
    }
    metrics.record_rpc(&vu, end.elapsed.as_secs_f64() * 1000.0, code == 0, tags);
    let undefined = Value::new_undefined(ctx.clone());
    let mut result = Ok(());
    if code != 0 {
        let details = status_details_to_js(ctx, details.as_deref().unwrap_or_default(), &info.client.pool())?;
        result = emit.call::<_, ()>(("error", code, message, details, ts));
    }
    let ended = emit.call::<_, ()>(("end", undefined.clone(), undefined.clone(), undefined, ts));
    result.and(ended)
}

/// A `data` handler threw: as k6 does, the stream fails with the exception's text (`error`, then
/// `end`), the RPC is cancelled, and the exception then fails the iteration.
fn data_handler_failed<'js>(
    ctx: &Ctx<'js>,
    session: &Session,
    emit: &Function<'js>,
    error: rquickjs::Error,
    ts: u64,
) -> rquickjs::Result<()> {
    if !matches!(error, rquickjs::Error::Exception) {
        return Err(error);
    }
    let exception = ctx.catch();
    let text = Coerced::<String>::from_js(ctx, exception.clone()).map(|c| c.0).unwrap_or_else(|_| "Error".to_owned());
    session.fail(UNKNOWN, text.clone());
    session.finish();
    let undefined = Value::new_undefined(ctx.clone());
    let details = Array::new(ctx.clone())?;
    if emit.call::<_, ()>(("error", UNKNOWN, text, details, ts)).is_err() {
        ctx.catch();
    }
    if emit.call::<_, ()>(("end", undefined.clone(), undefined.clone(), undefined, ts)).is_err() {
        ctx.catch();
    }
    Err(ctx.throw(exception))
}
