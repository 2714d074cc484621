//! Planned VUs over time: each executor describes how many VUs it needs from which offset of its
//! scenario, and the run initialises, before the test starts, the most VUs that all scenarios
//! need at the same moment (k6's "max planned VUs"), so that sequential scenarios share VUs and
//! concurrent ones add up.

use std::time::Duration;

/// From `offset` (relative to the scenario's start) on, the executor needs `vus` VUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedStep {
    /// Offset from the scenario start.
    pub offset: Duration,
    /// VUs needed from then on.
    pub vus: u64,
}

impl PlannedStep {
    /// A step.
    pub fn new(offset: Duration, vus: u64) -> Self {
        Self { offset, vus }
    }
}

/// The VUs `steps` need at `at` (0 before the first step).
fn vus_at(steps: &[PlannedStep], at: Duration) -> u64 {
    steps
        .iter()
        .take_while(|s| s.offset <= at)
        .last()
        .map_or(0, |s| s.vus)
}

/// The most VUs needed at once by scenarios given as (startTime, steps).
pub fn max_planned_vus(scenarios: &[(Duration, Vec<PlannedStep>)]) -> u64 {
    let mut times: Vec<Duration> = scenarios
        .iter()
        .flat_map(|(start, steps)| steps.iter().map(move |s| *start + s.offset))
        .collect();
    times.sort();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            scenarios
                .iter()
                .filter(|(start, _)| *start <= t)
                .map(|(start, steps)| vus_at(steps, t - *start))
                .sum::<u64>()
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(ms: u64, vus: u64) -> PlannedStep {
        PlannedStep::new(Duration::from_millis(ms), vus)
    }

    #[test]
    fn concurrent_scenarios_add_up() {
        let a = (Duration::ZERO, vec![s(0, 2), s(1000, 0)]);
        let b = (Duration::ZERO, vec![s(0, 3), s(500, 0)]);
        assert_eq!(max_planned_vus(&[a, b]), 5);
    }

    #[test]
    fn sequential_scenarios_share() {
        let a = (Duration::ZERO, vec![s(0, 2), s(1000, 0)]);
        let b = (Duration::from_millis(1000), vec![s(0, 3), s(500, 0)]);
        assert_eq!(max_planned_vus(&[a, b]), 3);
    }

    #[test]
    fn overlapping_tail_counts() {
        let a = (Duration::ZERO, vec![s(0, 2), s(1000, 0)]);
        let b = (Duration::from_millis(999), vec![s(0, 3), s(500, 0)]);
        assert_eq!(max_planned_vus(&[a, b]), 5);
    }

    #[test]
    fn nothing_needs_nothing() {
        assert_eq!(max_planned_vus(&[]), 0);
    }
}
