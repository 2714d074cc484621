//! `shared-iterations`: VUs share a fixed number of iterations, taking them as they become free.
//! Iterations never started (maxDuration reached, test stopped) are emitted once at the end as
//! `dropped_iterations`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{ActivityReport, IterationGate};
use tokio_util::sync::CancellationToken;

use super::{CompletedProgress, PlannedStep, ScenarioRun, drive, give_back, take_vus};
use crate::options::{IterationsConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// The executor's configuration, scaled to this instance.
#[derive(Debug, Clone)]
pub struct SharedIterations {
    /// VUs to run.
    pub vus: u64,
    /// Iterations shared by all VUs.
    pub iterations: u64,
    /// Upper bound on the scenario's run time.
    pub max_duration: Duration,
    /// Time running iterations get to finish after `max_duration`.
    pub graceful_stop: Duration,
    /// The segment re-striped by VUs: iterations follow VUs across instances (k6's rule).
    pub segment: ExecutionTuple,
}

impl SharedIterations {
    /// From the scenario's options, scaled to `segment`: VUs by the segment, iterations by the
    /// segment re-striped along how the VUs split.
    pub fn from_config(c: &IterationsConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        let by_vus = segment.resegment(c.vus());
        Self {
            vus: segment.scale(c.vus()).max(0) as u64,
            iterations: by_vus.scale(c.iterations()).max(0) as u64,
            max_duration: c.max_duration().to_std_saturating(),
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: by_vus,
        }
    }

    /// VUs that actually run: never more than iterations.
    pub fn active_vus(&self) -> u64 {
        self.vus.min(self.iterations)
    }

    /// VUs needed over the scenario's time.
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        vec![
            PlannedStep::new(Duration::ZERO, self.active_vus()),
            PlannedStep::new(self.max_duration + self.graceful_stop, 0),
        ]
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.segment);
        let vus = take_vus(buffer, self.active_vus() as usize).await;
        let deadline = Instant::now() + self.max_duration;
        let gate = Arc::new(Shared {
            taken: AtomicU64::new(0),
            total: self.iterations,
            deadline,
            stop: run.test_stop.clone(),
            progress: CompletedProgress::new(run, vus.len() as u64, self.iterations),
        });
        let report = drive(run, &vus, gate.clone(), Some(deadline), self.graceful_stop).await;
        let started = gate.taken.load(Ordering::Relaxed).min(self.iterations);
        // Like k6, a stopped test reports no drops: only a maxDuration cut-off does.
        if started < self.iterations && !run.test_stopped() {
            run.emit(run.program().builtin.dropped_iterations, (self.iterations - started) as f64);
        }
        (run.progress)(1.0);
        give_back(buffer, vus);
        report
    }
}

struct Shared {
    taken: AtomicU64,
    total: u64,
    deadline: Instant,
    stop: CancellationToken,
    progress: CompletedProgress,
}

impl IterationGate for Shared {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            self.progress.ask();
            if Instant::now() >= self.deadline || self.stop.is_cancelled() {
                return false;
            }
            // Only count what is handed out, so the dropped count stays exact.
            self.taken.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n < self.total).then_some(n + 1)).is_ok()
        })
    }
}
