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
//! ramping-vus uses k6's reservation rule for ramped-down VUs ([`ramping_vus_steps`]): walking
//! the raw ramp, each drop keeps the higher count until `gracefulRampDown` later unless the ramp
//! climbs back within that window, and no reservation reaches past the executor's end.

use std::time::Duration;

use super::Options;
use super::duration::GoDuration;
use super::scenario::{ExecutorConfig, RampingVusConfig, stages_duration};
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
        let steps = match (&scenario.executor, &plan) {
            (ExecutorConfig::RampingVus(c), _) => {
                let end = (stages_duration(c.stages()).0 + scenario.base.graceful_stop().0).max(0);
                ramping_vus_steps(
                    &ramping_vus_raw_steps(c, tuple),
                    c.graceful_ramp_down().to_std_saturating(),
                    Duration::from_nanos(end as u64),
                )
            }
            // Arrival-rate executors may use up to maxVUs for as long as they run.
            (_, ExecutorPlan::ConstantArrivalRate(_) | ExecutorPlan::RampingArrivalRate(_)) => vec![
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

/// k6's planned steps of a ramping-vus executor from its raw ramp (`raw`: the VU count at each
/// change, first at offset 0): ramped-down VUs stay reserved for `graceful_ramp_down`, and the
/// plan ends with 0 VUs, at `end` (stages + gracefulStop) unless the ramp already released all.
pub fn ramping_vus_steps(raw: &[PlannedStep], graceful_ramp_down: Duration, end: Duration) -> Vec<PlannedStep> {
    let mut steps: Vec<PlannedStep> = Vec::with_capacity(raw.len() + 1);
    if graceful_ramp_down.is_zero() {
        steps.extend_from_slice(raw);
    } else {
        let mut last_vus = 0u64;
        let mut last_slope = 0usize;
        let mut i = 0usize;
        while i < raw.len() {
            let step = raw[i];
            if i == 0 || step.vus > last_vus {
                steps.push(step);
                last_vus = step.vus;
                i += 1;
                continue;
            }
            if step.vus == last_vus || i <= last_slope {
                i += 1;
                continue;
            }
            let until = step.offset + graceful_ramp_down;
            // The ramp climbs back to the reserved count within the window: jump there.
            if let Some(j) =
                (i + 1..raw.len()).take_while(|j| raw[*j].offset <= until).find(|j| raw[*j].vus >= last_vus)
            {
                i = j;
                continue;
            }
            if until >= end {
                break;
            }
            steps.push(PlannedStep::new(until, step.vus));
            last_slope = i;
            last_vus = step.vus;
            i += 1;
        }
    }
    if steps.last().is_none_or(|s| s.vus != 0) {
        steps.push(PlannedStep::new(end, 0));
    }
    steps
}

/// k6's raw VU ramp of a ramping-vus executor on this instance: a step each time the scaled VU
/// count changes (first at offset 0), a VU added when the global ramp crosses its integer, and a
/// zero-length stage jumping at once. Steps at the same instant are kept in order, so a peak
/// reached just before a jump to 0 still counts.
pub fn ramping_vus_raw_steps(config: &RampingVusConfig, tuple: &ExecutionTuple) -> Vec<PlannedStep> {
    let scale = |v: i64| tuple.scale(v.max(0)).max(0) as u64;
    let mut steps = vec![PlannedStep::new(Duration::ZERO, scale(config.start_vus()))];
    let mut add = |t: i128, vus: u64| {
        if steps.last().is_some_and(|s| s.vus != vus) {
            steps.push(PlannedStep::new(Duration::from_nanos(t.max(0) as u64), vus));
        }
    };
    let mut from = config.start_vus().max(0);
    let mut end: i128 = 0;
    for stage in config.stages() {
        let to = stage.target.unwrap_or(0).max(0);
        let dur = stage.duration.0.max(0) as i128;
        end += dur;
        if to == from {
            continue;
        }
        if dur == 0 {
            add(end, scale(to));
        } else if to > from {
            for k in from + 1..=to {
                add(end - dur * (to - k) as i128 / (to - from) as i128, scale(k));
            }
        } else {
            for k in (to..from).rev() {
                add(end - dur * (k - to) as i128 / (from - to) as i128, scale(k));
            }
        }
        from = to;
    }
    steps
}
