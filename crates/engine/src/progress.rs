//! The live progress of a run, as plain numbers and short texts the console UI polls: which
//! phase the run is in (initialising VUs, setup, scenarios) and, per scenario, its state mark,
//! its progress and the executor-specific right-hand columns k6 shows (`2/3 VUs`, `1.0s/1.5s`,
//! `4/4 shared iters`, `30.00 iters/s`).
//!
//! The engine fills a [`ProgressBoard`] as the run advances (the executors only through
//! [`ScenarioProgress::observe`], which wraps their iteration gates to count busy VUs and
//! completed iterations); the UI reads [`ProgressBoard::snapshot`] whenever it redraws. Nothing
//! here takes a lock on the iteration path: the counters are atomics, and the one mutex holds
//! the frozen texts of a finished scenario.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use script::{InstanceCounters, IterationGate};

use crate::plan::{ExecutionPlan, ExecutorPlan, ScenarioPlan};

mod columns;

pub use columns::{fixed_count, fixed_duration};

/// A scenario's state mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarStatus {
    /// Running, or not started yet (no mark).
    Running,
    /// Waiting for its `startTime` (`•`).
    Waiting,
    /// Past its regular duration, in gracefulStop or gracefulRampDown (`↓`).
    Stopping,
    /// Finished (`✓`).
    Done,
    /// Stopped by a signal or an abort (`✗`).
    Interrupted,
}

/// One scenario's bar at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSnapshot {
    /// The scenario name.
    pub name: String,
    /// Its state mark.
    pub status: BarStatus,
    /// Progress from 0 to 1.
    pub progress: f64,
    /// The right-hand columns; empty before the scenario phase starts.
    pub columns: Vec<String>,
}

/// What the first line of the display shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Head {
    /// VUs are being initialised: `Init [..] 02/16 VUs initialized`.
    Init {
        /// VUs initialised so far.
        done: u64,
        /// Planned VUs.
        total: u64,
    },
    /// `setup()` runs: `Run [ 100% ] setup()`.
    Setup,
    /// The run-status line (`running (<T>), <a>/<b> VUs, ...`).
    Running(RunStats),
}

/// The numbers of the run-status line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunStats {
    /// Time since the run started (frozen once it ended).
    pub elapsed: Duration,
    /// The longest the run can take (chooses the time format).
    pub max_duration: Duration,
    /// VUs running iterations.
    pub active_vus: u64,
    /// VUs initialised.
    pub initialized_vus: u64,
    /// The most VUs the run may have (chooses the zero padding).
    pub max_vus: u64,
    /// Completed iterations.
    pub complete: u64,
    /// Interrupted iterations.
    pub interrupted: u64,
}

/// The whole display at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardSnapshot {
    /// The first line.
    pub head: Head,
    /// One bar per scenario with work on this instance, by (startTime, name).
    pub bars: Vec<BarSnapshot>,
}

const PHASE_INIT: u8 = 0;
const PHASE_SETUP: u8 = 1;
const PHASE_RUNNING: u8 = 2;

/// The run's progress, shared between the engine (writer) and the UI (reader).
#[derive(Debug)]
pub struct ProgressBoard {
    phase: AtomicU8,
    started: OnceLock<Instant>,
    scenarios_started: OnceLock<Instant>,
    ended: OnceLock<Duration>,
    planned_vus: u64,
    max_vus: u64,
    max_duration: Duration,
    scenarios: Vec<Arc<ScenarioProgress>>,
}

impl ProgressBoard {
    /// A board for `plan`, in the init phase.
    pub fn new(plan: &ExecutionPlan) -> Self {
        let max_duration = plan
            .scenarios
            .iter()
            .filter_map(|s| s.executor.max_duration().map(|d| d + s.start_time))
            .max()
            .unwrap_or_default();
        Self {
            phase: AtomicU8::new(PHASE_INIT),
            started: OnceLock::new(),
            scenarios_started: OnceLock::new(),
            ended: OnceLock::new(),
            planned_vus: plan.planned_vus(),
            max_vus: plan.max_possible_vus(),
            max_duration,
            scenarios: plan
                .scenarios
                .iter()
                .map(|s| Arc::new(ScenarioProgress::new(&s.name, s.start_time, &s.executor)))
                .collect(),
        }
    }

    /// The bar of `plan`, the scenario at `index` in the plan (a bar nobody shows when the
    /// board was built from another plan).
    pub fn scenario(&self, index: usize, plan: &ScenarioPlan) -> Arc<ScenarioProgress> {
        match self.scenarios.get(index) {
            Some(s) if s.name == plan.name => s.clone(),
            _ => Arc::new(ScenarioProgress::new(&plan.name, plan.start_time, &plan.executor)),
        }
    }

    /// VUs are ready; setup() starts and the run clock with it.
    pub fn mark_started(&self) {
        let _ = self.started.set(Instant::now());
        self.phase.store(PHASE_SETUP, Ordering::Relaxed);
    }

