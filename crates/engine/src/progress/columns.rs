//! The executor-specific side of a scenario's bar: its progress and the right-hand columns
//! k6's executors report (`2/3 VUs`, `1.0s/1.5s`, `4/4 shared iters`, `30.00 iters/s`), with
//! k6's fixed-width number and duration formats so the columns do not jitter as values grow.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{BarSnapshot, BarStatus, ScenarioProgress};
use crate::executor::RampingArrivalRate;
use crate::options::GoDuration;
use crate::plan::ExecutorPlan;

impl ScenarioProgress {
    /// The bar as the executor reports it now (before any freeze).
    pub(super) fn live(&self, now: Instant) -> BarSnapshot {
        let spent = self.started.get().map(|s| now.duration_since(*s)).unwrap_or_default();
        let busy = self.busy.load(Ordering::Relaxed);
        let done = self.completed.load(Ordering::Relaxed);
        let timed = |d: Duration| -> (f64, String) {
            if spent > d {
                (1.0, GoDuration::from_std(d).to_string())
            } else {
                let p = if d.is_zero() { 1.0 } else { spent.as_secs_f64() / d.as_secs_f64() };
                (p, format!("{}/{}", fixed_duration(spent, d), GoDuration::from_std(d)))
            }
        };
        let (progress, regular, columns) = match &self.executor {
            ExecutorPlan::SharedIterations(e) => {
                let (_, time) = timed(e.max_duration);
                let iters = format!(
                    "{}/{} shared iters",
                    fixed_count(done, e.iterations),
                    fixed_count(e.iterations, e.iterations)
                );
                (ratio(done, e.iterations), e.max_duration, vec![format!("{} VUs", e.active_vus()), time, iters])
            }
            ExecutorPlan::PerVuIterations(e) => {
                let total = e.vus * e.iterations;
                let (_, time) = timed(e.max_duration);
                let iters = format!(
                    "{}/{} iters, {} per VU",
                    fixed_count(done, total),
                    fixed_count(total, total),
                    e.iterations
                );
                (ratio(done, total), e.max_duration, vec![format!("{} VUs", e.vus), time, iters])
            }
            ExecutorPlan::ConstantVus(e) => {
                let (p, time) = timed(e.duration);
                (p, e.duration, vec![format!("{} VUs", e.vus), time])
            }
            ExecutorPlan::RampingVus(e) => {
                let d = e.stages_duration();
                let max = e.max_vus();
                let (p, mut time) = timed(d);
                if spent <= d {
                    time = format!("{}/{}", fixed_duration(spent, d), fixed_duration(d, d));
                }
                (p, d, vec![format!("{}/{} VUs", fixed_count(busy, max), fixed_count(max, max)), time])
            }
            ExecutorPlan::ConstantArrivalRate(e) => {
                let (p, time) = timed(e.duration);
                let rate = e.instance_rate() / e.time_unit.as_secs_f64().max(f64::MIN_POSITIVE);
                (p, e.duration, vec![self.arrival_vus(e.max_vus), time, rate_text(rate, rate)])
            }
            ExecutorPlan::RampingArrivalRate(e) => {
                let d = e.stages_duration();
                let (p, time) = timed(d);
                let unit = e.time_unit.as_secs_f64().max(f64::MIN_POSITIVE);
                let rate = ramping_rate_shown(e, spent);
                let max = e.instance_max_rate() / unit;
                (p, d, vec![self.arrival_vus(e.max_vus), time, rate_text(rate, max)])
            }
            ExecutorPlan::ExternallyControlled(e) => {
                let vus = format!("{}/{} VUs", fixed_count(e.vus, e.max_vus), fixed_count(e.max_vus, e.max_vus));
                let (p, time) = match e.duration {
                    Some(d) => timed(d),
                    None => (0.0, String::new()),
                };
                (p, e.duration.unwrap_or(Duration::MAX), vec![vus, time, String::new()])
            }
        };
        // k6 marks the scenario stopping only when there is a gracefulStop to wait through.
        let graceful = self.executor.max_duration().map_or(Duration::ZERO, |m| m.saturating_sub(regular));
        let status = if spent > regular && !graceful.is_zero() { BarStatus::Stopping } else { BarStatus::Running };
        BarSnapshot { name: self.name.clone(), status, progress: progress.clamp(0.0, 1.0), columns }
    }

    fn arrival_vus(&self, max: u64) -> String {
        let active = self.vus_peak.load(Ordering::Relaxed);
        format!("{}/{} VUs", fixed_count(self.busy.load(Ordering::Relaxed), max), fixed_count(active, max))
    }
}

fn ratio(done: u64, total: u64) -> f64 {
    if total == 0 { 1.0 } else { done as f64 / total as f64 }
}

/// `n` zero-padded to the digit count of `max` (k6's fixed-width counters).
pub fn fixed_count(n: u64, max: u64) -> String {
    let width = max.max(1).to_string().len();
    format!("{n:0width$}")
}

