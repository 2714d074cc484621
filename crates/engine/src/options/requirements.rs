//! What a test needs at most: the longest it can run and the most VUs alive at once, computed
//! from the scenarios (scaled to this instance's execution segment) the way `k6 inspect
//! --execution-requirements` reports them; k6-operator sizes its runners from these two numbers.
//!
//! Each scenario with work occupies `[startTime, startTime + duration + gracefulStop)` with its
//! planned VUs (ramping-vus: its peak); overlapping scenarios add up. Scenarios without VUs on
//! this instance have no work and count for nothing.

use super::Options;
use super::duration::GoDuration;
use super::scenario::{ExecutorConfig, Scenario, stages_duration};
use crate::segment::ExecutionTuple;

/// The test's maximum duration and VU count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecutionRequirements {
    /// The longest the test can run, graceful stops included (setup/teardown excluded).
    pub total_duration: GoDuration,
    /// The most VUs needed at the same time.
    pub max_vus: i64,
}

/// One scenario's planned VUs and how long it may hold them (`None` = indefinitely).
pub(crate) fn scenario_footprint(s: &Scenario, tuple: &ExecutionTuple) -> (i64, Option<GoDuration>) {
    let grace = s.base.graceful_stop();
    let plus = |d: GoDuration| Some(GoDuration(d.0.saturating_add(grace.0)));
    match &s.executor {
        ExecutorConfig::SharedIterations(c) => {
            let vus = tuple.scale(c.vus());
            let iterations = tuple.resegment(c.vus()).scale(c.iterations());
            (vus.min(iterations), plus(c.max_duration()))
        }
        ExecutorConfig::PerVuIterations(c) => (tuple.scale(c.vus()), plus(c.max_duration())),
        ExecutorConfig::ConstantVus(c) => (tuple.scale(c.vus()), plus(c.duration.unwrap_or_default())),
        ExecutorConfig::RampingVus(c) => {
            let peak = c.stages().iter().filter_map(|st| st.target).fold(c.start_vus(), i64::max);
            (tuple.scale(peak), plus(stages_duration(c.stages())))
        }
        ExecutorConfig::ConstantArrivalRate(c) => (tuple.scale(c.max_vus()), plus(c.duration.unwrap_or_default())),
        ExecutorConfig::RampingArrivalRate(c) => (tuple.scale(c.max_vus()), plus(stages_duration(c.stages()))),
        ExecutorConfig::ExternallyControlled(c) => {
            let d = c.duration.unwrap_or_default();
            (tuple.scale(c.max_vus()), (d.0 > 0).then_some(d))
        }
    }
}

/// The requirements of consolidated options whose scenarios were derived.
pub fn execution_requirements(options: &Options, tuple: &ExecutionTuple) -> ExecutionRequirements {
    let mut total = GoDuration::ZERO;
    // (time, removal-first flag, delta): at equal times VUs are released before being taken.
    let mut events: Vec<(i64, u8, i64)> = Vec::new();
    for (_, scenario) in options.sorted_scenarios() {
        let (vus, duration) = scenario_footprint(scenario, tuple);
        if vus <= 0 {
            continue;
        }
        let start = scenario.base.start_time();
        events.push((start.0, 1, vus));
        match duration {
            Some(d) => {
                let end = start.0.saturating_add(d.0);
                total = total.max(GoDuration(end));
                events.push((end, 0, -vus));
            }
            None => total = total.max(start),
        }
    }
    events.sort();
    let (mut now, mut max_vus) = (0i64, 0i64);
    for (_, _, delta) in events {
        now += delta;
        max_vus = max_vus.max(now);
    }
    ExecutionRequirements { total_duration: total, max_vus }
}
