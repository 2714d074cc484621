//! The gRPC service implementations and what they share.

pub(crate) mod call;
pub(crate) mod control;
pub(crate) mod echo;
pub(crate) mod echo_stream;
pub(crate) mod legacy;
pub(crate) mod quickpizza;
pub(crate) mod route_guide;
pub(crate) mod trailers;

use std::pin::Pin;

use futures::Stream;
use tokio::sync::mpsc;
use tonic::Status;

/// Boxed response stream of a server- or bidi-streaming method.
pub(crate) type ResponseStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

/// Sending half feeding a [`ResponseStream`]; closed once the client goes away.
pub(crate) type ResponseTx<T> = mpsc::Sender<Result<T, Status>>;

/// Messages buffered between a stream's producing task and the HTTP/2 writer.
const STREAM_BUFFER: usize = 16;

/// A response stream fed through a channel by a producing task.
pub(crate) fn channel_stream<T: Send + 'static>() -> (ResponseTx<T>, ResponseStream<T>) {
    let (tx, rx) = mpsc::channel(STREAM_BUFFER);
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (tx, Box::pin(stream))
}
