//! The tower service tonic's client runs on: one HTTP/2 connection driven with h2 directly, no
//! pooling, no reconnects (k6 makes one connection per `connect`). It also stamps the
//! `user-agent`, which k6 users cannot override through metadata.
//!
//! Why not hyper's client connection: it spawns two tasks per request (one waiting for the
//! response, one piping the body) and passes every request through a channel to the connection
//! task, about 7% of the client's CPU per small unary call. Here a request's body is written from
//! the calling task as far as it is ready (all of it, for a unary call), and only a body that is
//! still streaming gets a task of its own, with flow-control back-pressure. Response bodies give
//! their flow-control capacity back as they are read, as hyper's do.

use std::error::Error as StdError;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use h2::client::{ResponseFuture, SendRequest};
use h2::{Reason, RecvStream, SendStream};
use http::header::{HeaderValue, USER_AGENT};
use http_body::{Body as HttpBody, Frame};
use tonic::body::Body;

/// A cloneable handle that sends requests on one HTTP/2 connection.
#[derive(Clone)]
pub(crate) struct H2Service {
    sender: SendRequest<Bytes>,
    user_agent: HeaderValue,
}

impl H2Service {
    pub(crate) fn new(sender: SendRequest<Bytes>, user_agent: HeaderValue) -> Self {
        Self { sender, user_agent }
    }
}

impl tower_service::Service<http::Request<Body>> for H2Service {
    type Response = http::Response<ReplyBody>;
    type Error = Http2Failure;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.sender.poll_ready(cx).map_err(Http2Failure::connection)
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let (mut head, body) = req.into_parts();
        head.headers.insert(USER_AGENT, self.user_agent.clone());
        let started = self.sender.send_request(http::Request::from_parts(head, ()), false);
        Box::pin(async move {
            let (response, send) = started.map_err(Http2Failure::connection)?;
            send_body(body, send).await;
            response_of(response).await
        })
    }
}

/// Writes what the body has ready now; a body still streaming goes on in a task of its own.
async fn send_body(body: Body, send: SendStream<Bytes>) {
    let mut pipe = BodyPipe { body, send, eager: true };
    let done = poll_fn(|cx| Poll::Ready(Pin::new(&mut pipe).poll(cx).is_ready())).await;
    if !done {
        pipe.eager = false;
        tokio::spawn(pipe);
    }
}

async fn response_of(response: ResponseFuture) -> Result<http::Response<ReplyBody>, Http2Failure> {
    let response = response.await.map_err(Http2Failure::connection)?;
    Ok(response.map(|recv| ReplyBody { recv, data_done: false }))
}

/// Copies a request body into its HTTP/2 stream.
struct BodyPipe {
    body: Body,
    send: SendStream<Bytes>,
    /// Sending without waiting for flow-control capacity: h2 buffers what exceeds the window.
    /// Only for the first, inline pass, whose frames are already in memory; the task that carries
    /// on waits for capacity before it pulls more from the body (hyper's back-pressure).
    eager: bool,
}

impl Future for BodyPipe {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let pipe = &mut *self;
        loop {
            if pipe.send.poll_reset(cx).is_ready() {
                // The server reset the stream (or the connection ended): nothing more to send.
                return Poll::Ready(());
            }
            if !pipe.eager {
                pipe.send.reserve_capacity(1);
                if pipe.send.capacity() == 0 {
                    match ready!(pipe.send.poll_capacity(cx)) {
                        Some(Ok(_)) => {}
                        None | Some(Err(_)) => return Poll::Ready(()),
                    }
                }
            }
            let frame = match ready!(Pin::new(&mut pipe.body).poll_frame(cx)) {
                Some(Ok(frame)) => frame,
                Some(Err(_)) => {
                    pipe.send.send_reset(Reason::INTERNAL_ERROR);
                    return Poll::Ready(());
                }
                None => {
                    let _ = pipe.send.send_data(Bytes::new(), true);
                    return Poll::Ready(());
                }
            };
            match frame.into_data() {
                Ok(data) => {
                    let end = pipe.body.is_end_stream();
                    if pipe.send.send_data(data, end).is_err() || end {
                        return Poll::Ready(());
                    }
                }
                Err(frame) => {
                    if let Ok(trailers) = frame.into_trailers() {
                        let _ = pipe.send.send_trailers(trailers);
                    }
                    return Poll::Ready(());
                }
            }
        }
    }
}

/// A response body: the stream's data, then its trailers.
pub(crate) struct ReplyBody {
    recv: RecvStream,
    data_done: bool,
}

impl HttpBody for ReplyBody {
    type Data = Bytes;
    type Error = Http2Failure;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Http2Failure>>> {
        if !self.data_done {
            match ready!(self.recv.poll_data(cx)) {
                Some(Ok(data)) => {
                    let _ = self.recv.flow_control().release_capacity(data.len());
                    return Poll::Ready(Some(Ok(Frame::data(data))));
                }
                // RST_STREAM(NO_ERROR) ends the response early without failing it (RFC 9113 §8.1).
                Some(Err(e)) if e.reason() == Some(Reason::NO_ERROR) => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(Http2Failure::body(e)))),
                None => self.data_done = true,
            }
        }
        match ready!(self.recv.poll_trailers(cx)) {
            Ok(trailers) => Poll::Ready(trailers.map(|t| Ok(Frame::trailers(t)))),
            Err(e) if e.reason() == Some(Reason::NO_ERROR) => Poll::Ready(None),
            Err(e) => Poll::Ready(Some(Err(Http2Failure::connection(e)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.recv.is_end_stream()
    }
}

/// An HTTP/2 failure under a call, with the short description it is reported by (the h2 error
/// itself is the source).
#[derive(Debug)]
pub(crate) struct Http2Failure {
    what: &'static str,
    source: h2::Error,
}

impl Http2Failure {
    fn connection(source: h2::Error) -> Self {
        Self { what: "http2 error", source }
    }

    fn body(source: h2::Error) -> Self {
        Self { what: "error reading a body from connection", source }
    }

    /// The HTTP/2 error code the peer (or h2) ended the stream or connection with, if any.
    pub(crate) fn reason(&self) -> Option<Reason> {
        self.source.reason()
    }
}

impl fmt::Display for Http2Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

impl StdError for Http2Failure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}
