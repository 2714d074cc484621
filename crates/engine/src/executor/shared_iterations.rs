//! `shared-iterations`: VUs share a fixed number of iterations, taking them as they become free.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{ActivityReport, IterationGate};
use tokio_util::sync::CancellationToken;

use super::{ScenarioRun, drive};
use crate::vu_buffer::VuBuffer;

/// The executor's configuration.
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
}

struct Shared {
    taken: AtomicU64,
    total: u64,
    deadline: Instant,
    stop: CancellationToken,
    progress: Arc<dyn Fn(f64) + Send + Sync>,
}

impl IterationGate for Shared {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            if Instant::now() >= self.deadline || self.stop.is_cancelled() {
                return false;
            }
            let n = self.taken.fetch_add(1, Ordering::Relaxed);
            if n < self.total {
                (self.progress)(n as f64 / self.total as f64);
                true
            } else {
                false
            }
        })
    }
}

impl SharedIterations {
    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun, buffer: &VuBuffer) -> ActivityReport {
        // k6 never runs more VUs than iterations.
        let vus = buffer.take(self.vus.min(self.iterations) as usize);
        let deadline = Instant::now() + self.max_duration;
        let gate = Arc::new(Shared {
            taken: AtomicU64::new(0),
            total: self.iterations,
            deadline,
            stop: run.test_stop.clone(),
            progress: run.progress.clone(),
        });
        let report = drive(run, vus.clone(), gate, Some(deadline), self.graceful_stop).await;
        (run.progress)(1.0);
        for vu in vus {
            buffer.put(vu);
        }
        report
    }
}
