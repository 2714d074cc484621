//! The validated inputs of `stampede run`, built once from flags and environment before any work
//! starts (the rest of the command never re-parses strings).

use std::path::PathBuf;

use engine::options::CliOverrides;
use script::log::LogFormat;

/// Everything `stampede run` needs from the command line.
#[derive(Debug, Clone)]
pub(crate) struct RunRequest {
    /// The script path as typed (shown in the header).
    pub(crate) script_arg: String,
    /// `-e KEY=VALUE` pairs.
    pub(crate) env_flags: Vec<(String, String)>,
    /// `--include-system-env-vars` (default true for run).
    pub(crate) include_system_env_vars: bool,
    /// `-c/--config`.
    pub(crate) config_file: Option<PathBuf>,
    /// The options layer the flags set.
    pub(crate) cli: CliOverrides,
    /// `--threads`.
    pub(crate) threads: Option<usize>,
    /// `-q/--quiet`.
    pub(crate) quiet: bool,
    /// `-v/--verbose`.
    pub(crate) verbose: bool,
    /// `--no-color`.
    pub(crate) no_color: bool,
    /// `--log-format`.
    pub(crate) log_format: LogFormat,
    /// `--log-output` (stderr, stdout, none, file=PATH).
    pub(crate) log_output: Option<String>,
    /// `--console-output`.
    pub(crate) console_output: Option<PathBuf>,
    /// `--no-summary`.
    pub(crate) no_summary: bool,
    /// `--no-thresholds`.
    pub(crate) no_thresholds: bool,
    /// `--summary-mode`.
    pub(crate) summary_mode: Option<String>,
    /// `--summary-export`.
    pub(crate) summary_export: Option<PathBuf>,
}

impl RunRequest {
    /// Builds the request from parsed flags; errors are k6's (exit 255 for bad flag values).
    pub(crate) fn from_cli(global: &crate::cli::GlobalArgs, args: &crate::cli::RunArgs) -> Result<Self, (i32, String)> {
        if let Some(flag) = unsupported_flag(global, args) {
            return Err((crate::run::exit::ExitCode::INVALID_CONFIG, format!("{flag} is not supported yet")));
        }
        let cli = crate::cli::cli_overrides(args).map_err(|e| (255, e.to_string()))?;
        let env_flags = crate::cli::env_flags(&args.runtime).map_err(|e| (255, e.to_string()))?;
        if let Some(mode) = &args.runtime.summary_mode {
            crate::cli::validate_summary_mode(mode)
                .map_err(|e| (crate::run::exit::ExitCode::GENERIC, e.to_string()))?;
        }
        let env_log_format = std::env::var("K6_LOG_FORMAT").ok();
        let log_format = global.log_format.clone().or(env_log_format).unwrap_or_default();
        Ok(Self {
            script_arg: args.script.clone(),
            env_flags,
            include_system_env_vars: args.runtime.include_system_env_vars.unwrap_or(true),
            config_file: global.config.clone().map(PathBuf::from),
            cli,
            threads: args.threads,
            quiet: global.quiet.unwrap_or(false),
            verbose: global.verbose.unwrap_or(false),
            no_color: global.no_color.unwrap_or(false) || std::env::var_os("NO_COLOR").is_some(),
            log_format: LogFormat::from_flag(&log_format),
            log_output: global.log_output.clone(),
            console_output: args.options.console_output.clone().map(PathBuf::from),
            no_summary: args.runtime.no_summary.unwrap_or(false),
            no_thresholds: args.runtime.no_thresholds.unwrap_or(false),
            summary_mode: args.runtime.summary_mode.clone(),
            summary_export: args.runtime.summary_export.clone().map(PathBuf::from),
        })
    }
}

/// Flags k6 has whose feature Stampede does not provide yet: refused, never silently ignored.
fn unsupported_flag(global: &crate::cli::GlobalArgs, args: &crate::cli::RunArgs) -> Option<&'static str> {
    if args.options.paused == Some(true) {
        return Some("--paused (the REST API)");
    }
    if global.address.is_some() {
        return Some("--address (the REST API)");
    }
    if args.runtime.test_type.as_deref() == Some("archive") || args.script.ends_with(".tar") {
        return Some("running archives");
    }
    if args.runtime.traces_output.as_deref().is_some_and(|t| t != "none") {
        return Some("--traces-output");
    }
    if !global.secret_source.is_empty() {
        return Some("--secret-source");
    }
    if global.profiling_enabled == Some(true) {
        return Some("--profiling-enabled");
    }
    None
}
