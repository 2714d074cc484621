//! The life of one VU on its coroutine: create its QuickJS runtime on the coroutine stack, run the
//! init context, then serve commands (run a scenario's iterations, call setup/teardown/
//! handleSummary) until its handle is dropped.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::context::intrinsic;
use rquickjs::{Context, Ctx, Function, Object, Runtime, Value};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::api::VuSlot;
use crate::coroutine::JS_STACK_LIMIT;
use crate::error::{ErrorKind, ScriptError, format_exception, take_exception};
use crate::loader::{ScriptLoader, ScriptResolver, compile_cached};
use crate::log::Level;
use crate::program::Program;
use crate::state::{Activity, ActivityReport, Phase, VuState};

/// The standard objects a VU's context gets: what k6's JavaScript runtime offers. QuickJS's full
/// set also adds `performance`, `atob`/`btoa`, `WeakRef` and `FinalizationRegistry`, which k6 scripts
/// do not have; leaving them out keeps `typeof` checks as in k6 and saves their objects in every VU.
type K6Intrinsics = (
    intrinsic::Date,
    intrinsic::Eval,
    intrinsic::RegExpCompiler,
    intrinsic::RegExp,
    intrinsic::Json,
    intrinsic::Proxy,
    intrinsic::MapSet,
    intrinsic::TypedArrays,
    intrinsic::Promise,
);

/// What a VU's init context revealed about the script (read from the first VU).
#[derive(Debug, Clone, Default)]
pub struct ScriptInfo {
    /// Names of exported functions.
    pub exported_functions: Vec<String>,
    /// `JSON.stringify(options)`, when the script exports options.
    pub options_json: Option<String>,
}

/// What a lifecycle call returned.
#[derive(Debug, Clone)]
pub enum CallOutput {
    /// The function is not exported.
    NotExported,
    /// The JSON of the return value (`None` for `undefined`).
    Json(Option<String>),
    /// `handleSummary`'s map of destination to content.
    Files(Vec<(String, Vec<u8>)>),
}

/// Commands a VU serves.
pub(crate) enum VuCommand {
    Run {
        activity: Activity,
        done: oneshot::Sender<ActivityReport>,
    },
    Call {
        phase: Phase,
        func: &'static str,
        arg_json: Option<Arc<str>>,
        hard_stop: CancellationToken,
        deadline: Option<std::time::Instant>,
        reply: oneshot::Sender<Result<CallOutput, ScriptError>>,
    },
}

