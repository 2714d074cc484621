//! The [`Program`]: everything about a test script that all VUs share read-only — its path, the
//! native modules, the compiled bytecode of every local module (compiled once, loaded by each VU),
//! files read by `open()`, SharedArray contents, the metric registry and the run-wide signals.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use metrics::{MetricId, Registry, SampleSender, TagSet};
use rquickjs::{Ctx, Object};

use crate::log::Logger;

/// Builds a native module's export object inside a VU's context. The object's own properties are
/// the named exports; the object itself is the default export.
pub type ModuleBuilder = for<'js> fn(&Ctx<'js>) -> rquickjs::Result<Object<'js>>;

/// The ids of k6's built-in metrics, registered once per run.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinMetrics {
    /// `vus` gauge.
    pub vus: MetricId,
    /// `vus_max` gauge.
    pub vus_max: MetricId,
    /// `iterations` counter.
    pub iterations: MetricId,
    /// `iteration_duration` trend.
    pub iteration_duration: MetricId,
    /// `dropped_iterations` counter.
    pub dropped_iterations: MetricId,
    /// `checks` rate.
    pub checks: MetricId,
    /// `data_sent` counter.
    pub data_sent: MetricId,
    /// `data_received` counter.
    pub data_received: MetricId,
    /// `group_duration` trend.
    pub group_duration: MetricId,
}

impl BuiltinMetrics {
    /// Registers [`metrics::K6_BUILTIN_METRICS`] in `registry`, in that (k6's) order.
    pub fn register(registry: &Registry) -> Self {
        for (name, metric_type, value_type) in metrics::K6_BUILTIN_METRICS {
            registry.register(name, metric_type, value_type).expect("built-in metric names are valid");
        }
        let id = |name: &str| registry.get(name).expect("registered just above").id;
        Self {
            vus: id("vus"),
            vus_max: id("vus_max"),
            iterations: id("iterations"),
            iteration_duration: id("iteration_duration"),
            dropped_iterations: id("dropped_iterations"),
            checks: id("checks"),
            data_sent: id("data_sent"),
            data_received: id("data_received"),
            group_duration: id("group_duration"),
        }
    }
}

/// Run-wide signals raised from script code (`exec.test.abort()`, `exec.test.fail()`).
#[derive(Debug, Default)]
pub struct RunSignals {
    abort: Mutex<Option<String>>,
    aborted: tokio::sync::Notify,
    failed: AtomicBool,
    /// The test is being stopped early (any cause), set before its VUs are interrupted.
    stopped_early: AtomicBool,
}

impl RunSignals {
    /// Asks the whole test to stop; the first reason wins.
    pub fn abort(&self, reason: String) {
        let mut slot = self.abort.lock().expect("signals poisoned");
        if slot.is_none() {
            *slot = Some(reason);
            self.aborted.notify_waiters();
            self.aborted.notify_one();
        }
    }

    /// The abort reason, when the test was aborted.
    pub fn abort_reason(&self) -> Option<String> {
        self.abort.lock().expect("signals poisoned").clone()
    }

    /// Waits until the test is aborted.
    pub async fn aborted(&self) {
        loop {
            let notified = self.aborted.notified();
            if self.abort_reason().is_some() {
                return;
            }
            notified.await;
        }
    }

    /// Marks the test as failed (exit code 110) without stopping it.
    pub fn mark_failed(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }

    /// True when `exec.test.fail()` was called.
    pub fn is_failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    /// Records that the whole test is stopping early (a signal, a threshold's abortOnFail):
    /// called before the VUs are interrupted, so what they do then can tell a stopped test from
    /// the end of a scenario's gracefulStop (k6 cancels their streams differently).
    pub fn mark_stopped_early(&self) {
        self.stopped_early.store(true, Ordering::SeqCst);
    }

    /// True when the test is stopping early: [`RunSignals::mark_stopped_early`] or an abort.
    pub fn stopped_early(&self) -> bool {
        self.stopped_early.load(Ordering::SeqCst) || self.abort_reason().is_some()
    }
}

