//! What the two arrival-rate executors share: starting iterations on a schedule, independent of
//! how long iterations take, with VUs from a pool of pre-allocated VUs that grows up to `maxVUs`.
//!
//! At each scheduled instant an idle VU gets the iteration. When none is idle the iteration is
//! dropped — counted in `dropped_iterations`, never queued, because a queued iteration would start
//! late and hide the server's slowness — and, below `maxVUs`, one more VU starts initialising in
//! the background (one at a time, as k6 does; it does not take the dropped iteration). At
//! `maxVUs`, k6's "Insufficient VUs" warning is logged once.
//!
//! Beyond k6, every iteration records how late it started versus its schedule
//! (`iteration_start_lag`, a time Trend) and `iterations_started_late` counts those more than
//! 1 ms late, so coordinated omission (the generator itself falling behind) is visible.
//! `STAMPEDE_START_LAG_METRICS=false` ([`START_LAG_METRICS_ENV`]) turns both off, for output
//! identical to k6's.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;
use metrics::{MetricId, MetricType, Sample, SampleBuffer, TagSet, ValueType};
use script::log::Level;
use script::{ActivityReport, IterationGate, Program, ScriptError, VuHandle, VuPool};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinSet;

use super::active_while_iterating::ActiveWhileIterating;
use super::{PlannedStep, ScenarioRun, give_back, hard_stop_watchdog, take_vus, time_progress};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

pub use metrics::{ITERATION_START_LAG, ITERATIONS_STARTED_LATE};
/// The env var that turns the start-lag metrics off (`false`).
pub const START_LAG_METRICS_ENV: &str = "STAMPEDE_START_LAG_METRICS";
/// Lateness above which an iteration counts as started late.
const LATE: Duration = Duration::from_millis(1);
/// The longest the schedule waits for pre-allocated VUs to be ready (they usually take
/// microseconds; a VU busy elsewhere must not hold the scenario back).
const READY_WAIT: Duration = Duration::from_secs(1);

/// VU numbers of an arrival-rate executor (scaled to this instance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArrivalVus {
    /// VUs taken at the start.
    pub(crate) pre_allocated: u64,
    /// The most VUs it may use.
    pub(crate) max_vus: u64,
}

impl ArrivalVus {
    pub(crate) fn planned_steps(&self, duration: Duration, graceful_stop: Duration) -> Vec<PlannedStep> {
        let vus = if self.max_vus == 0 { 0 } else { self.pre_allocated };
        vec![PlannedStep::new(Duration::ZERO, vus), PlannedStep::new(duration + graceful_stop, 0)]
    }
}

