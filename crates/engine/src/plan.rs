//! The validated execution plan the engine runs: scenarios with their executor configurations,
//! derived from consolidated options before any VU starts, already scaled to this instance's
//! execution segment.

use std::time::Duration;

use crate::executor::{
    ConstantArrivalRate, ConstantVus, ExternallyControlled, PerVuIterations, PlannedStep, RampingArrivalRate,
    RampingVus, SharedIterations, max_planned_vus,
};
use crate::options::{ExecutorConfig, Options, OptionsError, Scenario, derive_scenarios, validate};
use crate::segment::{ExecutionTuple, SegmentError};

/// Why options do not make a runnable plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The options are invalid (k6's messages; exit code from [`OptionsError`]).
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// The execution segment does not fit its sequence.
    #[error(transparent)]
    Segment(#[from] SegmentError),
}

/// One executor with its configuration.
#[derive(Debug, Clone)]
pub enum ExecutorPlan {
    /// `shared-iterations`.
    SharedIterations(SharedIterations),
    /// `per-vu-iterations`.
    PerVuIterations(PerVuIterations),
    /// `constant-vus`.
    ConstantVus(ConstantVus),
    /// `ramping-vus`.
    RampingVus(RampingVus),
    /// `constant-arrival-rate`.
    ConstantArrivalRate(ConstantArrivalRate),
    /// `ramping-arrival-rate`.
    RampingArrivalRate(RampingArrivalRate),
    /// `externally-controlled`.
    ExternallyControlled(ExternallyControlled),
}

impl ExecutorPlan {
    /// From a scenario's options, scaled to `segment`.
    pub fn from_scenario(scenario: &Scenario, segment: &ExecutionTuple) -> ExecutorPlan {
        let base = &scenario.base;
        match &scenario.executor {
            ExecutorConfig::SharedIterations(c) => {
                ExecutorPlan::SharedIterations(SharedIterations::from_config(c, base, segment))
            }
            ExecutorConfig::PerVuIterations(c) => {
                ExecutorPlan::PerVuIterations(PerVuIterations::from_config(c, base, segment))
            }
            ExecutorConfig::ConstantVus(c) => ExecutorPlan::ConstantVus(ConstantVus::from_config(c, base, segment)),
            ExecutorConfig::RampingVus(c) => ExecutorPlan::RampingVus(RampingVus::from_config(c, base, segment)),
            ExecutorConfig::ConstantArrivalRate(c) => {
                ExecutorPlan::ConstantArrivalRate(ConstantArrivalRate::from_config(c, base, segment))
            }
            ExecutorConfig::RampingArrivalRate(c) => {
                ExecutorPlan::RampingArrivalRate(RampingArrivalRate::from_config(c, base, segment))
            }
            ExecutorConfig::ExternallyControlled(c) => {
                ExecutorPlan::ExternallyControlled(ExternallyControlled::from_config(c, segment))
            }
        }
    }

    /// k6's executor type name.
    pub fn name(&self) -> &'static str {
        match self {
            ExecutorPlan::SharedIterations(_) => "shared-iterations",
            ExecutorPlan::PerVuIterations(_) => "per-vu-iterations",
            ExecutorPlan::ConstantVus(_) => "constant-vus",
            ExecutorPlan::RampingVus(_) => "ramping-vus",
            ExecutorPlan::ConstantArrivalRate(_) => "constant-arrival-rate",
            ExecutorPlan::RampingArrivalRate(_) => "ramping-arrival-rate",
            ExecutorPlan::ExternallyControlled(_) => "externally-controlled",
        }
    }

    /// The most VUs the executor can use at once on this instance (arrival-rate: `maxVUs`).
    pub fn max_vus(&self) -> u64 {
        match self {
            ExecutorPlan::SharedIterations(e) => e.active_vus(),
            ExecutorPlan::PerVuIterations(e) => e.vus,
            ExecutorPlan::ConstantVus(e) => e.vus,
            ExecutorPlan::RampingVus(e) => e.max_vus(),
            ExecutorPlan::ConstantArrivalRate(e) => e.max_vus,
            ExecutorPlan::RampingArrivalRate(e) => e.max_vus,
            ExecutorPlan::ExternallyControlled(e) => e.max_vus,
        }
    }

    /// VUs it may initialise mid-test beyond the planned ones (arrival-rate headroom).
    pub fn max_unplanned_vus(&self) -> u64 {
        match self {
            ExecutorPlan::ConstantArrivalRate(e) => e.max_vus.saturating_sub(e.pre_allocated_vus),
            ExecutorPlan::RampingArrivalRate(e) => e.max_vus.saturating_sub(e.pre_allocated_vus),
            _ => 0,
        }
    }

    /// VUs it needs over its time, from its start (ends with a 0 step unless it runs forever).
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        match self {
            ExecutorPlan::SharedIterations(e) => e.planned_steps(),
            ExecutorPlan::PerVuIterations(e) => e.planned_steps(),
            ExecutorPlan::ConstantVus(e) => e.planned_steps(),
            ExecutorPlan::RampingVus(e) => e.planned_steps(),
            ExecutorPlan::ConstantArrivalRate(e) => e.planned_steps(),
            ExecutorPlan::RampingArrivalRate(e) => e.planned_steps(),
            ExecutorPlan::ExternallyControlled(e) => e.planned_steps(),
        }
    }

    /// Whether it has anything to do on this instance (k6 skips scenarios without work: no
    /// progress bar, never started).
    pub fn has_work(&self) -> bool {
        match self {
            ExecutorPlan::SharedIterations(e) => e.active_vus() > 0,
            ExecutorPlan::PerVuIterations(e) => e.vus > 0 && e.iterations > 0,
            ExecutorPlan::ConstantVus(e) => e.vus > 0,
            ExecutorPlan::RampingVus(e) => e.max_vus() > 0,
            ExecutorPlan::ConstantArrivalRate(e) => e.max_vus > 0,
            ExecutorPlan::RampingArrivalRate(e) => e.max_vus > 0,
            ExecutorPlan::ExternallyControlled(e) => e.max_vus > 0,
        }
    }

    /// The longest the executor can run, gracefulStop included (`None`: externally-controlled
    /// with an infinite duration).
    pub fn max_duration(&self) -> Option<Duration> {
        Some(match self {
            ExecutorPlan::SharedIterations(e) => e.max_duration + e.graceful_stop,
            ExecutorPlan::PerVuIterations(e) => e.max_duration + e.graceful_stop,
            ExecutorPlan::ConstantVus(e) => e.duration + e.graceful_stop,
            ExecutorPlan::RampingVus(e) => e.stages_duration() + e.graceful_stop,
            ExecutorPlan::ConstantArrivalRate(e) => e.duration + e.graceful_stop,
            ExecutorPlan::RampingArrivalRate(e) => e.stages_duration() + e.graceful_stop,
            ExecutorPlan::ExternallyControlled(e) => return e.duration,
        })
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
    /// Scenarios, sorted by (startTime, name) as k6 plans them.
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
    /// This instance's execution segment (numbers VUs across instances).
    pub segment: ExecutionTuple,
}

