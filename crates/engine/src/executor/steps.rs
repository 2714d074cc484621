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

/// The most VUs needed at once by scenarios given as (startTime, steps), in k6's planning order
/// (sorted by startTime, then name).
///
/// Like k6, steps of all scenarios are walked in time order (scenario order at equal times) and
/// the total is taken after each step, so when one scenario releases VUs at the instant a later
/// listed one takes them, they are not shared; this reproduces k6's "max VUs".
pub fn max_planned_vus(scenarios: &[(Duration, Vec<PlannedStep>)]) -> u64 {
    let mut events: Vec<(Duration, usize, u64)> = scenarios
        .iter()
        .enumerate()
        .flat_map(|(i, (start, steps))| steps.iter().map(move |s| (*start + s.offset, i, s.vus)))
        .collect();
    events.sort_by_key(|e| e.0);
    let mut current = vec![0u64; scenarios.len()];
    let mut total = 0u64;
    let mut max = 0u64;
    for (_, i, vus) in events {
        total = total - current[i] + vus;
        current[i] = vus;
        max = max.max(total);
    }
    max
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
    fn release_and_take_at_the_same_instant_share_only_in_order() {
        // k6: ramping-vus reaching 3 at 1s and externally-controlled releasing 2 at 1s.
        let rv = (Duration::ZERO, vec![s(0, 0), s(333, 1), s(666, 2), s(1000, 3), s(31_500, 0)]);
        let ec = (Duration::ZERO, vec![s(0, 2), s(1000, 0)]);
        assert_eq!(max_planned_vus(&[rv.clone(), ec.clone()]), 5);
        assert_eq!(max_planned_vus(&[ec, rv]), 4);
    }

    #[test]
    fn nothing_needs_nothing() {
        assert_eq!(max_planned_vus(&[]), 0);
    }
}