/// Runs iterations at `schedule` (offsets from the scenario start, ascending; those past
/// `duration` are not run). `segment` numbers unplanned VUs across instances.
pub(crate) async fn run_arrivals(
    run: &ScenarioRun<'_>,
    buffer: &VuBuffer,
    vus: ArrivalVus,
    duration: Duration,
    graceful_stop: Duration,
    segment: &ExecutionTuple,
    schedule: impl Iterator<Item = Duration>,
) -> ActivityReport {
    if vus.max_vus == 0 {
        (run.progress)(1.0);
        return ActivityReport::default();
    }
    let program = run.program().clone();
    let dispatcher = Arc::new(Dispatcher::new(&program, run.scenario_tags()));
    let pre = take_vus(buffer, vus.pre_allocated as usize).await;
    // Pre-allocated VUs are ready within microseconds, so the hard stop is not measurably early.
    let regular_end = Instant::now() + duration;
    let (hard_stop, watchdog) = hard_stop_watchdog(run, Some(regular_end), graceful_stop);
    let deadline = Some(regular_end + graceful_stop);
    let mut running = JoinSet::new();
    let start_vu = |running: &mut JoinSet<ActivityReport>, vu: Arc<VuHandle>| {
        let gate = Arc::new(ActiveWhileIterating::new(dispatcher.clone(), &program));
        let activity = run.activity(gate, hard_stop.clone(), deadline);
        running.spawn(async move { vu.run(activity).await });
    };
    for vu in &pre {
        start_vu(&mut running, vu.clone());
    }
    // The schedule starts once the pre-allocated VUs wait for work, or the first iterations
    // would be dropped only because the VUs had not picked up their activity yet.
    dispatcher.wait_idle(pre.len(), READY_WAIT).await;
    let start = Instant::now();
    let regular_end = start + duration;
    let progress = time_progress(run, start, duration);
    let mut owned = pre;
    let mut unplanned_left = vus.max_vus.saturating_sub(owned.len() as u64);
    let mut initializing: Option<BoxFuture<'_, Result<Arc<VuHandle>, ScriptError>>> = None;
    let mut warned = false;
    let mut drops = DropCounter::new(run);
    let mut schedule = schedule.take_while(|offset| *offset <= duration);
    let mut next = schedule.next();
    loop {
        let at = next.map(|o| start + o).unwrap_or(regular_end);
        let done = next.is_none();
        tokio::select! {
            biased;
            _ = run.test_stop.cancelled() => break,
            r = async { initializing.as_mut().expect("guarded").await }, if initializing.is_some() => {
                initializing = None;
                match r {
                    Ok(vu) => {
                        start_vu(&mut running, vu.clone());
                        owned.push(vu);
                    }
                    Err(e) => {
                        let msg = format!("could not initialise a VU: {}", e.message);
                        program.logger.log(Level::Error, &msg, &[("executor", run.info.executor.as_str()), ("scenario", run.info.name.as_str())]);
                        unplanned_left = 0;
                    }
                }
            }
            _ = tokio::time::sleep_until(at.into()) => {
                if done {
                    break;
                }
                if !dispatcher.try_start(at) {
                    drops.record();
                    if unplanned_left == 0 {
                        if !warned {
                            warned = true;
                            let msg = format!("Insufficient VUs, reached {} active VUs and cannot initialize more", vus.max_vus);
                            program.logger.log(Level::Warning, &msg, &[("executor", run.info.executor.as_str()), ("scenario", run.info.name.as_str())]);
                        }
                    } else if initializing.is_none() {
                        unplanned_left -= 1;
                        initializing = Some(Box::pin(spawn_unplanned(run.pool, segment)));
                    }
                }
                next = schedule.next();
                // A drop waits at most until the next tick (or the interval) to be sent.
                drops.flush_if_due();
            }
        }
    }
    dispatcher.close();
    drop(initializing);
    drops.flush();
    let mut report = ActivityReport::default();
    while let Some(r) = running.join_next().await {
        if let Ok(r) = r {
            report.completed += r.completed;
            report.interrupted += r.interrupted;
        }
    }
    watchdog.abort();
    progress.abort();
    (run.progress)(1.0);
    give_back(buffer, owned);
    report
}

/// How often dropped-iteration samples go to the collector while iterations keep being dropped.
const DROP_FLUSH_INTERVAL: Duration = Duration::from_millis(100);

/// Emits one `dropped_iterations` sample per dropped iteration (k6 does the same), batched so
/// that a flood of drops costs no allocation or channel send each.
struct DropCounter {
    buffer: Option<SampleBuffer>,
    metric: MetricId,
    tags: TagSet,
    flushed: Instant,
}

impl DropCounter {
    fn new(run: &ScenarioRun<'_>) -> Self {
        Self {
            buffer: run.program().sample_sender().map(SampleBuffer::new),
            metric: run.program().builtin.dropped_iterations,
            tags: run.scenario_tags(),
            flushed: Instant::now(),
        }
    }

    fn record(&mut self) {
        let Some(buffer) = &mut self.buffer else {
            return;
        };
        buffer.push(Sample {
            metric: self.metric,
            time: SystemTime::now(),
            tags: self.tags.clone(),
            metadata: None,
            value: 1.0,
        });
    }

