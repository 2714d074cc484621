//! The `handleSummary` data object (legacy shape) matches what k6 passed for the same samples.

use crate::common;

use std::time::Duration;

use common::*;
use metrics::{Collector, CollectorConfig, DataContext, RunEnd, Thresholds, summary_export};
use serde_json::{Value, json};

#[test]
fn data_object_matches_k6_for_the_same_samples() {
    let want: Value = serde_json::from_str(&read("runs/hs/hs_data.json")).unwrap();
    let run = load_jsonl("runs/hs/out.jsonl");
    register_builtins(&run.registry);
    let cfg = CollectorConfig {
        thresholds: Thresholds::from_json(&thresholds::hs(), &run.registry).unwrap(),
        ..CollectorConfig::default()
    };
    let mut c = Collector::new(run.registry.clone(), cfg);
    c.add_batch(&run.samples);
    let ms = want["state"]["testRunDurationMs"].as_f64().unwrap();
    let results = c.finish(RunEnd { duration: Duration::from_secs_f64(ms / 1000.0) });
    let ctx = DataContext { setup_data: Some(json!({"token": "abc", "n": [1, 2]})), ..DataContext::default() };
    let mut got = results.report.to_data(&ctx);

    let got_ms = got["state"]["testRunDurationMs"].as_f64().unwrap();
    assert!((got_ms - ms).abs() < 1e-6, "{got_ms} vs {ms}");
    got["state"]["testRunDurationMs"] = want["state"]["testRunDurationMs"].clone();
    assert_eq!(got["root_group"], want["root_group"]);
    assert_eq!(got["options"], want["options"]);
    assert_eq!(got["state"], want["state"]);
    assert_eq!(got["setup_data"], want["setup_data"]);
    let (gm, wm) = (got["metrics"].as_object().unwrap(), want["metrics"].as_object().unwrap());
    assert_eq!(gm.keys().collect::<std::collections::BTreeSet<_>>(), wm.keys().collect());
    for (name, w) in wm {
        assert_eq!(&gm[name], w, "metric {name}");
    }
    assert_eq!(got, want);
    assert_eq!(
        results.threshold_failure_message().as_deref(),
        Some("thresholds on metrics 'my_rate' have been crossed")
    );
}

#[test]
fn summary_export_of_the_sample_data_matches_k6() {
    let data: Value = serde_json::from_str(&read("k6-samples/03-handlesummary.data-arg.json")).unwrap();
    let want: Value = serde_json::from_str(&read("k6-samples/03-summary-export.json")).unwrap();
    assert_eq!(summary_export(&data), want);
}

#[test]
fn summary_export_of_replayed_runs_matches_k6() {
    for (dir, th) in [
        ("basic-compact", thresholds::basic()),
        ("scenarios-full", thresholds::scenarios()),
        ("probe-legacy", thresholds::probe()),
        ("dup-full", thresholds::none()),
    ] {
        let r = replay(dir, th, &DEFAULT_STATS, false, &[]);
        let want: Value = serde_json::from_str(&read(&format!("runs/{dir}/export.json"))).unwrap();
        let ctx = DataContext { setup_data: want.get("setup_data").cloned(), ..DataContext::default() };
        let got = summary_export(&r.report.to_data(&ctx));
        assert_eq!(got, want, "{dir}");
    }
}