/// Instance-wide counters behind `exec.instance`.
#[derive(Debug, Default)]
pub struct InstanceCounters {
    started: std::sync::OnceLock<std::time::Instant>,
    /// Completed iterations (including those that threw).
    pub iterations_completed: std::sync::atomic::AtomicU64,
    /// Iterations cut off by a hard stop.
    pub iterations_interrupted: std::sync::atomic::AtomicU64,
    /// VUs currently running iterations.
    pub vus_active: std::sync::atomic::AtomicU64,
    /// VUs initialised.
    pub vus_initialized: std::sync::atomic::AtomicU64,
}

impl InstanceCounters {
    /// Marks the start of the test run (just before setup).
    pub fn start(&self) {
        let _ = self.started.set(std::time::Instant::now());
    }

    /// Milliseconds since the test run started.
    pub fn elapsed_ms(&self) -> f64 {
        self.started.get().map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0)
    }
}

/// What a [`Program`] is built from.
pub struct ProgramConfig {
    /// The script file.
    pub script: PathBuf,
    /// `__ENV` (system env unless excluded, overlaid with `-e`).
    pub env: Vec<(String, String)>,
    /// Samples go here.
    pub samples: SampleSender,
    /// Metric definitions.
    pub registry: Registry,
    /// The log sink for console and runner messages.
    pub logger: Arc<Logger>,
    /// Native modules beyond k6's own (e.g. `k6/net/grpc`).
    pub extra_modules: Vec<(&'static str, ModuleBuilder)>,
}

/// A test script and everything its VUs share.
pub struct Program {
    /// Absolute path of the entry script.
    pub script: PathBuf,
    /// `file://` URL of the entry script (the module name in stack traces, as k6 prints it).
    pub script_url: String,
    /// `__ENV` for every VU.
    pub env: Vec<(String, String)>,
    /// Metric definitions.
    pub registry: Registry,
    /// Built-in metric ids.
    pub builtin: BuiltinMetrics,
    samples: Mutex<Option<SampleSender>>,
    /// Console and runner log.
    pub logger: Arc<Logger>,
    /// Abort / fail signals.
    pub signals: RunSignals,
    /// `exec.instance` counters.
    pub instance: InstanceCounters,
    modules: HashMap<&'static str, ModuleBuilder>,
    bytecode: Mutex<HashMap<String, Arc<[u8]>>>,
    files: Mutex<HashMap<PathBuf, Arc<[u8]>>>,
    shared_arrays: Mutex<HashMap<String, Arc<Vec<String>>>>,
    run_tags: RwLock<TagSet>,
    options_json: RwLock<serde_json::Value>,
    exported_functions: RwLock<Vec<String>>,
    extensions: Mutex<HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>,
}

impl Program {
    /// Prepares a program; the script is read and compiled by the first VU that loads it.
    pub fn new(cfg: ProgramConfig) -> std::io::Result<Arc<Self>> {
        let script = std::path::absolute(&cfg.script)?;
        let script_url = file_url(&script);
        let builtin = BuiltinMetrics::register(&cfg.registry);
        let mut modules: HashMap<&'static str, ModuleBuilder> = crate::k6::builtin_modules().into_iter().collect();
        modules.extend(cfg.extra_modules);
        Ok(Arc::new(Self {
            script,
            script_url,
            env: cfg.env,
            registry: cfg.registry,
            builtin,
            samples: Mutex::new(Some(cfg.samples)),
            logger: cfg.logger,
            signals: RunSignals::default(),
            instance: InstanceCounters::default(),
            modules,
            bytecode: Mutex::default(),
            files: Mutex::default(),
            shared_arrays: Mutex::default(),
            run_tags: RwLock::default(),
            options_json: RwLock::new(serde_json::Value::Object(Default::default())),
            exported_functions: RwLock::default(),
            extensions: Mutex::default(),
        }))
    }

    /// A sender into the collector's channel, until [`Program::close_samples`].
    pub fn sample_sender(&self) -> Option<SampleSender> {
        self.samples.lock().expect("sample sender poisoned").clone()
    }