/// Runs a VU to the end. Called as the body of the VU's coroutine.
pub(crate) fn vu_main(
    program: Arc<Program>,
    id: u64,
    id_in_test: u64,
    want_info: bool,
    mut commands: mpsc::UnboundedReceiver<Box<VuCommand>>,
    ready: oneshot::Sender<Result<ScriptInfo, ScriptError>>,
) {
    let internal = |e: rquickjs::Error| {
        ScriptError::new(ErrorKind::Internal, format!("could not start a JavaScript runtime: {e}"))
    };
    let runtime = match Runtime::new_with_alloc(crate::heap::MiHeap) {
        Ok(r) => r,
        Err(e) => {
            let _ = ready.send(Err(internal(e)));
            return;
        }
    };
    runtime.set_max_stack_size(JS_STACK_LIMIT);
    runtime.set_loader(ScriptResolver, ScriptLoader { program: program.clone() });
    let state = VuState::new(id, id_in_test, program.clone());
    {
        let s = std::rc::Rc::downgrade(&state);
        runtime.set_interrupt_handler(Some(Box::new(move || {
            s.upgrade().is_some_and(|s| s.is_aborting() || s.hard_stop().is_cancelled())
        })));
    }
    let context = match Context::custom::<K6Intrinsics>(&runtime) {
        Ok(c) => c,
        Err(e) => {
            let _ = ready.send(Err(internal(e)));
            return;
        }
    };
    context.with(|ctx| {
        if ctx.store_userdata(VuSlot(state.clone())).is_err() {
            let _ = ready.send(Err(ScriptError::new(ErrorKind::Internal, "VU state slot busy")));
            return;
        }
        let exports = match crate::globals::install(&ctx, &state)
            .map_err(|e| take_exception(&ctx, e))
            .and_then(|()| init(&ctx, &program))
        {
            Ok(e) => e,
            Err(message) => {
                let _ = ready.send(Err(ScriptError::new(ErrorKind::ScriptException, message)));
                cleanup(&ctx, &state);
                return;
            }
        };
        let info = if want_info { script_info(&ctx, &exports) } else { ScriptInfo::default() };
        // No garbage collection here: reference counting has freed the init context's garbage
        // already (a full collection per VU freed nothing measurable and was 6% of start-up).
        if ready.send(Ok(info)).is_err() {
            cleanup(&ctx, &state);
            return;
        }
        crate::coroutine::release_unused_stack();
        state.set_phase(Phase::Iteration);
        let mut setup_value: Option<(Arc<str>, Value<'_>)> = None;
        while let Some(command) = crate::coroutine::block_on(commands.recv()) {
            match *command {
                VuCommand::Run { activity, done } => {
                    let report = run_activity(&ctx, &state, &exports, &activity, &mut setup_value);
                    let _ = done.send(report);
                }
                VuCommand::Call { phase, func, arg_json, hard_stop, deadline, reply } => {
                    state.set_hard_stop(hard_stop);
                    state.set_deadline(deadline);
                    state.set_phase(phase);
                    let out = call_lifecycle(&ctx, &state, &exports, func, arg_json.as_deref());
                    state.set_phase(Phase::Iteration);
                    let _ = reply.send(out);
                }
            }
        }
        cleanup(&ctx, &state);
    });
}

fn cleanup(ctx: &Ctx<'_>, state: &VuState) {
    state.event_loop.clear();
    let _ = ctx.remove_userdata::<VuSlot>();
}

/// Evaluates the entry module (the init context) and returns its namespace.
fn init<'js>(ctx: &Ctx<'js>, program: &Program) -> Result<Object<'js>, String> {
    let module = compile_cached(ctx, program, &program.script_url, || {
        let bytes = program.read_file(&program.script).map_err(|e| {
            rquickjs::Exception::throw_message(ctx, &format!("could not read {}: {e}", program.script.display()))
        })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    })
    .map_err(|e| take_exception(ctx, e))?;
    let (module, promise) = module.eval().map_err(|e| take_exception(ctx, e))?;
    while ctx.execute_pending_job() {}
    if let Some(Err(e)) = promise.result::<Value<'js>>() {
        return Err(take_exception(ctx, e));
    }
    module.namespace().map_err(|e| take_exception(ctx, e))
}

fn script_info<'js>(ctx: &Ctx<'js>, exports: &Object<'js>) -> ScriptInfo {
    let mut info = ScriptInfo::default();
    for key in exports.keys::<String>().flatten() {
        if exports.get::<_, Value<'js>>(&*key).is_ok_and(|v| v.is_function()) {
            info.exported_functions.push(key);
        }
    }
    if let Ok(options) = exports.get::<_, Value<'js>>("options") {
        if !options.is_undefined() {
            info.options_json = ctx.json_stringify(options).ok().flatten().and_then(|s| s.to_string().ok());
        }
    }
    info
}

/// Calls `f(arg)` and runs the VU's event loop until the call and all its async work settled.
pub(crate) fn call_and_settle<'js>(
    ctx: &Ctx<'js>,
    state: &VuState,
    f: &Function<'js>,
    arg: Value<'js>,
) -> Result<Value<'js>, String> {
    let result: Value<'js> = f.call((arg,)).map_err(|e| take_exception(ctx, e))?;
    run_event_loop(ctx, state)?;
    if let Some(promise) = result.as_promise() {
        match promise.result::<Value<'js>>() {
            Some(Ok(v)) => return Ok(v),
            Some(Err(e)) => return Err(take_exception(ctx, e)),
            None => return Ok(Value::new_undefined(ctx.clone())),
        }
    }
    Ok(result)
}

/// Runs promise jobs and ready continuations until no async work is left.
pub(crate) fn run_event_loop(ctx: &Ctx<'_>, state: &VuState) -> Result<(), String> {
    loop {
        while ctx.execute_pending_job() {}
        if let Some((continuation, value)) = state.event_loop.pop_ready() {
            continuation(ctx, value).map_err(|e| take_exception(ctx, e))?;
            continue;
        }
        if !state.event_loop.has_pending() {
            return Ok(());
        }
        crate::api::block_on(ctx, state.event_loop.wait_ready()).map_err(|e| take_exception(ctx, e))?;
    }
}

