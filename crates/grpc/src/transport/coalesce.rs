//! Write coalescing for the HTTP/2 connection: one socket write per request instead of two.
//!
//! hyper sends a request's HEADERS frame from the connection task and its DATA frame from the
//! body task it spawns, and h2 flushes after each, so a small unary call costs two `writev`
//! system calls (and two TLS records), the most expensive part of a call on the client after
//! the JavaScript work. [`CoalescingIo`] takes small writes into a buffer and, at the first flush
//! that finds bytes waiting, yields to the executor once (waking itself) so the body task can
//! add its frame; the next flush writes everything in one call. The delay is one scheduler turn,
//! never a timer. Writes that do not fit in [`COALESCE_LIMIT`] pass straight through after what
//! is buffered, so large messages are not copied. The buffer grows only as far as the small writes
//! need (a few hundred bytes for typical calls), which keeps memory per connection low.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;

/// Largest number of bytes held back for coalescing.
const COALESCE_LIMIT: usize = 4 * 1024;

/// Buffers small writes and writes them out together at flush (see the module docs).
pub(crate) struct CoalescingIo<T> {
    inner: T,
    buffer: Vec<u8>,
    /// Bytes of `buffer` already written to `inner`.
    written: usize,
    /// Whether this flush already yielded once to let other tasks add frames.
    yielded: bool,
}

impl<T> CoalescingIo<T> {
    pub(crate) fn new(inner: T) -> Self {
        Self { inner, buffer: Vec::new(), written: 0, yielded: false }
    }
}

impl<T: AsyncWrite + Unpin> CoalescingIo<T> {
    /// Writes out everything buffered; `Ready(Ok)` once the buffer is empty.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.buffer.len() {
            let n = match Pin::new(&mut self.inner).poll_write(cx, &self.buffer[self.written..]) {
                Poll::Ready(Ok(n)) => n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.buffer.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }

    fn fits(&self, len: usize) -> bool {
        self.written == 0 && self.buffer.len() + len <= COALESCE_LIMIT
    }
}

impl<T: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for CoalescingIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CoalescingIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.fits(buf.len()) {
            this.buffer.extend_from_slice(buf);
            return Poll::Ready(Ok(buf.len()));
        }
        if let Err(e) = std::task::ready!(this.poll_drain(cx)) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        if this.fits(total) {
            for b in bufs {
                this.buffer.extend_from_slice(b);
            }
            return Poll::Ready(Ok(total));
        }
        if let Err(e) = std::task::ready!(this.poll_drain(cx)) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.buffer.is_empty() {
            this.yielded = false;
            return Pin::new(&mut this.inner).poll_flush(cx);
        }
        if !this.yielded {
            // Let the tasks that are ready now (a request's body task) add their frames first.
            this.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if let Err(e) = std::task::ready!(this.poll_drain(cx)) {
            return Poll::Ready(Err(e));
        }
        this.yielded = false;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Err(e) = std::task::ready!(this.poll_drain(cx)) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    /// Records each write the socket would see.
    #[derive(Default)]
    struct Recorder {
        writes: Vec<Vec<u8>>,
    }

    impl AsyncWrite for Recorder {
        fn poll_write(mut self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
            self.writes.push(buf.to_vec());
            Poll::Ready(Ok(buf.len()))
        }

        fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn small_writes_reach_the_socket_as_one_write_at_flush() {
        let mut io = CoalescingIo::new(Recorder::default());
        io.write_all(b"headers").await.unwrap();
        io.write_all(b"+data").await.unwrap();
        assert!(io.inner.writes.is_empty());
        io.flush().await.unwrap();
        assert_eq!(io.inner.writes, vec![b"headers+data".to_vec()]);
        // An empty flush writes nothing more.
        io.flush().await.unwrap();
        assert_eq!(io.inner.writes.len(), 1);
    }

    #[tokio::test]
    async fn large_writes_pass_through_after_what_is_buffered() {
        let mut io = CoalescingIo::new(Recorder::default());
        io.write_all(b"small").await.unwrap();
        let big = vec![7u8; COALESCE_LIMIT + 1];
        io.write_all(&big).await.unwrap();
        assert_eq!(io.inner.writes, vec![b"small".to_vec(), big]);
        io.shutdown().await.unwrap();
        assert_eq!(io.inner.writes.len(), 2);
    }
}
