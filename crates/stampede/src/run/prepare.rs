//! Everything before the first VU iteration: read the script's options from init context #0,
//! consolidate and validate them, build the execution plan, start the VU threads and the metrics
//! collector.

use std::path::Path;
use std::sync::Arc;

use engine::ExecutionPlan;
use engine::options::{self, ConfigLayers, Consolidated};
use engine::segment::ExecutionTuple;
use script::log::{Logger, LoggerConfig};
use script::{Program, ProgramConfig, ScriptError, VuPool};

use super::exit::ExitCode;
use super::{EarlyFailure, RunRequest};

/// A test ready to run.
pub(crate) struct Prepared {
    pub(crate) program: Arc<Program>,
    pub(crate) pool: VuPool,
    pub(crate) consolidated: Consolidated,
    pub(crate) plan: ExecutionPlan,
    pub(crate) header: String,
    pub(crate) stdout_color: bool,
    pub(crate) collector: super::report::Reporting,
}

fn fail(code: i32, message: impl Into<String>, logger: &Arc<Logger>) -> EarlyFailure {
    EarlyFailure { exit_code: code, message: message.into(), hint: None, logger: Some(logger.clone()) }
}

pub(crate) async fn prepare(req: &RunRequest) -> Result<Prepared, EarlyFailure> {
    let env_layer = options::parse_env(std::env::vars()).map_err(|e| EarlyFailure {
        exit_code: e.exit_code(),
        message: e.to_string(),
        hint: None,
        logger: None,
    })?;
    let logger = Arc::new(make_logger(req, &env_layer)?);
    let script = Path::new(&req.script_arg);
    if !script.is_file() {
        return Err(fail(
            ExitCode::GENERIC,
            format!(
                "The moduleSpecifier \"{}\" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/app/) with the script and module files inside it.",
                req.script_arg
            ),
            &logger,
        ));
    }

    let mut env: Vec<(String, String)> = Vec::new();
    let include_system = env_layer.include_system_env_vars.unwrap_or(req.include_system_env_vars);
    if include_system {
        env.extend(std::env::vars());
    }
    for (k, v) in &req.env_flags {
        env.retain(|(ek, _)| ek != k);
        env.push((k.clone(), v.clone()));
    }

    let registry = metrics::Registry::new();
    let (samples, receiver) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: script.to_path_buf(),
        env,
        samples,
        registry: registry.clone(),
        logger: logger.clone(),
        extra_modules: crate::protocols::modules(),
    })
    .map_err(|e| fail(ExitCode::GENERIC, format!("could not read {}: {e}", req.script_arg), &logger))?;
    let threads = req
        .threads
        .or(env_layer.threads.map(|t| t.max(1) as usize))
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let pool = VuPool::new(program.clone(), threads)
        .map_err(|e| fail(ExitCode::GENERIC, format!("could not start VU threads: {e}"), &logger))?;

    // Init context #0: read the exported options.
    let init_prefix =
        format!("could not initialize '{}': could not load JS test '{}'", req.script_arg, program.script_url);
    let info = match pool.spawn_vu(0, 0, true).await {
        Ok((vu, info)) => {
            drop(vu);
            info
        }
        // `exec.test.abort()` in the init context: k6 reports it as a failed load, exit code 108.
        Err(e) => match program.signals.abort_reason() {
            Some(reason) => {
                return Err(fail(ExitCode::SCRIPT_ABORTED, format!("{init_prefix}: {reason}"), &logger));
            }
            None => return Err(script_failure(e, &logger)),
        },
    };
    program.set_exported_functions(info.exported_functions.clone());
    if info.exported_functions.is_empty() {
        return Err(fail(ExitCode::GENERIC, format!("{init_prefix}: no exported functions in script"), &logger));
    }
    let script_options = match &info.options_json {
        Some(json) => {
            let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            Some(
                options::decode_options(&value)
                    .map_err(|e| fail(e.exit_code(), format!("{init_prefix}: {e}"), &logger))?,
            )
        }
        None => None,
    };
    let config_file = match &req.config_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                fail(
                    ExitCode::INVALID_CONFIG,
                    format!("couldn't load the configuration from {:?}: {e}", path.display().to_string()),
                    &logger,
                )
            })?;
            Some(
                options::decode_config_file(&path.display().to_string(), &text)
                    .map_err(|e| fail(e.exit_code(), e.to_string(), &logger))?,
            )
        }
        None => None,
    };
    let layers = ConfigLayers { config_file, script: script_options, env: env_layer, cli: req.cli.clone() };
    let consolidated = options::consolidate(&layers).map_err(|e| fail(e.exit_code(), e.to_string(), &logger))?;
    if let Some((message, error)) = layers.script.as_ref().and_then(|d| d.unknown_fields_warning()) {
        logger.log(script::log::Level::Warning, &message, &[("error", error.as_str())]);
    }
    let opts = &consolidated.options;
    options::validate(opts, &info.exported_functions).map_err(|e| fail(e.exit_code(), e.to_string(), &logger))?;

    let run_tags: metrics::TagSet = opts.tags.clone().unwrap_or_default().into_iter().collect();
    program.set_run_tags(run_tags);
    program.set_options_json(options::test_options_json(opts));

    let tuple = ExecutionTuple::new(opts.execution_segment.as_ref(), opts.execution_segment_sequence.as_ref())
        .map_err(|e| fail(ExitCode::INVALID_CONFIG, e.to_string(), &logger))?;
    let plan = ExecutionPlan::from_options(opts, &info.exported_functions)
        .map_err(|e| fail(ExitCode::INVALID_CONFIG, e.to_string(), &logger))?;

    let stdout_color = !req.no_color && !layers.env.no_color && is_terminal(1);
    let collector = super::report::Reporting::start(req, &consolidated, registry, receiver, &logger)?;
    let header =
        crate::ui::header::header(&req.script_arg, &collector.output_descriptions(), opts, &tuple, stdout_color);
    Ok(Prepared { program, pool, consolidated, plan, header, stdout_color, collector })
}

fn script_failure(e: ScriptError, logger: &Arc<Logger>) -> EarlyFailure {
    EarlyFailure {
        exit_code: e.exit_code(),
        hint: e.is_script_exception().then_some("script exception"),
        message: e.message,
        logger: Some(logger.clone()),
    }
}

fn make_logger(req: &RunRequest, env: &options::EnvOverrides) -> Result<Logger, EarlyFailure> {
    let format_flag = req.log_format;
    let output_text = req.log_output.clone().or_else(|| env.log_output.clone());
    let spec: script::log::LogOutputSpec =
        output_text.as_deref().unwrap_or("stderr").parse().map_err(|e: script::log::LogError| EarlyFailure {
            exit_code: ExitCode::INVALID_CONFIG,
            message: e.to_string(),
            hint: None,
            logger: None,
        })?;
    Logger::new(LoggerConfig {
        format: format_flag,
        verbose: req.verbose,
        output: spec.output,
        min_level: spec.min_level,
        console_output: req.console_output.clone(),
        no_color: req.no_color || env.no_color,
        terminal: None,
    })
    .map_err(|e| EarlyFailure { exit_code: ExitCode::GENERIC, message: e.to_string(), hint: None, logger: None })
}

/// True when file descriptor `fd` is a terminal.
pub(crate) fn is_terminal(fd: i32) -> bool {
    // SAFETY: isatty only reads the descriptor's state.
    unsafe { libc::isatty(fd) == 1 }
}
