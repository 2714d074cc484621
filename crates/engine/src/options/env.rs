//! The `K6_*` environment layer. Every `K6_X` name is also accepted as `STAMPEDE_X`; when both
//! are present the `STAMPEDE_` one wins, so a Stampede-specific setting can differ from one shared
//! with k6. Values decode with k6's text rules (Go `strconv.ParseBool` booleans, comma-separated
//! lists, `k=v` maps, `duration:target` stages) and fail with k6's `envconfig.Process` texts.

use std::collections::BTreeMap;

use serde_json::Value;

use super::duration::parse_option_duration;
use super::error::OptionsError;
use super::json::parse_int_str;
use super::{DnsOptions, Options, Stage};

/// Everything the environment sets: test options plus config-, runtime- and global-level
/// settings that are not part of `options`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvOverrides {
    /// The options layer.
    pub options: Options,
    /// `K6_OUT` (comma-separated).
    pub out: Option<Vec<String>>,
    /// `K6_LINGER`.
    pub linger: Option<bool>,
    /// `K6_NO_USAGE_REPORT`.
    pub no_usage_report: Option<bool>,
    /// `K6_INCLUDE_SYSTEM_ENV_VARS`.
    pub include_system_env_vars: Option<bool>,
    /// `K6_COMPATIBILITY_MODE`.
    pub compatibility_mode: Option<String>,
    /// `K6_TYPE`.
    pub test_type: Option<String>,
    /// `K6_NO_THRESHOLDS`.
    pub no_thresholds: Option<bool>,
    /// `K6_NO_SUMMARY`.
    pub no_summary: Option<bool>,
    /// `K6_SUMMARY_MODE`.
    pub summary_mode: Option<String>,
    /// `K6_SUMMARY_EXPORT`.
    pub summary_export: Option<String>,
    /// `K6_TRACES_OUTPUT`.
    pub traces_output: Option<String>,
    /// `K6_CONFIG`.
    pub config: Option<String>,
    /// `K6_LOG_OUTPUT`.
    pub log_output: Option<String>,
    /// `K6_LOG_FORMAT`.
    pub log_format: Option<String>,
    /// `K6_NO_COLOR` non-empty, or `NO_COLOR` present.
    pub no_color: bool,
    /// `K6_PROFILING_ENABLED`.
    pub profiling_enabled: Option<bool>,
    /// `K6_WEB_DASHBOARD`.
    pub web_dashboard: Option<bool>,
    /// `STAMPEDE_THREADS` / `K6_THREADS`: VU threads.
    pub threads: Option<i64>,
}

/// Reads the `K6_*` / `STAMPEDE_*` variables out of `vars` (e.g. `std::env::vars()`).
pub fn parse_env<I, K, V>(vars: I) -> Result<EnvOverrides, OptionsError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut k6: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut stampede: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut out = EnvOverrides::default();
    for (k, v) in vars {
        let (k, v) = (k.as_ref(), v.as_ref());
        if k == "NO_COLOR" {
            out.no_color = true;
        } else if let Some(suffix) = k.strip_prefix("K6_") {
            k6.insert(suffix.to_string(), (k.to_string(), v.to_string()));
        } else if let Some(suffix) = k.strip_prefix("STAMPEDE_") {
            stampede.insert(suffix.to_string(), (k.to_string(), v.to_string()));
        }
    }
    for (suffix, (var, value)) in k6.iter().chain(stampede.iter()) {
        apply_var(&mut out, suffix, var, value)?;
    }
    Ok(out)
}