fn run_activity<'js>(
    ctx: &Ctx<'js>,
    state: &VuState,
    exports: &Object<'js>,
    activity: &Activity,
    setup_value: &mut Option<(Arc<str>, Value<'js>)>,
) -> ActivityReport {
    let mut report = ActivityReport::default();
    state.set_hard_stop(activity.hard_stop.clone());
    state.set_deadline(activity.deadline);
    let scenario = &activity.scenario;
    if let Err(e) = crate::globals::apply_scenario_env(ctx, state, &scenario.env) {
        log_iteration_error(state, &take_exception(ctx, e), scenario);
    }
    let func: Option<Function<'js>> = exports.get(scenario.exec.as_str()).ok();
    let Some(func) = func else {
        return report;
    };
    let data = match &activity.setup_data {
        None => Value::new_undefined(ctx.clone()),
        Some(json) => match setup_value {
            Some((j, v)) if Arc::ptr_eq(j, json) => v.clone(),
            _ => {
                let v = ctx.json_parse(json.as_bytes().to_vec()).unwrap_or_else(|_| Value::new_undefined(ctx.clone()));
                *setup_value = Some((json.clone(), v.clone()));
                v
            }
        },
    };
    let b = state.program.builtin;
    loop {
        if activity.hard_stop.is_cancelled() {
            break;
        }
        let go = crate::coroutine::block_on(async {
            tokio::select! {
                biased;
                _ = activity.hard_stop.cancelled() => false,
                go = activity.gate.next() => go,
            }
        });
        if !go {
            break;
        }
        state.begin_iteration(scenario);
        let started = Instant::now();
        let outcome = call_and_settle(ctx, state, &func, data.clone());
        // The iteration that called exec.test.abort() counts as complete, as in k6.
        let aborted_here = state.take_aborting();
        if !aborted_here && activity.hard_stop.is_cancelled() {
            state.event_loop.interrupt(ctx);
            report.interrupted += 1;
            state.program.instance.iterations_interrupted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // k6 reports the bytes of an interrupted iteration (not its duration nor count), with
            // the tags outside any group.
            state.set_group(String::new());
            let (sent, received) = state.take_bytes();
            state.record(b.data_sent, sent as f64, &[]);
            state.record(b.data_received, received as f64, &[]);
            break;
        }
        if aborted_here {
            // As for a stopped VU, the work still pending ends cleanly (streams fire their
            // handlers and count what they received) before the iteration's bytes are taken.
            state.event_loop.interrupt(ctx);
        }
        match outcome {
            Err(_) if aborted_here => {}
            Err(message) => {
                state.event_loop.clear();
                log_iteration_error(state, &message, scenario);
            }
            Ok(_) => {}
        }
        state.set_group(String::new());
        if let Some(min) = activity.min_iteration_duration {
            let elapsed = started.elapsed();
            if elapsed < min {
                let _ = crate::api::block_on(ctx, tokio::time::sleep(min - elapsed));
            }
        }
        let (sent, received) = state.take_bytes();
        state.record(b.data_sent, sent as f64, &[]);
        state.record(b.data_received, received as f64, &[]);
        state.record(b.iteration_duration, started.elapsed().as_secs_f64() * 1000.0, &[]);
        state.record(b.iterations, 1.0, &[]);
        report.completed += 1;
        state.program.instance.iterations_completed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if aborted_here {
            break;
        }
    }
    report
}

fn log_iteration_error(state: &VuState, message: &str, scenario: &crate::state::ScenarioInfo) {
    state.program.logger.log(
        Level::Error,
        message,
        &[("executor", scenario.executor.as_str()), ("scenario", scenario.name.as_str()), ("source", "stacktrace")],
    );
}

