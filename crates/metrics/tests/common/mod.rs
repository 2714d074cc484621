//! Shared helpers for the golden tests: replay a captured k6 run (its `--out json` samples) into
//! a collector, exactly as the engine would feed it.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use metrics::{
    Collector, CollectorConfig, FinalResults, MetricType, Registry, RunEnd, Sample, SummaryMode, SummaryOptions,
    TagSet, Thresholds, ValueType,
};
use serde_json::Value;

/// Path of a fixture file.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// Contents of a fixture file.
pub fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Parses `2026-11-24T02:25:30.397627097Z`.
pub fn parse_time(s: &str) -> SystemTime {
    let s = s.trim_end_matches('Z');
    let (date, clock) = s.split_once('T').unwrap();
    let d: Vec<i32> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let t: Vec<u8> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    let date = time::Date::from_calendar_date(d[0], time::Month::try_from(d[1] as u8).unwrap(), d[2] as u8).unwrap();
    let dt = date.with_hms(t[0], t[1], t[2]).unwrap().assume_utc();
    let nanos: u32 = format!("{frac:0<9}")[..9].parse().unwrap();
    UNIX_EPOCH + Duration::new(dt.unix_timestamp() as u64, nanos)
}

fn metric_type(s: &str) -> MetricType {
    match s {
        "counter" => MetricType::Counter,
        "gauge" => MetricType::Gauge,
        "rate" => MetricType::Rate,
        _ => MetricType::Trend,
    }
}

fn value_type(s: &str) -> ValueType {
    match s {
        "time" => ValueType::Time,
        "data" => ValueType::Data,
        _ => ValueType::Default,
    }
}

/// A captured run: the registry its metric lines describe and its samples in order.
pub struct Run {
    pub registry: Registry,
    pub samples: Vec<Sample>,
}

/// Loads an NDJSON `--out json` capture.
pub fn load_jsonl(rel: &str) -> Run {
    let registry = Registry::new();
    let mut samples = Vec::new();
    for line in read(rel).lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let data = &v["data"];
        if v["type"] == "Metric" {
            registry
                .register(
                    data["name"].as_str().unwrap(),
                    metric_type(data["type"].as_str().unwrap()),
                    value_type(data["contains"].as_str().unwrap()),
                )
                .unwrap();
            continue;
        }
        let metric = registry.get(v["metric"].as_str().unwrap()).unwrap().id;
        let tags: TagSet = data["tags"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        let metadata = data
            .get("metadata")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect::<TagSet>());
        samples.push(Sample {
            metric,
            time: parse_time(data["time"].as_str().unwrap()),
            tags,
            metadata,
            value: data["value"].as_f64().unwrap(),
        });
    }
    Run { registry, samples }
}

/// The test run duration k6 used, recovered from `iterations` in the summary export.
pub fn duration_from_export(rel: &str) -> Duration {
    let export: Value = serde_json::from_str(&read(rel)).unwrap();
    let it = &export["metrics"]["iterations"];
    Duration::from_secs_f64(it["count"].as_f64().unwrap() / it["rate"].as_f64().unwrap())
}

/// Registers the built-in metrics that may have no samples in a run.
pub fn register_builtins(r: &Registry) {
    for (name, t, v) in [
        ("vus", MetricType::Gauge, ValueType::Default),
        ("vus_max", MetricType::Gauge, ValueType::Default),
        ("iterations", MetricType::Counter, ValueType::Default),
        ("iteration_duration", MetricType::Trend, ValueType::Time),
        ("dropped_iterations", MetricType::Counter, ValueType::Default),
        ("checks", MetricType::Rate, ValueType::Default),
        ("group_duration", MetricType::Trend, ValueType::Time),
        ("data_sent", MetricType::Counter, ValueType::Data),
        ("data_received", MetricType::Counter, ValueType::Data),
    ] {
        r.register(name, t, v).unwrap();
    }
}

/// Replays the run in `dir` (`runs/<dir>/out.jsonl`) with `thresholds` and returns the results.
pub fn replay(
    dir: &str,
    thresholds: Value,
    stats: &[&str],
    full: bool,
    extra_metrics: &[(&str, MetricType, ValueType)],
) -> FinalResults {
    let run = load_jsonl(&format!("runs/{dir}/out.jsonl"));
    register_builtins(&run.registry);
    for (n, t, v) in extra_metrics {
        run.registry.register(n, *t, *v).unwrap();
    }
    let thresholds = Thresholds::from_json(&thresholds, &run.registry).unwrap();
    let cfg = CollectorConfig {
        thresholds,
        trend_stats: stats.iter().map(|s| s.to_string()).collect(),
        per_scope: full,
        outputs: Vec::new(),
    };
    let mut c = Collector::new(run.registry.clone(), cfg);
    c.add_batch(&run.samples);
    c.finish(RunEnd { duration: duration_from_export(&format!("runs/{dir}/export.json")) })
}

/// k6's default trend stats.
pub const DEFAULT_STATS: [&str; 6] = ["avg", "min", "med", "max", "p(90)", "p(95)"];

/// Summary options without colours.
pub fn opts(mode: SummaryMode, stats: &[&str], time_unit: &str) -> SummaryOptions {
    SummaryOptions {
        mode,
        trend_stats: stats.iter().map(|s| s.to_string()).collect(),
        time_unit: time_unit.to_string(),
        colors: false,
    }
}

/// Asserts equality line by line first (readable diffs), then byte for byte.
pub fn assert_same_text(got: &str, want: &str) {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "line {} differs", i + 1);
    }
    assert_eq!(got, want);
}

/// Thresholds of the sample scripts.
pub mod thresholds {
    use serde_json::{Value, json};

    pub fn basic() -> Value {
        json!({
            "my_trend": ["p(95)<500", "avg<1000"],
            "my_counter{kind:a}": ["count>0"],
            "checks": ["rate>0.5"],
            "plain_trend": ["max<0"],
        })
    }

    pub fn scenarios() -> Value {
        json!({
            "grpc_fake_duration{scenario:unary}": ["p(99)<100", "med>0"],
            "grpc_fake_duration": ["avg<50"],
            "checks": [{"threshold": "rate>0.9", "abortOnFail": false}],
            "iterations": ["count>1"],
        })
    }

    pub fn trend() -> Value {
        json!({ "empty_trend": ["p(95)<1"], "empty_rate": ["rate>0.5"], "lat": ["p(99.9)<5000"] })
    }

    pub fn probe() -> Value {
        json!({ "zz_trend{x:1}": ["p(99)<1000", "p(50)>0"], "aa_counter": ["rate>0"], "B_rate": ["rate>0.1"] })
    }

    pub fn hs() -> Value {
        json!({ "my_trend": ["p(95)<500", "p(99.9)<900"], "my_counter{kind:a}": ["count>0"], "my_rate": ["rate>0.9"] })
    }

    pub fn none() -> Value {
        json!({})
    }
}
