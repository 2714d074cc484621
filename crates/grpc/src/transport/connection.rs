//! One gRPC connection: dial, optional TLS, HTTP/2 with h2's client, driven by a task on the
//! current tokio runtime (a current-thread runtime is enough).
//!
//! HTTP/2 sizing (memory per connection matters with thousands of VUs, each with its own
//! connection): stream window 256 KiB and connection window 512 KiB (enough for typical RPCs
//! on one round trip; flow control, not allocation: h2 only buffers what actually arrives),
//! fixed windows (no BDP probing, whose pings and window growth cost per connection), 16 KiB
//! frames (the protocol minimum, which also bounds h2's read/write buffers), at most 64 KiB of a
//! request body queued in h2 per stream before back-pressure. Measured with these settings:
//! about 54 KiB of RSS per connection after one small unary call, client and in-process test
//! server together (500 plaintext connections).

use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use h2::client::SendRequest;
use http::Uri;
use http::header::HeaderValue;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::oneshot;
use tokio::task::AbortHandle;
use tokio_rustls::TlsConnector;
use tonic::client::Grpc;

use super::address::parse_target;
use super::dial::dial;
use super::error::ConnectError;
use super::io::{CountingIo, PrefaceResult, PrefaceWatch, SocketState};
use super::params::ConnectParams;
use super::service::H2Service;
use super::tls::{client_config, describe_handshake_error};

const STREAM_WINDOW: u32 = 256 * 1024;
const CONNECTION_WINDOW: u32 = 512 * 1024;
const MAX_FRAME_SIZE: u32 = 16 * 1024;
const MAX_SEND_BUF: usize = 64 * 1024;
const MAX_HEADER_LIST: u32 = 16 * 1024 * 1024;
/// Streams this client may reset for a peer's protocol errors before giving up on the
/// connection (hyper's default).
const MAX_LOCAL_ERROR_RESETS: usize = 1024;

/// An open gRPC connection. Cheap to share by reference; closing (or dropping) it ends the
/// HTTP/2 connection and every call still running on it.
pub struct Connection {
    pub(super) grpc: Grpc<H2Service>,
    pub(super) max_send: usize,
    pub(super) closed: Arc<AtomicBool>,
    counters: Arc<SocketState>,
    driver: AbortHandle,
    remote: SocketAddr,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("remote", &self.remote).field("closed", &self.is_closed()).finish()
    }
}

impl Connection {
    /// Dials, runs the TLS handshake (unless plaintext) and waits for the server's HTTP/2
    /// SETTINGS, all within the connect timeout. Any failure is reported at once with its cause.
    pub async fn connect(params: &ConnectParams) -> Result<Self, ConnectError> {
        let timeout = params.connect_timeout();
        if timeout.is_zero() {
            return Err(ConnectError::Timeout(None));
        }
        let target = parse_target(&params.address).map_err(ConnectError::Dial)?;
        let tls =
            if params.plaintext { None } else { Some(client_config(&params.tls).map_err(ConnectError::TlsConfig)?) };
        let authority = params.authority.clone().unwrap_or_else(|| target.authority());
        let user_agent = HeaderValue::from_str(&params.user_agent_header())
            .map_err(|_| ConnectError::Params("invalid userAgent value".to_owned()))?;
        let scheme = if params.plaintext { "http" } else { "https" };
        let origin: Uri = format!("{scheme}://{authority}")
            .parse()
            .map_err(|_| ConnectError::Params(format!("invalid authority {authority:?}")))?;

        let stage = Cell::new(Stage::Dial);
        let counters = Arc::new(SocketState::default());
        let establish = async {
            let tcp = dial(&target, params).await.map_err(ConnectError::Dial)?;
            let remote = tcp.peer_addr().map_err(|e| ConnectError::Dial(e.to_string()))?;
            let counted = CountingIo::new(tcp, counters.clone());
            let (sender, driver) = match tls {
                Some(config) => {
                    stage.set(Stage::Tls);
                    let name = params.tls.server_name.clone().unwrap_or_else(|| host_of(&authority));
                    let server_name = ServerName::try_from(name.clone())
                        .map_err(|_| ConnectError::TlsConfig(format!("invalid TLS server name {name:?}")))?;
                    let stream = TlsConnector::from(config)
                        .connect(server_name, counted)
                        .await
                        .map_err(|e| ConnectError::Handshake(describe_handshake_error(&e)))?;
                    stage.set(Stage::Preface);
                    start_http2(stream).await?
                }
                None => {
                    stage.set(Stage::Preface);
                    start_http2(counted).await?
                }
            };
            Ok::<_, ConnectError>((sender, driver, remote))
        };
        let (sender, driver, remote) = match tokio::time::timeout(timeout, establish).await {
            Ok(Ok(parts)) => parts,
            Ok(Err(err)) => {
                counters.kill();
                return Err(err);
            }
            Err(_) => {
                counters.kill();
                let last = stage.get().describe(&target.authority());
                return Err(ConnectError::Timeout(Some(last)));
            }
        };
        let grpc = Grpc::with_origin(H2Service::new(sender, user_agent), origin)
            .max_decoding_message_size(params.receive_limit());
        Ok(Self {
            grpc,
            max_send: params.send_limit(),
            closed: Arc::new(AtomicBool::new(false)),
            counters,
            driver,
            remote,
        })
    }

