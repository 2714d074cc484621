//! What a test needs at most: the longest it can run and the most VUs it may have at once, on
//! this instance's execution segment, as `k6 inspect --execution-requirements` and the execution
//! header report them; k6-operator sizes its runners from these two numbers.
//!
//! The numbers come from the executors' own VU plans ([`ExecutorPlan::planned_steps`]), so the
//! header, `inspect` and the VU scheduler cannot disagree: per scenario with work, its planned
//! VUs over time plus the arrival-rate executors' headroom up to `maxVUs` while they run, summed
//! over overlapping scenarios. A scenario ends at its last step (the moment its last VU is
//! released), which for a ramping-vus ramp down to 0 is before `stages + gracefulStop`.
//! Scenarios without work on this instance count for nothing.
//!
//! ramping-vus plans with k6's reservation rule for ramped-down VUs (they stay counted for
//! `gracefulRampDown`; see the executor's ramp).

use std::time::Duration;

use super::Options;
use super::duration::GoDuration;
use crate::executor::{PlannedStep, max_planned_vus};
use crate::plan::ExecutorPlan;
use crate::segment::ExecutionTuple;

/// The test's maximum duration and VU count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecutionRequirements {
    /// The longest the test can run, graceful stops included (setup/teardown excluded).
    pub total_duration: GoDuration,
    /// The most VUs possibly needed at the same time (k6's "max VUs").
    pub max_vus: i64,
}

/// The requirements of consolidated options whose scenarios were derived.
pub fn execution_requirements(options: &Options, tuple: &ExecutionTuple) -> ExecutionRequirements {
    let mut total = GoDuration::ZERO;
    let mut plans = Vec::new();
    for (_, scenario) in options.sorted_scenarios() {
        let plan = ExecutorPlan::from_scenario(scenario, tuple);
        if !plan.has_work() {
            continue;
        }
        let start = scenario.base.start_time();
        let steps = match &plan {
            // Arrival-rate executors may use up to maxVUs for as long as they run.
            ExecutorPlan::ConstantArrivalRate(_) | ExecutorPlan::RampingArrivalRate(_) => vec![
                PlannedStep::new(Duration::ZERO, plan.max_vus()),
                PlannedStep::new(plan.max_duration().unwrap_or_default(), 0),
            ],
            _ => plan.planned_steps(),
        };
        // The scenario ends at its last step (externally-controlled without a duration: never).
        let end = match (plan.max_duration(), steps.last()) {
            (None, _) | (_, None) => start,
            (Some(_), Some(last)) => GoDuration(start.0.saturating_add(GoDuration::from_std(last.offset).0)),
        };
        total = total.max(end);
        plans.push((start.to_std_saturating(), steps));
    }
    ExecutionRequirements { total_duration: total, max_vus: i64::try_from(max_planned_vus(&plans)).unwrap_or(i64::MAX) }
}
