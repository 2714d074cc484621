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