fn call_lifecycle<'js>(
    ctx: &Ctx<'js>,
    state: &VuState,
    exports: &Object<'js>,
    func: &str,
    arg_json: Option<&str>,
) -> Result<CallOutput, ScriptError> {
    let f: Option<Function<'js>> = exports.get(func).ok();
    let Some(f) = f else {
        return Ok(CallOutput::NotExported);
    };
    let arg = match arg_json {
        Some(json) => ctx
            .json_parse(json.as_bytes().to_vec())
            .map_err(|e| ScriptError::new(ErrorKind::Internal, take_exception(ctx, e)))?,
        None => Value::new_undefined(ctx.clone()),
    };
    let result = call_and_settle(ctx, state, &f, arg);
    let aborted_here = state.take_aborting();
    if result.is_err() && (aborted_here || state.hard_stop().is_cancelled()) {
        // Cut short (setupTimeout, a test abort): the pending work is ended the way an
        // interrupted iteration's is, so what it already moved is counted below.
        state.event_loop.interrupt(ctx);
    }
    let (sent, received) = state.take_bytes();
    if sent > 0 || received > 0 || func != "handleSummary" {
        let b = state.program.builtin;
        if func != "handleSummary" {
            state.record(b.data_sent, sent as f64, &[]);
            state.record(b.data_received, received as f64, &[]);
        }
    }
    state.event_loop.clear();
    let value = result.map_err(|message| {
        if let Some(reason) = state.program.signals.abort_reason() {
            ScriptError::new(ErrorKind::Aborted, reason)
        } else {
            ScriptError::new(ErrorKind::ScriptException, message)
        }
    })?;
    if func == "handleSummary" {
        return summary_files(ctx, value);
    }
    if value.is_undefined() {
        return Ok(CallOutput::Json(None));
    }
    check_serialisable(&value).map_err(|what| {
        ScriptError::new(
            ErrorKind::SetupData,
            format!("error marshaling {func}() data to JSON: json: unsupported value: {what}"),
        )
    })?;
    let json = ctx
        .json_stringify_replacer(value, go_json_replacer(ctx)?)
        .map_err(|e| {
            ScriptError::new(
                ErrorKind::SetupData,
                format!("error marshaling {func}() data to JSON: {}", take_exception(ctx, e)),
            )
        })?
        .and_then(|s| s.to_string().ok());
    Ok(CallOutput::Json(json))
}

/// Finds what Go's encoding/json refuses (NaN, ±Inf) in data returned from setup().
fn check_serialisable(value: &Value<'_>) -> Result<(), String> {
    check_depth(value, 0)
}

fn check_depth(value: &Value<'_>, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    if let Some(n) = value.as_float() {
        if n.is_nan() {
            return Err("NaN".into());
        }
        if n.is_infinite() {
            return Err(if n > 0.0 { "+Inf".into() } else { "-Inf".into() });
        }
    }
    if let Some(obj) = value.as_object() {
        if value.is_function() {
            return Ok(());
        }
        for v in obj.values::<Value<'_>>().flatten() {
            check_depth(&v, depth + 1)?;
        }
    }
    Ok(())
}

fn summary_files<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<CallOutput, ScriptError> {
    let mut files = Vec::new();
    let Some(obj) = value.as_object() else {
        return Ok(CallOutput::Json(None));
    };
    for entry in obj.props::<String, Value<'js>>() {
        let (key, v) = entry.map_err(|e| ScriptError::new(ErrorKind::ScriptException, take_exception(ctx, e)))?;
        let bytes = if let Some(s) = v.as_string() {
            s.to_string().unwrap_or_default().into_bytes()
        } else if let Some(buf) = rquickjs::ArrayBuffer::from_value(v.clone()) {
            // SAFETY: the buffer is not detached or resized while we copy it (no JS runs meanwhile).
            unsafe { buf.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
        } else {
            format_exception(ctx, &v).into_bytes()
        };
        files.push((key, bytes));
    }
    Ok(CallOutput::Files(files))
}

/// Sleeps at least this long give the stack pages below the sleeping frame back to the system: an
/// iteration that connects and calls leaves ~28 KiB of touched stack per VU, ~16 KiB of it below
/// `sleep`'s frame (160 MiB at 10,000 sleeping VUs); the one `madvise` and the few page faults
/// that follow cost nothing next to the sleep.
const RELEASE_STACK_AFTER: Duration = Duration::from_millis(100);

/// Sleeps interruptibly on the VU (used by `sleep()`).
pub(crate) fn vu_sleep(ctx: &Ctx<'_>, d: Duration) -> rquickjs::Result<()> {
    if d >= RELEASE_STACK_AFTER {
        crate::coroutine::release_unused_stack();
    }
    crate::api::block_on(ctx, tokio::time::sleep(d)).map(|_| ())
}

/// A `JSON.stringify` replacer that makes the output what Go's encoding/json gives for the same
/// exported value (k6 serialises setup() data that way): `undefined` properties become `null`,
/// dates use Go's RFC 3339 form with trailing fraction zeros trimmed.
fn go_json_replacer<'js>(ctx: &Ctx<'js>) -> Result<Function<'js>, ScriptError> {
    ctx.eval::<Function<'js>, _>(
        r"(function (k, v) {
            const raw = this[k];
            if (raw instanceof Date) return raw.toISOString().replace(/(\.\d*?)0+Z$/, '$1Z').replace(/\.Z$/, 'Z');
            return v === undefined && k !== '' ? null : v;
        })",
    )
    .map_err(|e| ScriptError::new(ErrorKind::Internal, take_exception(ctx, e)))
}
