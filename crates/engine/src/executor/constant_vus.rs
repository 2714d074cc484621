//! `constant-vus`: a fixed number of VUs loop for a duration.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{ActivityReport, IterationGate};
use tokio_util::sync::CancellationToken;

use super::{PlannedStep, ScenarioRun, drive, give_back, take_vus, time_progress};
use crate::options::{ConstantVusConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// The executor's configuration, scaled to this instance.
#[derive(Debug, Clone)]
pub struct ConstantVus {
    /// VUs to run.
    pub vus: u64,
    /// How long they loop.
    pub duration: Duration,
    /// Time running iterations get to finish after `duration`.
    pub graceful_stop: Duration,
    /// This instance's execution segment (numbers iterations across instances).
    pub segment: ExecutionTuple,
}

impl ConstantVus {
    /// From the scenario's options, scaled to `segment`.
    pub fn from_config(c: &ConstantVusConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        Self {
            vus: segment.scale(c.vus()).max(0) as u64,
            duration: c.duration.unwrap_or_default().to_std_saturating(),
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: segment.clone(),
        }
    }

    /// VUs needed over the scenario's time.
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        vec![PlannedStep::new(Duration::ZERO, self.vus), PlannedStep::new(self.duration + self.graceful_stop, 0)]
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.segment);
        let vus = take_vus(buffer, self.vus as usize).await;
        let start = Instant::now();
        let deadline = start + self.duration;
        let gate = Arc::new(UntilDeadline { deadline, stop: run.test_stop.clone() });
        let progress = time_progress(run, start, self.duration);
        let report = drive(run, &vus, gate, Some(deadline), self.graceful_stop).await;
        progress.abort();
        (run.progress)(1.0);
        give_back(buffer, vus);
        report
    }
}

/// Opens until a deadline (or a test stop).
pub(crate) struct UntilDeadline {
    pub(crate) deadline: Instant,
    pub(crate) stop: CancellationToken,
}

impl IterationGate for UntilDeadline {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { Instant::now() < self.deadline && !self.stop.is_cancelled() })
    }
}
