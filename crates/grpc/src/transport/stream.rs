//! Streaming calls (client, server and bidirectional). The RPC runs in its own task so writes go
//! out and replies are read even while the VU is busy; the script side holds a
//! [`StreamWriter`] and a [`StreamReader`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures::channel::mpsc as request_channel;
use http::uri::PathAndQuery;
use prost_reflect::{DynamicMessage, MessageDescriptor};
use thiserror::Error;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tonic::Code;
use tonic::metadata::MetadataMap;

use super::codec::RequestCodec;
use super::connection::Connection;
use super::error::CallError;
use super::metadata::{metadata_pairs, set_timeout, strip_reserved};
use super::request::Request;
use super::service::H2Service;
use super::status::{Outcome, outcome, transport_outcome};

/// Replies buffered between the RPC task and the reader; beyond that, HTTP/2 flow control holds
/// the server back. As large as the reader's batch, so a fast server stream wakes the VU once
/// per batch rather than once per few replies.
const EVENT_BUFFER: usize = 64;

/// The status text of a stream cancelled from the client side (k6's wording).
pub const CANCELED_BY_CLIENT: &str = "canceled by client (k6)";

/// Something that happened on a stream, in order. `End` comes exactly once, last.
#[derive(Debug, Clone)]
pub enum StreamEvent {
    /// A reply from the server.
    Message(DynamicMessage),
    /// A reply from the server as its wire bytes, not yet decoded (with
    /// [`StreamOptions::encoded_replies`]).
    Encoded(Bytes),
    /// The RPC is over.
    End(StreamEnd),
}

/// Sees a stream's incoming traffic as it arrives, from the RPC's task (for `--http-debug`,
/// whose records k6 writes as grpc-go receives, not as the script handles them).
pub trait StreamTap: Send + Sync {
    /// The response headers arrived (not called for a trailers-only response).
    fn headers(&self, headers: &[(String, String)]);
    /// A reply arrived.
    fn message(&self, message: &DynamicMessage);
    /// The RPC ended with these trailers (same rules as [`StreamEnd::trailers`]).
    fn trailers(&self, trailers: &[(String, String)]);
}

/// How a stream is opened beyond its method and metadata.
#[derive(Default)]
pub struct StreamOptions {
    /// Bounds the whole stream on the client side: when it expires the RPC is reset and the
    /// stream ends with DeadlineExceeded.
    pub timeout: Option<Duration>,
    /// The `grpc-timeout` told the server; usually `timeout`, but a caller whose streams are
    /// ended by other means (a VU's stop) can announce a deadline it does not enforce itself.
    pub announced_timeout: Option<Duration>,
    /// Sees the incoming traffic.
    pub tap: Option<Arc<dyn StreamTap>>,
    /// Replies arrive as [`StreamEvent::Encoded`], for a reader that decodes them itself (straight
    /// into the values it needs, skipping `DynamicMessage`). A reply that does not decode is then
    /// the reader's to report.
    pub encoded_replies: bool,
}

/// How a stream ended.
#[derive(Debug, Clone)]
pub struct StreamEnd {
    /// gRPC status code (0 = OK; 1 with [`CANCELED_BY_CLIENT`] after [`StreamWriter::cancel`] or
    /// [`Connection::close`]; 4 when the timeout expired).
    pub status: i32,
    /// Status message.
    pub message: String,
    /// Raw `grpc-status-details-bin`, if any.
    pub details: Option<Bytes>,
    /// Response headers (empty if none arrived).
    pub headers: Vec<(String, String)>,
    /// Trailers (same rules as for unary calls).
    pub trailers: Vec<(String, String)>,
    /// From opening the stream to its end.
    pub elapsed: Duration,
}

/// Why a write was not sent.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StreamWriteError {
    /// The message is bigger than `maxSendSize` (status 8).
    #[error("trying to send message larger than max ({size} vs. {max})")]
    TooLarge {
        /// Encoded size of the message.
        size: usize,
        /// The connection's send limit.
        max: usize,
    },
    /// The client side was already closed, or the RPC is over (status 13).
    #[error("SendMsg called after CloseSend")]
    Closed,
}

impl StreamWriteError {
    /// The gRPC status code k6 reports for this failure.
    pub fn code(&self) -> i32 {
        match self {
            Self::TooLarge { .. } => Code::ResourceExhausted as i32,
            Self::Closed => Code::Internal as i32,
        }
    }
}

