//! The collector: the single consumer of sample batches. It feeds the sinks, streams samples to
//! the outputs (on its own thread, never on VU threads), evaluates thresholds on request and
//! produces the end-of-test report.
//!
//! Evaluations take the state lock briefly; the collector thread holds it only while folding one
//! batch into the sinks, and writes outputs outside it.

mod groups;
mod scopes;
mod state;

use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;

pub use state::ThresholdVerdict;

use crate::output::Output;
use crate::summary::{SummaryReport, default_trend_stats};
use crate::threshold::Thresholds;
use crate::{Metric, MetricId, Registry, Sample, SampleReceiver};
use state::State;

/// How often outputs are flushed while samples flow (k6's JSON output flushes every 200 ms).
const FLUSH_INTERVAL: Duration = Duration::from_millis(200);

/// What the collector aggregates and where samples go.
pub struct CollectorConfig {
    /// The validated thresholds (empty with `--no-thresholds`).
    pub thresholds: Thresholds,
    /// `summaryTrendStats`: the trend values the summary shows.
    pub trend_stats: Vec<String>,
    /// Keep per-group and per-scenario aggregates (needed by `--summary-mode=full`).
    pub per_scope: bool,
    /// Opened `--out` outputs.
    pub outputs: Vec<Box<dyn Output>>,
}

impl Default for CollectorConfig {
    fn default() -> Self {
        Self {
            thresholds: Thresholds::default(),
            trend_stats: default_trend_stats(),
            per_scope: false,
            outputs: Vec::new(),
        }
    }
}

/// How the run ended, as far as the metrics care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunEnd {
    /// Test run duration: from before `setup()` to after `teardown()`, minus paused time.
    pub duration: Duration,
}

/// Everything the end of a test needs from the metrics.
#[derive(Debug, Clone)]
pub struct FinalResults {
    /// The report all summaries are rendered from.
    pub report: SummaryReport,
    /// The final threshold evaluation.
    pub verdict: ThresholdVerdict,
    /// Errors outputs hit while writing (each output stops writing after its first error).
    pub output_errors: Vec<String>,
}

impl FinalResults {
    /// k6's error line when thresholds failed (`thresholds on metrics 'a, b' have been crossed`).
    pub fn threshold_failure_message(&self) -> Option<String> {
        self.verdict
            .any_failed
            .then(|| format!("thresholds on metrics '{}' have been crossed", self.verdict.failed_metrics.join(", ")))
    }
}

/// Outputs plus the metric definitions they need.
struct Outputs {
    outputs: Vec<(Box<dyn Output>, bool)>,
    defs: Vec<Option<Metric>>,
    errors: Vec<String>,
}

impl Outputs {
    fn new(outputs: Vec<Box<dyn Output>>) -> Self {
        Self { outputs: outputs.into_iter().map(|o| (o, true)).collect(), defs: Vec::new(), errors: Vec::new() }
    }

    fn write(&mut self, registry: &Registry, batch: &[Sample]) {
        if self.outputs.is_empty() {
            return;
        }
        let Outputs { outputs, defs, errors } = self;
        for sample in batch {
            let Some(metric) = definition(defs, registry, sample.metric) else {
                continue;
            };
            for (out, alive) in outputs.iter_mut() {
                if *alive {
                    if let Err(e) = out.add(sample, metric) {
                        *alive = false;
                        errors.push(format!("{}: {e}", out.description()));
                    }
                }
            }
        }
    }

    fn each(&mut self, stop: bool) {
        for (out, alive) in &mut self.outputs {
            if *alive {
                let r = if stop { out.stop() } else { out.flush() };
                if let Err(e) = r {
                    *alive = false;
                    self.errors.push(format!("{}: {e}", out.description()));
                }
            }
        }
    }
}

/// The cached definition of `id` (looked up in the registry on first use).
fn definition<'a>(defs: &'a mut Vec<Option<Metric>>, registry: &Registry, id: MetricId) -> Option<&'a Metric> {
    let i = id.0 as usize;
    if defs.len() <= i {
        defs.resize_with(i + 1, || None);
    }
    if defs[i].is_none() {
        defs[i] = registry.try_metric(id);
    }
    defs[i].as_ref()
}

