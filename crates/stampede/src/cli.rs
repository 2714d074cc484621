//! The command line: clap definitions of every `k6 run` flag (same names, short forms and help
//! wording as k6 v1.1.0), `inspect`, `version`, and Stampede's own `testserver`, `demo` and
//! `--threads`. This module only parses; it turns flags into the engine's options layer with
//! [`cli_overrides`] and reads `K6_*`/`STAMPEDE_*` variables with [`parse_env`].
//!
//! Every value flag is an `Option`/`Vec`, so "the user gave this flag" is visible and only given
//! flags override lower configuration layers (k6's rule). Boolean flags take an optional
//! `=true|false` like k6's (`--throw=false`).
//!
//! How `main.rs` uses it:
//! ```ignore
//! let cli = match cli::parse_args(std::env::args_os()) {
//!     Ok(cli) => cli,
//!     Err(e) if e.exit_code() == 0 => { e.print().ok(); return 0 }   // --help
//!     Err(e) => { log_error(&cli::k6_error_text(&e)); return 255 }    // k6: no exit code
//! };
//! match cli.command {
//!     Some(Command::Run(args)) => {
//!         let env = cli::parse_env(std::env::vars())?;           // OptionsError: exit_code()
//!         let cli_layer = cli::cli_overrides(&args)?;             // exit 255 on bad values
//!         let layers = ConfigLayers { config_file, script, env, cli: cli_layer };
//!         let c = engine::options::consolidate(&layers)?;         // then validate(&c.options, &exports)
//!     }
//!     ...
//! }
//! ```

// Some flags are parsed before their feature exists (k6 accepts them all), so not every field is
// read yet.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};
use engine::options::{
    CliOverrides, EnvOverrides, GoDuration, Options, OptionsError, parse_dns, parse_go_bool, parse_option_duration,
    parse_stage_flag,
};
use engine::segment::{ExecutionSegment, SegmentSequence};

/// `stampede`: runs k6 gRPC test scripts unchanged.
#[derive(Debug, Parser)]
#[command(name = "stampede", disable_version_flag = true, about = "Runs Grafana k6 gRPC test scripts unchanged")]
pub(crate) struct Cli {
    /// Flags every command accepts.
    #[command(flatten, next_help_heading = "Global Flags")]
    pub(crate) global: GlobalArgs,
    /// Print the version (same as `stampede version`).
    #[arg(long)]
    pub(crate) version: bool,
    /// The command; `None` prints help.
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Start a test (k6's `run`: same flags, outputs and exit codes)
    Run(Box<RunArgs>),
    /// Inspect a script or archive.
    Inspect(InspectArgs),
    /// Show application version.
    Version(VersionArgs),
    /// Run the gRPC test server used by tests, benchmarks and the demo.
    Testserver(TestserverArgs),
    /// Start the test server and run an example test against it.
    Demo(DemoArgs),
    /// Talk to a gRPC server from the command line: list, describe, call, scaffold a k6 script.
    Grpc(GrpcArgs),
}

/// k6's global flags.
#[derive(Debug, Clone, Args)]
pub(crate) struct GlobalArgs {
    /// address for the REST API server (not available yet: Stampede refuses this flag)
    #[arg(short = 'a', long, global = true, value_name = "string")]
    pub(crate) address: Option<String>,
    /// JSON config file (default "~/.config/k6/config.json")
    #[arg(short = 'c', long, global = true, value_name = "string")]
    pub(crate) config: Option<String>,
    /// log output format
    #[arg(long, global = true, value_name = "string")]
    pub(crate) log_format: Option<String>,
    /// change the output for k6 logs, possible values are: 'stderr', 'stdout', 'none', 'loki[=host:port]', 'file[=./path.fileformat]' (default "stderr")
    #[arg(long, global = true, value_name = "string")]
    pub(crate) log_output: Option<String>,
    /// disable colored output
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_color: Option<bool>,
    /// enable profiling (pprof) endpoints, k6's REST API should be enabled as well
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) profiling_enabled: Option<bool>,
    /// disable progress updates
    #[arg(short = 'q', long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) quiet: Option<bool>,
    /// setting secret sources for k6 file[=./path.fileformat],
    #[arg(long, global = true, value_name = "stringArray")]
    pub(crate) secret_source: Vec<String>,
    /// enable verbose logging
    #[arg(short = 'v', long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) verbose: Option<bool>,
}

