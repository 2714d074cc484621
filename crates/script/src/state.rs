//! Per-VU state that native functions read and change: the VU's identity, phase, scenario, group,
//! tags, the bytes it moved in this iteration, and its event loop.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use futures::future::BoxFuture;
use metrics::{MetricId, Sample, SampleBuffer, TagSet, TagSetBuilder};
use tokio_util::sync::CancellationToken;

use crate::event_loop::EventLoop;
use crate::program::Program;

/// Which part of the test lifecycle a VU is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Evaluating the script's global scope.
    Init,
    /// Running `setup()`.
    Setup,
    /// Running iterations of a scenario.
    Iteration,
    /// Running `teardown()`.
    Teardown,
    /// Running `handleSummary()`.
    HandleSummary,
}

/// Something that moves network bytes for a VU (a protocol module's connection). The VU polls
/// its sources whenever it reports `data_sent`/`data_received`, so bytes count even when no
/// call reported them before the iteration ended (an interrupted iteration, a stream cut short).
pub trait ByteSource {
    /// Bytes sent and received since the previous call.
    fn take_bytes(&self) -> (u64, u64);
}

/// Maps an instance-local iteration number to its number across all instances (segments).
pub type IterationMap = Arc<dyn Fn(u64) -> u64 + Send + Sync>;

/// A scenario as VUs see it; shared by every VU that works for it.
pub struct ScenarioInfo {
    /// Scenario name (`default` for the shortcut options).
    pub name: String,
    /// Executor type name, e.g. `constant-vus`.
    pub executor: String,
    /// The exported function each iteration calls.
    pub exec: String,
    /// Scenario tags, added to every sample.
    pub tags: Vec<(String, String)>,
    /// Scenario env entries, overlaid on `__ENV`.
    pub env: Vec<(String, String)>,
    /// When the scenario started, in unix milliseconds.
    pub start_unix_ms: AtomicU64,
    /// Next `exec.scenario.iterationInInstance` to hand out.
    pub next_iteration: AtomicU64,
    /// Progress 0..1 as f64 bits (the executor updates it).
    pub progress_bits: AtomicU64,
    /// `exec.scenario.iterationInTest` from `iterationInInstance` (identity without segments).
    pub iteration_map: std::sync::OnceLock<IterationMap>,
}

impl ScenarioInfo {
    /// A scenario description with counters at zero.
    pub fn new(
        name: String,
        executor: String,
        exec: String,
        tags: Vec<(String, String)>,
        env: Vec<(String, String)>,
    ) -> Self {
        Self {
            name,
            executor,
            exec,
            tags,
            env,
            start_unix_ms: AtomicU64::new(0),
            next_iteration: AtomicU64::new(0),
            progress_bits: AtomicU64::new(0f64.to_bits()),
            iteration_map: std::sync::OnceLock::new(),
        }
    }

    /// `exec.scenario.iterationInTest` for the given `iterationInInstance`.
    pub fn iteration_in_test(&self, in_instance: u64) -> u64 {
        self.iteration_map.get().map_or(in_instance, |m| m(in_instance))
    }

    /// `exec.scenario.progress`.
    pub fn progress(&self) -> f64 {
        f64::from_bits(self.progress_bits.load(Ordering::Relaxed))
    }

    /// Sets the progress shown to scripts.
    pub fn set_progress(&self, p: f64) {
        self.progress_bits.store(p.to_bits(), Ordering::Relaxed);
    }
}

/// Decides, before each iteration, whether a VU starts another one. Executors implement it.
pub trait IterationGate: Send + Sync {
    /// Waits until the VU may start an iteration (`true`) or must stop working for this
    /// activity (`false`).
    fn next(&self) -> BoxFuture<'_, bool>;
}

/// Work an executor hands to a VU: run iterations of `scenario` while `gate` allows.
#[derive(Clone)]
pub struct Activity {
    /// The scenario the iterations belong to.
    pub scenario: Arc<ScenarioInfo>,
    /// Whether to start another iteration.
    pub gate: Arc<dyn IterationGate>,
    /// Cancelled when a running iteration must be interrupted (end of gracefulStop).
    pub hard_stop: CancellationToken,
    /// When the hard stop is due at the latest (end of the scenario plus gracefulStop): k6's VU
    /// context deadline, which also caps the deadline of calls the VU makes.
    pub deadline: Option<std::time::Instant>,
    /// JSON of `setup()`'s result, if any.
    pub setup_data: Option<Arc<str>>,
    /// `minIterationDuration`, if set.
    pub min_iteration_duration: Option<std::time::Duration>,
}

/// Counters an executor reads back from the VUs that worked for it.
#[derive(Debug, Default)]
pub struct ActivityReport {
    /// Iterations that ran to the end (including those that threw).
    pub completed: u64,
    /// Iterations cut off by the hard stop.
    pub interrupted: u64,
}

thread_local! {
    /// Samples recorded on this thread, batched.
    static SAMPLES: RefCell<Option<SampleBuffer>> = const { RefCell::new(None) };
}

