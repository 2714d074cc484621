//! Delivers a stream's events to its JS handlers on the VU's event loop (never while the
//! script's synchronous code runs), in k6's order (§6.6): `data` for each reply, then at the end
//! one `error` when the status is not OK, then `end`. The stream's pending read keeps the
//! iteration alive until `end` was delivered (§6.7).
//!
//! Each wake-up drains the replies already buffered, so a fast server stream costs one event
//! loop turn per batch rather than per message, and one call into JS per run of replies
//! received in the same second (`emitData(payloads, ts)`). Metrics: `grpc_streams_msgs_received` before each
//! `data` handler runs, `grpc_req_duration` (with the final `status`) when the stream ends.
//!
//! When the VU is stopped with the stream open (end of gracefulStop, a test stopped early), the
//! replies already received are still delivered and `end` fires (after an `error` when the test
//! was stopped early), as in k6; in a `setup()` cut short only the counts are kept. See
//! [`interrupted`].

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

use rquickjs::{Array, Coerced, Ctx, FromJs, Function, Persistent, Value};
use script::Phase;
use script::api::{spawn, vu};

use super::session::Session;
use crate::convert::{ToJsOptions, message_to_js, status_details_to_js, stream_reply_to_js};
use crate::transport::{CANCELED_BY_CLIENT, StreamEnd, StreamEvent, StreamReader, unmarshal_error};

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

/// The stream's JS side: `emit(kind, a, b, c, ts)` for `error`/`end`, `data(payloads, ts)`.
pub(super) struct Emitters {
    /// `error` and `end`.
    pub(super) emit: Emit,
    /// `data` for a run of replies.
    pub(super) data: Emit,
}

/// One event with the time it was received.
struct Received {
    event: StreamEvent,
    /// Unix seconds, as k6's `ts`.
    ts: u64,
}

/// An open stream's delivery: what the continuation and the interrupt hook share.
struct Delivery {
    session: Rc<Session>,
    inbox: Rc<Inbox>,
    emitters: Emitters,
}

/// The events read but not yet handed to JS, and the reader. The reading task holds only this
/// (no JS value: an aborted task may be dropped after the VU's runtime), and an interruption
/// still finds a batch that was read but not delivered.
struct Inbox {
    /// Borrowed only within one poll, never across a suspension.
    reader: RefCell<StreamReader>,
    batch: RefCell<Vec<Received>>,
}

/// Starts delivering `reader`'s events to the stream's JS side.
pub(super) fn start(ctx: &Ctx<'_>, session: Rc<Session>, reader: StreamReader, emitters: Emitters) {
    let inbox = Rc::new(Inbox { reader: RefCell::new(reader), batch: RefCell::new(Vec::new()) });
    next_batch(ctx, Rc::new(Delivery { session, inbox, emitters }));
}

/// Waits for the next batch of events on the VU's event loop.
fn next_batch(ctx: &Ctx<'_>, delivery: Rc<Delivery>) {
    let d = delivery.clone();
    let op = spawn(ctx, read_batch(delivery.inbox.clone()), move |ctx, ()| deliver(ctx, d));
    vu(ctx).event_loop.on_interrupt(op, move |ctx| interrupted(ctx, &delivery));
}

/// Why a stream's VU stopped it (see [`interrupted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// The end of gracefulStop interrupted the iteration.
    Stopped,
    /// The test was stopped early: `exec.test.abort()` (from this VU or another), a threshold's
    /// abortOnFail, a signal.
    Aborted,
    /// `setup()` or `teardown()` was cut short (timeout, abort).
    Lifecycle,
}

impl Cut {
    fn of(vu: &script::VuState) -> Self {
        if !matches!(vu.phase(), Phase::Iteration) {
            Self::Lifecycle
        } else if vu.program.signals.stopped_early() {
            Self::Aborted
        } else {
            Self::Stopped
        }
    }
}