/// Flags that only change how the test runs, not its options (shared by `run` and `inspect`).
#[derive(Debug, Clone, Args)]
pub(crate) struct RuntimeArgs {
    /// pass the real system environment variables to the runtime (default true for run)
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) include_system_env_vars: Option<bool>,
    /// JavaScript compiler compatibility mode, "extended" or "base" (default "extended")
    #[arg(long, value_name = "string")]
    pub(crate) compatibility_mode: Option<String>,
    /// override test type, "js" or "archive"
    #[arg(short = 't', long = "type", value_name = "string")]
    pub(crate) test_type: Option<String>,
    /// add/override environment variable with VAR=value
    #[arg(short = 'e', long = "env", value_name = "VAR=value")]
    pub(crate) env: Vec<String>,
    /// don't run thresholds
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_thresholds: Option<bool>,
    /// don't show the summary at the end of the test
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_summary: Option<bool>,
    /// determine the summary mode, "compact", "full" or "legacy" (default "compact")
    #[arg(long, value_name = "string")]
    pub(crate) summary_mode: Option<String>,
    /// output the end-of-test summary report to JSON file
    #[arg(long, value_name = "string")]
    pub(crate) summary_export: Option<String>,
    /// set the output for k6 traces, possible values are none,otel[=host:port] (default "none")
    #[arg(long, value_name = "string")]
    pub(crate) traces_output: Option<String>,
}

/// The flags that set test options (k6's option flag set of `run`).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct OptionArgs {
    /// number of virtual users (default 1)
    #[arg(short = 'u', long, value_parser = int_flag, value_name = "int")]
    pub(crate) vus: Option<i64>,
    /// test duration limit
    #[arg(short = 'd', long, value_parser = duration_flag, value_name = "duration")]
    pub(crate) duration: Option<GoDuration>,
    /// script total iteration limit (among all VUs)
    #[arg(short = 'i', long, value_parser = int_flag, value_name = "int")]
    pub(crate) iterations: Option<i64>,
    /// add a stage, as `[duration]:[target]`
    #[arg(short = 's', long = "stage", value_name = "stage")]
    pub(crate) stages: Vec<String>,
    /// limit execution to the specified segment, e.g. 10%, 1/3, 0.2:2/3
    #[arg(long, value_name = "string")]
    pub(crate) execution_segment: Option<String>,
    /// the execution segment sequence
    #[arg(long, value_name = "string")]
    pub(crate) execution_segment_sequence: Option<String>,
    /// start the test in a paused state
    #[arg(short = 'p', long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) paused: Option<bool>,
    /// don't run setup()
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_setup: Option<bool>,
    /// don't run teardown()
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_teardown: Option<bool>,
    /// follow at most n redirects (default 10)
    #[arg(long, value_parser = int_flag, value_name = "int")]
    pub(crate) max_redirects: Option<i64>,
    /// max parallel batch reqs (default 20)
    #[arg(long, value_parser = int_flag, value_name = "int")]
    pub(crate) batch: Option<i64>,
    /// max parallel batch reqs per host (default 6)
    #[arg(long, value_parser = int_flag, value_name = "int")]
    pub(crate) batch_per_host: Option<i64>,
    /// limit requests per second
    #[arg(long, value_parser = int_flag, value_name = "int")]
    pub(crate) rps: Option<i64>,
    /// user agent for http requests (default "Grafana k6/1.1.0")
    #[arg(long, value_name = "string")]
    pub(crate) user_agent: Option<String>,
    /// log all HTTP requests and responses. Excludes body by default. To include body use '--http-debug=full'
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "headers", value_name = "string")]
    pub(crate) http_debug: Option<String>,
    /// skip verification of TLS certificates
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) insecure_skip_tls_verify: Option<bool>,
    /// disable keep-alive connections
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_connection_reuse: Option<bool>,
    /// don't reuse connections between iterations
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_vu_connection_reuse: Option<bool>,
    /// minimum amount of time k6 will take executing a single iteration
    #[arg(long, value_parser = duration_flag, value_name = "duration")]
    pub(crate) min_iteration_duration: Option<GoDuration>,
    /// throw warnings (like failed http requests) as errors
    #[arg(short = 'w', long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) throw: Option<bool>,
    /// blacklist an ip range from being called
    #[arg(long = "blacklist-ip", value_name = "ip range")]
    pub(crate) blacklist_ip: Vec<String>,
    /// block a case-insensitive hostname pattern, with optional leading wildcard, from being called
    #[arg(long, value_name = "pattern")]
    pub(crate) block_hostnames: Vec<String>,
    /// define stats for trend metrics (response times), one or more as 'avg,p(95),...' (default 'avg, min, med, max, p(90), p(95)')
    #[arg(long, value_name = "stats")]
    pub(crate) summary_trend_stats: Option<String>,
    /// define the time unit used to display the trend stats. Possible units are: 's', 'ms' and 'us'
    #[arg(long, value_name = "string")]
    pub(crate) summary_time_unit: Option<String>,
    /// only include these system tags in metrics (default "proto, subproto, status, method, url, name, group, check, error, error_code, tls_version, scenario, service, expected_response")
    #[arg(long, value_name = "strings")]
    pub(crate) system_tags: Vec<String>,
    /// add a tag to be applied to all samples, as `[name]=[value]`
    #[arg(long = "tag", value_name = "tag")]
    pub(crate) tags: Vec<String>,
    /// redirects the console logging to the provided output file
    #[arg(long, value_name = "string")]
    pub(crate) console_output: Option<String>,
    /// Read but don't process or save HTTP response bodies
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) discard_response_bodies: Option<bool>,
    /// Client IP Ranges and/or CIDRs from which each VU will be making requests, e.g. '192.168.220.1,192.168.0.10-192.168.0.25', 'fd:1::0/120', etc.
    #[arg(long, value_name = "string")]
    pub(crate) local_ips: Option<String>,
    /// DNS resolver configuration. Possible ttl values are: 'inf' for a persistent cache, '0' to disable the cache, or a positive duration, e.g. '1s', '1m', etc. Milliseconds are assumed if no unit is provided. Possible select values to return a single IP are: 'first', 'random' or 'roundRobin'. Possible policy values are: 'preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6' or 'any'. (default "ttl=5m,select=random,policy=preferIPv4")
    #[arg(long, value_name = "string")]
    pub(crate) dns: Option<String>,
}

