//! The gRPC service implementations and what they share.

pub(crate) mod call;
pub(crate) mod control;
pub(crate) mod echo;
pub(crate) mod echo_stream;
pub(crate) mod legacy;
pub(crate) mod probe;
pub(crate) mod probe_stream;
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
    let stream = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    (tx, Box::pin(stream))
}

/// Time given to the HTTP/2 writer to put already-queued messages on the wire before a
/// "die" drops the connection (so the client sees them, then the connection loss).
const FLUSH_GRACE: std::time::Duration = std::time::Duration::from_millis(100);

/// Drops the connection once every queued message has been taken by the writer (plus
/// [`FLUSH_GRACE`]); does nothing if the client already went away.
pub(crate) async fn die_after_flush<T>(tx: &ResponseTx<T>, call: &call::Call) {
    while tx.capacity() < tx.max_capacity() {
        if tx.is_closed() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    tokio::time::sleep(FLUSH_GRACE).await;
    call.kill_connection();
}

/// Keeps a stream open until the client goes away or, if it sent one, its deadline passes
/// (then ends it with DEADLINE_EXCEEDED, as a server honouring `grpc-timeout` does).
pub(crate) async fn hang<T>(tx: &ResponseTx<T>, call: &call::Call) {
    match call.deadline() {
        None => tx.closed().await,
        Some(deadline) => {
            tokio::select! {
                () = tx.closed() => {}
                () = tokio::time::sleep_until(deadline.into()) => {
                    let _ = tx.send(Err(Status::deadline_exceeded("deadline exceeded"))).await;
                }
            }
        }
    }
}
