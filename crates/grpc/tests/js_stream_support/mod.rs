//! Stream test runs that need more than `js_common::run_setup`: `setup()` with the log captured,
//! and `setup()` whose VU is stopped after a delay.

#![allow(dead_code, unreachable_pub, missing_docs)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use script::log::{LogOutput, Logger, LoggerConfig};
use script::{CallOutput, Phase, Program, ProgramConfig, VuPool};
use tokio_util::sync::CancellationToken;

/// What `setup()` gave back and what was logged.
pub struct LoggedRun {
    pub output: Result<CallOutput, String>,
    pub log: String,
}

/// Runs `src`'s `setup()` with a log file; `stop_after` stops the VU after that long.
pub fn run_setup_logged(src: &str, stop_after: Option<Duration>) -> LoggedRun {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, src).expect("script written");
    let log_path = dir.path().join("log.txt");
    let logger = Logger::new(LoggerConfig { output: LogOutput::File(log_path.clone()), ..LoggerConfig::default() })
        .expect("logger");
    let output = run(&path, Arc::new(logger), stop_after);
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    LoggedRun { output, log }
}

fn run(path: &Path, logger: Arc<Logger>, stop_after: Option<Duration>) -> Result<CallOutput, String> {
    let (samples, _receiver) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: path.to_path_buf(),
        env: Vec::new(),
        samples,
        registry: metrics::Registry::new(),
        logger,
        extra_modules: vec![grpc::module()],
    })
    .expect("program");
    let pool = VuPool::new(program.clone(), 1).expect("vu pool");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let out = runtime.block_on(async {
        let (vu, _info) = pool.spawn_vu(1, 1, true).await.map_err(|e| e.to_string())?;
        let stop = CancellationToken::new();
        if let Some(delay) = stop_after {
            let stopper = stop.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                stopper.cancel();
            });
        }
        let out = vu.call(Phase::Setup, "setup", None, stop).await.map_err(|e| e.to_string());
        drop(vu);
        out
    });
    pool.shutdown();
    program.close_samples();
    out
}