/// `stampede run [flags] <script>`.
#[derive(Debug, Clone, Args)]
pub(crate) struct RunArgs {
    /// Option flags.
    #[command(flatten)]
    pub(crate) options: OptionArgs,
    /// Runtime flags.
    #[command(flatten)]
    pub(crate) runtime: RuntimeArgs,
    /// uri for an external metrics database
    #[arg(short = 'o', long = "out", value_name = "uri")]
    pub(crate) out: Vec<String>,
    /// keep the API server alive past test end
    #[arg(short = 'l', long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) linger: Option<bool>,
    /// don't send anonymous usagestats (https://grafana.com/docs/k6/latest/set-up/usage-collection/)
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = bool_flag, value_name = "bool")]
    pub(crate) no_usage_report: Option<bool>,
    /// number of threads that run VUs (Stampede only; default: the number of CPU cores)
    #[arg(long, value_name = "int")]
    pub(crate) threads: Option<usize>,
    /// The script (`-` for stdin) or archive.
    #[arg(value_name = "script")]
    pub(crate) script: String,
}

/// `stampede inspect [--execution-requirements] <script>`.
#[derive(Debug, Clone, Args)]
pub(crate) struct InspectArgs {
    /// Runtime flags.
    #[command(flatten)]
    pub(crate) runtime: RuntimeArgs,
    /// include calculations of execution requirements for the test
    #[arg(long)]
    pub(crate) execution_requirements: bool,
    /// The script or archive.
    #[arg(value_name = "file")]
    pub(crate) script: String,
}

