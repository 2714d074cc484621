//! One test run: initialise VUs, setup(), scenarios, teardown(), with k6's timeouts, signals and
//! error handling. The summary and outputs are the caller's business.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::future::join_all;
use metrics::{Sample, SampleBuffer};
use script::{CallOutput, ErrorKind, Phase, Program, ScenarioInfo, ScriptError, VuPool};
use tokio_util::sync::CancellationToken;

use crate::executor::ScenarioRun;
use crate::plan::{ExecutionPlan, ScenarioPlan};
use crate::progress::{ProgressBoard, ScenarioProgress};
use crate::vu_buffer::VuBuffer;

/// How a run ended.
#[derive(Debug, Default)]
pub struct RunOutcome {
    /// JSON of setup()'s result.
    pub setup_data: Option<String>,
    /// The error that ended the run early (init, setup, teardown, abort), if any.
    pub error: Option<ScriptError>,
    /// The test was stopped by a signal (Ctrl+C / SIGTERM).
    pub interrupted: bool,
    /// Wall time from just before setup to the end of teardown.
    pub duration: Duration,
    /// Iterations completed in all scenarios.
    pub iterations: u64,
    /// Set when `exec.test.abort()` stopped the test: the message k6 logs.
    pub abort_reason: Option<String>,
    /// `exec.test.fail()` was called.
    pub marked_failed: bool,
}

/// From this many VUs, huge pages are off while they start ([`script::HugePagesOff`]): with
/// 10,000 sleeping VUs that made start-up 1-3 s shorter and the test completed more iterations;
/// with 1,000 busy VUs, heaps without huge pages cost ~8% more CPU per call for the whole test.
const HUGE_PAGES_OFF_FROM_VUS: u64 = 5_000;

/// Runs `plan` on `pool`. `stop` is cancelled by a signal handler for a graceful stop.
pub async fn execute(plan: &ExecutionPlan, pool: &VuPool, stop: CancellationToken) -> RunOutcome {
    execute_observed(plan, pool, stop, &ProgressBoard::new(plan)).await
}

/// [`execute`], reporting the run's progress on `board` (built from the same `plan`).
pub async fn execute_observed(
    plan: &ExecutionPlan,
    pool: &VuPool,
    stop: CancellationToken,
    board: &ProgressBoard,
) -> RunOutcome {
    let program = pool.program().clone();
    let mut outcome = RunOutcome::default();
    let buffer = VuBuffer::default();

    // Initialise every planned VU before the test starts.
    let planned = plan.planned_vus();
    // Counted as each VU is ready, so the progress line shows initialisation advancing (as k6's).
    let huge_pages_off = script::HugePagesOff::new(planned >= HUGE_PAGES_OFF_FROM_VUS);
    let inits = join_all((1..=planned).map(|id| async move {
        let vu = pool.spawn_vu(id, plan.vu_id_in_test(id), false).await;
        if vu.is_ok() {
            pool.program().instance.vus_initialized.fetch_add(1, Ordering::Relaxed);
        }
        vu
    }))
    .await;
    drop(huge_pages_off);
    for r in inits {
        match r {
            Ok((vu, _)) => buffer.put(Arc::new(vu)),
            Err(e) => {
                outcome.error = Some(e);
                return outcome;
            }
        }
    }

    let started = Instant::now();
    program.instance.start();
    board.mark_started();
    let ticker = spawn_vus_ticker(program.clone());

    // setup()
    let test_stop = stop.child_token();
    let abort_watch = {
        let program = program.clone();
        let test_stop = test_stop.clone();
        tokio::spawn(async move {
            program.signals.aborted().await;
            test_stop.cancel();
        })
    };
    if !plan.no_setup {
        match lifecycle_call(pool, Phase::Setup, "setup", None, plan.setup_timeout).await {
            Ok(CallOutput::Json(json)) => outcome.setup_data = json,
            Ok(_) => {}
            Err(e) => {
                outcome.error = Some(e);
                finish(&program, &mut outcome, started, ticker, abort_watch, &stop).await;
                board.mark_ended();
                return outcome;
            }
        }
    }

    // Scenarios.
    let setup_data: Option<Arc<str>> = outcome.setup_data.as_deref().map(Arc::from);
    board.mark_scenarios_started();
    let runs = plan.scenarios.iter().enumerate().map(|(i, s)| {
        let bar = board.scenario(i, s);
        run_scenario(s, plan, pool, &buffer, &setup_data, &test_stop, bar)
    });
    let reports = join_all(runs).await;
    outcome.iterations = reports.iter().map(|r| r.completed).sum();
    buffer.clear();

    // teardown() runs even after a stop or an abort.
    if !plan.no_teardown {
        let data = outcome.setup_data.as_deref().map(Arc::from);
        if let Err(e) = lifecycle_call(pool, Phase::Teardown, "teardown", data, plan.teardown_timeout).await {
            if e.kind != ErrorKind::Aborted {
                outcome.error = Some(e);
            }
        }
    }
    finish(&program, &mut outcome, started, ticker, abort_watch, &stop).await;
    board.mark_ended();
    outcome
}