/// The VU was stopped with the stream still open. As k6 does, the RPC is cancelled, every reply
/// already received counts in `grpc_streams_msgs_received`, and no `grpc_req_duration` is
/// recorded (k6 drops the samples of an RPC whose VU context is done). What the script sees
/// depends on why:
///
/// - end of gracefulStop: the replies already received are delivered, then `end` (k6 1.1.0 also
///   fires `error` code 4 before `end` for some of those streams, depending on a race; Stampede
///   does not, see the README);
/// - test stopped early (abort, abortOnFail, signal): the replies, then `error` {2, "canceled by
///   client (k6)"}, then `end`, as k6 does on every VU;
/// - `setup()`/`teardown()` cut short: no handler runs (k6 runs no more JS there), only the
///   counts are kept.
fn interrupted(ctx: &Ctx<'_>, delivery: &Delivery) -> rquickjs::Result<()> {
    let session = &delivery.session;
    let inbox = &delivery.inbox;
    let mut buffered = std::mem::take(&mut *inbox.batch.borrow_mut());
    buffered.extend(std::iter::from_fn(|| inbox.reader.borrow_mut().try_next()).map(Received::now));
    let cut = Cut::of(&vu(ctx));
    if cut == Cut::Lifecycle {
        count_quietly(ctx, session, buffered);
        session.finish();
        return Ok(());
    }
    let f = delivery.emitters.emit.clone().restore(ctx)?;
    match hand_over(ctx, delivery, buffered) {
        // It ended before the stop: report it as it ended.
        Ok(Some((end, ts))) => return finish(ctx, session, &f, end, ts),
        Ok(None) => {}
        // A handler threw: the iteration is over anyway, so `end` still fires.
        Err(_) => {
            ctx.catch();
        }
    }
    session.finish();
    let undefined = Value::new_undefined(ctx.clone());
    let ts = unix_seconds();
    if cut == Cut::Aborted {
        let details = Array::new(ctx.clone())?;
        if f.call::<_, ()>(("error", UNKNOWN, CANCELED_BY_CLIENT, details, ts)).is_err() {
            ctx.catch();
        }
    }
    f.call::<_, ()>(("end", undefined.clone(), undefined.clone(), undefined, ts))
}

/// Counts the replies (and, if the stream already ended, records its end) without running JS.
fn count_quietly(ctx: &Ctx<'_>, session: &Session, buffered: Vec<Received>) {
    let vu = vu(ctx);
    let received = session.info.client.metrics(&vu.program).streams_msgs_received;
    for Received { event, .. } in buffered {
        match event {
            StreamEvent::Message(_) | StreamEvent::Encoded(_) => {
                if let Some(id) = received {
                    if !session.defer_received() {
                        vu.record_with_tags(id, 1.0, session.info.counter_tags.clone());
                    }
                }
            }
            StreamEvent::End(end) => {
                record_end(&vu, session, &end);
                return;
            }
        }
    }
    // Cut before its status: a single reply waiting for it counts without one.
    if let Some(id) = received {
        for _ in 0..session.take_deferred_received() {
            vu.record_with_tags(id, 1.0, session.info.counter_tags.clone());
        }
    }
}

impl Received {
    fn now(event: StreamEvent) -> Self {
        Self { event, ts: unix_seconds() }
    }
}