/// `stampede version [--json]`.
#[derive(Debug, Clone, Args)]
pub(crate) struct VersionArgs {
    /// print the version as JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// `stampede testserver`.
#[derive(Debug, Clone, Args)]
pub(crate) struct TestserverArgs {
    /// port to listen on (0 picks a free port)
    #[arg(long, default_value_t = 50051, value_name = "int")]
    pub(crate) port: u16,
    /// serve TLS with a generated certificate
    #[arg(long, conflicts_with = "mtls")]
    pub(crate) tls: bool,
    /// serve TLS and require client certificates
    #[arg(long)]
    pub(crate) mtls: bool,
    /// don't register the reflection service
    #[arg(long)]
    pub(crate) no_reflection: bool,
}

/// `stampede demo`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DemoArgs {
    /// number of virtual users (default 10)
    #[arg(short = 'u', long, value_name = "int")]
    pub(crate) vus: Option<u64>,
    /// test duration, e.g. 30s or 1m (default 5s)
    #[arg(short = 'd', long, value_name = "duration")]
    pub(crate) duration: Option<String>,
}

/// `stampede grpc <list|describe|call|scaffold> ...`: the words after `grpc`, parsed by
/// `grpc_cmd` itself because it accepts grpcurl's single-dash long flags (`-plaintext`).
#[derive(Debug, Clone, Args)]
#[command(disable_help_flag = true)]
pub(crate) struct GrpcArgs {
    /// The subcommand and its flags (see `stampede grpc --help`).
    #[arg(num_args = 0.., trailing_var_arg = true, allow_hyphen_values = true, value_name = "args")]
    pub(crate) args: Vec<OsString>,
}

/// Parses arguments (first item = program name).
pub(crate) fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Cli::try_parse_from(args)
}

/// The `K6_*` / `STAMPEDE_*` environment layer (`STAMPEDE_X` wins over `K6_X`).
pub(crate) fn parse_env<I, K, V>(vars: I) -> Result<EnvOverrides, OptionsError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    engine::options::parse_env(vars)
}

/// The CLI options layer: only flags that were given are set. Errors (bad stage, segment, tag or
/// DNS value) have no k6 exit code: exit 255.
pub(crate) fn cli_overrides(args: &RunArgs) -> Result<CliOverrides, OptionsError> {
    let a = &args.options;
    let stages = a.stages.iter().enumerate().map(|(i, s)| parse_stage_flag(i, s)).collect::<Result<Vec<_>, _>>()?;
    let options = Options {
        vus: a.vus,
        duration: a.duration,
        iterations: a.iterations,
        stages: (!stages.is_empty()).then_some(stages),
        execution_segment: a.execution_segment.as_deref().map(ExecutionSegment::parse).transpose()?,
        execution_segment_sequence: a.execution_segment_sequence.as_deref().map(SegmentSequence::parse).transpose()?,
        paused: a.paused,
        no_setup: a.no_setup,
        no_teardown: a.no_teardown,
        max_redirects: a.max_redirects,
        batch: a.batch,
        batch_per_host: a.batch_per_host,
        rps: a.rps,
        user_agent: a.user_agent.clone(),
        http_debug: a.http_debug.clone(),
        insecure_skip_tls_verify: a.insecure_skip_tls_verify,
        no_connection_reuse: a.no_connection_reuse,
        no_vu_connection_reuse: a.no_vu_connection_reuse,
        min_iteration_duration: a.min_iteration_duration,
        throw: a.throw,
        blacklist_ips: non_empty(split_all(&a.blacklist_ip)),
        block_hostnames: non_empty(split_all(&a.block_hostnames)),
        summary_trend_stats: a.summary_trend_stats.as_ref().map(|s| split_list(s)),
        summary_time_unit: a.summary_time_unit.clone(),
        system_tags: non_empty(split_all(&a.system_tags)),
        tags: if a.tags.is_empty() { None } else { Some(parse_tag_flags(&a.tags)?) },
        console_output: a.console_output.clone(),
        discard_response_bodies: a.discard_response_bodies,
        local_ips: a.local_ips.clone(),
        dns: a
            .dns
            .as_deref()
            .map(parse_dns)
            .transpose()
            .map_err(|e| OptionsError::Flag(e.to_string()))?
            .unwrap_or_default(),
        ..Options::default()
    };
    Ok(CliOverrides {
        options,
        out: non_empty(args.out.clone()),
        linger: args.linger,
        no_usage_report: args.no_usage_report,
    })
}

