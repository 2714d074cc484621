//! Decoding of an options JSON object (the script's exported `options`, or a config file) into
//! [`Options`], with k6's type rules and error texts. Unknown top-level keys are collected, not
//! fatal: k6 only warns about them.

use serde_json::Value;

use super::Options;
use super::error::OptionsError;
use super::json::{self, Ctx};
use super::network;
use super::scenario_decode::{decode_scenarios, decode_stages};
use crate::segment::{ExecutionSegment, SegmentSequence};

/// The result of decoding one options object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    /// The options that were set.
    pub options: Options,
    /// Top-level keys k6 does not know, in the order met.
    pub unknown_fields: Vec<String>,
    /// Config-file-only `out` entries (`-o` equivalents).
    pub out: Option<Vec<String>>,
    /// Config-file-only `linger`.
    pub linger: Option<bool>,
    /// Config-file-only `noUsageReport`.
    pub no_usage_report: Option<bool>,
}

impl Decoded {
    /// k6's warning for unknown script option keys: the message and its `error` field, e.g.
    /// `("There were unknown fields in the options exported in the script", "json: unknown field \"bogus\"")`.
    pub fn unknown_fields_warning(&self) -> Option<(String, String)> {
        self.unknown_fields.first().map(|f| {
            (
                "There were unknown fields in the options exported in the script".to_string(),
                format!("json: unknown field \"{f}\""),
            )
        })
    }
}

/// Decodes the script's exported `options` (already converted to JSON). `null`/`undefined`
/// options decode to nothing set; anything but an object is a type error.
pub fn decode_options(value: &Value) -> Result<Decoded, OptionsError> {
    decode_object(value, false)
}

/// Decodes a JSON config file's text (`-c/--config`), which also accepts `out`, `linger` and
/// `noUsageReport`.
pub fn decode_config_file(path: &str, text: &str) -> Result<Decoded, OptionsError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| OptionsError::ConfigFile { path: path.to_string(), message: e.to_string() })?;
    decode_object(&value, true).map_err(|e| match e {
        OptionsError::Json(message) => {
            OptionsError::ConfigFile { path: path.to_string(), message: config_file_wording(&message) }
        }
        other => other,
    })
}

/// Reads and decodes the config file at `path`, with k6's error texts (exit 104). A missing
/// file is an error here; k6 silently skips only its default path, which is the caller's check.
pub fn read_config_file(path: &std::path::Path) -> Result<Decoded, OptionsError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        OptionsError::ConfigFileRead(format!("stat {shown}: {why}"))
    })?;
    decode_config_file(&shown, &text)
}

/// k6 reports config-file type errors without the script's JSON snippet, and on its `Config`
/// struct (which embeds `Options`).
fn config_file_wording(message: &str) -> String {
    let plain = match message.find("json: cannot unmarshal") {
        Some(i) if message.starts_with("parsing options from script") => &message[i..],
        _ => message,
    };
    plain.replace(" Go struct field Options.", " Go struct field Config.Options.")
}

fn decode_object(value: &Value, config_file: bool) -> Result<Decoded, OptionsError> {
    let map = match value {
        Value::Null => return Ok(Decoded::default()),
        Value::Object(map) => map,
        other => {
            return Err(OptionsError::Json(format!(
                "json: cannot unmarshal {} into Go value of type lib.Options",
                json::kind(other)
            )));
        }
    };
    let mut d = Decoded::default();
    for (key, v) in map {
        decode_field(&mut d, key, v, config_file)?;
    }
    Ok(d)
}

