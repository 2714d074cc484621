//! The collector on its own thread: batches from several VU threads, periodic threshold
//! evaluation with abortOnFail/delayAbortEval, outputs written on the collector thread, and
//! nothing lost at the end.

use std::time::{Duration, SystemTime};

use metrics::{
    Collector, CollectorConfig, MetricType, OutputSpec, Registry, RunEnd, Sample, SampleBuffer, TagSetBuilder,
    Thresholds, ValueType, sample_channel,
};
use serde_json::json;

fn sample(metric: metrics::MetricId, value: f64, kind: &str) -> Sample {
    let mut tags = TagSetBuilder::new();
    tags.set("scenario", "default").set("group", "").set("kind", kind);
    Sample { metric, time: SystemTime::now(), tags: tags.build(), metadata: None, value }
}

#[test]
fn batches_from_threads_reach_sinks_outputs_and_thresholds() {
    let registry = Registry::new();
    let iters = registry.register("iterations", MetricType::Counter, ValueType::Default).unwrap();
    let dur = registry.register("my_trend", MetricType::Trend, ValueType::Time).unwrap();
    let thresholds = Thresholds::from_json(
        &json!({
            "iterations": [{"threshold": "count<100", "abortOnFail": true, "delayAbortEval": "10s"}],
            "my_trend{kind:b}": ["max<1000"],
        }),
        &registry,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.json");
    let output =
        OutputSpec::Json { path: Some(out_path.to_string_lossy().into_owned()) }.open(&thresholds, &[]).unwrap();
    let cfg = CollectorConfig { thresholds, outputs: vec![output], ..CollectorConfig::default() };
    let (tx, rx) = sample_channel();
    let handle = Collector::new(registry.clone(), cfg).spawn(rx);

    let workers: Vec<_> = (0..4)
        .map(|w| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut buf = SampleBuffer::new(tx);
                for i in 0..1000 {
                    buf.push(sample(iters, 1.0, "a"));
                    buf.push(sample(dur, (w * 1000 + i) as f64, if i % 2 == 0 { "a" } else { "b" }));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    drop(tx);

    // Whatever has arrived so far, the abort is delayed until 10 s after the start.
    let early = handle.evaluate_thresholds_at(Duration::from_secs(2));
    assert!(early.abort.is_none());
    let results = handle.finish(RunEnd { duration: Duration::from_secs(20) });
    assert_eq!(results.verdict.failed_metrics, ["iterations", "my_trend{kind:b}"]);
    assert!(results.verdict.abort.is_none(), "the final evaluation never aborts");
    let it = results.report.total.metrics.iter().find(|m| m.name == "iterations").unwrap();
    assert_eq!(it.value("count"), Some(4000.0));
    assert_eq!(it.value("rate"), Some(200.0));
    let sub = results.report.total.metrics.iter().find(|m| m.name == "my_trend{kind:b}").unwrap();
    assert_eq!(sub.value("max"), Some(3999.0));
    assert_eq!(sub.value("min"), Some(1.0));
    assert!(results.output_errors.is_empty());
    let written = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(written.lines().filter(|l| l.contains("\"Point\"")).count(), 8000);
    assert_eq!(written.lines().filter(|l| l.contains("\"Metric\"")).count(), 2);
}

#[test]
fn empty_sinks_are_skipped_during_the_run_but_judged_at_the_end() {
    let registry = Registry::new();
    registry.register("empty_rate", MetricType::Rate, ValueType::Default).unwrap();
    registry.register("empty_trend", MetricType::Trend, ValueType::Default).unwrap();
    let thresholds =
        Thresholds::from_json(&json!({"empty_rate": ["rate>0.5"], "empty_trend": ["p(95)>1"]}), &registry).unwrap();
    let (tx, rx) = sample_channel();
    let handle = Collector::new(registry, CollectorConfig { thresholds, ..CollectorConfig::default() }).spawn(rx);
    assert!(!handle.evaluate_thresholds_at(Duration::from_secs(2)).any_failed);
    drop(tx);
    let results = handle.finish(RunEnd { duration: Duration::from_secs(1) });
    // An empty Rate has no rate: passes. An empty Trend is all zeros: p(95)>1 fails.
    assert_eq!(results.verdict.failed_metrics, ["empty_trend"]);
    assert_eq!(
        results.threshold_failure_message().as_deref(),
        Some("thresholds on metrics 'empty_trend' have been crossed")
    );
}

#[test]
fn abort_on_fail_waits_for_delay_abort_eval() {
    let registry = Registry::new();
    let iters = registry.register("iterations", MetricType::Counter, ValueType::Default).unwrap();
    let checks = registry.register("checks", MetricType::Rate, ValueType::Default).unwrap();
    let thresholds = Thresholds::from_json(
        &json!({
            "iterations": [{"threshold": "count<2", "abortOnFail": true, "delayAbortEval": "10s"}],
            "checks": ["rate>0.5"],
        }),
        &registry,
    )
    .unwrap();
    let mut c = Collector::new(registry, CollectorConfig { thresholds, ..CollectorConfig::default() });
    c.add_batch(&[sample(iters, 1.0, "a"), sample(iters, 1.0, "a"), sample(checks, 0.0, "a")]);
    let early = c.evaluate_thresholds(Duration::from_secs(2));
    assert!(early.any_failed);
    assert!(early.abort.is_none());
    let late = c.evaluate_thresholds(Duration::from_secs(12));
    assert_eq!(
        late.abort.as_deref(),
        Some(
            "thresholds on metrics 'checks, iterations' were crossed; at least one has abortOnFail enabled, stopping test prematurely"
        )
    );
    let results = c.finish(RunEnd { duration: Duration::from_secs(13) });
    assert!(results.verdict.abort.is_none(), "the final evaluation never aborts");
    assert_eq!(
        results.threshold_failure_message().as_deref(),
        Some("thresholds on metrics 'checks, iterations' have been crossed")
    );
}