/// Sends this thread's buffered samples to the collector.
pub fn flush_thread_samples() {
    SAMPLES.with(|s| {
        if let Some(buffer) = s.borrow_mut().as_mut() {
            buffer.flush();
        }
    });
}

/// Drops this thread's sample buffer (sending what it holds) at thread exit.
pub(crate) fn close_thread_samples() {
    SAMPLES.with(|s| s.borrow_mut().take());
}

/// Records a sample from the current thread (no lock; batches are sent when full or flushed).
pub fn record_sample(program: &Program, sample: Sample) {
    SAMPLES.with(|s| {
        let mut slot = s.borrow_mut();
        if slot.is_none() {
            match program.sample_sender() {
                Some(sender) => *slot = Some(SampleBuffer::new(sender)),
                None => return,
            }
        }
        if let Some(buffer) = slot.as_mut() {
            buffer.push(sample);
        }
    });
}

/// One VU's state.
pub struct VuState {
    /// `__VU` / `exec.vu.idInInstance` (0 for setup/teardown/handleSummary VUs).
    pub id: u64,
    /// `exec.vu.idInTest`.
    pub id_in_test: u64,
    /// The shared program.
    pub program: Arc<Program>,
    phase: Cell<Phase>,
    iteration: Cell<Option<u64>>,
    iteration_in_scenario: Cell<u64>,
    scenario_iteration: Cell<u64>,
    scenario: RefCell<Option<Arc<ScenarioInfo>>>,
    group: RefCell<String>,
    user_tags: RefCell<BTreeMap<String, String>>,
    metadata: RefCell<BTreeMap<String, String>>,
    tags_cache: RefCell<Option<TagSet>>,
    bytes_sent: Cell<u64>,
    bytes_received: Cell<u64>,
    byte_sources: RefCell<Vec<Weak<dyn ByteSource>>>,
    hard_stop: RefCell<CancellationToken>,
    deadline: Cell<Option<std::time::Instant>>,
    aborting: Cell<bool>,
    /// Callbacks and pending async work of this VU.
    pub event_loop: EventLoop,
}

impl VuState {
    /// State for VU `id`, in the init phase.
    pub fn new(id: u64, id_in_test: u64, program: Arc<Program>) -> Rc<Self> {
        Rc::new(Self {
            id,
            id_in_test,
            program,
            phase: Cell::new(Phase::Init),
            iteration: Cell::new(None),
            iteration_in_scenario: Cell::new(0),
            scenario_iteration: Cell::new(0),
            scenario: RefCell::new(None),
            group: RefCell::new(String::new()),
            user_tags: RefCell::new(BTreeMap::new()),
            metadata: RefCell::new(BTreeMap::new()),
            tags_cache: RefCell::new(None),
            bytes_sent: Cell::new(0),
            bytes_received: Cell::new(0),
            byte_sources: RefCell::new(Vec::new()),
            hard_stop: RefCell::new(CancellationToken::new()),
            deadline: Cell::new(None),
            aborting: Cell::new(false),
            event_loop: EventLoop::default(),
        })
    }

    /// The current lifecycle phase.
    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// True while the script's global scope runs (k6's "init context").
    pub fn in_init(&self) -> bool {
        self.phase.get() == Phase::Init
    }

    pub(crate) fn set_phase(&self, phase: Phase) {
        self.phase.set(phase);
        let group = match phase {
            Phase::Setup => "::setup",
            Phase::Teardown => "::teardown",
            _ => "",
        };
        *self.group.borrow_mut() = group.to_string();
        self.tags_cache.replace(None);
    }

    /// `__ITER`: the VU's iteration number, across scenarios (None outside iterations).
    pub fn iteration(&self) -> Option<u64> {
        if self.phase.get() == Phase::Iteration { self.iteration.get() } else { None }
    }

    /// `exec.vu.iterationInScenario`.
    pub fn iteration_in_scenario(&self) -> u64 {
        self.iteration_in_scenario.get()
    }

    /// `exec.scenario.iterationInInstance` of the running iteration.
    pub fn scenario_iteration(&self) -> u64 {
        self.scenario_iteration.get()
    }

    pub(crate) fn begin_iteration(&self, scenario: &Arc<ScenarioInfo>) {
        let same = self.scenario.borrow().as_ref().is_some_and(|s| Arc::ptr_eq(s, scenario));
        if !same {
            *self.scenario.borrow_mut() = Some(scenario.clone());
            self.iteration_in_scenario.set(0);
            self.tags_cache.replace(None);
        } else {
            self.iteration_in_scenario.set(self.iteration_in_scenario.get() + 1);
        }
        self.iteration.set(Some(self.iteration.get().map_or(0, |i| i + 1)));
        self.scenario_iteration.set(scenario.next_iteration.fetch_add(1, Ordering::Relaxed));
    }

    /// The scenario the VU works for.
    pub fn scenario(&self) -> Option<Arc<ScenarioInfo>> {
        self.scenario.borrow().clone()
    }