/// Owns the sinks and outputs of one test run.
pub struct Collector {
    registry: Registry,
    state: State,
    outputs: Outputs,
}

impl Collector {
    /// A collector for the metrics of `registry`.
    pub fn new(registry: Registry, cfg: CollectorConfig) -> Collector {
        let state = State::new(registry.clone(), cfg.thresholds, cfg.trend_stats, cfg.per_scope);
        Collector { registry, state, outputs: Outputs::new(cfg.outputs) }
    }

    /// Folds one batch into the sinks and writes it to the outputs (synchronous use).
    pub fn add_batch(&mut self, batch: &[Sample]) {
        for s in batch {
            self.state.add(s);
        }
        self.outputs.write(&self.registry, batch);
    }

    /// Evaluates thresholds with `elapsed` as the time since the test started.
    pub fn evaluate_thresholds(&mut self, elapsed: Duration) -> ThresholdVerdict {
        self.state.evaluate(elapsed, false)
    }

    /// Final evaluation, outputs stopped, report built.
    pub fn finish(mut self, end: RunEnd) -> FinalResults {
        let verdict = self.state.evaluate(end.duration, true);
        self.outputs.each(true);
        FinalResults { report: self.state.report(end.duration), verdict, output_errors: self.outputs.errors }
    }

    /// Moves the collector onto its own thread, consuming batches from `rx`.
    pub fn spawn(self, rx: SampleReceiver) -> CollectorHandle {
        let Collector { registry, state, mut outputs } = self;
        let shared = Arc::new(Mutex::new(state));
        let thread_state = Arc::clone(&shared);
        let thread = std::thread::Builder::new().name("stampede-collector".into()).spawn(move || {
            let mut last_flush = Instant::now();
            loop {
                match rx.recv_timeout(FLUSH_INTERVAL) {
                    Ok(batch) => {
                        {
                            let mut st = lock(&thread_state);
                            for s in &batch {
                                st.add(s);
                            }
                        }
                        outputs.write(&registry, &batch);
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
                if last_flush.elapsed() >= FLUSH_INTERVAL {
                    outputs.each(false);
                    last_flush = Instant::now();
                }
            }
            outputs
        });
        let (thread, spawn_error) = match thread {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(format!("could not start the metrics collector: {e}"))),
        };
        CollectorHandle { state: shared, thread, spawn_error, started: Instant::now() }
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while folding samples leaves aggregates usable; keep reporting what we have.
    state.lock().unwrap_or_else(|p| p.into_inner())
}

/// The running collector thread.
pub struct CollectorHandle {
    state: Arc<Mutex<State>>,
    thread: Option<JoinHandle<Outputs>>,
    spawn_error: Option<String>,
    started: Instant,
}

impl CollectorHandle {
    /// Evaluates thresholds now (the engine calls this every 2 s); elapsed time counts from
    /// [`Collector::spawn`].
    pub fn evaluate_thresholds(&self) -> ThresholdVerdict {
        self.evaluate_thresholds_at(self.started.elapsed())
    }

    /// Evaluates thresholds with an explicit time since the test started.
    pub fn evaluate_thresholds_at(&self, elapsed: Duration) -> ThresholdVerdict {
        lock(&self.state).evaluate(elapsed, false)
    }

    /// Waits until every [`SampleSender`](crate::SampleSender) (and so every
    /// [`SampleBuffer`](crate::SampleBuffer)) is dropped and the channel is drained, stops the
    /// outputs, evaluates thresholds a last time and builds the report. Drop all senders first,
    /// or this waits forever.
    pub fn finish(mut self, end: RunEnd) -> FinalResults {
        let mut output_errors: Vec<String> = self.spawn_error.take().into_iter().collect();
        if let Some(thread) = self.thread.take() {
            match thread.join() {
                Ok(mut outputs) => {
                    outputs.each(true);
                    output_errors.extend(outputs.errors);
                }
                Err(_) => output_errors.push("the metrics collector thread panicked".into()),
            }
        }
        let mut st = lock(&self.state);
        let verdict = st.evaluate(end.duration, true);
        FinalResults { report: st.report(end.duration), verdict, output_errors }
    }
}