/// `30.00 iters/s`, zero-padded to the integer width of `max` (`09.47 iters/s` when max is 10).
fn rate_text(rate: f64, max: f64) -> String {
    let width = (max.max(0.0) as u64).max(1).to_string().len() + 3;
    format!("{rate:0width$.2} iters/s")
}

/// The rate k6 shows for ramping-arrival-rate: one iteration over the gap between the
/// iteration it waits for at `spent` (the last one once the schedule is over) and the one
/// before it, per second; 0 when nothing is scheduled.
fn ramping_rate_shown(e: &RampingArrivalRate, spent: Duration) -> f64 {
    let due_by = |k: u64| e.scheduled_at(k).is_some_and(|t| t <= spent);
    // The first iteration not yet due: exponential then binary search (due times ascend).
    let (mut lo, mut hi) = (0u64, 1u64);
    while due_by(hi - 1) {
        lo = hi;
        hi = hi.saturating_mul(2);
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if due_by(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let next = match e.scheduled_at(lo) {
        Some(_) => lo,
        None if lo > 0 => lo - 1,
        None => return 0.0,
    };
    let at = |k: u64| e.scheduled_at(k).unwrap_or_default();
    let before = if next == 0 { Duration::ZERO } else { at(next - 1) };
    let gap = at(next).saturating_sub(before).as_secs_f64();
    if gap > 0.0 { 1.0 / gap } else { 0.0 }
}

/// k6's fixed-width duration: 0.1 s resolution, shape chosen by `max` so the text does not
/// change width as the time grows (`1.5s`, `01.0s`, `0m01.0s`, `00m01.0s`, `0h00m01.0s`).
pub fn fixed_duration(d: Duration, max: Duration) -> String {
    let tenths = |x: Duration| (x.as_secs_f64() * 10.0).round() as u64;
    let t = tenths(d);
    let max = tenths(max.max(d));
    let (h, m, s, f) = (t / 36_000, (t / 600) % 60, (t / 10) % 60, t % 10);
    match max {
        m10 if m10 < 100 => format!("{}.{f}s", t / 10),
        x if x < 600 => format!("{:02}.{f}s", t / 10),
        x if x < 6_000 => format!("{}m{s:02}.{f}s", t / 600),
        x if x < 36_000 => format!("{:02}m{s:02}.{f}s", t / 600),
        x if x < 360_000 => format!("{h}h{m:02}m{s:02}.{f}s"),
        _ => format!("{h:02}h{m:02}m{s:02}.{f}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::RateStage;
    use crate::segment::ExecutionTuple;

    #[test]
    fn fixed_duration_shapes() {
        let s = Duration::from_secs;
        assert_eq!(fixed_duration(Duration::from_millis(1500), s(5)), "1.5s");
        assert_eq!(fixed_duration(Duration::from_millis(100), s(32)), "00.1s");
        assert_eq!(fixed_duration(s(1), s(300)), "0m01.0s");
        assert_eq!(fixed_duration(Duration::from_millis(400), s(600)), "00m00.4s");
        assert_eq!(fixed_duration(Duration::from_millis(1500), s(630)), "00m01.5s");
        assert_eq!(fixed_duration(s(3661), s(7200)), "1h01m01.0s");
        assert_eq!(fixed_duration(s(2), s(2)), "2.0s");
    }

    #[test]
    fn padded_counters_and_rates() {
        assert_eq!(fixed_count(4, 12), "04");
        assert_eq!(fixed_count(35, 4), "35");
        assert_eq!(rate_text(30.0, 30.0), "30.00 iters/s");
        assert_eq!(rate_text(9.47, 10.0), "09.47 iters/s");
        assert_eq!(rate_text(5.0, 5.0), "5.00 iters/s");
    }

    fn ramping(start_rate: u64, secs: u64, target: u64) -> RampingArrivalRate {
        RampingArrivalRate {
            start_rate,
            time_unit: Duration::from_secs(1),
            stages: vec![RateStage { duration: Duration::from_secs(secs), target }],
            pre_allocated_vus: 1,
            max_vus: 3,
            graceful_stop: Duration::from_secs(30),
            segment: ExecutionTuple::full(),
            iterations: ExecutionTuple::full(),
        }
    }

    #[test]
    fn ramping_rate_follows_the_gap_between_iterations_as_k6_does() {
        let shown = |e: &RampingArrivalRate, ms| rate_text(ramping_rate_shown(e, Duration::from_millis(ms)), 10.0);
        // k6 v1.1.0 (spec sample 07): 0 -> 10/s over 1s ends at 09.47 iters/s.
        let f_rar = ramping(0, 1, 10);
        assert_eq!(shown(&f_rar, 1500), "09.47 iters/s");
        // Captured: 1 -> 10/s over 2s shows 02.08 before the first iteration, 09.77 at the end.
        let rar = ramping(1, 2, 10);
        assert_eq!(shown(&rar, 300), "02.08 iters/s");
        assert_eq!(shown(&rar, 5000), "09.77 iters/s");
    }
}
