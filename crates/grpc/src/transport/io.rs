//! IO wrappers around the connection's byte stream.
//!
//! [`CountingIo`] sits directly on the TCP socket (under TLS), so `data_sent`/`data_received`
//! include HTTP/2 framing and TLS records, as k6's dialer counts them. It also carries the kill
//! switch of `Connection::close`: h2 keeps an HTTP/2 connection alive while any request
//! handle exists, so closing must fail the socket itself. [`PrefaceWatch`] sits on
//! top (above TLS) and reports whether the first bytes from the server are an HTTP/2 SETTINGS
//! frame: that is how `connect` knows the connection is really up, and fails at once when the
//! peer speaks something else (a TLS server reached in plaintext) or hangs up (a rejected client
//! certificate).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};

use futures::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::oneshot;

use super::dial::io_text;

/// Shared state of one connection's socket: byte counts and the switch that kills it.
#[derive(Debug, Default)]
pub(crate) struct SocketState {
    pub(crate) sent: AtomicU64,
    pub(crate) received: AtomicU64,
    killed: AtomicBool,
    reader: AtomicWaker,
}

impl SocketState {
    /// Makes every further read and write fail, and wakes a pending read, so the HTTP/2
    /// connection and every stream on it end now, even while calls still hold handles on it.
    pub(crate) fn kill(&self) {
        self.killed.store(true, Ordering::Release);
        self.reader.wake();
    }

    fn check(&self) -> io::Result<()> {
        if self.killed.load(Ordering::Acquire) {
            Err(io::Error::new(io::ErrorKind::ConnectionAborted, "the connection was closed by the client"))
        } else {
            Ok(())
        }
    }
}

/// Counts every byte that crosses the wrapped stream; fails it once killed.
pub(crate) struct CountingIo<T> {
    inner: T,
    counters: Arc<SocketState>,
}

impl<T> CountingIo<T> {
    pub(crate) fn new(inner: T, counters: Arc<SocketState>) -> Self {
        Self { inner, counters }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for CountingIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.counters.reader.register(cx.waker());
        self.counters.check()?;
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        if n > 0 {
            self.counters.received.fetch_add(n as u64, Ordering::Relaxed);
        }
        res
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CountingIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.counters.check()?;
        let res = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = res {
            self.counters.sent.fetch_add(n as u64, Ordering::Relaxed);
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.counters.check()?;
        let res = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = res {
            self.counters.sent.fetch_add(n as u64, Ordering::Relaxed);
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What the first bytes from the server said.
pub(crate) type PrefaceResult = Result<(), String>;

/// Reports once whether the server's first frame is an HTTP/2 SETTINGS frame.
pub(crate) struct PrefaceWatch<T> {
    inner: T,
    head: [u8; 4],
    head_len: usize,
    report: Option<oneshot::Sender<PrefaceResult>>,
}

impl<T> PrefaceWatch<T> {
    pub(crate) fn new(inner: T) -> (Self, oneshot::Receiver<PrefaceResult>) {
        let (tx, rx) = oneshot::channel();
        let watch = Self { inner, head: [0; 4], head_len: 0, report: Some(tx) };
        (watch, rx)
    }

    fn send(&mut self, result: PrefaceResult) {
        if let Some(tx) = self.report.take() {
            let _ = tx.send(result);
        }
    }

    fn observe(&mut self, bytes: &[u8]) {
        let take = bytes.len().min(self.head.len() - self.head_len);
        self.head[self.head_len..self.head_len + take].copy_from_slice(&bytes[..take]);
        self.head_len += take;
        if self.head_len == self.head.len() {
            // Frame header: 3 bytes length, 1 byte type; SETTINGS is type 4.
            if self.head[3] == 0x4 {
                self.send(Ok(()));
            } else {
                self.send(Err("error reading server preface: the server did not answer with HTTP/2 \
                     (is it a TLS server? then do not set plaintext: true)"
                    .to_owned()));
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for PrefaceWatch<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        if self.report.is_some() {
            match &res {
                Poll::Ready(Ok(())) => {
                    let new = buf.filled()[before..].to_vec();
                    if new.is_empty() {
                        self.send(Err(
                            "error reading server preface: EOF (the server closed the connection)".to_owned()
                        ));
                    } else {
                        self.observe(&new);
                    }
                }
                Poll::Ready(Err(err)) => {
                    let text = format!("error reading server preface: {}", io_text(err));
                    self.send(Err(text));
                }
                Poll::Pending => {}
            }
        }
        res
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for PrefaceWatch<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
