//! `ramping-arrival-rate`: the iteration rate ramps linearly through stages from `startRate`.
//! Iteration i (1-based, numbered across all instances) starts when the integral of the rate
//! curve reaches i, so at a constant rate r the first iteration starts at 1/r, not at 0 (unlike
//! constant-arrival-rate), and the fractional part carries over between stages.
//!
//! VUs, drops and segments work as for constant-arrival-rate (see `arrival`): iterations follow
//! how `maxVUs` split across instances.

use std::time::Duration;

use script::ActivityReport;

use super::arrival::{ArrivalVus, run_arrivals};
use super::{PlannedStep, ScenarioRun};
use crate::options::{RampingArrivalRateConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// One stage: reach `target` iterations per time unit (all instances) over `duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateStage {
    /// Stage length.
    pub duration: Duration,
    /// Rate at the end of the stage.
    pub target: u64,
}

/// The executor's configuration (rates for the whole test; VU counts for this instance).
#[derive(Debug, Clone)]
pub struct RampingArrivalRate {
    /// Rate at the start, iterations per `time_unit`.
    pub start_rate: u64,
    /// The rates' time unit.
    pub time_unit: Duration,
    /// The stages.
    pub stages: Vec<RateStage>,
    /// VUs initialised before the test.
    pub pre_allocated_vus: u64,
    /// The most VUs it may use (initialising the rest mid-test).
    pub max_vus: u64,
    /// Time running iterations get to finish after the last stage.
    pub graceful_stop: Duration,
    /// This instance's execution segment (numbers VUs across instances).
    pub segment: ExecutionTuple,
    /// The segment re-striped by `maxVUs`: which global iterations this instance runs.
    pub iterations: ExecutionTuple,
}

impl RampingArrivalRate {
    /// From the scenario's options, scaled to `segment`.
    pub fn from_config(c: &RampingArrivalRateConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        Self {
            start_rate: c.start_rate().max(0) as u64,
            time_unit: c.time_unit().to_std_saturating(),
            stages: c
                .stages()
                .iter()
                .map(|s| RateStage {
                    duration: s.duration.to_std_saturating(),
                    target: s.target.unwrap_or(0).max(0) as u64,
                })
                .collect(),
            pre_allocated_vus: segment.scale(c.pre_allocated_vus()).max(0) as u64,
            max_vus: segment.scale(c.max_vus()).max(0) as u64,
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: segment.clone(),
            iterations: segment.resegment(c.max_vus()),
        }
    }

    /// Sum of the stage durations.
    pub fn stages_duration(&self) -> Duration {
        self.stages.iter().map(|s| s.duration).sum()
    }

    /// The highest rate of this instance, iterations per `time_unit`.
    pub fn instance_max_rate(&self) -> f64 {
        if self.max_vus == 0 {
            return 0.0;
        }
        let peak = self.stages.iter().map(|s| s.target).fold(self.start_rate, u64::max);
        peak as f64 * self.iterations.share().to_f64()
    }

    fn vus(&self) -> ArrivalVus {
        ArrivalVus { pre_allocated: self.pre_allocated_vus, max_vus: self.max_vus }
    }