    /// setup() is over; the scenarios start (their startTime counts from here).
    pub fn mark_scenarios_started(&self) {
        let _ = self.started.set(Instant::now());
        let _ = self.scenarios_started.set(Instant::now());
        self.phase.store(PHASE_RUNNING, Ordering::Relaxed);
    }

    /// teardown() is over: the run clock stops.
    pub fn mark_ended(&self) {
        let elapsed = self.started.get().map(Instant::elapsed).unwrap_or_default();
        // The phase stays: a run that failed in setup() keeps showing the setup bar, as k6 does.
        let _ = self.ended.set(elapsed);
    }

    /// The display now, with the run-wide counters from `counters`.
    pub fn snapshot(&self, counters: &InstanceCounters) -> BoardSnapshot {
        let head = match self.phase.load(Ordering::Relaxed) {
            PHASE_INIT => {
                Head::Init { done: counters.vus_initialized.load(Ordering::Relaxed), total: self.planned_vus }
            }
            PHASE_SETUP => Head::Setup,
            _ => Head::Running(RunStats {
                elapsed: self
                    .ended
                    .get()
                    .copied()
                    .or_else(|| self.started.get().map(Instant::elapsed))
                    .unwrap_or_default(),
                max_duration: self.max_duration,
                active_vus: counters.vus_active.load(Ordering::Relaxed),
                initialized_vus: counters.vus_initialized.load(Ordering::Relaxed),
                max_vus: self.max_vus,
                complete: counters.iterations_completed.load(Ordering::Relaxed),
                interrupted: counters.iterations_interrupted.load(Ordering::Relaxed),
            }),
        };
        let mut shown: Vec<&Arc<ScenarioProgress>> = self.scenarios.iter().filter(|s| s.executor.has_work()).collect();
        shown.sort_by(|a, b| (a.start_time, &a.name).cmp(&(b.start_time, &b.name)));
        let phase_start = self.scenarios_started.get().copied();
        BoardSnapshot { head, bars: shown.iter().map(|s| s.snapshot(phase_start)).collect() }
    }
}

/// One scenario's live numbers.
#[derive(Debug)]
pub struct ScenarioProgress {
    name: String,
    start_time: Duration,
    executor: ExecutorPlan,
    started: OnceLock<Instant>,
    progress_bits: AtomicU64,
    vus: AtomicU64,
    vus_peak: AtomicU64,
    busy: AtomicU64,
    completed: AtomicU64,
    frozen: Mutex<Option<BarSnapshot>>,
}

impl ScenarioProgress {
    fn new(name: &str, start_time: Duration, executor: &ExecutorPlan) -> Self {
        Self {
            name: name.to_string(),
            start_time,
            executor: executor.clone(),
            started: OnceLock::new(),
            progress_bits: AtomicU64::new(0f64.to_bits()),
            vus: AtomicU64::new(0),
            vus_peak: AtomicU64::new(0),
            busy: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            frozen: Mutex::new(None),
        }
    }

    /// The scenario's executor starts now.
    pub fn mark_started(&self) {
        let _ = self.started.set(Instant::now());
    }

    /// The executor's own progress (0..1), shown by time-less executors.
    pub fn set_progress(&self, p: f64) {
        self.progress_bits.store(p.to_bits(), Ordering::Relaxed);
    }

    /// The executor returned: the bar freezes with its last texts and a `✓` (or `✗` when the
    /// test was stopped).
    pub fn finish(&self, interrupted: bool) {
        let mut snap = self.live(Instant::now());
        snap.status = if interrupted { BarStatus::Interrupted } else { BarStatus::Done };
        if !interrupted {
            snap.progress = 1.0;
        }
        if let Ok(mut frozen) = self.frozen.lock() {
            *frozen = Some(snap);
        }
    }

    /// Wraps a VU's iteration gate so the bar sees busy VUs and completed iterations.
    pub fn observe(self: &Arc<Self>, gate: Arc<dyn IterationGate>) -> Arc<dyn IterationGate> {
        let vus = self.vus.fetch_add(1, Ordering::Relaxed) + 1;
        self.vus_peak.fetch_max(vus, Ordering::Relaxed);
        Arc::new(ObservedGate { inner: gate, bar: self.clone(), in_iteration: AtomicBool::new(false) })
    }

    fn snapshot(&self, phase_start: Option<Instant>) -> BarSnapshot {
        if let Some(frozen) = self.frozen.lock().ok().and_then(|f| f.clone()) {
            return frozen;
        }
        let now = Instant::now();
        match (self.started.get(), phase_start) {
            (Some(_), _) => self.live(now),
            (None, Some(phase)) if self.start_time > Duration::ZERO => {
                let left = self.start_time.as_secs_f64() - now.duration_since(phase).as_secs_f64();
                BarSnapshot {
                    name: self.name.clone(),
                    status: BarStatus::Waiting,
                    progress: 0.0,
                    columns: vec![
                        "waiting".to_string(),
                        fixed_duration(Duration::from_secs_f64(left.abs()), self.start_time),
                    ],
                }
            }
            _ => {
                BarSnapshot { name: self.name.clone(), status: BarStatus::Running, progress: 0.0, columns: Vec::new() }
            }
        }
    }
}

