//! `constant-vus`: a fixed number of VUs loop for a duration.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{ActivityReport, IterationGate};
use tokio_util::sync::CancellationToken;

use super::{ScenarioRun, drive};
use crate::vu_buffer::VuBuffer;

/// The executor's configuration.
#[derive(Debug, Clone)]
pub struct ConstantVus {
    /// VUs to run.
    pub vus: u64,
    /// How long they loop.
    pub duration: Duration,
    /// Time running iterations get to finish after `duration`.
    pub graceful_stop: Duration,
}

struct UntilDeadline {
    deadline: Instant,
    stop: CancellationToken,
}

impl IterationGate for UntilDeadline {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { Instant::now() < self.deadline && !self.stop.is_cancelled() })
    }
}

impl ConstantVus {
    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun, buffer: &VuBuffer) -> ActivityReport {
        let vus = buffer.take(self.vus as usize);
        let start = Instant::now();
        let deadline = start + self.duration;
        let gate = Arc::new(UntilDeadline { deadline, stop: run.test_stop.clone() });
        let progress = {
            let p = run.progress.clone();
            let total = self.duration.as_secs_f64().max(f64::MIN_POSITIVE);
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
        };
        let report = drive(run, vus.clone(), gate, Some(deadline), self.graceful_stop).await;
        progress.abort();
        (run.progress)(1.0);
        for vu in vus {
            buffer.put(vu);
        }
        report
    }
}