    /// Drops the program's sender: once every thread buffer is closed too, the collector sees the
    /// end of the samples. Samples recorded later (in `handleSummary`) are discarded.
    pub fn close_samples(&self) {
        self.samples.lock().expect("sample sender poisoned").take();
    }

    /// The builder of native module `name`, if there is one.
    pub fn native_module(&self, name: &str) -> Option<ModuleBuilder> {
        self.modules.get(name).copied()
    }

    /// Cached bytecode of a module, by module name.
    pub(crate) fn cached_bytecode(&self, name: &str) -> Option<Arc<[u8]>> {
        self.bytecode.lock().expect("bytecode cache poisoned").get(name).cloned()
    }

    /// Stores a module's bytecode for the next VUs.
    pub(crate) fn cache_bytecode(&self, name: String, bytes: Arc<[u8]>) {
        self.bytecode.lock().expect("bytecode cache poisoned").insert(name, bytes);
    }

    /// Reads a file once per run (for `open()` and module sources).
    pub fn read_file(&self, path: &Path) -> std::io::Result<Arc<[u8]>> {
        if let Some(data) = self.files.lock().expect("file cache poisoned").get(path) {
            return Ok(data.clone());
        }
        let data: Arc<[u8]> = std::fs::read(path)?.into();
        self.files.lock().expect("file cache poisoned").insert(path.to_path_buf(), data.clone());
        Ok(data)
    }

    /// The elements of SharedArray `name`, made by `make` the first time (JSON strings).
    pub fn shared_array(
        &self,
        name: &str,
        make: impl FnOnce() -> rquickjs::Result<Vec<String>>,
    ) -> rquickjs::Result<Arc<Vec<String>>> {
        if let Some(a) = self.shared_arrays.lock().expect("shared arrays poisoned").get(name) {
            return Ok(a.clone());
        }
        let items = Arc::new(make()?);
        self.shared_arrays.lock().expect("shared arrays poisoned").insert(name.to_string(), items.clone());
        Ok(items)
    }

    /// Tags every sample of the run carries (`options.tags`, `--tag`).
    pub fn run_tags(&self) -> TagSet {
        self.run_tags.read().expect("run tags poisoned").clone()
    }

    /// Sets the run-wide tags once options are consolidated.
    pub fn set_run_tags(&self, tags: TagSet) {
        *self.run_tags.write().expect("run tags poisoned") = tags;
    }

    /// The consolidated options in k6's JSON form (`exec.test.options`).
    pub fn options_json(&self) -> serde_json::Value {
        self.options_json.read().expect("options poisoned").clone()
    }

    /// Sets the consolidated options.
    pub fn set_options_json(&self, options: serde_json::Value) {
        *self.options_json.write().expect("options poisoned") = options;
    }

    /// Records the script's exported function names (read from the first VU).
    pub fn set_exported_functions(&self, names: Vec<String>) {
        *self.exported_functions.write().expect("exports poisoned") = names;
    }

    /// True when the script exports a function named `name`.
    pub fn exports_function(&self, name: &str) -> bool {
        self.exported_functions.read().expect("exports poisoned").iter().any(|n| n == name)
    }

    /// Whether the Stampede-only addition that `env_var` switches is on: it is unless the
    /// variable (from `-e`, else the process environment) is `false` or `0`, which gives
    /// k6-identical output.
    pub fn addition_enabled(&self, env_var: &str) -> bool {
        let value = self
            .env
            .iter()
            .rev()
            .find(|(k, _)| k == env_var)
            .map(|(_, v)| v.clone())
            .or_else(|| std::env::var(env_var).ok());
        !matches!(value.as_deref().map(str::trim), Some(v) if v.eq_ignore_ascii_case("false") || v == "0")
    }

    /// Run-wide state a protocol module keeps (one value per type), created on first use.
    pub fn extension<T: Send + Sync + 'static>(&self, make: impl FnOnce() -> T) -> Arc<T> {
        let mut map = self.extensions.lock().expect("extensions poisoned");
        let entry = map.entry(std::any::TypeId::of::<T>()).or_insert_with(|| Arc::new(make()));
        entry.clone().downcast::<T>().expect("extension type matches its TypeId")
    }
}

/// `file:///abs/path` for a path.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}
