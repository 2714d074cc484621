//! Executors: how a scenario hands iterations to VUs over time. Each executor borrows VUs from the
//! run's [`VuBuffer`], gives each an [`script::Activity`] whose gate says when to start
//! iterations, and hard-stops them at the end of its gracefulStop.
//!
//! This module holds what all seven share: the [`ScenarioRun`] context, the hard-stop watchdog,
//! borrowing VUs, the `vus` gauge bookkeeping, time-based progress and executor-emitted samples.
//! Each executor file owns its configuration (scaled to this instance's execution segment), its
//! planned VU steps and its run loop.

mod active_while_iterating;
mod arrival;
mod constant_arrival_rate;
mod constant_vus;
mod externally_controlled;
mod per_vu_iterations;
mod ramp;
mod ramping_arrival_rate;
mod ramping_vus;
mod shared_iterations;
mod steps;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

use futures::future::join_all;
use metrics::{MetricId, Sample, SampleBuffer, TagSet};
use script::{Activity, ActivityReport, IterationGate, Program, ScenarioInfo, VuHandle, VuPool};
use tokio_util::sync::CancellationToken;

pub use arrival::{ITERATION_START_LAG, ITERATIONS_STARTED_LATE, START_LAG_METRICS_ENV};
pub use constant_arrival_rate::ConstantArrivalRate;
pub use constant_vus::ConstantVus;
pub use externally_controlled::ExternallyControlled;
pub use per_vu_iterations::PerVuIterations;
pub use ramping_arrival_rate::{RampingArrivalRate, RateStage};
pub use ramping_vus::{RampingVus, VuStage};
pub use shared_iterations::SharedIterations;
pub use steps::{PlannedStep, max_planned_vus};

use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// What every executor gets from the run.
#[derive(Clone)]
pub struct ScenarioRun<'a> {
    /// The scenario as VUs see it.
    pub info: Arc<ScenarioInfo>,
    /// JSON of setup()'s result.
    pub setup_data: Option<Arc<str>>,
    /// Cancelled when the whole test must stop (Ctrl+C, abort, threshold abort).
    pub test_stop: CancellationToken,
    /// minIterationDuration.
    pub min_iteration_duration: Option<Duration>,
    /// Called with the scenario's progress (0..1) as it advances.
    pub progress: Arc<dyn Fn(f64) + Send + Sync>,
    /// The VU threads: arrival-rate executors initialise VUs beyond their pre-allocated ones here.
    pub pool: &'a VuPool,
    /// The scenario's progress bar (counts busy VUs and completed iterations through the gates).
    pub bar: Arc<crate::progress::ScenarioProgress>,
}

impl ScenarioRun<'_> {
    /// True when the whole test is stopping (signal, threshold abort, or `exec.test.abort()`,
    /// which is visible here before the engine relays it to `test_stop`).
    pub(crate) fn test_stopped(&self) -> bool {
        self.test_stop.is_cancelled() || self.program().signals.abort_reason().is_some()
    }

    /// The program the VUs run.
    pub fn program(&self) -> &Arc<Program> {
        self.pool.program()
    }

    /// An activity for VUs of this scenario.
    /// `deadline`: when `hard_stop` fires at the latest (the scenario's end plus gracefulStop).
    pub(crate) fn activity(
        &self,
        gate: Arc<dyn IterationGate>,
        hard_stop: CancellationToken,
        deadline: Option<Instant>,
    ) -> Activity {
        Activity {
            scenario: self.info.clone(),
            gate: self.bar.observe(gate),
            hard_stop,
            deadline,
            setup_data: self.setup_data.clone(),
            min_iteration_duration: self.min_iteration_duration,
        }
    }

    /// Makes `exec.scenario.iterationInTest` follow `tuple`'s striping (identity for one instance).
    pub(crate) fn number_iterations(&self, tuple: &ExecutionTuple) {
        if tuple.segment().is_full() && tuple.striping().segments().len() <= 1 {
            return;
        }
        let tuple = tuple.clone();
        let map: script::IterationMap = Arc::new(move |local| tuple.global_index(local as i64).max(0) as u64);
        let _ = self.info.iteration_map.set(map);
    }

    /// The run tags plus `scenario`: the tags of samples an executor emits itself.
    pub(crate) fn scenario_tags(&self) -> TagSet {
        let mut b = self.program().run_tags().to_builder();
        b.set("scenario", self.info.name.clone());
        b.build()
    }

    /// Emits one sample of `metric` with [`ScenarioRun::scenario_tags`], right away.
    pub(crate) fn emit(&self, metric: MetricId, value: f64) {
        let program = self.program();
        let Some(sender) = program.sample_sender() else {
            return;
        };
        let mut buffer = SampleBuffer::new(sender);
        buffer.push(Sample { metric, time: SystemTime::now(), tags: self.scenario_tags(), metadata: None, value });
        buffer.flush();
    }
}

impl crate::plan::ExecutorPlan {
    /// Runs this executor for one scenario with VUs borrowed from `buffer`.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        use crate::plan::ExecutorPlan as E;
        match self {
            E::SharedIterations(e) => e.run(run, buffer).await,
            E::PerVuIterations(e) => e.run(run, buffer).await,
            E::ConstantVus(e) => e.run(run, buffer).await,
            E::RampingVus(e) => e.run(run, buffer).await,
            E::ConstantArrivalRate(e) => e.run(run, buffer).await,
            E::RampingArrivalRate(e) => e.run(run, buffer).await,
            E::ExternallyControlled(e) => e.run(run, buffer).await,
        }
    }
}

