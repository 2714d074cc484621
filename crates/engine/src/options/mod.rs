//! k6 test options: the `Options` value a test runs with, how each configuration layer decodes
//! into it (config file, the script's `export const options`, `K6_*` variables, CLI flags), how
//! the layers consolidate in k6's order, how the execution shortcuts become scenarios, and how
//! the result validates and renders back to JSON.
//!
//! Every field is an `Option`: `None` means "not set in this layer", which is what makes layered
//! consolidation and k6's `null`s in `k6 inspect` output possible. Defaults are applied only by
//! accessors (`Options::setup_timeout()`, `IterationsConfig::vus()`, ...), never stored, so
//! scenarios derived by [`derive_scenarios`] keep k6's `null`s too.
//!
//! This module knows no JavaScript: the script's options arrive as a `serde_json::Value`, and the
//! list of exported functions arrives as names.

mod consolidate;
mod decode;
mod derive;
mod describe;
mod duration;
mod env;
mod error;
mod json;
mod merge;
mod network;
mod render;
mod requirements;
mod scenario;
mod scenario_decode;
mod validate;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::segment::{ExecutionSegment, SegmentSequence};

pub use consolidate::{CliOverrides, ConfigLayers, Consolidated, consolidate};
pub use decode::{Decoded, decode_config_file, decode_options, read_config_file};
pub use derive::derive_scenarios;
pub use duration::{DurationError, GoDuration, format_go_duration, parse_go_duration, parse_option_duration};
pub use env::{EnvOverrides, parse_dns, parse_env, parse_go_bool};
pub use error::{EXIT_GENERIC, EXIT_INVALID_CONFIG, OptionsError};
pub use network::{TLS_CIPHER_SUITES, TLS_VERSIONS};
pub use render::{options_json, summary_options_json, test_options_json};
pub use requirements::{ExecutionRequirements, execution_requirements};
pub use scenario::{
    ConstantArrivalRateConfig, ConstantVusConfig, DEFAULT_GRACEFUL_RAMP_DOWN, DEFAULT_GRACEFUL_STOP,
    DEFAULT_MAX_DURATION, DEFAULT_TIME_UNIT, EXECUTOR_NAMES, ExecutorConfig, ExternallyControlledConfig,
    IterationsConfig, RampingArrivalRateConfig, RampingVusConfig, Scenario, ScenarioBase, Scenarios, Stage,
    stages_duration,
};
pub use validate::{parse_stage_flag, validate, validate_trend_stats};

/// Default `summaryTrendStats`.
pub const DEFAULT_SUMMARY_TREND_STATS: [&str; 6] = ["avg", "min", "med", "max", "p(90)", "p(95)"];

/// Every system tag name k6 knows.
pub const ALL_SYSTEM_TAGS: [&str; 18] = [
    "proto",
    "subproto",
    "status",
    "method",
    "url",
    "name",
    "group",
    "check",
    "error",
    "error_code",
    "tls_version",
    "scenario",
    "service",
    "expected_response",
    "iter",
    "vu",
    "ocsp_status",
    "ip",
];

/// The system tags enabled by default (all but `iter`, `vu`, `ocsp_status`, `ip`).
pub const DEFAULT_SYSTEM_TAGS: [&str; 14] = [
    "proto",
    "subproto",
    "status",
    "method",
    "url",
    "name",
    "group",
    "check",
    "error",
    "error_code",
    "tls_version",
    "scenario",
    "service",
    "expected_response",
];

/// DNS resolver settings (`dns`), each part kept as given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DnsOptions {
    /// `ttl`: `inf`, `0` or a duration.
    pub ttl: Option<String>,
    /// `select`: `first`, `random` or `roundRobin`.
    pub select: Option<String>,
    /// `policy`: `preferIPv4`, `preferIPv6`, `onlyIPv4`, `onlyIPv6` or `any`.
    pub policy: Option<String>,
}