fn decode_field(d: &mut Decoded, key: &str, v: &Value, config_file: bool) -> Result<(), OptionsError> {
    let ctx = Ctx { strukt: "Options", key };
    let o = &mut d.options;
    match key {
        "paused" => o.paused = json::bool(ctx, v)?,
        "vus" => o.vus = json::int(ctx, v)?,
        "duration" => o.duration = json::duration(ctx, v)?,
        "iterations" => o.iterations = json::int(ctx, v)?,
        "stages" => o.stages = decode_stages(ctx, v, "[]lib.Stage")?,
        "scenarios" => o.scenarios = decode_scenarios(ctx, v)?,
        "executionSegment" => {
            o.execution_segment = json::string(ctx, v)?.map(|s| ExecutionSegment::parse(&s)).transpose()?
        }
        "executionSegmentSequence" => {
            o.execution_segment_sequence = json::string(ctx, v)?.map(|s| SegmentSequence::parse(&s)).transpose()?
        }
        "noSetup" => o.no_setup = json::bool(ctx, v)?,
        "setupTimeout" => o.setup_timeout = json::duration(ctx, v)?,
        "noTeardown" => o.no_teardown = json::bool(ctx, v)?,
        "teardownTimeout" => o.teardown_timeout = json::duration(ctx, v)?,
        "rps" => o.rps = json::int(ctx, v)?,
        "dns" => decode_dns(o, ctx, v)?,
        "maxRedirects" => o.max_redirects = json::int(ctx, v)?,
        "userAgent" => o.user_agent = json::string(ctx, v)?,
        "batch" => o.batch = json::int(ctx, v)?,
        "batchPerHost" => o.batch_per_host = json::int(ctx, v)?,
        "httpDebug" => o.http_debug = json::string(ctx, v)?,
        "insecureSkipTLSVerify" => o.insecure_skip_tls_verify = json::bool(ctx, v)?,
        "tlsCipherSuites" => {
            o.tls_cipher_suites = json::string_list(ctx, v)?;
            network::cipher_suites(o.tls_cipher_suites.as_deref().unwrap_or_default())?;
        }
        "tlsVersion" => o.tls_version = network::tls_version(v)?,
        "tlsAuth" => o.tls_auth = json::raw(v),
        "throw" => o.throw = json::bool(ctx, v)?,
        "thresholds" => o.thresholds = decode_thresholds(ctx, v)?,
        "blacklistIPs" => o.blacklist_ips = json::string_list(ctx, v)?,
        "blockHostnames" => {
            o.block_hostnames = json::string_list(ctx, v)?;
            network::hostname_patterns(o.block_hostnames.as_deref().unwrap_or_default())?;
        }
        "hosts" => o.hosts = decode_hosts(ctx, v)?,
        "noConnectionReuse" => o.no_connection_reuse = json::bool(ctx, v)?,
        "noVUConnectionReuse" => o.no_vu_connection_reuse = json::bool(ctx, v)?,
        "minIterationDuration" => o.min_iteration_duration = json::duration(ctx, v)?,
        "ext" => o.ext = json::raw(v),
        "summaryTrendStats" => o.summary_trend_stats = json::string_list(ctx, v)?,
        "summaryTimeUnit" => o.summary_time_unit = json::string(ctx, v)?,
        "systemTags" => o.system_tags = json::string_list(ctx, v)?.map(network::system_tags),
        "tags" => o.tags = json::string_map(ctx, v)?,
        "metricSamplesBufferSize" => o.metric_samples_buffer_size = json::int(ctx, v)?,
        "noCookiesReset" => o.no_cookies_reset = json::bool(ctx, v)?,
        "discardResponseBodies" => o.discard_response_bodies = json::bool(ctx, v)?,
        "localIPs" => o.local_ips = json::string(ctx, v)?,
        "cloud" => o.cloud = json::raw(v),
        "out" if config_file => d.out = json::string_list(Ctx { strukt: "Config", key }, v)?,
        "linger" if config_file => d.linger = json::bool(ctx, v)?,
        "noUsageReport" if config_file => d.no_usage_report = json::bool(ctx, v)?,
        _ => d.unknown_fields.push(key.to_string()),
    }
    Ok(())
}

fn decode_dns(o: &mut Options, ctx: Ctx<'_>, v: &Value) -> Result<(), OptionsError> {
    match v {
        Value::Null => Ok(()),
        Value::Object(map) => {
            for (k, item) in map {
                let inner = Ctx { strukt: "DNSConfig", key: k };
                match k.as_str() {
                    "ttl" => o.dns.ttl = dns_string(inner, item)?,
                    "select" => o.dns.select = dns_string(inner, item)?,
                    "policy" => o.dns.policy = dns_string(inner, item)?,
                    _ => {}
                }
            }
            network::dns(&o.dns)
        }
        Value::String(s) => {
            o.dns = super::env::parse_dns(s)?;
            Ok(())
        }
        other => Err(json::type_error(ctx, other, "types.DNSConfig")),
    }
}

/// `thresholds`: metric → list of expressions, each a string or `{threshold, abortOnFail,
/// delayAbortEval}`. Normalised the way k6 prints them back: names sorted, an entry without
/// `abortOnFail` reduced to its expression string.
fn decode_thresholds(ctx: Ctx<'_>, v: &Value) -> Result<Option<serde_json::Map<String, Value>>, OptionsError> {
    let Some(map) = json::object(ctx, v, "map[string]metrics.Thresholds")? else {
        return Ok(None);
    };
    let mut names: Vec<&String> = map.keys().collect();
    names.sort();
    let mut out = serde_json::Map::new();
    for name in names {
        let item_ctx = Ctx { strukt: "Options", key: "thresholds" };
        let list = match &map[name] {
            Value::Null => Vec::new(),
            Value::Array(items) => items.clone(),
            other => return Err(json::type_error(item_ctx, other, "[]metrics.thresholdConfig")),
        };
        let mut entries = Vec::with_capacity(list.len());
        for item in list {
            entries.push(match item {
                Value::String(_) => item,
                Value::Object(o) => {
                    let expr = o.get("threshold").cloned().unwrap_or(Value::String(String::new()));
                    if o.get("abortOnFail") == Some(&Value::Bool(true)) {
                        let delay = o.get("delayAbortEval").cloned().unwrap_or(Value::Null);
                        serde_json::json!({"threshold": expr, "abortOnFail": true, "delayAbortEval": delay})
                    } else {
                        expr
                    }
                }
                other => return Err(json::type_error(item_ctx, &other, "metrics.thresholdConfig")),
            });
        }
        out.insert(name.clone(), Value::Array(entries));
    }
    Ok(Some(out))
}

/// A `dns` part: k6 decodes these through an untyped map, hence Go's `float64` wording.
fn dns_string(ctx: Ctx<'_>, v: &Value) -> Result<Option<String>, OptionsError> {
    match v {
        Value::Number(_) => {
            Err(OptionsError::Json("json: cannot unmarshal float64 into Go value of type null.String".into()))
        }
        _ => json::string(ctx, v),
    }
}

/// `hosts`: host name → address string.
fn decode_hosts(ctx: Ctx<'_>, v: &Value) -> Result<Option<serde_json::Map<String, Value>>, OptionsError> {
    let map = json::object(ctx, v, "types.NullHosts")?;
    if let Some(bad) = map.iter().flatten().find(|(_, a)| !a.is_string()) {
        return Err(OptionsError::Json(format!(
            "parsing options from script got error while parsing \"\": json: cannot unmarshal {} into Go struct field Options.hosts of type string",
            json::kind(bad.1)
        )));
    }
    Ok(map)
}