/// Counts VUs in the instance's `vus_active` while it lives.
pub(crate) struct ActiveVus {
    program: Arc<Program>,
    count: u64,
}

impl ActiveVus {
    /// Marks `count` VUs active.
    pub(crate) fn new(program: &Arc<Program>, count: u64) -> Self {
        program.instance.vus_active.fetch_add(count, Ordering::Relaxed);
        Self { program: program.clone(), count }
    }
}

impl Drop for ActiveVus {
    fn drop(&mut self) {
        self.program.instance.vus_active.fetch_sub(self.count, Ordering::Relaxed);
    }
}

/// k6's progress of the iteration-count executors: completed iterations over all of them. A VU
/// asks its gate once before its first iteration and once after each, so the iterations
/// completed are the asks beyond one per VU.
pub(crate) struct CompletedProgress {
    asks: std::sync::atomic::AtomicU64,
    vus: u64,
    total: u64,
    report: Arc<dyn Fn(f64) + Send + Sync>,
}

impl CompletedProgress {
    pub(crate) fn new(run: &ScenarioRun<'_>, vus: u64, total: u64) -> Self {
        Self { asks: Default::default(), vus, total: total.max(1), report: run.progress.clone() }
    }

    /// Called at the top of every gate `next()`.
    pub(crate) fn ask(&self) {
        let asks = self.asks.fetch_add(1, Ordering::Relaxed) + 1;
        let done = asks.saturating_sub(self.vus);
        (self.report)((done as f64 / self.total as f64).min(1.0));
    }
}

/// How long an executor waits for planned VUs that another scenario has not returned yet (its
/// iterations may still be finishing a few milliseconds past the planned end).
const PLANNED_VU_WAIT: Duration = Duration::from_secs(2);

/// Takes `n` VUs from `buffer`, waiting briefly for ones still being returned; returns fewer
/// only when they do not come back in time.
pub(crate) async fn take_vus(buffer: &VuBuffer, n: usize) -> Vec<Arc<VuHandle>> {
    let mut vus = buffer.take(n);
    let give_up = Instant::now() + PLANNED_VU_WAIT;
    while vus.len() < n && Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(10)).await;
        vus.extend(buffer.take(n - vus.len()));
    }
    vus
}

/// Returns VUs to the buffer.
pub(crate) fn give_back(buffer: &VuBuffer, vus: impl IntoIterator<Item = Arc<VuHandle>>) {
    for vu in vus {
        buffer.put(vu);
    }
}

/// A token cancelled `graceful_stop` after `hard_at` (never when `None`), or `graceful_stop`
/// after the test is stopped, whichever comes first. Abort the handle when done.
pub(crate) fn hard_stop_watchdog(
    run: &ScenarioRun<'_>,
    hard_at: Option<Instant>,
    graceful_stop: Duration,
) -> (CancellationToken, tokio::task::JoinHandle<()>) {
    let hard_stop = CancellationToken::new();
    let handle = {
        let hard_stop = hard_stop.clone();
        let test_stop = run.test_stop.clone();
        let program = run.program().clone();
        tokio::spawn(async move {
            let limit = async {
                match hard_at {
                    Some(t) => tokio::time::sleep_until((t + graceful_stop).into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = limit => {}
                // A stopped test (signal, exec.test.abort(), threshold abort) interrupts running
                // iterations at once, as k6 does.
                _ = test_stop.cancelled() => program.signals.mark_stopped_early(),
            }
            hard_stop.cancel();
        })
    };
    (hard_stop, handle)
}

/// Reports progress as elapsed time over `total` every 100 ms until aborted or done.
pub(crate) fn time_progress(run: &ScenarioRun<'_>, start: Instant, total: Duration) -> tokio::task::JoinHandle<()> {
    let p = run.progress.clone();
    let total = total.as_secs_f64().max(f64::MIN_POSITIVE);
    tokio::spawn(async move {
        loop {
            let done = (start.elapsed().as_secs_f64() / total).min(1.0);
            p(done);
            if done >= 1.0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
}

/// Sums reports.
pub(crate) fn total(reports: impl IntoIterator<Item = ActivityReport>) -> ActivityReport {
    let mut total = ActivityReport::default();
    for r in reports {
        total.completed += r.completed;
        total.interrupted += r.interrupted;
    }
    total
}

/// Runs each VU on its own gate until the gates close; hard-stops them `graceful_stop` after
/// `hard_at` (or after a test stop).
pub(crate) async fn drive_each(
    run: &ScenarioRun<'_>,
    vus: &[Arc<VuHandle>],
    gates: Vec<Arc<dyn IterationGate>>,
    hard_at: Option<Instant>,
    graceful_stop: Duration,
) -> ActivityReport {
    let (hard_stop, watchdog) = hard_stop_watchdog(run, hard_at, graceful_stop);
    // A VU stops counting as active as soon as it is done, as in k6.
    let reports = join_all(vus.iter().zip(gates).map(|(vu, gate)| {
        let activity = run.activity(gate, hard_stop.clone(), hard_at.map(|t| t + graceful_stop));
        async move {
            let _active = ActiveVus::new(run.program(), 1);
            vu.run(activity).await
        }
    }))
    .await;
    watchdog.abort();
    total(reports)
}

/// Runs `vus` on one shared `gate` (see [`drive_each`]).
pub(crate) async fn drive(
    run: &ScenarioRun<'_>,
    vus: &[Arc<VuHandle>],
    gate: Arc<dyn IterationGate>,
    hard_at: Option<Instant>,
    graceful_stop: Duration,
) -> ActivityReport {
    let gates = vus.iter().map(|_| gate.clone()).collect();
    drive_each(run, vus, gates, hard_at, graceful_stop).await
}
