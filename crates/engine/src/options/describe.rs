//! The one-line scenario descriptions of k6's execution header
//! (`* default: 4 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)`), with
//! every number scaled to this instance's execution segment.

use super::duration::GoDuration;
use super::scenario::{ExecutorConfig, Scenario, stages_duration};
use crate::segment::ExecutionTuple;

impl Scenario {
    /// The header description, after `* <name>: `.
    pub fn describe(&self, tuple: &ExecutionTuple) -> String {
        let b = &self.base;
        let mut facts: Vec<String> = Vec::new();
        let head = match &self.executor {
            ExecutorConfig::SharedIterations(c) => {
                let iterations = tuple.resegment(c.vus()).scale(c.iterations());
                facts.push(format!("maxDuration: {}", c.max_duration()));
                format!("{iterations} iterations shared among {} VUs", tuple.scale(c.vus()))
            }
            ExecutorConfig::PerVuIterations(c) => {
                facts.push(format!("maxDuration: {}", c.max_duration()));
                format!("{} iterations for each of {} VUs", c.iterations(), tuple.scale(c.vus()))
            }
            ExecutorConfig::ConstantVus(c) => {
                format!("{} looping VUs for {}", tuple.scale(c.vus()), c.duration.unwrap_or_default())
            }
            ExecutorConfig::RampingVus(c) => {
                let peak = c.stages().iter().filter_map(|s| s.target).fold(c.start_vus(), i64::max);
                facts.push(format!("gracefulRampDown: {}", c.graceful_ramp_down()));
                format!(
                    "Up to {} looping VUs for {} over {} stages",
                    tuple.scale(peak),
                    stages_duration(c.stages()),
                    c.stages().len()
                )
            }
            ExecutorConfig::ConstantArrivalRate(c) => {
                let rate = per_second(c.rate.unwrap_or(0), c.time_unit(), tuple, c.max_vus());
                // k6 compares the scaled counts here (ramping-arrival-rate compares the unscaled ones).
                let (pre, max) = (tuple.scale(c.pre_allocated_vus()), tuple.scale(c.max_vus()));
                facts.push(max_vus_fact(pre, max, &ExecutionTuple::full()));
                format!("{rate:.2} iterations/s for {}", c.duration.unwrap_or_default())
            }
            ExecutorConfig::RampingArrivalRate(c) => {
                let peak = c.stages().iter().filter_map(|s| s.target).fold(c.start_rate(), i64::max);
                // k6 scales the ramping rate by the plain segment length here (not re-segmented).
                let rate = per_second_share(peak, c.time_unit(), tuple.segment().length().to_f64());
                facts.push(max_vus_fact(c.pre_allocated_vus(), c.max_vus(), tuple));
                format!(
                    "Up to {rate:.2} iterations/s for {} over {} stages",
                    stages_duration(c.stages()),
                    c.stages().len()
                )
            }
            ExecutorConfig::ExternallyControlled(c) => {
                let d = c.duration.unwrap_or_default();
                let duration = if d.0 == 0 { "infinite".to_string() } else { d.to_string() };
                return format!(
                    "Externally controlled execution with {} VUs, {} max VUs, {duration} duration",
                    tuple.scale(c.vus()),
                    tuple.scale(c.max_vus())
                );
            }
        };
        if let Some(exec) = &b.exec {
            facts.push(format!("exec: {exec}"));
        }
        if b.start_time().0 > 0 {
            facts.push(format!("startTime: {}", b.start_time()));
        }
        if b.graceful_stop().0 > 0 {
            facts.push(format!("gracefulStop: {}", b.graceful_stop()));
        }
        if facts.is_empty() { head } else { format!("{head} ({})", facts.join(", ")) }
    }
}

/// Iterations per second for `rate` per `time_unit`, scaled to this instance's share of the
/// striping re-segmented by `max_vus` (how k6 splits constant-arrival-rate).
fn per_second(rate: i64, time_unit: GoDuration, tuple: &ExecutionTuple, max_vus: i64) -> f64 {
    per_second_share(rate, time_unit, tuple.resegment(max_vus).share().to_f64())
}

fn per_second_share(rate: i64, time_unit: GoDuration, share: f64) -> f64 {
    let unit_secs = time_unit.0 as f64 / 1e9;
    if unit_secs <= 0.0 { 0.0 } else { rate as f64 * share / unit_secs }
}

/// `maxVUs: pre[-max]` scaled by `tuple`; the range shows when `max` exceeds `pre` as given
/// (for ramping-arrival-rate k6 compares unscaled values, so a segment can print `0-0`).
fn max_vus_fact(pre: i64, max: i64, tuple: &ExecutionTuple) -> String {
    if max > pre {
        format!("maxVUs: {}-{}", tuple.scale(pre), tuple.scale(max))
    } else {
        format!("maxVUs: {}", tuple.scale(pre))
    }
}