/// The `-e VAR=value` pairs (a bare `VAR` means an empty value), names checked as k6 does.
pub(crate) fn env_flags(args: &RuntimeArgs) -> Result<Vec<(String, String)>, OptionsError> {
    args.env
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv.as_str(), ""));
            let valid = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                Ok((k.to_string(), v.to_string()))
            } else {
                Err(OptionsError::Flag(format!("invalid environment variable name '{k}'")))
            }
        })
        .collect()
}

/// Checks a `--summary-mode` / `K6_SUMMARY_MODE` value.
pub(crate) fn validate_summary_mode(mode: &str) -> Result<(), OptionsError> {
    match mode {
        "compact" | "full" | "legacy" => Ok(()),
        _ => Err(OptionsError::Flag("invalid summary mode".to_string())),
    }
}

/// k6's one-line text for a parse error, e.g. `invalid argument "x" for "-u, --vus" flag:
/// strconv.ParseInt: parsing "x": invalid syntax` or `unknown flag: --bogus`.
pub(crate) fn k6_error_text(err: &clap::Error) -> String {
    let ctx_str = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    match err.kind() {
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let arg = ctx_str(ContextKind::InvalidArg).unwrap_or_default();
            let value = ctx_str(ContextKind::InvalidValue).unwrap_or_default();
            let flag = flag_names(arg.split([' ', '=', '[']).next().unwrap_or(""));
            match std::error::Error::source(err) {
                Some(source) => format!("invalid argument \"{value}\" for \"{flag}\" flag: {source}"),
                None => format!("invalid argument \"{value}\" for \"{flag}\" flag"),
            }
        }
        ErrorKind::UnknownArgument => {
            format!("unknown flag: {}", ctx_str(ContextKind::InvalidArg).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => {
            "accepts 1 arg(s), received 0: arg should either be \"-\", if reading script from stdin, or a path to a script file (e.g. `stampede run script.js`)".to_string()
        }
        _ => {
            let text = err.render().to_string();
            let first = text.lines().next().unwrap_or("").trim();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    }
}

/// `-u, --vus` for `--vus` or `-u` (as k6 names flags in errors).
fn flag_names(given: &str) -> String {
    let cmd = Cli::command();
    let mut commands = vec![&cmd];
    commands.extend(cmd.get_subcommands());
    for c in commands {
        for arg in c.get_arguments() {
            let long = arg.get_long().map(|l| format!("--{l}"));
            let short = arg.get_short().map(|s| format!("-{s}"));
            if long.as_deref() == Some(given) || short.as_deref() == Some(given) {
                return match (short, long) {
                    (Some(s), Some(l)) => format!("{s}, {l}"),
                    (_, Some(l)) => l,
                    (Some(s), None) => s,
                    (None, None) => given.to_string(),
                };
            }
        }
    }
    given.to_string()
}

fn int_flag(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|_| format!("strconv.ParseInt: parsing {s:?}: invalid syntax"))
}

fn duration_flag(s: &str) -> Result<GoDuration, String> {
    parse_option_duration(s).map_err(|e| e.to_string())
}

fn bool_flag(s: &str) -> Result<bool, String> {
    parse_go_bool(s).ok_or_else(|| format!("strconv.ParseBool: parsing {s:?}: invalid syntax"))
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn split_all(values: &[String]) -> Vec<String> {
    values.iter().flat_map(|v| split_list(v)).collect()
}

fn non_empty(v: Vec<String>) -> Option<Vec<String>> {
    (!v.is_empty()).then_some(v)
}

fn parse_tag_flags(values: &[String]) -> Result<BTreeMap<String, String>, OptionsError> {
    let mut tags = BTreeMap::new();
    for v in values {
        let (name, value) = v.split_once('=').unwrap_or((v.as_str(), ""));
        let why = if name.is_empty() {
            Some("invalid tag, empty name")
        } else if value.is_empty() {
            Some("invalid tag, empty value")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(OptionsError::Flag(format!("error parsing tag '{v}': {why}")));
        }
        tags.insert(name.to_string(), value.to_string());
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> RunArgs {
        let mut all = vec!["stampede", "run"];
        all.extend_from_slice(args);
        all.push("script.js");
        match parse_args(all).unwrap().command {
            Some(Command::Run(r)) => *r,
            other => panic!("not run: {other:?}"),
        }
    }

    /// Every flag of `k6 run --help` (10-help-run.txt), with a valid value where it takes one.
    const RUN_FLAGS: &[&[&str]] = &[
        &["-u", "2"],
        &["--vus", "2"],
        &["-d", "1s"],
        &["--duration", "1m30s"],
        &["-i", "3"],
        &["--iterations", "3"],
        &["-s", "1s:2"],
        &["--stage", "1s:2"],
        &["--execution-segment", "1/3"],
        &["--execution-segment-sequence", "0,1/3,2/3,1"],
        &["-p"],
        &["--paused"],
        &["--no-setup"],
        &["--no-teardown"],
        &["--max-redirects", "3"],
        &["--batch", "2"],
        &["--batch-per-host", "2"],
        &["--rps", "5"],
        &["--user-agent", "x"],
        &["--http-debug"],
        &["--http-debug=full"],
        &["--insecure-skip-tls-verify"],
        &["--no-connection-reuse"],
        &["--no-vu-connection-reuse"],
        &["--min-iteration-duration", "1s"],
        &["-w"],
        &["--throw"],
        &["--blacklist-ip", "10.0.0.0/8"],
        &["--block-hostnames", "*.example.com"],
        &["--summary-trend-stats", "avg,p(99)"],
        &["--summary-time-unit", "ms"],
        &["--system-tags", "status,url"],
        &["--tag", "a=b"],
        &["--console-output", "out.log"],
        &["--discard-response-bodies"],
        &["--local-ips", "127.0.0.1"],
        &["--dns", "ttl=1m"],
        &["--include-system-env-vars"],
        &["--compatibility-mode", "base"],
        &["-t", "js"],
        &["--type", "js"],
        &["-e", "A=1"],
        &["--env", "A=1"],
        &["--no-thresholds"],
        &["--no-summary"],
        &["--summary-mode", "full"],
        &["--summary-export", "s.json"],
        &["--traces-output", "none"],
        &["-o", "json=o.json"],
        &["--out", "csv"],
        &["-l"],
        &["--linger"],
        &["--no-usage-report"],
        &["-a", "localhost:6565"],
        &["--address", ""],
        &["-c", "cfg.json"],
        &["--config", "cfg.json"],
        &["--log-format", "raw"],
        &["--log-output", "stderr"],
        &["--no-color"],
        &["--profiling-enabled"],
        &["-q"],
        &["--quiet"],
        &["--secret-source", "file=x"],
        &["-v"],
        &["--verbose"],
        &["--threads", "4"],
    ];

    #[test]
    fn every_k6_run_flag_parses() {
        for flag in RUN_FLAGS {
            let mut all = vec!["stampede", "run"];
            all.extend_from_slice(flag);
            all.push("script.js");
            let parsed = parse_args(all.clone());
            assert!(parsed.is_ok(), "{all:?}: {}", parsed.unwrap_err());
        }
    }

    /// k6's own `k6 run --help` (spec sample 10-help-run), kept with the engine's fixtures.
    const K6_RUN_HELP: &str = include_str!("../../engine/tests/fixtures/k6-help-run.txt");

    #[test]
    fn every_flag_of_k6_run_help_exists() {
        let cmd = Cli::command();
        let run = cmd.find_subcommand("run").unwrap();
        let known: Vec<(Option<char>, String)> = run
            .get_arguments()
            .chain(cmd.get_arguments())
            .filter_map(|a| a.get_long().map(|l| (a.get_short(), l.to_string())))
            .collect();
        let mut seen = 0;
        for line in K6_RUN_HELP.lines().map(str::trim_start).filter(|l| l.starts_with('-')) {
            let (short, rest) = match line.strip_prefix('-').and_then(|l| l.chars().next()) {
                Some(c) if c != '-' => (Some(c), line.split_once(", ").map_or(line, |(_, r)| r)),
                _ => (None, line),
            };
            let long = rest.trim_start_matches('-').split([' ', '[']).next().unwrap();
            if long == "help" {
                continue;
            }
            assert!(known.iter().any(|(s, l)| l == long && (short.is_none() || *s == short)), "missing {line}");
            seen += 1;
        }
        assert_eq!(seen, 51, "flags read from the k6 help text");
    }

    #[test]
    fn only_given_flags_are_set() {
        let o = cli_overrides(&run(&[])).unwrap();
        assert_eq!(o, CliOverrides::default());
        let o = cli_overrides(&run(&["-u", "4", "-w", "--tag", "run=r1", "-s", "1s:3", "-s", "0.5s:0"])).unwrap();
        assert_eq!(o.options.vus, Some(4));
        assert_eq!(o.options.throw, Some(true));
        assert_eq!(o.options.stages.as_ref().map(Vec::len), Some(2));
        assert_eq!(o.options.tags.unwrap().get("run").map(String::as_str), Some("r1"));
        assert_eq!(o.options.iterations, None);
        let o = cli_overrides(&run(&["--throw=false", "--http-debug"])).unwrap();
        assert_eq!(o.options.throw, Some(false));
        assert_eq!(o.options.http_debug.as_deref(), Some("headers"));
    }

    #[test]
    fn errors_read_like_k6() {
        let err = parse_args(["stampede", "run", "-u", "x", "s.js"]).unwrap_err();
        assert_eq!(
            k6_error_text(&err),
            "invalid argument \"x\" for \"-u, --vus\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        let err = parse_args(["stampede", "run", "-d", "x", "s.js"]).unwrap_err();
        assert_eq!(
            k6_error_text(&err),
            "invalid argument \"x\" for \"-d, --duration\" flag: time: invalid duration \"x\""
        );
        let err = parse_args(["stampede", "run", "--throw=x", "s.js"]).unwrap_err();
        assert_eq!(
            k6_error_text(&err),
            "invalid argument \"x\" for \"-w, --throw\" flag: strconv.ParseBool: parsing \"x\": invalid syntax"
        );
        let err = parse_args(["stampede", "run", "--min-iteration-duration", "x", "s.js"]).unwrap_err();
        assert_eq!(
            k6_error_text(&err),
            "invalid argument \"x\" for \"--min-iteration-duration\" flag: time: invalid duration \"x\""
        );
        let err = parse_args(["stampede", "run", "--no-such-flag", "s.js"]).unwrap_err();
        assert_eq!(k6_error_text(&err), "unknown flag: --no-such-flag");
        let err = cli_overrides(&run(&["-s", "x"])).unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.exit_code()),
            ("error for stage 0: time: invalid duration \"x\"", 255)
        );
        let err = cli_overrides(&run(&["--tag", "bad"])).unwrap_err();
        assert_eq!(err.to_string(), "error parsing tag 'bad': invalid tag, empty value");
        let err = cli_overrides(&run(&["--execution-segment", "2"])).unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.exit_code()),
            ("segment end value can't be more than 1 but was 2.00", 255)
        );
        let err = cli_overrides(&run(&["--dns", "bogus=1"])).unwrap_err();
        assert_eq!((err.to_string().as_str(), err.exit_code()), ("unknown DNS configuration field: bogus", 255));
        let err = env_flags(&run(&["-e", "1bad=x"]).runtime).unwrap_err();
        assert_eq!(err.to_string(), "invalid environment variable name '1bad'");
        assert_eq!(validate_summary_mode("bad").unwrap_err().to_string(), "invalid summary mode");
    }

    #[test]
    fn other_commands() {
        let cli = parse_args(["stampede", "inspect", "--execution-requirements", "-e", "A=1", "s.js"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Inspect(ref i)) if i.execution_requirements && i.script == "s.js"));
        let cli = parse_args(["stampede", "version", "--json"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Version(VersionArgs { json: true }))));
        assert!(parse_args(["stampede", "--version"]).unwrap().version);
        let cli = parse_args(["stampede", "testserver", "--port", "0", "--mtls", "--no-reflection"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Testserver(TestserverArgs { port: 0, mtls: true, .. }))));
        assert!(parse_args(["stampede", "testserver", "--tls", "--mtls"]).is_err());
        assert!(matches!(parse_args(["stampede", "demo"]).unwrap().command, Some(Command::Demo(_))));
        let cli = parse_args(["stampede", "-q", "run", "s.js"]).unwrap();
        assert_eq!(cli.global.quiet, Some(true));
    }

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
