//! What a test needs at most: the longest it can run and the most VUs it may have at once, on
//! this instance's execution segment, as `k6 inspect --execution-requirements` and the execution
//! header report them; k6-operator sizes its runners from these two numbers.
//!
//! The numbers come from the executors' own VU plans ([`ExecutorPlan::planned_steps`]), so the
//! header, `inspect` and the VU scheduler cannot disagree: per scenario with work, its planned
//! VUs over time (ramping-vus follows its ramp, with ramped-down VUs reserved for
//! `gracefulRampDown`) plus the arrival-rate executors' headroom up to `maxVUs` while they run,
//! summed over overlapping scenarios. Scenarios without work on this instance count for nothing.

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
        let end = match plan.max_duration() {
            Some(d) => GoDuration(start.0.saturating_add(GoDuration::from_std(d).0)),
            None => start,
        };
        total = total.max(end);
        // Arrival-rate executors may add VUs up to maxVUs whenever they hold any.
        let headroom = plan.max_unplanned_vus();
        let steps: Vec<PlannedStep> = plan
            .planned_steps()
            .into_iter()
            .map(|s| PlannedStep::new(s.offset, if s.vus > 0 { s.vus + headroom } else { 0 }))
            .collect();
        plans.push((start.to_std_saturating(), steps));
    }
    ExecutionRequirements { total_duration: total, max_vus: i64::try_from(max_planned_vus(&plans)).unwrap_or(i64::MAX) }
}