    /// VUs needed over the scenario's time (the pre-allocated ones).
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        self.vus().planned_steps(self.stages_duration(), self.graceful_stop)
    }

    /// The rate curve in iterations per second, stage by stage.
    fn curve(&self) -> RateCurve {
        let unit = self.time_unit.as_secs_f64().max(f64::MIN_POSITIVE);
        let mut from = self.start_rate as f64 / unit;
        let mut start = 0.0;
        let mut count = 0.0;
        let mut pieces = Vec::with_capacity(self.stages.len());
        for s in &self.stages {
            let to = s.target as f64 / unit;
            let d = s.duration.as_secs_f64();
            pieces.push(Piece { start, duration: d, from, to, count_before: count });
            count += (from + to) / 2.0 * d;
            start += d;
            from = to;
        }
        RateCurve { pieces }
    }

    /// When this instance's `local`-th iteration is due, from the scenario start; `None` past
    /// the last stage.
    pub fn scheduled_at(&self, local: u64) -> Option<Duration> {
        let global = self.iterations.global_index(local as i64).max(0) as f64;
        self.curve().time_of(global + 1.0).map(Duration::from_secs_f64)
    }

    /// Every due time of this instance's iterations, in order.
    pub fn schedule(&self) -> impl Iterator<Item = Duration> + '_ {
        let curve = self.curve();
        let iterations = self.iterations.clone();
        (0..).map_while(move |local: i64| {
            let global = iterations.global_index(local).max(0) as f64;
            curve.time_of(global + 1.0).map(Duration::from_secs_f64)
        })
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.iterations);
        run_arrivals(
            run,
            buffer,
            self.vus(),
            self.stages_duration(),
            self.graceful_stop,
            &self.segment,
            self.schedule(),
        )
        .await
    }
}

/// One linear piece of the rate curve (rates per second, times in seconds).
struct Piece {
    start: f64,
    duration: f64,
    from: f64,
    to: f64,
    count_before: f64,
}

struct RateCurve {
    pieces: Vec<Piece>,
}

/// Tolerance for float error when an iteration falls exactly on a stage end.
const EPSILON: f64 = 1e-9;

impl RateCurve {
    /// The time at which the integral of the rate reaches `n`.
    fn time_of(&self, n: f64) -> Option<f64> {
        for p in &self.pieces {
            let area = (p.from + p.to) / 2.0 * p.duration;
            let x = n - p.count_before;
            if x > area + EPSILON || p.duration == 0.0 {
                continue;
            }
            let x = x.min(area);
            let slope = (p.to - p.from) / p.duration;
            let t = if slope.abs() < f64::EPSILON {
                if p.from <= 0.0 {
                    continue;
                }
                x / p.from
            } else {
                // from·t + slope·t²/2 = x
                let disc = (p.from * p.from + 2.0 * slope * x).max(0.0);
                (disc.sqrt() - p.from) / slope
            };
            return Some(p.start + t.clamp(0.0, p.duration));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rar(start: u64, stages: &[(u64, u64)]) -> RampingArrivalRate {
        RampingArrivalRate {
            start_rate: start,
            time_unit: Duration::from_secs(1),
            stages: stages
                .iter()
                .map(|&(ms, t)| RateStage { duration: Duration::from_millis(ms), target: t })
                .collect(),
            pre_allocated_vus: 1,
            max_vus: 1,
            graceful_stop: Duration::ZERO,
            segment: ExecutionTuple::full(),
            iterations: ExecutionTuple::full(),
        }
    }

    fn ms(d: Duration) -> u64 {
        (d.as_secs_f64() * 1000.0).round() as u64
    }

    #[test]
    fn constant_rate_starts_at_one_over_rate() {
        let r = rar(10, &[(1000, 10)]);
        let times: Vec<u64> = r.schedule().map(ms).collect();
        assert_eq!(times, (1..=10).map(|i| i * 100).collect::<Vec<_>>());
    }

    #[test]
    fn linear_ramp_follows_the_integral() {
        // 0 → 10/s over 1s: 5 iterations, the i-th at sqrt(i/5) s.
        let r = rar(0, &[(1000, 10)]);
        let times: Vec<u64> = r.schedule().map(ms).collect();
        let want: Vec<u64> = (1..=5).map(|i| ((i as f64 / 5.0).sqrt() * 1000.0).round() as u64).collect();
        assert_eq!(times, want);
    }

    #[test]
    fn fraction_carries_over_between_stages() {
        // 0.5 iteration in the first stage, the first iteration lands in the second.
        let r = rar(0, &[(1000, 1), (1000, 1)]);
        let times: Vec<u64> = r.schedule().map(ms).collect();
        assert_eq!(times, vec![1500]);
    }

    #[test]
    fn zero_rate_schedules_nothing() {
        let r = rar(0, &[(1000, 0)]);
        assert_eq!(r.schedule().count(), 0);
    }
}
