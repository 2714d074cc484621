//! `constant-arrival-rate`: `rate` iterations per `timeUnit` for `duration`, whatever the
//! iterations' own length. Iteration k (numbered across all instances) is scheduled at
//! `k × timeUnit / rate` from the scenario start, so the first starts at once and one falls
//! exactly on `duration` (k6 runs it when its timer wins the race; Stampede always does).
//!
//! With execution segments, VU counts are scaled, and iterations follow how `maxVUs` split
//! across instances (k6's re-segmentation): this instance runs the global iteration numbers of
//! its re-striped segment, at their global times.

use std::time::Duration;

use script::ActivityReport;

use super::arrival::{ArrivalVus, run_arrivals};
use super::{PlannedStep, ScenarioRun};
use crate::options::{ConstantArrivalRateConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// The executor's configuration (`rate` for the whole test; VU counts for this instance).
#[derive(Debug, Clone)]
pub struct ConstantArrivalRate {
    /// Iterations per `time_unit`, all instances together.
    pub rate: u64,
    /// The rate's time unit.
    pub time_unit: Duration,
    /// How long iterations are started.
    pub duration: Duration,
    /// VUs initialised before the test.
    pub pre_allocated_vus: u64,
    /// The most VUs it may use (initialising the rest mid-test).
    pub max_vus: u64,
    /// Time running iterations get to finish after `duration`.
    pub graceful_stop: Duration,
    /// This instance's execution segment (numbers VUs across instances).
    pub segment: ExecutionTuple,
    /// The segment re-striped by `maxVUs`: which global iterations this instance runs.
    pub iterations: ExecutionTuple,
}

impl ConstantArrivalRate {
    /// From the scenario's options, scaled to `segment`.
    pub fn from_config(c: &ConstantArrivalRateConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        Self {
            rate: c.rate.unwrap_or(0).max(0) as u64,
            time_unit: c.time_unit().to_std_saturating(),
            duration: c.duration.unwrap_or_default().to_std_saturating(),
            pre_allocated_vus: segment.scale(c.pre_allocated_vus()).max(0) as u64,
            max_vus: segment.scale(c.max_vus()).max(0) as u64,
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: segment.clone(),
            iterations: segment.resegment(c.max_vus()),
        }
    }

    /// This instance's iterations per `time_unit`.
    pub fn instance_rate(&self) -> f64 {
        if self.max_vus == 0 {
            return 0.0;
        }
        self.rate as f64 * self.iterations.share().to_f64()
    }

    fn vus(&self) -> ArrivalVus {
        ArrivalVus { pre_allocated: self.pre_allocated_vus, max_vus: self.max_vus }
    }

    /// VUs needed over the scenario's time (the pre-allocated ones).
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        self.vus().planned_steps(self.duration, self.graceful_stop)
    }

    /// When this instance's `local`-th iteration is due, from the scenario start.
    pub fn scheduled_at(&self, local: u64) -> Duration {
        let global = self.iterations.global_index(local as i64).max(0) as u128;
        let rate = self.rate.max(1) as u128;
        let nanos = global * self.time_unit.as_nanos() / rate;
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }

    /// How many iterations this instance starts when none is dropped.
    pub fn scheduled_iterations(&self) -> u64 {
        if self.rate == 0 || self.max_vus == 0 {
            return 0;
        }
        (0..).take_while(|k| self.scheduled_at(*k) <= self.duration).count() as u64
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.iterations);
        let schedule = (0..).map(|k| self.scheduled_at(k));
        let schedule = schedule.take(if self.rate == 0 { 0 } else { usize::MAX });
        run_arrivals(run, buffer, self.vus(), self.duration, self.graceful_stop, &self.segment, schedule).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::SegmentSequence;

    fn car(rate: u64, max_vus: i64, segment: &ExecutionTuple) -> ConstantArrivalRate {
        let c = ConstantArrivalRateConfig {
            rate: Some(rate as i64),
            time_unit: None,
            duration: Some(crate::options::GoDuration::from_secs(1)),
            pre_allocated_vus: Some(max_vus),
            max_vus: None,
        };
        ConstantArrivalRate::from_config(&c, &ScenarioBase::default(), segment)
    }

    #[test]
    fn first_iteration_at_zero_and_one_at_the_end() {
        let c = car(10, 5, &ExecutionTuple::full());
        assert_eq!(c.scheduled_at(0), Duration::ZERO);
        assert_eq!(c.scheduled_at(10), Duration::from_secs(1));
        assert_eq!(c.scheduled_iterations(), 11);
    }

    #[test]
    fn thirds_run_the_striped_global_iterations() {
        // k6 v1.1.0: 10/s, maxVUs 5 over thirds → global iterations 0,3,5,8,10 / 1,4,6,9 / 2,7.
        let seq = SegmentSequence::parse("0,1/3,2/3,1").expect("sequence");
        let expected: [&[u64]; 3] = [&[0, 3, 5, 8, 10], &[1, 4, 6, 9], &[2, 7]];
        for (i, want) in expected.iter().enumerate() {
            let seg = seq.segments()[i];
            let tuple = ExecutionTuple::new(Some(&seg), Some(&seq)).expect("tuple");
            let c = car(10, 5, &tuple);
            let n = c.scheduled_iterations();
            let got: Vec<u64> = (0..n).map(|k| c.iterations.global_index(k as i64) as u64).collect();
            assert_eq!(&got, want, "segment {i}");
        }
    }
}
