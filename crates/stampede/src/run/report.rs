//! Everything after the scenarios: thresholds during and after the run, the collector and outputs,
//! `handleSummary` or the built-in summary, `--summary-export`, and the exit code.

use std::sync::Arc;
use std::time::Duration;

use engine::options::Consolidated;
use metrics::{
    CollectorConfig, CollectorHandle, DataContext, FinalResults, Registry, RunEnd, SampleReceiver, SummaryMode,
    SummaryOptions, Thresholds,
};
use script::log::{Level, Logger};
use script::{CallOutput, ErrorKind, Phase};

use super::exit::ExitCode;
use super::prepare::{Prepared, is_terminal};
use super::{EarlyFailure, RunRequest};

/// How often thresholds are evaluated during the run (k6: every 2 s).
const THRESHOLD_INTERVAL: Duration = Duration::from_secs(2);

/// The metrics side of a run: the collector thread and what it needs at the end.
pub(crate) struct Reporting {
    handle: Arc<CollectorHandle>,
    descriptions: Vec<String>,
    summary: SummaryOptions,
    aborted_by_threshold: Arc<std::sync::atomic::AtomicBool>,
}

impl Reporting {
    /// Parses thresholds and outputs (exit 104 on mistakes) and starts the collector.
    pub(crate) fn start(
        req: &RunRequest,
        consolidated: &Consolidated,
        registry: Registry,
        receiver: SampleReceiver,
        logger: &Arc<Logger>,
    ) -> Result<Self, EarlyFailure> {
        let fail = |code: i32, message: String| EarlyFailure {
            exit_code: code,
            message,
            hint: None,
            logger: Some(logger.clone()),
        };
        let options = &consolidated.options;
        let thresholds = match (&options.thresholds, req.no_thresholds) {
            (Some(t), false) => Thresholds::from_json(&serde_json::Value::Object(t.clone()), &registry)
                .map_err(|e| fail(ExitCode::INVALID_CONFIG, e.to_string()))?,
            _ => Thresholds::default(),
        };
        let specs =
            metrics::parse_outputs(&consolidated.out).map_err(|e| fail(ExitCode::INVALID_CONFIG, e.to_string()))?;
        let system_tags = options.system_tags();
        let system_tags: Vec<&str> = system_tags.iter().map(String::as_str).collect();
        let mut outputs = Vec::new();
        let mut descriptions = Vec::new();
        for spec in &specs {
            descriptions.push(spec.description());
            outputs.push(spec.open(&thresholds, &system_tags).map_err(|e| fail(ExitCode::GENERIC, e.to_string()))?);
        }
        let mode_text = req.summary_mode.clone().unwrap_or_else(|| "compact".into());
        let mode = SummaryMode::parse(&mode_text)
            .ok_or_else(|| fail(ExitCode::INVALID_CONFIG, format!("invalid summary mode '{mode_text}'")))?;
        let trend_stats = options.summary_trend_stats();
        let summary = SummaryOptions {
            mode,
            trend_stats: trend_stats.clone(),
            time_unit: options.summary_time_unit.clone().unwrap_or_default(),
            colors: !req.no_color && std::env::var_os("NO_COLOR").is_none() && is_terminal(1),
        };
        let cfg = CollectorConfig { thresholds, trend_stats, per_scope: mode == SummaryMode::Full, outputs };
        let handle = Arc::new(metrics::Collector::new(registry, cfg).spawn(receiver));
        Ok(Self { handle, descriptions, summary, aborted_by_threshold: Default::default() })
    }

    /// The `--out` descriptions for the execution header.
    pub(crate) fn output_descriptions(&self) -> Vec<String> {
        self.descriptions.clone()
    }
}

/// Evaluates thresholds every 2 s; an `abortOnFail` threshold stops the test.
pub(crate) fn watch_thresholds(prepared: &Prepared, stop: engine::StopToken) -> tokio::task::JoinHandle<()> {
    let handle = prepared.collector.handle.clone();
    let logger = prepared.program.logger.clone();
    let flag = prepared.collector.aborted_by_threshold.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(THRESHOLD_INTERVAL);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Some(message) = handle.evaluate_thresholds().abort {
                logger.log(Level::Error, &message, &[]);
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                stop.cancel();
                return;
            }
        }
    })
}