/// The k6 test options. `None` = not set (see the module docs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// `paused`: start paused.
    pub paused: Option<bool>,
    /// `vus`.
    pub vus: Option<i64>,
    /// `duration`.
    pub duration: Option<GoDuration>,
    /// `iterations`.
    pub iterations: Option<i64>,
    /// `stages`.
    pub stages: Option<Vec<Stage>>,
    /// `scenarios`.
    pub scenarios: Option<Scenarios>,
    /// `executionSegment`.
    pub execution_segment: Option<ExecutionSegment>,
    /// `executionSegmentSequence`.
    pub execution_segment_sequence: Option<SegmentSequence>,
    /// `noSetup`.
    pub no_setup: Option<bool>,
    /// `setupTimeout` (default 60s).
    pub setup_timeout: Option<GoDuration>,
    /// `noTeardown`.
    pub no_teardown: Option<bool>,
    /// `teardownTimeout` (default 60s).
    pub teardown_timeout: Option<GoDuration>,
    /// `rps` (HTTP only).
    pub rps: Option<i64>,
    /// `dns`.
    pub dns: DnsOptions,
    /// `maxRedirects` (HTTP only).
    pub max_redirects: Option<i64>,
    /// `userAgent` (HTTP only).
    pub user_agent: Option<String>,
    /// `batch` (HTTP only).
    pub batch: Option<i64>,
    /// `batchPerHost` (HTTP only).
    pub batch_per_host: Option<i64>,
    /// `httpDebug`: `""`/`headers` or `full`.
    pub http_debug: Option<String>,
    /// `insecureSkipTLSVerify`.
    pub insecure_skip_tls_verify: Option<bool>,
    /// `tlsCipherSuites`.
    pub tls_cipher_suites: Option<Vec<String>>,
    /// `tlsVersion`: a string or `{min, max}`, kept raw.
    pub tls_version: Option<Value>,
    /// `tlsAuth`: client certificates, kept raw.
    pub tls_auth: Option<Value>,
    /// `throw`.
    pub throw: Option<bool>,
    /// `thresholds`, kept raw for the metrics crate.
    pub thresholds: Option<serde_json::Map<String, Value>>,
    /// `blacklistIPs`.
    pub blacklist_ips: Option<Vec<String>>,
    /// `blockHostnames`.
    pub block_hostnames: Option<Vec<String>>,
    /// `hosts`: host → address, kept raw.
    pub hosts: Option<serde_json::Map<String, Value>>,
    /// `noConnectionReuse`.
    pub no_connection_reuse: Option<bool>,
    /// `noVUConnectionReuse`.
    pub no_vu_connection_reuse: Option<bool>,
    /// `minIterationDuration`.
    pub min_iteration_duration: Option<GoDuration>,
    /// `ext`, kept raw.
    pub ext: Option<Value>,
    /// `summaryTrendStats`.
    pub summary_trend_stats: Option<Vec<String>>,
    /// `summaryTimeUnit`: `s`, `ms` or `us`.
    pub summary_time_unit: Option<String>,
    /// `systemTags`.
    pub system_tags: Option<Vec<String>>,
    /// `tags`: run tags on every sample.
    pub tags: Option<BTreeMap<String, String>>,
    /// `metricSamplesBufferSize`.
    pub metric_samples_buffer_size: Option<i64>,
    /// `noCookiesReset` (HTTP only).
    pub no_cookies_reset: Option<bool>,
    /// `discardResponseBodies` (HTTP only).
    pub discard_response_bodies: Option<bool>,
    /// `localIPs`.
    pub local_ips: Option<String>,
    /// `cloud`, kept raw.
    pub cloud: Option<Value>,
    /// `consoleOutput` (CLI/env only).
    pub console_output: Option<String>,
}

impl Options {
    /// `setupTimeout` or 60s.
    pub fn setup_timeout(&self) -> GoDuration {
        self.setup_timeout.unwrap_or(GoDuration::from_secs(60))
    }

    /// `teardownTimeout` or 60s.
    pub fn teardown_timeout(&self) -> GoDuration {
        self.teardown_timeout.unwrap_or(GoDuration::from_secs(60))
    }

    /// `summaryTrendStats` or the default list.
    pub fn summary_trend_stats(&self) -> Vec<String> {
        self.summary_trend_stats
            .clone()
            .unwrap_or_else(|| DEFAULT_SUMMARY_TREND_STATS.iter().map(|s| s.to_string()).collect())
    }

    /// The enabled system tags, sorted (unknown names dropped, as k6 ignores them).
    pub fn system_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = match &self.system_tags {
            Some(list) => list.iter().filter(|t| ALL_SYSTEM_TAGS.contains(&t.as_str())).cloned().collect(),
            None => DEFAULT_SYSTEM_TAGS.iter().map(|s| s.to_string()).collect(),
        };
        tags.sort();
        tags.dedup();
        tags
    }

    /// Whether the `throw` option is on.
    pub fn throw(&self) -> bool {
        self.throw.unwrap_or(false)
    }

    /// The scenarios sorted by (startTime, name), the order k6 displays and plans them in.
    pub fn sorted_scenarios(&self) -> Vec<(&str, &Scenario)> {
        let mut list: Vec<(&str, &Scenario)> = self.scenarios.iter().flatten().map(|(k, v)| (k.as_str(), v)).collect();
        list.sort_by(|a, b| (a.1.base.start_time(), a.0).cmp(&(b.1.base.start_time(), b.0)));
        list
    }
}
