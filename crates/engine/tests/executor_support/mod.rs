//! Runs a real script through the engine, as `stampede run` does: VU threads, the script's
//! exported options consolidated into a plan, `engine::execute`, and everything it produced
//! (raw-format log lines, samples, counters) collected for assertions.

#![allow(dead_code)]

use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use engine::options::{Options, decode_options};
use engine::segment::{ExecutionSegment, SegmentSequence};
use engine::{ExecutionPlan, RunOutcome};
use metrics::{Registry, Sample};
use script::log::{LogFormat, LogOutput, Logger, LoggerConfig};
use script::{Program, ProgramConfig, VuPool};

/// Log lines written into memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a run produced.
pub(crate) struct Run {
    /// The engine's outcome.
    pub(crate) outcome: RunOutcome,
    /// The plan it ran.
    pub(crate) plan: ExecutionPlan,
    /// Log lines (raw format: messages only).
    pub(crate) logs: Vec<String>,
    /// Every sample.
    pub(crate) samples: Vec<Sample>,
    /// Metric definitions.
    pub(crate) registry: Registry,
    /// VUs initialised (planned and mid-test).
    pub(crate) vus_initialized: u64,
    /// Iterations cut off by a hard stop.
    pub(crate) interrupted: u64,
}

impl Run {
    /// Log lines starting with `prefix`.
    pub(crate) fn lines(&self, prefix: &str) -> Vec<String> {
        self.logs.iter().filter(|l| l.starts_with(prefix)).cloned().collect()
    }

    /// Sum of the values of `metric`'s samples (0 when it has none or does not exist).
    pub(crate) fn sum(&self, metric: &str) -> f64 {
        self.of(metric).iter().map(|s| s.value).sum()
    }

    /// The samples of `metric`.
    pub(crate) fn of(&self, metric: &str) -> Vec<&Sample> {
        match self.registry.get(metric) {
            Some(m) => self.samples.iter().filter(|s| s.metric == m.id).collect(),
            None => Vec::new(),
        }
    }
}

/// A segment flag pair for [`run_script_segment`].
pub(crate) struct Segment<'a> {
    /// `--execution-segment`.
    pub(crate) segment: &'a str,
    /// `--execution-segment-sequence`.
    pub(crate) sequence: Option<&'a str>,
}

/// Runs `source` (which exports its options) on one instance.
pub(crate) fn run_script(source: &str) -> Run {
    run_script_segment(source, None)
}

/// Runs `source` on the given execution segment.
pub(crate) fn run_script_segment(source: &str, segment: Option<Segment<'_>>) -> Run {
    run_with(source, segment, None)
}

/// Runs `source` and stops the test gracefully (as Ctrl+C does) after `after`.
pub(crate) fn run_script_stopped(source: &str, after: std::time::Duration) -> Run {
    run_with(source, None, Some(after))
}

fn run_with(source: &str, segment: Option<Segment<'_>>, stop_after: Option<std::time::Duration>) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, source).expect("write script");
    let captured = Captured::default();
    let logger = Logger::new(LoggerConfig {
        format: LogFormat::Raw,
        output: LogOutput::Writer(Box::new(captured.clone())),
        ..LoggerConfig::default()
    })
    .expect("logger");
    let registry = Registry::new();
    let (tx, rx) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: path,
        env: vec![],
        samples: tx,
        registry: registry.clone(),
        logger: Arc::new(logger),
        extra_modules: vec![],
    })
    .expect("program");
    let pool = VuPool::new(program.clone(), 2).expect("VU threads");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (outcome, plan) = runtime.block_on(async {
        let (vu0, info) = pool.spawn_vu(0, 0, true).await.expect("init context");
        drop(vu0);
        let json: serde_json::Value =
            serde_json::from_str(info.options_json.as_deref().unwrap_or("{}")).expect("options");
        let mut options: Options = decode_options(&json).expect("options decode").options;
        if let Some(s) = segment {
            options.execution_segment = Some(ExecutionSegment::parse(s.segment).expect("segment"));
            options.execution_segment_sequence = s.sequence.map(|q| SegmentSequence::parse(q).expect("sequence"));
        }
        let plan = ExecutionPlan::from_options(&options, &info.exported_functions).expect("plan");
        let stop = engine::StopToken::new();
        if let Some(after) = stop_after {
            let stop = stop.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                stop.cancel();
            });
        }
        let outcome = engine::execute(&plan, &pool, stop).await;
        pool.flush_samples().await;
        (outcome, plan)
    });
    let samples: Vec<Sample> = rx.try_iter().flatten().collect();
    let vus_initialized = program.instance.vus_initialized.load(Ordering::Relaxed);
    let interrupted = program.instance.iterations_interrupted.load(Ordering::Relaxed);
    drop(runtime);
    drop(program);
    pool.shutdown();
    let text = String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("utf-8 logs");
    Run {
        outcome,
        plan,
        logs: text.lines().map(str::to_string).collect(),
        samples,
        registry,
        vus_initialized,
        interrupted,
    }
}

/// Parses `key=value` words of a log line into a map.
pub(crate) fn fields(line: &str) -> std::collections::BTreeMap<String, String> {
    line.split_whitespace().filter_map(|w| w.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
