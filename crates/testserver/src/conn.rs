//! Accepted connections: plain TCP or TLS, each wrapped with a kill switch.
//!
//! The kill switch exists so a handler can make the server "die" mid-call (the
//! `ACTION_DIE` control): cancelling it makes reads return EOF and writes fail, so the
//! HTTP/2 connection drops without any gRPC status, exactly like a crashed server. Every
//! connection's switch is a child of the server's, so shutting the server down also drops
//! connections that have streams hanging forever instead of waiting for them.

use std::future::Future as _;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// Longest a client may take to finish the TLS handshake before it is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);

/// Per-connection data handlers find in request extensions.
#[derive(Clone, Debug)]
pub(crate) struct ConnInfo {
    /// The client's address.
    pub(crate) remote: Option<SocketAddr>,
    /// Cancelling drops the connection.
    pub(crate) kill: CancellationToken,
}

trait Io: AsyncRead + AsyncWrite + Send {}
impl<T: AsyncRead + AsyncWrite + Send> Io for T {}

/// One accepted (and, with TLS, handshaken) connection.
pub(crate) struct Conn {
    io: Pin<Box<dyn Io>>,
    info: ConnInfo,
    killed: Pin<Box<WaitForCancellationFutureOwned>>,
}

impl Conn {
    /// The data handlers see for this connection.
    pub(crate) fn info(&self) -> &ConnInfo {
        &self.info
    }

    fn new(io: impl AsyncRead + AsyncWrite + Send + 'static, info: ConnInfo) -> Self {
        let killed = Box::pin(info.kill.clone().cancelled_owned());
        Self { io: Box::pin(io), info, killed }
    }
}

fn killed_error() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "connection killed by the test server")
}

impl AsyncRead for Conn {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.killed.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Ok(())); // EOF
        }
        self.io.as_mut().poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.info.kill.is_cancelled() {
            return Poll::Ready(Err(killed_error()));
        }
        self.io.as_mut().poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.info.kill.is_cancelled() {
            return Poll::Ready(Err(killed_error()));
        }
        self.io.as_mut().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.as_mut().poll_shutdown(cx)
    }
}

/// Accepts connections until `stop` is cancelled, performing the TLS handshake (if any) off
/// the accept loop, and yields the ready connections.
pub(crate) fn incoming(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    stop: CancellationToken,
) -> impl Stream<Item = Conn> + Send + 'static {
    let (tx, rx) = mpsc::channel::<Conn>(64);
    let acceptor = tls.map(TlsAcceptor::from);
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                () = stop.cancelled() => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((tcp, remote)) = accepted else {
                // Transient accept errors (e.g. EMFILE): back off briefly and keep serving.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            let _ = tcp.set_nodelay(true);
            let info = ConnInfo { remote: Some(remote), kill: stop.child_token() };
            match &acceptor {
                None => {
                    if tx.send(Conn::new(tcp, info)).await.is_err() {
                        break;
                    }
                }
                Some(acceptor) => {
                    let acceptor = acceptor.clone();
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await;
                        // Failed handshakes (wrong protocol, missing client cert) just drop.
                        if let Ok(Ok(stream)) = handshake {
                            let _ = tx.send(Conn::new(stream, info)).await;
                        }
                    });
                }
            }
        }
    });
    futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|conn| (conn, rx)) })
}
