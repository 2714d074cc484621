//! One open stream's client-side state: the writer, whether the script ended its side, and a
//! failure found locally (a message that does not convert, a write the transport refused) that
//! replaces the RPC's own status when it ends.
//!
//! A local failure cancels the RPC at once (k6 v1.1.0 leaves it running and can hang the
//! iteration), and it is reported as the stream's only `error`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use metrics::TagSet;
use prost_reflect::MessageDescriptor;
use rquickjs::{Ctx, Value};

use crate::convert::{ConvertError, js_to_request};
use crate::js::client::{ClientConn, ClientState, MethodEntry};
use crate::js::http_debug::CallDebug;
use crate::transport::StreamWriter;

/// gRPC `Unknown`: k6's code for a message that does not convert.
const UNKNOWN: i32 = 2;
/// gRPC `Internal`: a second request on a call that takes one.
const INTERNAL: i32 = 13;

/// What the reader needs to tag and report a stream's samples.
pub(super) struct StreamInfo {
    /// The client (for its metrics and its types).
    pub(super) client: Rc<ClientState>,
    /// The connection the stream runs on.
    pub(super) conn: Rc<ClientConn>,
    /// The method.
    pub(super) method: Rc<MethodEntry>,
    /// The type replies are decoded as (`Empty` with `discardResponseMessage`).
    pub(super) reply: MessageDescriptor,
    /// The VU's tags when the stream was created.
    pub(super) base_tags: TagSet,
    /// `params.tags`.
    pub(super) extra_tags: Vec<(String, String)>,
    /// Tags of the stream counters (the RPC tags without `status`).
    pub(super) counter_tags: TagSet,
    /// The stream's `timeout`, if any.
    pub(super) timeout: Option<std::time::Duration>,
    /// `--http-debug` logging (also the transport's tap).
    pub(super) debug: Option<Arc<CallDebug>>,
}

/// Which sides of a method stream.
#[derive(Debug, Clone, Copy)]
pub(super) struct MethodKind {
    /// The client sends a stream (else gRPC half-closes after the first request).
    pub(super) client_streaming: bool,
    /// The server replies with a stream (else its one reply comes with the status).
    pub(super) server_streaming: bool,
}

/// A failure found on the client side, reported instead of the RPC's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LocalFailure {
    /// gRPC status code.
    pub(super) code: i32,
    /// Status message.
    pub(super) message: String,
}

/// One open stream, shared by the `write`/`end` natives and the reader.
pub(super) struct Session {
    /// Tags, metric and connection data of the stream.
    pub(super) info: StreamInfo,
    writer: RefCell<StreamWriter>,
    input: MessageDescriptor,
    kind: MethodKind,
    /// Replies of single-reply methods, counted when the status is known (see [`Session::defer_received`]).
    deferred_received: Cell<u32>,
    writes: Cell<u64>,
    ended: Cell<bool>,
    finished: Cell<bool>,
    failure: RefCell<Option<LocalFailure>>,
    /// A reply did not decode: the RPC is being cancelled and later replies are dropped, as
    /// grpc-go stops reading at such a reply.
    unreadable: Cell<bool>,
}

/// What a `write` did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum WriteOutcome {
    /// Queued for sending.
    Sent,
    /// Ignored: the script already called `end()`, or the stream is over.
    Ignored,
    /// Refused; the stream is being cancelled and will report this failure.
    Failed,
}

impl Session {
    pub(super) fn new(info: StreamInfo, writer: StreamWriter, input: MessageDescriptor, kind: MethodKind) -> Self {
        Self {
            info,
            writer: RefCell::new(writer),
            input,
            kind,
            deferred_received: Cell::new(0),
            writes: Cell::new(0),
            ended: Cell::new(false),
            finished: Cell::new(false),
            failure: RefCell::new(None),
            unreadable: Cell::new(false),
        }
    }

    /// Converts and queues one message.
    pub(super) fn write<'js>(&self, ctx: &Ctx<'js>, value: &Value<'js>) -> WriteOutcome {
        if self.ended.get() || self.finished.get() || self.failure.borrow().is_some() {
            return WriteOutcome::Ignored;
        }
        let message = match js_to_request(ctx, value, &self.input) {
            Ok(m) => m,
            Err(e) => {
                self.fail(UNKNOWN, conversion_text(&e));
                return WriteOutcome::Failed;
            }
        };
        if !self.kind.client_streaming && self.writes.get() > 0 {
            self.fail(INTERNAL, "SendMsg called after CloseSend".to_owned());
            return WriteOutcome::Failed;
        }
        // grpc-go logs a payload once sent; the message moves into the writer.
        let logged = self
            .info
            .debug
            .as_ref()
            .filter(|d| d.logs_payloads())
            .and_then(|d| Some((d, message.message(&self.input).ok()?)));
        let sent = self.writer.borrow().write(message);
        match sent {
            Ok(()) => {
                if let Some((debug, message)) = logged {
                    debug.out_payload(&message);
                }
                self.writes.set(self.writes.get() + 1);
                if !self.kind.client_streaming {
                    self.writer.borrow().close_send();
                }
                WriteOutcome::Sent
            }
            Err(e) => {
                self.fail(e.code(), e.to_string());
                WriteOutcome::Failed
            }
        }
    }

    /// Whether a reply's `grpc_streams_msgs_received` waits for the status: k6 counts the one
    /// reply of a unary or client-streaming method after the call finished, so that sample
    /// carries the `status` tag.
    pub(super) fn defer_received(&self) -> bool {
        if self.kind.server_streaming {
            return false;
        }
        self.deferred_received.set(self.deferred_received.get() + 1);
        true
    }

    /// The replies whose count waited for the status.
    pub(super) fn take_deferred_received(&self) -> u32 {
        self.deferred_received.replace(0)
    }

    /// `end()`: half-closes the client side once.
    pub(super) fn end(&self) {
        if !self.ended.replace(true) {
            self.writer.borrow().close_send();
        }
    }

    /// Records a local failure (the first one wins) and cancels the RPC.
    pub(super) fn fail(&self, code: i32, message: String) {
        {
            let mut failure = self.failure.borrow_mut();
            if failure.is_none() {
                *failure = Some(LocalFailure { code, message });
            }
        }
        self.writer.borrow_mut().cancel();
    }

    /// A reply did not decode: the stream fails with grpc-go's status for it (Internal).
    pub(super) fn fail_unreadable(&self, message: String) {
        self.unreadable.set(true);
        self.fail(INTERNAL, message);
    }

    /// Whether a reply did not decode (the replies after it are not delivered).
    pub(super) fn unreadable(&self) -> bool {
        self.unreadable.get()
    }

    /// The local failure, if any (taken once, when the stream ends).
    pub(super) fn take_failure(&self) -> Option<LocalFailure> {
        self.failure.borrow_mut().take()
    }

    /// Marks the stream as over: later writes are ignored.
    pub(super) fn finish(&self) {
        self.finished.set(true);
        self.writer.borrow_mut().cancel();
    }
}

/// k6's text for a message that does not convert.
fn conversion_text(e: &ConvertError) -> String {
    match e {
        ConvertError::Protobuf(detail) => {
            format!("can't serialise request object to protocol buffer: {detail}")
        }
        ConvertError::Serialize(detail) => format!("can't serialise request object: {detail}"),
    }
}
