//! `ramping-vus`: the number of looping VUs follows stages, interpolated linearly from
//! `startVUs`. A VU is added or removed at the instant the interpolated count crosses an integer;
//! a removed VU starts no new iteration and gets `gracefulRampDown` to finish the running one
//! before it is interrupted. After the last stage, running iterations get `gracefulStop`.
//!
//! With execution segments the count is the instance's share (`scale`) of the global count at
//! every instant, so VU #k of the instance starts exactly when the global ramp reaches the k-th
//! global VU that belongs to this segment.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::{BoxFuture, join_all};
use script::{ActivityReport, IterationGate, VuHandle};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::ramp::{raw_steps, reserved_steps};
use super::{ActiveVus, PlannedStep, ScenarioRun, give_back, hard_stop_watchdog, take_vus, time_progress, total};
use crate::options::{RampingVusConfig, ScenarioBase};
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// One stage: reach `target` VUs (all instances together) over `duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VuStage {
    /// Stage length.
    pub duration: Duration,
    /// VUs at the end of the stage.
    pub target: u64,
}

/// The executor's configuration (counts are for the whole test; `segment` scales them).
#[derive(Debug, Clone)]
pub struct RampingVus {
    /// VUs at the start.
    pub start_vus: u64,
    /// The stages.
    pub stages: Vec<VuStage>,
    /// Time a ramped-down VU gets to finish its iteration.
    pub graceful_ramp_down: Duration,
    /// Time running iterations get to finish after the last stage.
    pub graceful_stop: Duration,
    /// This instance's execution segment.
    pub segment: ExecutionTuple,
}

impl RampingVus {
    /// From the scenario's options.
    pub fn from_config(c: &RampingVusConfig, base: &ScenarioBase, segment: &ExecutionTuple) -> Self {
        Self {
            start_vus: c.start_vus().max(0) as u64,
            stages: c
                .stages()
                .iter()
                .map(|s| VuStage {
                    duration: s.duration.to_std_saturating(),
                    target: s.target.unwrap_or(0).max(0) as u64,
                })
                .collect(),
            graceful_ramp_down: c.graceful_ramp_down().to_std_saturating(),
            graceful_stop: base.graceful_stop().to_std_saturating(),
            segment: segment.clone(),
        }
    }

    /// Sum of the stage durations.
    pub fn stages_duration(&self) -> Duration {
        self.stages.iter().map(|s| s.duration).sum()
    }

    fn scale(&self, global: u64) -> u64 {
        self.segment.scale(global as i64).max(0) as u64
    }

    /// The most VUs this instance runs at once.
    pub fn max_vus(&self) -> u64 {
        let peak = self.stages.iter().map(|s| s.target).fold(self.start_vus, u64::max);
        self.scale(peak)
    }

    /// This instance's VU count over time: a step at every change, starting at offset 0 (when
    /// several changes fall on one instant, the last one holds).
    pub fn vu_steps(&self) -> Vec<PlannedStep> {
        let mut steps: Vec<PlannedStep> = Vec::new();
        for s in raw_steps(self.start_vus, &self.stages, &self.segment) {
            match steps.last_mut() {
                Some(last) if last.offset == s.offset => last.vus = s.vus,
                _ => steps.push(s),
            }
        }
        steps.dedup_by(|b, a| a.vus == b.vus);
        steps
    }