/// Stops a background task and waits until it is gone (so what it owned is dropped).
async fn stop_task(task: tokio::task::JoinHandle<()>) {
    task.abort();
    let _ = task.await;
}

async fn finish(
    program: &Program,
    outcome: &mut RunOutcome,
    started: Instant,
    ticker: tokio::task::JoinHandle<()>,
    abort_watch: tokio::task::JoinHandle<()>,
    stop: &CancellationToken,
) {
    stop_task(ticker).await;
    stop_task(abort_watch).await;
    outcome.duration = started.elapsed();
    outcome.interrupted = stop.is_cancelled();
    outcome.abort_reason = program.signals.abort_reason();
    outcome.marked_failed = program.signals.is_failed();
}

async fn run_scenario(
    plan: &ScenarioPlan,
    exec: &ExecutionPlan,
    pool: &VuPool,
    buffer: &VuBuffer,
    setup_data: &Option<Arc<str>>,
    test_stop: &CancellationToken,
    bar: Arc<ScenarioProgress>,
) -> script::ActivityReport {
    // k6 never starts a scenario that has no work on this instance.
    if !plan.executor.has_work() {
        return script::ActivityReport::default();
    }
    tokio::select! {
        _ = tokio::time::sleep(plan.start_time) => {}
        _ = test_stop.cancelled() => return script::ActivityReport::default(),
    }
    let info = Arc::new(ScenarioInfo::new(
        plan.name.clone(),
        plan.executor.name().to_string(),
        plan.exec.clone(),
        plan.tags.clone(),
        plan.env.clone(),
    ));
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    info.start_unix_ms.store(now_ms, Ordering::Relaxed);
    let progress_info = info.clone();
    let progress_bar = bar.clone();
    bar.mark_started();
    let run = ScenarioRun {
        info,
        setup_data: setup_data.clone(),
        test_stop: test_stop.clone(),
        min_iteration_duration: exec.min_iteration_duration,
        progress: Arc::new(move |p| {
            progress_info.set_progress(p);
            progress_bar.set_progress(p);
        }),
        pool,
        bar: bar.clone(),
    };
    // Executors keep `vus_active` themselves (it changes while ramping or growing).
    let report = plan.executor.run(&run, buffer).await;
    bar.finish(test_stop.is_cancelled());
    report
}

/// Runs setup/teardown/handleSummary on a throw-away VU (id 0) with a timeout.
pub async fn lifecycle_call(
    pool: &VuPool,
    phase: Phase,
    func: &'static str,
    arg_json: Option<Arc<str>>,
    timeout: Duration,
) -> Result<CallOutput, ScriptError> {
    // k6 starts a VU for setup()/teardown() only when the script exports them (the summary VU
    // always starts).
    if phase != Phase::HandleSummary && !pool.program().exports_function(func) {
        return Ok(CallOutput::NotExported);
    }
    let (vu, _) = pool.spawn_vu(0, 0, false).await?;
    let hard_stop = CancellationToken::new();
    let deadline = std::time::Instant::now().checked_add(timeout);
    let call = vu.call_until(phase, func, arg_json, hard_stop.clone(), deadline);
    match tokio::time::timeout(timeout, call).await {
        Ok(r) => r,
        Err(_) => {
            hard_stop.cancel();
            let secs = timeout.as_secs_f64();
            let (kind, option) = match phase {
                Phase::Teardown => (ErrorKind::TeardownTimeout, "teardownTimeout"),
                _ => (ErrorKind::SetupTimeout, "setupTimeout"),
            };
            let _ = option;
            Err(ScriptError::new(kind, format!("{func}() execution timed out after {} seconds", format_secs(secs))))
        }
    }
}

fn format_secs(s: f64) -> String {
    if s.fract() == 0.0 { format!("{}", s as u64) } else { format!("{s}") }
}

/// Emits `vus` and `vus_max` (VUs initialised so far, mid-test ones included) every second,
/// tagged with the run tags only.
fn spawn_vus_ticker(program: Arc<Program>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Some(sender) = program.sample_sender() else { return };
        let mut buffer = SampleBuffer::new(sender);
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.tick().await;
        loop {
            tick.tick().await;
            let tags = program.run_tags();
            let now = SystemTime::now();
            let b = program.builtin;
            let active = program.instance.vus_active.load(Ordering::Relaxed) as f64;
            let vus_max = program.instance.vus_initialized.load(Ordering::Relaxed);
            buffer.push(Sample { metric: b.vus, time: now, tags: tags.clone(), metadata: None, value: active });
            buffer.push(Sample { metric: b.vus_max, time: now, tags, metadata: None, value: vus_max as f64 });
            buffer.flush();
        }
    })
}
