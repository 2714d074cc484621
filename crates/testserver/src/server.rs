//! Starting, running and stopping a test server, on the caller's runtime or on its own
//! thread.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::{TcpListener, TcpSocket};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::certs::TestCerts;
use crate::config::{ServerConfig, TlsMode};
use crate::request_log::RequestLog;
use crate::services::call::Shared;
use crate::{conn, http2, routes, tls};

/// A running test server. Dropping it stops it (connections are dropped at once).
#[derive(Debug)]
pub struct TestServer {
    /// The bound address (`127.0.0.1:<port>` for [`TestServer::start`]).
    pub addr: SocketAddr,
    /// The certificates in use, for TLS and mutual-TLS servers.
    pub certs: Option<TestCerts>,
    log: Arc<RequestLog>,
    stop: CancellationToken,
    runner: Option<Runner>,
}

#[derive(Debug)]
enum Runner {
    Task(JoinHandle<()>),
    Thread(std::thread::JoinHandle<()>),
}

/// A server that is accepting connections, before it is wrapped for a caller.
struct Launched {
    addr: SocketAddr,
    certs: Option<TestCerts>,
    log: Arc<RequestLog>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

async fn launch(addr: SocketAddr, cfg: ServerConfig) -> io::Result<Launched> {
    let (certs, tls) = match cfg.tls {
        TlsMode::Plaintext => (None, None),
        TlsMode::Tls | TlsMode::MutualTls => {
            let certs = match cfg.certs.clone() {
                Some(certs) => certs,
                None => TestCerts::generate()?,
            };
            let tls = tls::server_config(&certs, cfg.tls == TlsMode::MutualTls).map_err(io::Error::other)?;
            if let Some(dir) = &cfg.cert_dir {
                certs.write_to(dir)?;
            }
            (Some(certs), Some(tls))
        }
    };
    let listener = listen(addr)?;
    let addr = listener.local_addr()?;
    let log = Arc::new(RequestLog::new(cfg.record_metadata));
    let router = routes::build(&cfg, Shared { log: log.clone() }).await?;
    let stop = CancellationToken::new();
    let incoming = conn::incoming(listener, tls, stop.clone());
    // Serving only ends when `stop` is cancelled.
    let task = tokio::spawn(http2::serve(router, incoming));
    Ok(Launched { addr, certs, log, stop, task })
}

/// A listener with a deep accept queue: a test that starts thousands of VUs connects them all at
/// once, and with tokio's default backlog (1024) the kernel drops the overflow, whose clients then
/// retry after 1 s, 3 s, 7 s — the server, not the client under test, would set the pace.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    const BACKLOG: u32 = 65_535; // the kernel caps it at net.core.somaxconn
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

fn loopback() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

impl TestServer {
    /// Starts a server on `127.0.0.1:<free port>` on the current tokio runtime.
    pub async fn start(cfg: ServerConfig) -> io::Result<TestServer> {
        Self::start_on(loopback(), cfg).await
    }

    /// Starts a server on `addr` (port 0 picks a free one) on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, cfg: ServerConfig) -> io::Result<TestServer> {
        let l = launch(addr, cfg).await?;
        Ok(TestServer { addr: l.addr, certs: l.certs, log: l.log, stop: l.stop, runner: Some(Runner::Task(l.task)) })
    }

    /// Starts a server on `127.0.0.1:<free port>` on its own thread and runtime (for
    /// synchronous tests and the CLI); returns once it accepts connections.
    pub fn start_in_background(cfg: ServerConfig) -> io::Result<TestServer> {
        Self::start_in_background_on(loopback(), cfg)
    }

    /// Like [`TestServer::start_in_background`], bound to `addr`.
    pub fn start_in_background_on(addr: SocketAddr, cfg: ServerConfig) -> io::Result<TestServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("testserver")
            .enable_all()
            .build()?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new().name("testserver".into()).spawn(move || {
            runtime.block_on(async move {
                match launch(addr, cfg).await {
                    Ok(l) => {
                        let task = l.task;
                        let parts = (l.addr, l.certs, l.log, l.stop);
                        if ready_tx.send(Ok(parts)).is_ok() {
                            let _ = task.await;
                        }
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
        })?;
        let (addr, certs, log, stop) =
            ready_rx.recv().map_err(|_| io::Error::other("test server thread exited before starting"))??;
        Ok(TestServer { addr, certs, log, stop, runner: Some(Runner::Thread(thread)) })
    }

    /// `host:port` to dial, e.g. `127.0.0.1:50051` (what a k6 script passes to `connect`).
    pub fn target(&self) -> String {
        self.addr.to_string()
    }

    /// Requests seen so far: counts per method and the last request's metadata.
    pub fn requests(&self) -> &RequestLog {
        &self.log
    }

    /// A shareable handle on the request log (outlives the server).
    pub fn request_log(&self) -> Arc<RequestLog> {
        self.log.clone()
    }

    /// Stops accepting, drops every connection, and (for background servers) joins the
    /// server thread.
    pub fn shutdown(mut self) {
        self.stop.cancel();
        if let Some(Runner::Thread(thread)) = self.runner.take() {
            let _ = thread.join();
        }
    }

    /// Runs until the server stops (it only stops when shut down or dropped elsewhere).
    async fn wait(mut self) {
        match self.runner.take() {
            Some(Runner::Task(task)) => {
                let _ = task.await;
            }
            Some(Runner::Thread(thread)) => {
                let _ = tokio::task::spawn_blocking(move || thread.join()).await;
            }
            None => {}
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Serves on `addr` until the process ends (for a `stampede testserver` command). With TLS,
/// set `cfg.cert_dir` to get the generated PEMs as files.
pub async fn serve_forever(addr: SocketAddr, cfg: ServerConfig) -> io::Result<()> {
    TestServer::start_on(addr, cfg).await?.wait().await;
    Ok(())
}