    /// VUs needed over the scenario's time: k6's plan, in which VUs being ramped down stay
    /// reserved for their gracefulRampDown, until the end of gracefulStop.
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        let raw = raw_steps(self.start_vus, &self.stages, &self.segment);
        reserved_steps(&raw, self.graceful_ramp_down, self.stages_duration() + self.graceful_stop)
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        run.number_iterations(&self.segment);
        let steps = self.vu_steps();
        let start = Instant::now();
        let regular_end = start + self.stages_duration();
        let (count_tx, count_rx) = watch::channel(steps.first().map_or(0, |s| s.vus));
        let ended = CancellationToken::new();
        let (hard_all, watchdog) = hard_stop_watchdog(run, Some(regular_end), self.graceful_stop);
        let progress = time_progress(run, start, self.stages_duration());
        let schedule = async {
            for step in steps.iter().skip(1) {
                tokio::select! {
                    _ = tokio::time::sleep_until((start + step.offset).into()) => { count_tx.send_replace(step.vus); }
                    _ = run.test_stop.cancelled() => break,
                }
            }
            tokio::select! {
                _ = tokio::time::sleep_until(regular_end.into()) => {}
                _ = run.test_stop.cancelled() => {}
            }
            ended.cancel();
        };
        // Each place takes its VU when first needed: the planned VUs count a VU from when the
        // ramp needs it, and another scenario may still hold it until then.
        let slots = (0..self.max_vus()).map(|i| Slot {
            index: i,
            count: count_rx.clone(),
            ended: ended.clone(),
            hard_all: hard_all.clone(),
            deadline: regular_end + self.graceful_stop,
            graceful_ramp_down: self.graceful_ramp_down,
        });
        let (_, reports) = tokio::join!(schedule, join_all(slots.map(|s| s.work(run, buffer))));
        watchdog.abort();
        progress.abort();
        (run.progress)(1.0);
        total(reports)
    }
}

/// The i-th VU place of the scenario: active while the VU count is above `index`.
struct Slot {
    index: u64,
    count: watch::Receiver<u64>,
    ended: CancellationToken,
    hard_all: CancellationToken,
    deadline: Instant,
    graceful_ramp_down: Duration,
}

impl Slot {
    async fn work(self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        let mut reports = Vec::new();
        let mut vu: Option<Arc<VuHandle>> = None;
        let i = self.index;
        loop {
            let mut wanted = self.count.clone();
            tokio::select! {
                r = wanted.wait_for(|c| *c > i) => if r.is_err() { break },
                _ = self.ended.cancelled() => break,
            }
            if self.ended.is_cancelled() {
                break;
            }
            if vu.is_none() {
                vu = take_vus(buffer, 1).await.pop();
            }
            let Some(vu) = &vu else {
                // Every initialised VU is busy elsewhere (planned VUs were too few): the place
                // stays empty rather than delaying the others.
                break;
            };
            let hard = self.hard_all.child_token();
            let gate = Arc::new(SlotGate { index: i, count: self.count.clone(), ended: self.ended.clone() });
            let watcher = tokio::spawn(ramp_down_watch(i, self.count.clone(), hard.clone(), self.graceful_ramp_down));
            let active = ActiveVus::new(run.program(), 1);
            reports.push(vu.run(run.activity(gate, hard, Some(self.deadline))).await);
            drop(active);
            watcher.abort();
        }
        give_back(buffer, vu);
        total(reports)
    }
}

/// Interrupts the slot's iteration when it stays ramped down longer than gracefulRampDown.
async fn ramp_down_watch(index: u64, mut count: watch::Receiver<u64>, hard: CancellationToken, grace: Duration) {
    loop {
        if count.wait_for(|c| *c <= index).await.is_err() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(grace) => {
                hard.cancel();
                return;
            }
            r = count.wait_for(|c| *c > index) => if r.is_err() { return },
        }
    }
}

struct SlotGate {
    index: u64,
    count: watch::Receiver<u64>,
    ended: CancellationToken,
}

impl IterationGate for SlotGate {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { !self.ended.is_cancelled() && *self.count.borrow() > self.index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(start: u64, stages: &[(u64, u64)], grd_ms: u64) -> RampingVus {
        RampingVus {
            start_vus: start,
            stages: stages.iter().map(|&(ms, t)| VuStage { duration: Duration::from_millis(ms), target: t }).collect(),
            graceful_ramp_down: Duration::from_millis(grd_ms),
            graceful_stop: Duration::from_millis(30_000),
            segment: ExecutionTuple::full(),
        }
    }