    fn flush_if_due(&mut self) {
        if self.flushed.elapsed() >= DROP_FLUSH_INTERVAL {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if let Some(buffer) = &mut self.buffer {
            buffer.flush();
        }
        self.flushed = Instant::now();
    }
}

/// Initialises one VU beyond the planned ones, numbered after every VU initialised so far.
async fn spawn_unplanned(pool: &VuPool, segment: &ExecutionTuple) -> Result<Arc<VuHandle>, ScriptError> {
    let id = pool.program().instance.vus_initialized.fetch_add(1, Ordering::Relaxed) + 1;
    let id_in_test = segment.global_index(id as i64 - 1) + 1;
    let (vu, _) = pool.spawn_vu(id, id_in_test.max(1) as u64, false).await?;
    Ok(Arc::new(vu))
}

/// Hands scheduled iterations to idle VUs: each idle VU waits in the gate with a one-shot
/// channel on which it receives the scheduled instant of its next iteration.
struct Dispatcher {
    idle: Mutex<VecDeque<oneshot::Sender<Instant>>>,
    closed: AtomicBool,
    became_idle: Notify,
    lag: Option<LagMetrics>,
}

impl Dispatcher {
    fn new(program: &Arc<Program>, tags: TagSet) -> Self {
        Self {
            idle: Mutex::new(VecDeque::new()),
            closed: AtomicBool::new(false),
            became_idle: Notify::new(),
            lag: LagMetrics::register(program, tags),
        }
    }

    /// Waits (at most `limit`) until `n` VUs are idle.
    async fn wait_idle(&self, n: usize, limit: Duration) {
        let give_up = Instant::now() + limit;
        loop {
            let notified = self.became_idle.notified();
            if self.idle.lock().expect("dispatcher poisoned").len() >= n || Instant::now() >= give_up {
                return;
            }
            let _ = tokio::time::timeout_at(give_up.into(), notified).await;
        }
    }

    /// Gives the iteration scheduled at `at` to an idle VU; false when none is idle.
    fn try_start(&self, at: Instant) -> bool {
        let mut idle = self.idle.lock().expect("dispatcher poisoned");
        while let Some(vu) = idle.pop_front() {
            // A VU stopped while waiting has dropped its receiver; try the next one.
            if vu.send(at).is_ok() {
                return true;
            }
        }
        false
    }

    /// No more iterations: idle VUs and those that become idle leave.
    fn close(&self) {
        let mut idle = self.idle.lock().expect("dispatcher poisoned");
        self.closed.store(true, Ordering::Relaxed);
        idle.clear();
    }
}

impl IterationGate for Dispatcher {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let ticket = {
                let mut idle = self.idle.lock().expect("dispatcher poisoned");
                if self.closed.load(Ordering::Relaxed) {
                    return false;
                }
                let (tx, rx) = oneshot::channel();
                idle.push_back(tx);
                rx
            };
            self.became_idle.notify_waiters();
            match ticket.await {
                Ok(scheduled) => {
                    if let Some(lag) = &self.lag {
                        lag.record(Instant::now().saturating_duration_since(scheduled));
                    }
                    true
                }
                Err(_) => false,
            }
        })
    }
}

/// The lateness metrics, recorded on the VU's thread as its iteration starts.
struct LagMetrics {
    program: Arc<Program>,
    trend: MetricId,
    late: MetricId,
    tags: TagSet,
}

impl LagMetrics {
    fn register(program: &Arc<Program>, tags: TagSet) -> Option<Self> {
        if !program.addition_enabled(START_LAG_METRICS_ENV) {
            return None;
        }
        let trend = program.registry.register(ITERATION_START_LAG, MetricType::Trend, ValueType::Time).ok()?;
        let late = program.registry.register(ITERATIONS_STARTED_LATE, MetricType::Counter, ValueType::Default).ok()?;
        Some(Self { program: program.clone(), trend, late, tags })
    }

    fn record(&self, lag: Duration) {
        let time = SystemTime::now();
        let sample = |metric, value| Sample { metric, time, tags: self.tags.clone(), metadata: None, value };
        script::record_sample(&self.program, sample(self.trend, lag.as_secs_f64() * 1000.0));
        if lag > LATE {
            script::record_sample(&self.program, sample(self.late, 1.0));
        }
    }
}
