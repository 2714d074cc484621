//! Options rendered back to k6's JSON forms: the `k6 inspect` object (every field, `null` when
//! unset, in k6's key order), the frozen `exec.test.options`, and the `options` part of the
//! `handleSummary` data. Key order is fixed here because users diff these outputs.

use serde_json::{Map, Value, json};

use super::Options;
use super::duration::GoDuration;
use super::scenario::{ExecutorConfig, Scenario, Stage};

fn dur(d: Option<GoDuration>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn opt<T: Into<Value> + Clone>(v: &Option<T>) -> Value {
    v.clone().map_or(Value::Null, Into::into)
}

fn map<K: ToString, V: Clone + Into<Value>>(m: &Option<std::collections::BTreeMap<K, V>>) -> Value {
    m.as_ref()
        .map_or(Value::Null, |m| Value::Object(m.iter().map(|(k, v)| (k.to_string(), v.clone().into())).collect()))
}

/// A `stages` array.
pub(crate) fn stages_json(stages: &Option<Vec<Stage>>) -> Value {
    stages.as_ref().map_or(Value::Null, |stages| {
        Value::Array(
            stages.iter().map(|s| json!({"duration": s.duration.to_string(), "target": opt(&s.target)})).collect(),
        )
    })
}

/// One scenario in k6's JSON form.
pub(crate) fn scenario_json(s: &Scenario) -> Value {
    let b = &s.base;
    let mut m = Map::new();
    m.insert("executor".into(), s.executor.name().into());
    m.insert("startTime".into(), dur(b.start_time));
    m.insert("gracefulStop".into(), dur(b.graceful_stop));
    m.insert("env".into(), map(&b.env));
    m.insert("exec".into(), opt(&b.exec));
    m.insert("tags".into(), map(&b.tags));
    if let Some(o) = &b.options {
        m.insert("options".into(), o.clone());
    }
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    match &s.executor {
        ExecutorConfig::SharedIterations(c) | ExecutorConfig::PerVuIterations(c) => {
            put("vus", opt(&c.vus));
            put("iterations", opt(&c.iterations));
            put("maxDuration", dur(c.max_duration));
        }
        ExecutorConfig::ConstantVus(c) => {
            put("vus", opt(&c.vus));
            put("duration", dur(c.duration));
        }
        ExecutorConfig::RampingVus(c) => {
            put("startVUs", opt(&c.start_vus));
            put("stages", stages_json(&c.stages));
            put("gracefulRampDown", dur(c.graceful_ramp_down));
        }
        ExecutorConfig::ConstantArrivalRate(c) => {
            put("rate", opt(&c.rate));
            put("timeUnit", dur(c.time_unit));
            put("duration", dur(c.duration));
            put("preAllocatedVUs", opt(&c.pre_allocated_vus));
            put("maxVUs", opt(&c.max_vus));
        }
        ExecutorConfig::RampingArrivalRate(c) => {
            put("startRate", opt(&c.start_rate));
            put("timeUnit", dur(c.time_unit));
            put("stages", stages_json(&c.stages));
            put("preAllocatedVUs", opt(&c.pre_allocated_vus));
            put("maxVUs", opt(&c.max_vus));
        }
        ExecutorConfig::ExternallyControlled(c) => {
            put("vus", opt(&c.vus));
            put("duration", dur(c.duration));
            put("maxVUs", opt(&c.max_vus));
        }
    }
    Value::Object(m)
}

fn strings(v: Vec<String>) -> Value {
    Value::Array(v.into_iter().map(Value::String).collect())
}

/// The options as `k6 inspect` prints them. With `with_defaults`, `summaryTrendStats` and
/// `systemTags` show their effective values (as in `--execution-requirements` and
/// `exec.test.options`).
pub fn options_json(o: &Options, with_defaults: bool) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("paused", opt(&o.paused));
    put("vus", opt(&o.vus));
    put("duration", dur(o.duration));
    put("iterations", opt(&o.iterations));
    put("stages", stages_json(&o.stages));
    put(
        "scenarios",
        o.scenarios
            .as_ref()
            .map_or(Value::Null, |s| Value::Object(s.iter().map(|(k, v)| (k.clone(), scenario_json(v))).collect())),
    );
    put("executionSegment", o.execution_segment.as_ref().map_or(Value::Null, |s| s.to_string().into()));
    put(
        "executionSegmentSequence",
        o.execution_segment_sequence.as_ref().map_or(Value::Null, |s| s.to_string().into()),
    );
    put("noSetup", opt(&o.no_setup));
    put("setupTimeout", dur(o.setup_timeout));
    put("noTeardown", opt(&o.no_teardown));
    put("teardownTimeout", dur(o.teardown_timeout));
    put("rps", opt(&o.rps));
    put("dns", json!({"ttl": opt(&o.dns.ttl), "select": opt(&o.dns.select), "policy": opt(&o.dns.policy)}));
    put("maxRedirects", opt(&o.max_redirects));
    put("userAgent", opt(&o.user_agent));
    put("batch", opt(&o.batch));
    put("batchPerHost", opt(&o.batch_per_host));
    put("httpDebug", opt(&o.http_debug));
    put("insecureSkipTLSVerify", opt(&o.insecure_skip_tls_verify));
    put("tlsCipherSuites", opt(&o.tls_cipher_suites));
    put("tlsVersion", opt(&o.tls_version));
    put("tlsAuth", opt(&o.tls_auth));
    put("throw", opt(&o.throw));
    put("thresholds", o.thresholds.clone().map_or(Value::Null, Value::Object));
    put("blacklistIPs", opt(&o.blacklist_ips));
    put("blockHostnames", opt(&o.block_hostnames));
    put("hosts", o.hosts.clone().map_or(Value::Null, Value::Object));
    put("noConnectionReuse", opt(&o.no_connection_reuse));
    put("noVUConnectionReuse", opt(&o.no_vu_connection_reuse));
    put("minIterationDuration", dur(o.min_iteration_duration));
    put("ext", opt(&o.ext));
    if with_defaults {
        put("summaryTrendStats", strings(o.summary_trend_stats()));
    } else {
        put("summaryTrendStats", opt(&o.summary_trend_stats));
    }
    put("summaryTimeUnit", opt(&o.summary_time_unit));
    if with_defaults {
        put("systemTags", strings(o.system_tags()));
    } else {
        put("systemTags", opt(&o.system_tags));
    }
    put("tags", map(&o.tags));
    put("metricSamplesBufferSize", opt(&o.metric_samples_buffer_size));
    put("noCookiesReset", opt(&o.no_cookies_reset));
    put("discardResponseBodies", opt(&o.discard_response_bodies));
    Value::Object(m)
}

/// `exec.test.options`: the consolidated options with defaults, without `vus`, `duration`,
/// `iterations` and `stages`, plus `consoleOutput` and `localIPs`.
pub fn test_options_json(o: &Options) -> Value {
    let mut v = options_json(o, true);
    if let Value::Object(m) = &mut v {
        for k in ["vus", "duration", "iterations", "stages"] {
            m.shift_remove(k);
        }
        m.insert("consoleOutput".into(), opt(&o.console_output));
        m.insert("localIPs".into(), opt(&o.local_ips));
    }
    v
}

/// The `options` object of the `handleSummary` data.
pub fn summary_options_json(o: &Options, no_color: bool) -> Value {
    json!({
        "summaryTrendStats": o.summary_trend_stats(),
        "summaryTimeUnit": o.summary_time_unit.clone().unwrap_or_default(),
        "noColor": no_color,
    })
}