/// The sending half of a stream.
#[derive(Debug)]
pub struct StreamWriter {
    requests: request_channel::UnboundedSender<Request>,
    cancel: Option<oneshot::Sender<()>>,
    max_send: usize,
}

impl StreamWriter {
    /// Queues a message; it is sent in order by the RPC task.
    pub fn write(&self, message: impl Into<Request>) -> Result<(), StreamWriteError> {
        let message = message.into();
        let size = message.encoded_len();
        if size > self.max_send {
            return Err(StreamWriteError::TooLarge { size, max: self.max_send });
        }
        self.requests.unbounded_send(message).map_err(|_| StreamWriteError::Closed)
    }

    /// Half-closes the client side (gRPC CloseSend); replies keep coming. Idempotent.
    pub fn close_send(&self) {
        self.requests.close_channel();
    }

    /// Cancels the RPC: the server sees a reset, the reader gets `End` with status 1 and
    /// [`CANCELED_BY_CLIENT`]. Idempotent.
    pub fn cancel(&mut self) {
        self.requests.close_channel();
        if let Some(tx) = self.cancel.take() {
            let _ = tx.send(());
        }
    }
}

/// The receiving half of a stream.
#[derive(Debug)]
pub struct StreamReader {
    events: mpsc::Receiver<StreamEvent>,
}

impl StreamReader {
    /// The next event; `None` after `End` was delivered.
    pub async fn next(&mut self) -> Option<StreamEvent> {
        self.events.recv().await
    }

    /// Polls for the next event (for readers shared behind a `RefCell`, borrowed per poll).
    pub fn poll_next(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<StreamEvent>> {
        self.events.poll_recv(cx)
    }

    /// The next event if one is already buffered.
    pub fn try_next(&mut self) -> Option<StreamEvent> {
        self.events.try_recv().ok()
    }
}

impl Connection {
    /// Opens a stream on `method_path`. Returns at once; the RPC starts in the background.
    /// `timeout` bounds the whole stream (k6 streams have no default). `request` is the input
    /// type, kept for symmetry with the JS glue (messages are already typed).
    pub fn open_stream(
        &self,
        method_path: &str,
        _request: MessageDescriptor,
        response: MessageDescriptor,
        metadata: MetadataMap,
        timeout: Option<Duration>,
    ) -> Result<(StreamWriter, StreamReader), CallError> {
        let options = StreamOptions { timeout, announced_timeout: timeout, tap: None, encoded_replies: false };
        self.open_stream_with(method_path, response, metadata, options)
    }