fn env_err(var: &str, field: &str, value: &str, go_type: &str, details: String) -> OptionsError {
    OptionsError::Env {
        var: var.to_string(),
        field: field.to_string(),
        value: value.to_string(),
        go_type: go_type.to_string(),
        details,
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn list(value: &str) -> Vec<String> {
    value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Parses a `duration[:target]` stage (the `-s` flag and `K6_STAGES` items).
pub(crate) fn parse_stage(text: &str) -> Result<Stage, String> {
    let (dur, target) = match text.split_once(':') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let duration = parse_option_duration(dur.trim()).map_err(|e| e.to_string())?;
    let target = target.map(|t| parse_int_str(t.trim())).transpose()?;
    Ok(Stage { duration, target })
}

/// Parses an envconfig map, `k:v,k2:v2` (each item exactly one `:`).
pub(crate) fn parse_env_map(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for item in text.split(',') {
        let parts: Vec<&str> = item.split(':').collect();
        match parts.as_slice() {
            [k, v] => {
                map.insert(k.trim().to_string(), v.trim().to_string());
            }
            _ => return Err(format!("invalid map item: {item:?}")),
        }
    }
    Ok(map)
}

/// Parses `ttl=5m,select=random,policy=preferIPv4`.
pub fn parse_dns(text: &str) -> Result<DnsOptions, OptionsError> {
    let mut dns = DnsOptions::default();
    for item in list(text) {
        let (k, v) = item.split_once('=').unwrap_or((item.as_str(), ""));
        match k {
            "ttl" => dns.ttl = Some(v.to_string()),
            "select" => dns.select = Some(v.to_string()),
            "policy" => dns.policy = Some(v.to_string()),
            _ => return Err(OptionsError::Json(format!("unknown DNS configuration field: {k}"))),
        }
    }
    super::network::dns(&dns)?;
    Ok(dns)
}

fn apply_var(out: &mut EnvOverrides, suffix: &str, var: &str, value: &str) -> Result<(), OptionsError> {
    let int = |field: &str| parse_int_str(value).map(Some).map_err(|d| env_err(var, field, value, "null.Int", d));
    let boolean = |field: &str| {
        parse_go_bool(value)
            .map(Some)
            .ok_or_else(|| env_err(var, field, value, "null.Bool", format!("invalid input:{value}")))
    };
    let duration = |field: &str| {
        parse_option_duration(value)
            .map(Some)
            .map_err(|e| env_err(var, field, value, "types.NullDuration", e.to_string()))
    };
    let string = || Some(value.to_string());
    let o = &mut out.options;
    match suffix {
        "PAUSED" => o.paused = boolean("Paused")?,
        "VUS" => o.vus = int("VUs")?,
        "DURATION" => o.duration = duration("Duration")?,
        "ITERATIONS" => o.iterations = int("Iterations")?,
        "STAGES" => {
            let stages = list(value)
                .iter()
                .map(|s| parse_stage(s))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|d| env_err(var, "Stages", value, "[]lib.Stage", d))?;
            o.stages = Some(stages);
        }
        "NO_SETUP" => o.no_setup = boolean("NoSetup")?,
        "SETUP_TIMEOUT" => o.setup_timeout = duration("SetupTimeout")?,
        "NO_TEARDOWN" => o.no_teardown = boolean("NoTeardown")?,
        "TEARDOWN_TIMEOUT" => o.teardown_timeout = duration("TeardownTimeout")?,
        "RPS" => o.rps = int("RPS")?,
        "DNS" => o.dns = parse_dns(value).map_err(|e| env_err(var, "DNS", value, "types.DNSConfig", e.to_string()))?,
        "MAX_REDIRECTS" => o.max_redirects = int("MaxRedirects")?,
        "USER_AGENT" => o.user_agent = string(),
        "BATCH" => o.batch = int("Batch")?,
        "BATCH_PER_HOST" => o.batch_per_host = int("BatchPerHost")?,
        "HTTP_DEBUG" => o.http_debug = string(),
        "INSECURE_SKIP_TLS_VERIFY" => o.insecure_skip_tls_verify = boolean("InsecureSkipTLSVerify")?,
        "TLS_CIPHER_SUITES" => {
            super::network::cipher_suites(&list(value))?;
            o.tls_cipher_suites = Some(list(value));
        }
        "TLS_VERSION" => o.tls_version = super::network::tls_version(&Value::String(value.to_string()))?,
        "THROW" => o.throw = boolean("Throw")?,
        "THRESHOLDS" => {
            o.thresholds = match serde_json::from_str::<Value>(value) {
                Ok(Value::Object(map)) => Some(map),
                _ => {
                    return Err(env_err(
                        var,
                        "Thresholds",
                        value,
                        "map[string]metrics.Thresholds",
                        "expected a JSON object".to_string(),
                    ));
                }
            }
        }
        "BLACKLIST_IPS" => o.blacklist_ips = Some(list(value)),
        "BLOCK_HOSTNAMES" => {
            super::network::hostname_patterns(&list(value))?;
            o.block_hostnames = Some(list(value));
        }
        "HOSTS" => {
            o.hosts = match serde_json::from_str::<Value>(value) {
                Ok(Value::Object(map)) => Some(map),
                _ => {
                    return Err(env_err(
                        var,
                        "Hosts",
                        value,
                        "types.NullHosts",
                        "expected a JSON object of host names to addresses".to_string(),
                    ));
                }
            }
        }
        "NO_CONNECTION_REUSE" => o.no_connection_reuse = boolean("NoConnectionReuse")?,
        "NO_VU_CONNECTION_REUSE" => o.no_vu_connection_reuse = boolean("NoVUConnectionReuse")?,
        "MIN_ITERATION_DURATION" => o.min_iteration_duration = duration("MinIterationDuration")?,
        "SUMMARY_TREND_STATS" => o.summary_trend_stats = Some(list(value)),
        "SUMMARY_TIME_UNIT" => o.summary_time_unit = string(),
        "SYSTEM_TAGS" => o.system_tags = Some(super::network::system_tags(list(value))),
        "TAGS" => {
            o.tags = Some(parse_env_map(value).map_err(|d| env_err(var, "RunTags", value, "map[string]string", d))?)
        }
        "METRIC_SAMPLES_BUFFER_SIZE" => o.metric_samples_buffer_size = int("MetricSamplesBufferSize")?,
        "NO_COOKIES_RESET" => o.no_cookies_reset = boolean("NoCookiesReset")?,
        "DISCARD_RESPONSE_BODIES" => o.discard_response_bodies = boolean("DiscardResponseBodies")?,
        "LOCAL_IPS" => o.local_ips = string(),
        "CONSOLE_OUTPUT" => o.console_output = string(),
        "OUT" => out.out = Some(list(value)),
        "LINGER" => out.linger = boolean("Linger")?,
        "NO_USAGE_REPORT" => out.no_usage_report = boolean("NoUsageReport")?,
        "INCLUDE_SYSTEM_ENV_VARS" => out.include_system_env_vars = boolean("IncludeSystemEnvVars")?,
        "COMPATIBILITY_MODE" => out.compatibility_mode = string(),
        "TYPE" => out.test_type = string(),
        "NO_THRESHOLDS" => out.no_thresholds = boolean("NoThresholds")?,
        "NO_SUMMARY" => out.no_summary = boolean("NoSummary")?,
        "SUMMARY_MODE" => out.summary_mode = string(),
        "SUMMARY_EXPORT" => out.summary_export = string(),
        "TRACES_OUTPUT" => out.traces_output = string(),
        "CONFIG" => out.config = string(),
        "LOG_OUTPUT" => out.log_output = string(),
        "LOG_FORMAT" => out.log_format = string(),
        "NO_COLOR" => out.no_color |= !value.is_empty(),
        "PROFILING_ENABLED" => out.profiling_enabled = boolean("ProfilingEnabled")?,
        "WEB_DASHBOARD" => out.web_dashboard = boolean("WebDashboard")?,
        "THREADS" => out.threads = int("Threads")?,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stampede_prefix_is_a_synonym_and_wins() {
        let env = parse_env([("K6_VUS", "3"), ("STAMPEDE_VUS", "4"), ("STAMPEDE_THROW", "true")]).unwrap();
        assert_eq!(env.options.vus, Some(4));
        assert_eq!(env.options.throw, Some(true));
    }

    #[test]
    fn errors_use_envconfig_texts() {
        let err = parse_env([("K6_VUS", "abc")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "envconfig.Process: assigning K6_VUS to VUs: converting 'abc' to type null.Int. details: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(err.exit_code(), 104);
        let err = parse_env([("K6_THROW", "yes")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "envconfig.Process: assigning K6_THROW to Throw: converting 'yes' to type null.Bool. details: invalid input:yes"
        );
        let err = parse_env([("K6_DURATION", "xx")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "envconfig.Process: assigning K6_DURATION to Duration: converting 'xx' to type types.NullDuration. details: time: invalid duration \"xx\""
        );
    }

    #[test]
    fn lists_maps_and_stages() {
        let env = parse_env([
            ("K6_STAGES", "1s:3,500ms:0"),
            ("K6_TAGS", "a:b,c:d"),
            ("K6_OUT", "json=a.json,csv"),
            ("K6_NO_COLOR", "1"),
        ])
        .unwrap();
        let stages = env.options.stages.unwrap();
        assert_eq!(stages.len(), 2);
        assert_eq!(stages[1].target, Some(0));
        assert_eq!(env.options.tags.unwrap().get("c").map(String::as_str), Some("d"));
        assert_eq!(env.out.unwrap(), vec!["json=a.json", "csv"]);
        assert!(env.no_color);
        let err = parse_env([("K6_TAGS", "a=b")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "envconfig.Process: assigning K6_TAGS to RunTags: converting 'a=b' to type map[string]string. details: invalid map item: \"a=b\""
        );
        let err = parse_env([("K6_DNS", "bogus=1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "envconfig.Process: assigning K6_DNS to DNS: converting 'bogus=1' to type types.DNSConfig. details: unknown DNS configuration field: bogus"
        );
        let env = parse_env([("K6_STAGES", "1s")]).unwrap();
        assert_eq!(env.options.stages.unwrap()[0].target, None);
    }
}