impl ExecutionPlan {
    /// The plan for consolidated `options` (scenarios derived from the shortcuts here if the
    /// caller has not done it; it should, to log k6's warnings). `exported_functions` are the
    /// script's exported function names, checked against each scenario's `exec`.
    pub fn from_options(options: &Options, exported_functions: &[String]) -> Result<ExecutionPlan, PlanError> {
        let mut options = options.clone();
        if options.scenarios.is_none() {
            derive_scenarios(&mut options)?;
        }
        validate(&options, exported_functions)?;
        let segment =
            ExecutionTuple::new(options.execution_segment.as_ref(), options.execution_segment_sequence.as_ref())?;
        let mut scenarios = Vec::new();
        for (name, scenario) in options.sorted_scenarios() {
            let pairs = |m: &Option<std::collections::BTreeMap<String, String>>| {
                m.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
            };
            scenarios.push(ScenarioPlan {
                name: name.to_string(),
                exec: scenario.base.exec().to_string(),
                start_time: scenario.base.start_time().to_std_saturating(),
                tags: pairs(&scenario.base.tags),
                env: pairs(&scenario.base.env),
                executor: ExecutorPlan::from_scenario(scenario, &segment),
            });
        }
        Ok(ExecutionPlan {
            scenarios,
            setup_timeout: options.setup_timeout().to_std_saturating(),
            teardown_timeout: options.teardown_timeout().to_std_saturating(),
            no_setup: options.no_setup.unwrap_or(false),
            no_teardown: options.no_teardown.unwrap_or(false),
            min_iteration_duration: options.min_iteration_duration.map(|d| d.to_std_saturating()),
            segment,
        })
    }

    /// VUs to initialise before the test starts: the most that scenarios with work need at the
    /// same moment, given their start times (k6's max planned VUs).
    pub fn planned_vus(&self) -> u64 {
        let steps: Vec<(Duration, Vec<PlannedStep>)> = self
            .scenarios
            .iter()
            .filter(|s| s.executor.has_work())
            .map(|s| (s.start_time, s.executor.planned_steps()))
            .collect();
        max_planned_vus(&steps)
    }

    /// The most VUs this instance may have: planned ones plus, while an arrival-rate scenario
    /// runs, its headroom up to `maxVUs` (k6's max possible VUs, the header's "max VUs").
    pub fn max_possible_vus(&self) -> u64 {
        let steps: Vec<(Duration, Vec<PlannedStep>)> = self
            .scenarios
            .iter()
            .filter(|s| s.executor.has_work())
            .map(|s| {
                let extra = s.executor.max_unplanned_vus();
                let mut steps = s.executor.planned_steps();
                let last = steps.len().saturating_sub(1);
                for step in &mut steps[..last] {
                    step.vus += extra;
                }
                (s.start_time, steps)
            })
            .collect();
        max_planned_vus(&steps)
    }

    /// `exec.vu.idInTest` of this instance's VU `id` (1-based).
    pub fn vu_id_in_test(&self, id: u64) -> u64 {
        (self.segment.global_index(id.max(1) as i64 - 1) + 1).max(1) as u64
    }
}
