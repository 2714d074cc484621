//! `per-vu-iterations`: each VU runs exactly `iterations` iterations. When maxDuration cuts the
//! scenario short, each VU's never-started iterations are emitted as `dropped_iterations`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{ActivityReport, IterationGate};
use tokio_util::sync::CancellationToken;

use super::{CompletedProgress, PlannedStep, ScenarioRun, drive_each, give_back, take_vus};
use crate::options::{IterationsConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// The executor's configuration, scaled to this instance.
#[derive(Debug, Clone)]
pub struct PerVuIterations {
    /// VUs to run.
    pub vus: u64,
    /// Iterations each VU runs.
    pub iterations: u64,
    /// Upper bound on the scenario's run time.
    pub max_duration: Duration,
    /// Time running iterations get to finish after `max_duration`.
    pub graceful_stop: Duration,
    /// This instance's execution segment (numbers iterations across instances).
    pub segment: ExecutionTuple,
}

impl PerVuIterations {
    /// From the scenario's options: only VUs are scaled to `segment`.
    pub fn from_config(c: &IterationsConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        Self {
            vus: segment.scale(c.vus()).max(0) as u64,
            iterations: c.iterations().max(0) as u64,
            max_duration: c.max_duration().to_std_saturating(),
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: segment.clone(),
        }
    }

    /// VUs needed over the scenario's time.
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        let vus = if self.iterations == 0 { 0 } else { self.vus };
        vec![PlannedStep::new(Duration::ZERO, vus), PlannedStep::new(self.max_duration + self.graceful_stop, 0)]
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.segment);
        let vus = take_vus(buffer, self.vus as usize).await;
        let deadline = Instant::now() + self.max_duration;
        let total = (self.iterations * vus.len() as u64).max(1);
        let progress = Arc::new(CompletedProgress::new(run, vus.len() as u64, total));
        let gates: Vec<Arc<PerVu>> = vus
            .iter()
            .map(|_| {
                Arc::new(PerVu {
                    taken: AtomicU64::new(0),
                    each: self.iterations,
                    deadline,
                    stop: run.test_stop.clone(),
                    progress: progress.clone(),
                })
            })
            .collect();
        let dyn_gates = gates.iter().map(|g| g.clone() as Arc<dyn IterationGate>).collect();
        let report = drive_each(run, &vus, dyn_gates, Some(deadline), self.graceful_stop).await;
        for g in &gates {
            let started = g.taken.load(Ordering::Relaxed).min(self.iterations);
            if started < self.iterations && !run.test_stopped() {
                run.emit(run.program().builtin.dropped_iterations, (self.iterations - started) as f64);
            }
        }
        (run.progress)(1.0);
        give_back(buffer, vus);
        report
    }
}

struct PerVu {
    taken: AtomicU64,
    each: u64,
    deadline: Instant,
    stop: CancellationToken,
    progress: Arc<CompletedProgress>,
}

impl IterationGate for PerVu {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            self.progress.ask();
            if Instant::now() >= self.deadline || self.stop.is_cancelled() {
                return false;
            }
            let taken =
                self.taken.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n < self.each).then_some(n + 1));
            if taken.is_err() {
                return false;
            }
            true
        })
    }
}
