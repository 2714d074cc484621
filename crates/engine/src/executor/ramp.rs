//! The VU ramp of `ramping-vus`, as k6 plans it: the raw ramp (the VU count at each change) and
//! the planned steps derived from it, in which ramped-down VUs stay reserved for
//! `gracefulRampDown`. The VU scheduler follows the raw ramp; VU initialisation, the header's
//! max VUs and `inspect --execution-requirements` use the planned steps, so all agree.

use std::time::Duration;

use super::{PlannedStep, VuStage};
use crate::segment::ExecutionTuple;

/// k6's raw VU ramp on this instance: a step each time the scaled VU count changes (first at
/// offset 0), a VU added when the global ramp crosses its integer, and a zero-length stage
/// jumping at once. Steps at the same instant are kept in order, so a peak reached just before a
/// jump to 0 still counts.
pub(super) fn raw_steps(start_vus: u64, stages: &[VuStage], segment: &ExecutionTuple) -> Vec<PlannedStep> {
    let scale = |v: u64| segment.scale(i64::try_from(v).unwrap_or(i64::MAX)).max(0) as u64;
    let mut steps = vec![PlannedStep::new(Duration::ZERO, scale(start_vus))];
    let mut add = |t: i128, vus: u64| {
        if steps.last().is_some_and(|s| s.vus != vus) {
            steps.push(PlannedStep::new(Duration::from_nanos(u64::try_from(t.max(0)).unwrap_or(u64::MAX)), vus));
        }
    };
    let mut from = i128::from(start_vus);
    let mut end: i128 = 0;
    for stage in stages {
        let to = i128::from(stage.target);
        let dur = stage.duration.as_nanos() as i128;
        end += dur;
        if to == from {
            continue;
        }
        if dur == 0 {
            add(end, scale(stage.target));
        } else if to > from {
            for k in from + 1..=to {
                add(end - dur * (to - k) / (to - from), scale(k as u64));
            }
        } else {
            for k in (to..from).rev() {
                add(end - dur * (k - to) / (from - to), scale(k as u64));
            }
        }
        from = to;
    }
    steps
}

/// k6's planned steps from the raw ramp: ramped-down VUs stay reserved for
/// `graceful_ramp_down`, and the plan ends with 0 VUs at `end` (stages + gracefulStop) unless
/// the ramp already released all. Walking the ramp, each drop keeps the higher count until
/// `graceful_ramp_down` later unless the ramp climbs back within that window, and no
/// reservation reaches past `end`.
pub(super) fn reserved_steps(raw: &[PlannedStep], graceful_ramp_down: Duration, end: Duration) -> Vec<PlannedStep> {
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
