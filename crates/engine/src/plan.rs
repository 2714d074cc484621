//! The validated execution plan the engine runs: scenarios with their executor configurations,
//! derived from consolidated options before any VU starts.

use std::time::Duration;

use crate::executor::{ConstantVus, SharedIterations};

/// One executor with its configuration.
#[derive(Debug, Clone)]
pub enum ExecutorPlan {
    /// `constant-vus`.
    ConstantVus(ConstantVus),
    /// `shared-iterations`.
    SharedIterations(SharedIterations),
}

impl ExecutorPlan {
    /// k6's executor type name.
    pub fn name(&self) -> &'static str {
        match self {
            ExecutorPlan::ConstantVus(_) => "constant-vus",
            ExecutorPlan::SharedIterations(_) => "shared-iterations",
        }
    }

    /// The most VUs the executor can use at once.
    pub fn max_vus(&self) -> u64 {
        match self {
            ExecutorPlan::ConstantVus(c) => c.vus,
            ExecutorPlan::SharedIterations(s) => s.vus.min(s.iterations),
        }
    }

    /// The longest the executor can run, gracefulStop included.
    pub fn max_duration(&self) -> Duration {
        match self {
            ExecutorPlan::ConstantVus(c) => c.duration + c.graceful_stop,
            ExecutorPlan::SharedIterations(s) => s.max_duration + s.graceful_stop,
        }
    }
}

/// A scenario ready to run.
#[derive(Debug, Clone)]
pub struct ScenarioPlan {
    /// Scenario name.
    pub name: String,
    /// Exported function each iteration calls.
    pub exec: String,
    /// Delay from the test start.
    pub start_time: Duration,
    /// Scenario tags.
    pub tags: Vec<(String, String)>,
    /// Scenario env.
    pub env: Vec<(String, String)>,
    /// The executor.
    pub executor: ExecutorPlan,
}

/// Everything the engine needs to run a test.
#[derive(Debug, Clone)]
pub struct ExecutionPlan {
    /// Scenarios, in the order of the options.
    pub scenarios: Vec<ScenarioPlan>,
    /// setupTimeout.
    pub setup_timeout: Duration,
    /// teardownTimeout.
    pub teardown_timeout: Duration,
    /// --no-setup.
    pub no_setup: bool,
    /// --no-teardown.
    pub no_teardown: bool,
    /// minIterationDuration.
    pub min_iteration_duration: Option<Duration>,
}

impl ExecutionPlan {
    /// VUs to initialise before the test starts (k6 initialises all planned VUs up front).
    pub fn planned_vus(&self) -> u64 {
        self.scenarios.iter().map(|s| s.executor.max_vus()).sum()
    }
}
