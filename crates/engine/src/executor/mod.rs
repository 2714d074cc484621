//! Executors: how a scenario hands iterations to VUs over time. Each executor borrows VUs from the
//! run's [`VuBuffer`](crate::vu_buffer::VuBuffer), gives each an [`script::Activity`] whose gate
//! says when to start iterations, and hard-stops them at the end of its gracefulStop.

mod constant_vus;
mod shared_iterations;

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::join_all;
use script::{Activity, ActivityReport, IterationGate, ScenarioInfo, VuHandle};
use tokio_util::sync::CancellationToken;

pub use constant_vus::ConstantVus;
pub use shared_iterations::SharedIterations;

/// What every executor gets from the run.
#[derive(Clone)]
pub struct ScenarioRun {
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
}

impl crate::plan::ExecutorPlan {
    /// Runs this executor for one scenario with VUs borrowed from `buffer`.
    pub async fn run(&self, run: &ScenarioRun, buffer: &crate::vu_buffer::VuBuffer) -> ActivityReport {
        match self {
            crate::plan::ExecutorPlan::ConstantVus(c) => c.run(run, buffer).await,
            crate::plan::ExecutorPlan::SharedIterations(s) => s.run(run, buffer).await,
        }
    }
}

/// Runs `vus` on `gate` until the gate closes; hard-stops them `graceful_stop` after `hard_at`
/// (or at once when the test stops).
pub(crate) async fn drive(
    run: &ScenarioRun,
    vus: Vec<Arc<VuHandle>>,
    gate: Arc<dyn IterationGate>,
    hard_at: Option<Instant>,
    graceful_stop: Duration,
) -> ActivityReport {
    let hard_stop = CancellationToken::new();
    let watchdog = {
        let hard_stop = hard_stop.clone();
        let test_stop = run.test_stop.clone();
        tokio::spawn(async move {
            let limit = async {
                match hard_at {
                    Some(t) => tokio::time::sleep_until((t + graceful_stop).into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = limit => {}
                _ = test_stop.cancelled() => {
                    // A stopped test lets running iterations finish within gracefulStop too.
                    tokio::time::sleep(graceful_stop).await;
                }
            }
            hard_stop.cancel();
        })
    };
    let activity = Activity {
        scenario: run.info.clone(),
        gate,
        hard_stop,
        setup_data: run.setup_data.clone(),
        min_iteration_duration: run.min_iteration_duration,
    };
    let reports = join_all(vus.iter().map(|vu| vu.run(activity.clone()))).await;
    watchdog.abort();
    let mut total = ActivityReport::default();
    for r in reports {
        total.completed += r.completed;
        total.interrupted += r.interrupted;
    }
    total
}
