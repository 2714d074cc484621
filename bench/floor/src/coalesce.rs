//! Write coalescing for the floor's HTTP/2 connection: one socket write per request instead of
//! two. (Stampede's transport used this while it ran on hyper; with h2 driven directly it needs
//! no such thing, but the floor keeps it so that its figures stay comparable.)
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

/// HTTP/2 frame type of HEADERS.
const HEADERS: u8 = 0x1;
/// HEADERS flag: no body follows.
const END_STREAM: u8 = 0x1;

/// Whether `buffer` holds a request's HEADERS frame whose body the body task is about to add (or
/// bytes that do not parse as whole frames, such as the connection preface): only then is the
/// flush worth a scheduler turn. A stream's later messages (DATA frames, window updates) go out
/// at once, saving a poll of the connection per message.
fn awaits_body(buffer: &[u8]) -> bool {
    let mut at = 0;
    let mut headers_open = false;
    while let Some(head) = buffer.get(at..at + 9) {
        let len = usize::from(head[0]) << 16 | usize::from(head[1]) << 8 | usize::from(head[2]);
        headers_open |= head[3] == HEADERS && head[4] & END_STREAM == 0;
        at += 9 + len;
    }
    headers_open || at != buffer.len()
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
        if !this.yielded && awaits_body(&this.buffer) {
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

    /// An HTTP/2 frame of `kind` with `flags` and a payload of `len` bytes.
    fn frame(kind: u8, flags: u8, len: u8) -> Vec<u8> {
        let mut f = vec![0, 0, len, kind, flags, 0, 0, 0, 1];
        f.resize(9 + usize::from(len), 7);
        f
    }

    #[test]
    fn only_request_headers_wait_for_their_body() {
        const DATA: u8 = 0x0;
        const WINDOW_UPDATE: u8 = 0x8;
        assert!(awaits_body(&frame(HEADERS, 0x4, 20)));
        assert!(awaits_body(&[frame(WINDOW_UPDATE, 0, 4), frame(HEADERS, 0x4, 20)].concat()));
        assert!(!awaits_body(&frame(HEADERS, 0x4 | END_STREAM, 20)));
        assert!(!awaits_body(&frame(DATA, 0, 12)));
        assert!(!awaits_body(&[frame(DATA, 0, 12), frame(WINDOW_UPDATE, 0, 4)].concat()));
        // A partial frame, or the connection preface, is not understood: wait as before.
        assert!(awaits_body(&frame(DATA, 0, 12)[..15]));
        assert!(awaits_body(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    }

    #[tokio::test]
    async fn a_data_frame_goes_out_at_the_first_flush() {
        let mut io = CoalescingIo::new(Recorder::default());
        let data = frame(0x0, 0, 12);
        io.write_all(&data).await.unwrap();
        let waker = std::task::Waker::noop().clone();
        let mut cx = Context::from_waker(&waker);
        assert!(Pin::new(&mut io).poll_flush(&mut cx).is_ready());
        assert_eq!(io.inner.writes, vec![data]);
        // Request headers wait one turn for their body.
        io.write_all(&frame(HEADERS, 0x4, 20)).await.unwrap();
        assert!(Pin::new(&mut io).poll_flush(&mut cx).is_pending());
        assert!(Pin::new(&mut io).poll_flush(&mut cx).is_ready());
        assert_eq!(io.inner.writes.len(), 2);
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