    /// Total bytes `(sent, received)` on the socket so far, TLS and HTTP/2 framing included.
    pub fn bytes(&self) -> (u64, u64) {
        (self.counters.sent.load(Ordering::Relaxed), self.counters.received.load(Ordering::Relaxed))
    }

    /// The server's socket address (k6's `ip` tag).
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote
    }

    /// Ends the connection and every call on it; later calls fail with
    /// [`CallError::Closed`](super::CallError::Closed). Safe to call more than once.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.counters.kill();
        self.driver.abort();
    }

    /// Whether [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// The tonic client on this connection, for protocol helpers in this crate (reflection).
    pub(crate) fn grpc(&self) -> Grpc<H2Service> {
        self.grpc.clone()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

/// What `connect` was doing when its timeout expired.
#[derive(Debug, Clone, Copy)]
enum Stage {
    Dial,
    Tls,
    Preface,
}

impl Stage {
    fn describe(self, authority: &str) -> String {
        match self {
            Stage::Dial => format!("transport: error while dialing: dial tcp {authority}: i/o timeout"),
            Stage::Tls => {
                "transport: authentication handshake failed: the TLS handshake did not finish in time".to_owned()
            }
            Stage::Preface => {
                "error reading server preface: the server sent no HTTP/2 settings in time (is it a gRPC server?)"
                    .to_owned()
            }
        }
    }
}

fn host_of(authority: &str) -> String {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest).to_owned();
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host.to_owned(),
        _ => authority.to_owned(),
    }
}

/// Starts HTTP/2 on `io`, spawns the connection driver and waits until the server's first frame
/// shows it speaks HTTP/2.
async fn start_http2<T>(io: T) -> Result<(SendRequest<Bytes>, AbortHandle), ConnectError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (watched, preface) = PrefaceWatch::new(io);
    let (sender, connection) = h2::client::Builder::new()
        .initial_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .max_frame_size(MAX_FRAME_SIZE)
        .max_send_buffer_size(MAX_SEND_BUF)
        .max_header_list_size(MAX_HEADER_LIST)
        .max_local_error_reset_streams(Some(MAX_LOCAL_ERROR_RESETS))
        .enable_push(false)
        .handshake::<_, Bytes>(watched)
        .await
        .map_err(|e| ConnectError::Http2(format!("HTTP/2 handshake failed: {e}")))?;
    let (ended_tx, ended_rx) = oneshot::channel::<Option<String>>();
    let task = tokio::spawn(async move {
        let result = connection.await;
        let _ = ended_tx.send(result.err().map(|e| e.to_string()));
    });
    let driver = task.abort_handle();
    match wait_preface(preface, ended_rx).await {
        Ok(()) => Ok((sender, driver)),
        Err(err) => {
            driver.abort();
            Err(err)
        }
    }
}

async fn wait_preface(
    preface: oneshot::Receiver<PrefaceResult>,
    ended: oneshot::Receiver<Option<String>>,
) -> Result<(), ConnectError> {
    let text = match preface.await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(text)) => text,
        // The IO was dropped before any byte arrived: the driver ended; its error says why.
        Err(_) => match ended.await {
            Ok(Some(err)) => format!("error reading server preface: {err}"),
            _ => "error reading server preface: EOF".to_owned(),
        },
    };
    if text.contains("alert") {
        return Err(ConnectError::Handshake(format!(
            "{text} (the server rejected the TLS session; does it require a client certificate? set tls.cert and tls.key)"
        )));
    }
    Err(ConnectError::Http2(text))
}
