//! `stampede run`: load the script, consolidate options, run the test, report, exit with k6's code.
//!
//! Phases, as k6 orders them: init context #0 reads `options` → options consolidate and validate
//! (exit 104) → banner and header → VUs initialise → setup → scenarios → teardown → samples flushed,
//! thresholds evaluated → handleSummary or the built-in summary → exit code.

pub(crate) mod exit;
mod prepare;
mod report;
mod request;
mod signals;

use std::sync::Arc;

pub(crate) use request::RunRequest;
use script::log::Level;

use crate::run::exit::ExitCode;

/// Runs a test and returns the process exit code.
pub(crate) fn run(req: RunRequest) -> i32 {
    crate::limits::raise_open_file_limit();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("could not start the runtime: {e}");
            return ExitCode::GENERIC;
        }
    };
    runtime.block_on(run_async(req))
}

async fn run_async(req: RunRequest) -> i32 {
    let prepared = match prepare::prepare(&req).await {
        Ok(p) => p,
        Err(failure) => {
            failure.report();
            return failure.exit_code;
        }
    };
    let logger = prepared.program.logger.clone();
    for warning in &prepared.consolidated.warnings {
        logger.log(Level::Warning, warning, &[]);
    }
    if !req.quiet {
        print!("{}", crate::ui::banner::banner(prepared.stdout_color));
        print!("{}", prepared.header);
    }
    let stop = engine::StopToken::new();
    let signals = signals::watch(stop.clone(), logger.clone());
    let threshold_abort = report::watch_thresholds(&prepared, stop.clone());
    let board = Arc::new(engine::ProgressBoard::new(&prepared.plan));
    let progress = (!req.quiet).then(|| {
        let tty = prepare::is_terminal(1);
        crate::ui::progress::start(board.clone(), prepared.program.clone(), tty, prepared.stdout_color)
    });
    let outcome = engine::execute_observed(&prepared.plan, &prepared.pool, stop.clone(), &board).await;
    // Wait until the watcher is gone: it shares the collector handle that the summary takes over.
    threshold_abort.abort();
    let _ = threshold_abort.await;
    // A signal that ends the linger is not an interruption of the test.
    let lingered = prepared.consolidated.linger && !signals.interrupted();
    let signals = if lingered {
        signals.stop();
        linger(req.quiet).await;
        signals::watch(stop.clone(), logger.clone())
    } else {
        signals
    };
    prepared.pool.flush_samples().await;
    let interrupted = !lingered && signals.interrupted();
    let code = report::finish(&req, prepared, outcome, interrupted).await;
    signals.stop();
    if let Some(progress) = progress {
        progress.finish();
    }
    code
}

/// `--linger`: after teardown, wait for Ctrl+C or SIGTERM before the summary (not an
/// interruption: the exit code stays the test's).
async fn linger(quiet: bool) {
    if !quiet {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        // k6 writes no newline here: the next progress frame starts with one.
        let _ = out
            .write_all(b"The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...")
            .and_then(|()| out.flush());
    }
    let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

/// A failure before the test starts: what to log and the exit code.
pub(crate) struct EarlyFailure {
    pub(crate) exit_code: i32,
    pub(crate) message: String,
    pub(crate) hint: Option<&'static str>,
    pub(crate) logger: Option<Arc<script::log::Logger>>,
}

impl EarlyFailure {
    fn report(&self) {
        let fields: Vec<(&str, &str)> = self.hint.iter().map(|h| ("hint", *h)).collect();
        match &self.logger {
            Some(l) => l.log(Level::Error, &self.message, &fields),
            None => {
                let l = script::log::Logger::stderr(script::log::LogFormat::Text, false);
                l.log(Level::Error, &self.message, &fields);
            }
        }
    }
}