    fn ms(steps: &[PlannedStep]) -> Vec<(u64, u64)> {
        steps.iter().map(|s| (s.offset.as_millis() as u64, s.vus)).collect()
    }

    #[test]
    fn ramp_up_adds_a_vu_when_the_line_crosses_an_integer() {
        let p = plan(0, &[(1000, 4)], 0);
        assert_eq!(ms(&p.vu_steps()), vec![(0, 0), (250, 1), (500, 2), (750, 3), (1000, 4)]);
    }

    #[test]
    fn ramp_down_removes_a_vu_when_the_line_crosses_an_integer() {
        let p = plan(4, &[(1000, 0)], 0);
        assert_eq!(ms(&p.vu_steps()), vec![(0, 4), (250, 3), (500, 2), (750, 1), (1000, 0)]);
    }

    #[test]
    fn zero_length_stage_jumps() {
        let p = plan(1, &[(0, 5), (1000, 5)], 0);
        assert_eq!(ms(&p.vu_steps()), vec![(0, 5)]);
    }

    #[test]
    fn planned_steps_reserve_ramped_down_vus() {
        let p = plan(0, &[(1000, 3), (500, 0)], 30_000);
        let planned = p.planned_steps();
        assert_eq!(planned.iter().map(|s| s.vus).max(), Some(3));
        // Ramped-down VUs stay reserved for gracefulRampDown, until the end of gracefulStop.
        assert_eq!(ms(&planned).last(), Some(&(31_500, 0)));
        let at = |t: u64| planned.iter().take_while(|s| s.offset.as_millis() as u64 <= t).last().map(|s| s.vus);
        assert_eq!(at(30_999), Some(3));
        assert_eq!(at(31_400), Some(1));
    }

    #[test]
    fn planned_steps_release_after_graceful_ramp_down() {
        let p = plan(2, &[(1000, 2), (0, 0), (5000, 0)], 1000);
        assert_eq!(ms(&p.planned_steps()), vec![(0, 2), (2000, 0)]);
    }

    /// (last planned step in ms, most planned VUs) for startVUs 1 and gracefulStop 2s: k6's
    /// `inspect --execution-requirements` totalDuration and maxVUs for the same scenario.
    fn k6_requirements(stages: &[(u64, u64)], grd_ms: u64) -> (u64, u64) {
        let mut p = plan(1, stages, grd_ms);
        p.graceful_stop = Duration::from_secs(2);
        let steps = p.planned_steps();
        (steps.last().map_or(0, |s| s.offset.as_millis() as u64), steps.iter().map(|s| s.vus).max().unwrap_or(0))
    }

    #[test]
    fn zero_duration_stages_match_k6() {
        let stages = [(0, 3), (1000, 3), (0, 0), (1000, 0)];
        assert_eq!(k6_requirements(&stages, 0), (1000, 3));
        assert_eq!(k6_requirements(&stages, 1000), (2000, 3));
        assert_eq!(k6_requirements(&stages, 30_000), (4000, 3));
    }

    #[test]
    fn consecutive_equal_targets_match_k6() {
        let stages = [(1000, 2), (1000, 2), (1000, 4), (1000, 4)];
        for grd in [0, 1000, 30_000] {
            assert_eq!(k6_requirements(&stages, grd), (6000, 4), "gracefulRampDown {grd} ms");
        }
        // The flat stage holds the count: no step inside it.
        let p = plan(1, &stages, 0);
        assert_eq!(ms(&p.vu_steps()), vec![(0, 1), (1000, 2), (2500, 3), (3000, 4)]);
    }

    #[test]
    fn ramp_down_to_zero_with_graceful_ramp_down_matches_k6() {
        let stages = [(1000, 4), (2000, 0)];
        assert_eq!(k6_requirements(&stages, 0), (3000, 4));
        assert_eq!(k6_requirements(&stages, 1000), (4000, 4));
        assert_eq!(k6_requirements(&stages, 30_000), (5000, 4));
    }
}