    /// The current group path (`""` at the top, `::a::b` inside groups).
    pub fn group(&self) -> String {
        self.group.borrow().clone()
    }

    /// Enters or leaves a group; returns the previous path.
    pub fn set_group(&self, path: String) -> String {
        self.tags_cache.replace(None);
        self.group.replace(path)
    }

    /// The tags every sample recorded now gets.
    pub fn tags(&self) -> TagSet {
        if let Some(t) = self.tags_cache.borrow().as_ref() {
            return t.clone();
        }
        let mut b = self.program.run_tags().to_builder();
        if let Some(s) = self.scenario.borrow().as_ref() {
            if self.phase.get() == Phase::Iteration {
                for (k, v) in &s.tags {
                    b.set(k.clone(), v.clone());
                }
                b.set("scenario", s.name.clone());
            }
        }
        for (k, v) in self.user_tags.borrow().iter() {
            b.set(k.clone(), v.clone());
        }
        b.set("group", self.group.borrow().clone());
        let t = b.build();
        *self.tags_cache.borrow_mut() = Some(t.clone());
        t
    }

    /// `exec.vu.tags` as a map.
    pub fn user_tags(&self) -> BTreeMap<String, String> {
        self.user_tags.borrow().clone()
    }

    /// Sets or (with `None`) removes a user tag.
    pub fn set_user_tag(&self, key: &str, value: Option<String>) {
        match value {
            Some(v) => self.user_tags.borrow_mut().insert(key.to_string(), v),
            None => self.user_tags.borrow_mut().remove(key),
        };
        self.tags_cache.replace(None);
    }

    /// `exec.vu.metrics.metadata` as a map.
    pub fn metadata(&self) -> BTreeMap<String, String> {
        self.metadata.borrow().clone()
    }

    /// Sets or removes a metadata entry.
    pub fn set_metadata(&self, key: &str, value: Option<String>) {
        match value {
            Some(v) => self.metadata.borrow_mut().insert(key.to_string(), v),
            None => self.metadata.borrow_mut().remove(key),
        };
    }

    /// Records `value` for `metric` with the VU's current tags plus `extra`.
    pub fn record(&self, metric: MetricId, value: f64, extra: &[(&str, &str)]) {
        let tags = if extra.is_empty() {
            self.tags()
        } else {
            let mut b: TagSetBuilder = self.tags().to_builder();
            for (k, v) in extra {
                b.set(*k, *v);
            }
            b.build()
        };
        self.record_with_tags(metric, value, tags);
    }

    /// Records `value` for `metric` with exactly `tags`.
    pub fn record_with_tags(&self, metric: MetricId, value: f64, tags: TagSet) {
        let metadata = {
            let m = self.metadata.borrow();
            if m.is_empty() { None } else { Some(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()) }
        };
        record_sample(&self.program, Sample { metric, time: SystemTime::now(), tags, metadata, value });
    }

    /// Counts bytes moved on the network; emitted as `data_sent`/`data_received` at iteration end.
    pub fn add_bytes(&self, sent: u64, received: u64) {
        self.bytes_sent.set(self.bytes_sent.get() + sent);
        self.bytes_received.set(self.bytes_received.get() + received);
    }

    /// Polls `source` from now on whenever the VU reports its bytes, for as long as it lives.
    pub fn add_byte_source(&self, source: Weak<dyn ByteSource>) {
        self.byte_sources.borrow_mut().push(source);
    }

    /// Takes the byte counts accumulated since the last call, with what the live byte sources
    /// moved since they were last polled.
    pub(crate) fn take_bytes(&self) -> (u64, u64) {
        let (mut sent, mut received) = (self.bytes_sent.replace(0), self.bytes_received.replace(0));
        self.byte_sources.borrow_mut().retain(|source| match source.upgrade() {
            Some(source) => {
                let (s, r) = source.take_bytes();
                sent += s;
                received += r;
                true
            }
            None => false,
        });
        (sent, received)
    }

    /// The token cancelled when the running iteration must be interrupted.
    pub fn hard_stop(&self) -> CancellationToken {
        self.hard_stop.borrow().clone()
    }

    /// The latest moment the running activity may last (k6's VU context deadline); `None`
    /// outside scenarios or when the executor has no end.
    pub fn deadline(&self) -> Option<std::time::Instant> {
        self.deadline.get()
    }

    pub(crate) fn set_deadline(&self, deadline: Option<std::time::Instant>) {
        self.deadline.set(deadline);
    }

    /// True once this VU called `exec.test.abort()`: its JS unwinds and may not wait any more.
    pub fn is_aborting(&self) -> bool {
        self.aborting.get()
    }

    pub(crate) fn set_aborting(&self) {
        self.aborting.set(true);
    }

    pub(crate) fn take_aborting(&self) -> bool {
        self.aborting.replace(false)
    }

    pub(crate) fn set_hard_stop(&self, token: CancellationToken) {
        *self.hard_stop.borrow_mut() = token;
    }
}