/// Waits for an event, then takes the ones already buffered behind it (up to [`MAX_BATCH`]).
async fn read_batch(inbox: Rc<Inbox>) {
    let mut next = std::future::poll_fn(|cx| inbox.reader.borrow_mut().poll_next(cx)).await;
    let mut batch = inbox.batch.borrow_mut();
    while let Some(event) = next {
        let end = matches!(event, StreamEvent::End(_));
        batch.push(Received::now(event));
        if end || batch.len() == MAX_BATCH {
            break;
        }
        next = inbox.reader.borrow_mut().try_next();
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

fn deliver(ctx: &Ctx<'_>, delivery: Rc<Delivery>) -> rquickjs::Result<()> {
    let batch = std::mem::take(&mut *delivery.inbox.batch.borrow_mut());
    let session = &delivery.session;
    if batch.is_empty() {
        let f = delivery.emitters.emit.clone().restore(ctx)?;
        // The RPC task went away without a status.
        let end = StreamEnd {
            status: INTERNAL,
            message: "stream ended without a status".to_owned(),
            details: None,
            headers: Vec::new(),
            trailers: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        };
        return finish(ctx, session, &f, end, unix_seconds());
    }
    match hand_over(ctx, &delivery, batch) {
        Ok(None) => {
            next_batch(ctx, delivery);
            Ok(())
        }
        Ok(Some((end, ts))) => finish(ctx, session, &delivery.emitters.emit.clone().restore(ctx)?, end, ts),
        Err((error, ts)) => data_handler_failed(ctx, session, &delivery.emitters.emit.clone().restore(ctx)?, error, ts),
    }
}

/// Hands `batch`'s replies to the `data` handlers, one JS call per run of replies received in
/// the same second, each counted in `grpc_streams_msgs_received` before its run is handed over.
/// Returns the stream's end if the batch holds it (the replies before it delivered), or the
/// failure of a handler with its run's `ts` (the replies after it dropped).
fn hand_over(
    ctx: &Ctx<'_>,
    delivery: &Delivery,
    batch: Vec<Received>,
) -> Result<Option<(StreamEnd, u64)>, (rquickjs::Error, u64)> {
    let session = &delivery.session;
    let vu = vu(ctx);
    let received = session.info.client.metrics(&vu.program).streams_msgs_received;
    let mut data: Option<Function<'_>> = None;
    let mut events = batch.into_iter().peekable();
    while let Some(Received { event, ts }) = events.next() {
        let first = match event {
            StreamEvent::End(end) => return Ok(Some((end, ts))),
            reply => reply,
        };
        if session.unreadable() {
            continue;
        }
        let fail = |e| (e, ts);
        let payloads = Array::new(ctx.clone()).map_err(fail)?;
        let mut next = Some(first);
        let mut n = 0;
        while let Some(reply) = next.take() {
            let Some(payload) = reply_to_js(ctx, session, &reply).map_err(fail)? else { break };
            if let Some(id) = received {
                if !session.defer_received() {
                    vu.record_with_tags(id, 1.0, session.info.counter_tags.clone());
                }
            }
            payloads.set(n, payload).map_err(fail)?;
            n += 1;
            if matches!(events.peek(), Some(r) if r.ts == ts && !matches!(r.event, StreamEvent::End(_))) {
                next = events.next().map(|r| r.event);
            }
        }
        if n == 0 {
            continue;
        }
        let f = match &data {
            Some(f) => f.clone(),
            None => data.insert(delivery.emitters.data.clone().restore(ctx).map_err(fail)?).clone(),
        };
        f.call::<_, ()>((payloads, ts)).map_err(fail)?;
    }
    Ok(None)
}

/// A reply as the `data` handlers see it; `None` for a reply that does not decode, which fails
/// the stream (see [`Session::fail_unreadable`]).
fn reply_to_js<'js>(ctx: &Ctx<'js>, session: &Session, reply: &StreamEvent) -> rquickjs::Result<Option<Value<'js>>> {
    match reply {
        StreamEvent::Message(message) => message_to_js(ctx, message, &STREAM).map(Some),
        StreamEvent::Encoded(bytes) => match stream_reply_to_js(ctx, bytes, &session.info.reply)? {
            Ok(value) => Ok(Some(value)),
            Err(e) => {
                session.fail_unreadable(unmarshal_error(&e));
                Ok(None)
            }
        },
        StreamEvent::End(_) => Ok(None),
    }
}

/// The stream's end: metrics, then `error` (unless OK) and `end`.
fn finish<'js>(
    ctx: &Ctx<'js>,
    session: &Session,
    emit: &Function<'js>,
    end: StreamEnd,
    ts: u64,
) -> rquickjs::Result<()> {
    let (code, message, details) = record_end(&vu(ctx), session, &end);
    let undefined = Value::new_undefined(ctx.clone());
    let mut result = Ok(());
    if code != 0 {
        let details = status_details_to_js(ctx, details.as_deref().unwrap_or_default(), &session.info.client.pool())?;
        result = emit.call::<_, ()>(("error", code, message, details, ts));
    }
    let ended = emit.call::<_, ()>(("end", undefined.clone(), undefined.clone(), undefined, ts));
    result.and(ended)
}

/// Marks the stream over and records its end (the deferred reply counts, `grpc_req_duration`);
/// returns the status the script is told.
fn record_end(vu: &script::VuState, session: &Session, end: &StreamEnd) -> (i32, String, Option<bytes::Bytes>) {
    session.finish();
    let info = &session.info;
    let (code, message, details) = match session.take_failure() {
        Some(f) => (f.code, f.message, None),
        // k6 reports a stream the client cancelled (`client.close()`) as Unknown.
        None if end.status == CANCELED && end.message == CANCELED_BY_CLIENT => (UNKNOWN, end.message.clone(), None),
        // The server (or the HTTP/2 layer) gave up at the same deadline and its answer won
        // the race: as grpc-go does, report the client's own deadline.
        None if end.status != 0 && info.timeout.is_some_and(|t| end.elapsed >= t) => {
            (DEADLINE_EXCEEDED, "context deadline exceeded".to_owned(), None)
        }
        None => (end.status, end.message.clone(), end.details.clone()),
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
    metrics.record_rpc(vu, end.elapsed.as_secs_f64() * 1000.0, code == 0, tags);
    (code, message, details)
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