/// Flushes the metrics, writes the summaries, and decides the exit code.
pub(crate) async fn finish(
    req: &RunRequest,
    prepared: Prepared,
    outcome: engine::RunOutcome,
    interrupted: bool,
) -> i32 {
    let Prepared { program, pool, collector, consolidated, .. } = prepared;
    let logger = program.logger.clone();
    pool.close_samples().await;
    program.close_samples();
    let Ok(handle) = Arc::try_unwrap(collector.handle) else {
        logger.log(Level::Error, "the metrics collector is still in use; no summary", &[]);
        return ExitCode::GENERIC;
    };
    let results: FinalResults = handle.finish(RunEnd { duration: outcome.duration });
    for e in &results.output_errors {
        logger.log(Level::Error, e, &[]);
    }

    if let Some(e) = &outcome.error {
        let fields: Vec<(&str, &str)> =
            if e.is_script_exception() { vec![("hint", "script exception")] } else { Vec::new() };
        let message = e.message.clone();
        let mut fields = fields;
        let hint_timeout;
        if e.kind == ErrorKind::SetupTimeout || e.kind == ErrorKind::TeardownTimeout {
            let option = if e.kind == ErrorKind::SetupTimeout { "setupTimeout" } else { "teardownTimeout" };
            hint_timeout = format!("You can increase the time limit via the {option} option");
            fields.push(("hint", hint_timeout.as_str()));
        }
        logger.log(Level::Error, &message, &fields);
    }
    if outcome.iterations == 0 && outcome.error.is_none() {
        logger.log(
            Level::Warning,
            "No script iterations fully finished, consider making the test duration longer",
            &[],
        );
    }

    if !req.no_summary {
        let ctx = DataContext {
            summary_time_unit: collector.summary.time_unit.clone(),
            no_color: req.no_color,
            stdout_tty: is_terminal(1),
            stderr_tty: is_terminal(2),
            setup_data: outcome.setup_data.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        };
        let mut data = results.report.to_data(&ctx);
        if let Some(obj) = data.as_object_mut() {
            obj.insert("options".into(), engine::options::summary_options_json(&consolidated.options, req.no_color));
        }
        // k6 initialises a VU for the summary whether or not handleSummary is exported.
        if !handle_summary(&pool, &data, &logger).await {
            let text = metrics::render_text_summary(&results.report, &collector.summary);
            // On a terminal every line ends by clearing the rest of it, so no progress-bar
            // leftovers show through shorter summary lines (k6 does the same).
            let text = if is_terminal(1) { text.replace('\n', "\x1b[0K\n") } else { text };
            print!("{text}");
        }
        if let Some(path) = &req.summary_export {
            let text = metrics::summary::summary_export_string(&data);
            if let Err(e) = std::fs::write(path, text) {
                logger.log(
                    Level::Error,
                    &format!("failed to write the summary export to {}: {e}", path.display()),
                    &[],
                );
            }
        }
    }
    drop(program);
    // The process exits next: it frees the VUs faster than dropping them one by one.
    pool.abandon();

    exit_code(&outcome, interrupted, &results, &collector.aborted_by_threshold, &logger)
}

fn exit_code(
    outcome: &engine::RunOutcome,
    interrupted: bool,
    results: &FinalResults,
    aborted_by_threshold: &std::sync::atomic::AtomicBool,
    logger: &Logger,
) -> i32 {
    if let Some(e) = &outcome.error {
        return e.exit_code();
    }
    if let Some(reason) = &outcome.abort_reason {
        logger.log(Level::Error, reason, &[]);
        return ExitCode::SCRIPT_ABORTED;
    }
    if aborted_by_threshold.load(std::sync::atomic::Ordering::SeqCst) {
        return ExitCode::THRESHOLDS_FAILED;
    }
    if interrupted {
        logger.log(Level::Error, "test run was aborted because k6 received a 'interrupt' signal", &[]);
        return ExitCode::EXTERNAL_ABORT;
    }
    if let Some(message) = results.threshold_failure_message() {
        logger.log(Level::Error, &message, &[]);
        return ExitCode::THRESHOLDS_FAILED;
    }
    if outcome.marked_failed {
        logger.log(Level::Error, "test run was marked as failed", &[]);
        return ExitCode::MARKED_AS_FAILED;
    }
    ExitCode::OK
}

/// Runs `handleSummary(data)` and writes what it returned; false when the built-in summary
/// should be printed instead (not exported, returned null, or threw).
async fn handle_summary(pool: &script::VuPool, data: &serde_json::Value, logger: &Logger) -> bool {
    let arg: Arc<str> = Arc::from(data.to_string());
    let timeout = Duration::from_secs(120);
    match engine::lifecycle_call(pool, Phase::HandleSummary, "handleSummary", Some(arg), timeout).await {
        Ok(CallOutput::Files(files)) => {
            for (dest, bytes) in files {
                let written = match dest.as_str() {
                    "stdout" => std::io::Write::write_all(&mut std::io::stdout(), &bytes),
                    "stderr" => std::io::Write::write_all(&mut std::io::stderr(), &bytes),
                    path => std::fs::write(path, &bytes),
                };
                if let Err(e) = written {
                    logger.log(Level::Error, &format!("failed to write the summary to {dest}: {e}"), &[]);
                }
            }
            true
        }
        Ok(_) => false,
        Err(e) => {
            logger.log(Level::Error, &e.message, &[("hint", "script exception")]);
            false
        }
    }
}
