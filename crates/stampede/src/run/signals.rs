//! Ctrl+C and SIGTERM: the first stops the test gracefully (teardown and summary still run, exit
//! 105); the second exits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use script::log::{Level, Logger};

use super::exit::ExitCode;

/// Watches for signals until stopped.
pub(crate) struct SignalWatch {
    interrupted: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl SignalWatch {
    /// True when a signal stopped the test.
    pub(crate) fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Stops watching.
    pub(crate) fn stop(self) {
        self.task.abort();
    }
}

/// Starts watching; the first signal cancels `stop`.
pub(crate) fn watch(stop: engine::StopToken, logger: Arc<Logger>) -> SignalWatch {
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    let task = tokio::spawn(async move {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return,
        };
        let mut first = true;
        loop {
            let name = tokio::select! {
                r = tokio::signal::ctrl_c() => { if r.is_err() { return; } "interrupt" }
                _ = term.recv() => "terminated",
            };
            if !first {
                logger.log(Level::Error, "Aborting k6 in response to signal, we won't wait for the test to end.", &[]);
                std::process::exit(ExitCode::EXTERNAL_ABORT);
            }
            first = false;
            flag.store(true, Ordering::SeqCst);
            logger.log(Level::Info, &format!("Stopping k6 in response to signal... (received '{name}')"), &[]);
            stop.cancel();
        }
    });
    SignalWatch { interrupted, task }
}