    /// [`Connection::open_stream`] with the timeout the server is told set apart from the one
    /// the client enforces, and a tap on the incoming traffic.
    pub fn open_stream_with(
        &self,
        method_path: &str,
        response: MessageDescriptor,
        metadata: MetadataMap,
        options: StreamOptions,
    ) -> Result<(StreamWriter, StreamReader), CallError> {
        if self.is_closed() {
            return Err(CallError::Closed);
        }
        let path = PathAndQuery::try_from(method_path).map_err(|_| CallError::InvalidMethod(method_path.to_owned()))?;
        let (req_tx, req_rx) = request_channel::unbounded();
        let (cancel_tx, cancel_rx) = oneshot::channel();
        let (event_tx, event_rx) = mpsc::channel(EVENT_BUFFER);
        let call = StreamCall {
            grpc: self.grpc(),
            path,
            response,
            encoded: options.encoded_replies,
            metadata: strip_reserved(metadata),
            timeout: options.timeout,
            announced_timeout: options.announced_timeout,
            events: event_tx,
            started: Instant::now(),
            closed: self.closed.clone(),
            tap: options.tap,
        };
        tokio::spawn(call.run(req_rx, cancel_rx));
        Ok((
            StreamWriter { requests: req_tx, cancel: Some(cancel_tx), max_send: self.max_send },
            StreamReader { events: event_rx },
        ))
    }
}

struct StreamCall {
    grpc: tonic::client::Grpc<H2Service>,
    path: PathAndQuery,
    response: MessageDescriptor,
    encoded: bool,
    metadata: MetadataMap,
    timeout: Option<Duration>,
    announced_timeout: Option<Duration>,
    events: mpsc::Sender<StreamEvent>,
    started: Instant,
    closed: Arc<AtomicBool>,
    tap: Option<Arc<dyn StreamTap>>,
}

impl StreamCall {
    async fn run(self, requests: request_channel::UnboundedReceiver<Request>, cancel: oneshot::Receiver<()>) {
        let deadline = self.timeout.map(|t| self.started + t);
        let expired = async move {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        // A dropped writer is not a cancellation: only an explicit cancel() is.
        let cancelled = async move {
            if cancel.await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(expired, cancelled);
        let mut headers = Vec::new();
        let events = self.events.clone();
        let started = self.started;
        let end = {
            // Dropping the exchange (at the end of this block) resets the HTTP/2 stream.
            let body = async {
                if self.encoded {
                    self.exchange(RequestCodec::encoded(), requests, &mut headers).await
                } else {
                    self.exchange(RequestCodec::decoded(self.response.clone()), requests, &mut headers).await
                }
            };
            tokio::pin!(body);
            tokio::select! {
                end = &mut body => end,
                () = &mut expired => Outcome::deadline(),
                () = &mut cancelled => Outcome::local(Code::Cancelled, CANCELED_BY_CLIENT),
                () = events.closed() => return,
            }
        };
        // Whatever failure closing the connection caused, it was the client's doing.
        let end = if end.code != 0 && self.closed.load(Ordering::Acquire) {
            Outcome::local(Code::Cancelled, CANCELED_BY_CLIENT)
        } else {
            end
        };
        if let Some(tap) = &self.tap {
            tap.trailers(&end.trailers);
        }
        let _ = events
            .send(StreamEvent::End(StreamEnd {
                status: end.code,
                message: end.message,
                details: end.details,
                headers,
                trailers: end.trailers,
                elapsed: started.elapsed(),
            }))
            .await;
    }

    /// Runs the RPC to its end, forwarding replies; returns the final status.
    async fn exchange<C>(
        &self,
        codec: C,
        requests: request_channel::UnboundedReceiver<Request>,
        headers: &mut Vec<(String, String)>,
    ) -> Outcome
    where
        C: tonic::codec::Codec<Encode = Request> + Send + 'static,
        C::Decode: Reply,
    {
        let mut grpc = self.grpc.clone();
        let mut req = tonic::Request::new(requests);
        *req.metadata_mut() = self.metadata.clone();
        if let Some(limit) = self.announced_timeout {
            set_timeout(&mut req, limit);
        }
        if let Err(err) = grpc.ready().await {
            return transport_outcome(&err);
        }
        let reply = match grpc.streaming(req, self.path.clone(), codec).await {
            Ok(reply) => reply,
            Err(status) => return outcome(&status),
        };
        *headers = metadata_pairs(reply.metadata());
        if let Some(tap) = &self.tap {
            tap.headers(headers);
        }
        let mut stream = reply.into_inner();
        loop {
            match stream.message().await {
                Ok(Some(message)) => {
                    if let Some(tap) = &self.tap {
                        message.show(tap.as_ref(), &self.response);
                    }
                    if self.events.send(message.into_event()).await.is_err() {
                        return Outcome::local(Code::Cancelled, CANCELED_BY_CLIENT);
                    }
                }
                Ok(None) => {
                    let trailers = match stream.trailers().await {
                        Ok(Some(map)) => metadata_pairs(&map),
                        _ => Vec::new(),
                    };
                    return Outcome { trailers, ..Outcome::local(Code::Ok, "") };
                }
                Err(status) => return outcome(&status),
            }
        }
    }
}

/// A reply as a codec produces it.
trait Reply: Send + Sync + 'static {
    /// Shows the reply to a tap.
    fn show(&self, tap: &dyn StreamTap, desc: &MessageDescriptor);
    fn into_event(self) -> StreamEvent;
}

impl Reply for DynamicMessage {
    fn show(&self, tap: &dyn StreamTap, _desc: &MessageDescriptor) {
        tap.message(self);
    }

    fn into_event(self) -> StreamEvent {
        StreamEvent::Message(self)
    }
}

impl Reply for Bytes {
    /// Decoded for the tap only (`--http-debug`); a reply that does not decode is not shown.
    fn show(&self, tap: &dyn StreamTap, desc: &MessageDescriptor) {
        if let Ok(message) = DynamicMessage::decode(desc.clone(), self.clone()) {
            tap.message(&message);
        }
    }

    fn into_event(self) -> StreamEvent {
        StreamEvent::Encoded(self)
    }
}
