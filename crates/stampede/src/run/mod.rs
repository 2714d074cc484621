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
    let outcome = engine::execute(&prepared.plan, &prepared.pool, stop.clone()).await;
    threshold_abort.abort();
    prepared.pool.flush_samples().await;
    let code = report::finish(&req, prepared, outcome, signals.interrupted()).await;
    signals.stop();
    code
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