/// A VU's gate that counts for its scenario's bar: busy from a granted iteration until the VU
/// asks for the next one (which means the iteration completed).
struct ObservedGate {
    inner: Arc<dyn IterationGate>,
    bar: Arc<ScenarioProgress>,
    in_iteration: AtomicBool,
}

impl IterationGate for ObservedGate {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            if self.in_iteration.swap(false, Ordering::Relaxed) {
                self.bar.busy.fetch_sub(1, Ordering::Relaxed);
                self.bar.completed.fetch_add(1, Ordering::Relaxed);
            }
            let granted = self.inner.next().await;
            if granted {
                self.in_iteration.store(true, Ordering::Relaxed);
                self.bar.busy.fetch_add(1, Ordering::Relaxed);
            }
            granted
        })
    }
}

impl Drop for ObservedGate {
    fn drop(&mut self) {
        // An iteration cut off by the hard stop never asks for the next one.
        if *self.in_iteration.get_mut() {
            self.bar.busy.fetch_sub(1, Ordering::Relaxed);
        }
        self.bar.vus.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::ExecutionTuple;

    /// Grants `left` iterations, then refuses.
    struct Grants(AtomicU64);

    impl IterationGate for Grants {
        fn next(&self) -> BoxFuture<'_, bool> {
            let granted = self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok();
            Box::pin(async move { granted })
        }
    }

    #[test]
    fn observed_gates_count_busy_vus_and_completed_iterations() {
        let plan = ExecutorPlan::SharedIterations(crate::executor::SharedIterations {
            vus: 2,
            iterations: 3,
            max_duration: Duration::from_secs(600),
            graceful_stop: Duration::from_secs(30),
            segment: ExecutionTuple::full(),
        });
        let bar = Arc::new(ScenarioProgress::new("si", Duration::ZERO, &plan));
        bar.mark_started();
        let shared: Arc<dyn IterationGate> = Arc::new(Grants(AtomicU64::new(3)));
        let (a, b) = (bar.observe(shared.clone()), bar.observe(shared));
        let next = |g: &Arc<dyn IterationGate>| futures::executor::block_on(g.next());
        assert!(next(&a) && next(&b));
        assert_eq!(bar.live(Instant::now()).columns[2], "0/3 shared iters");
        assert_eq!(bar.busy.load(Ordering::Relaxed), 2);
        assert!(next(&a));
        assert!(!next(&b));
        assert_eq!(bar.busy.load(Ordering::Relaxed), 1);
        // `a` is cut off mid-iteration: not completed, no longer busy.
        drop((a, b));
        assert_eq!(bar.busy.load(Ordering::Relaxed), 0);
        assert_eq!(bar.vus.load(Ordering::Relaxed), 0);
        let live = bar.live(Instant::now());
        assert_eq!(live.columns[0], "2 VUs");
        assert!(live.columns[1].ends_with("/10m0s"), "{}", live.columns[1]);
        assert_eq!(live.columns[2], "2/3 shared iters");
        bar.finish(true);
        let frozen = bar.snapshot(None);
        assert_eq!(frozen.status, BarStatus::Interrupted);
        assert_eq!(frozen.columns[2], "2/3 shared iters");
    }

    #[test]
    fn the_head_follows_the_run_phases_and_the_clock_stops_at_the_end() {
        let board = ProgressBoard {
            phase: AtomicU8::new(PHASE_INIT),
            started: OnceLock::new(),
            scenarios_started: OnceLock::new(),
            ended: OnceLock::new(),
            planned_vus: 16,
            max_vus: 18,
            max_duration: Duration::from_secs(630),
            scenarios: Vec::new(),
        };
        let counters = InstanceCounters::default();
        counters.vus_initialized.store(2, Ordering::Relaxed);
        assert_eq!(board.snapshot(&counters).head, Head::Init { done: 2, total: 16 });
        board.mark_started();
        assert_eq!(board.snapshot(&counters).head, Head::Setup);
        board.mark_scenarios_started();
        counters.iterations_completed.store(5, Ordering::Relaxed);
        let Head::Running(stats) = board.snapshot(&counters).head else {
            panic!("the status line follows setup()");
        };
        assert_eq!((stats.initialized_vus, stats.max_vus, stats.complete), (2, 18, 5));
        board.mark_ended();
        let at_end = board.snapshot(&counters).head;
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(board.snapshot(&counters).head, at_end, "the clock stopped");
    }
}
