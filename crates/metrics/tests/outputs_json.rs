//! `--out json` writes exactly k6's NDJSON (sample `04-out.json.jsonl`) for the same samples.

use crate::common;

use common::*;
use metrics::{OutputSpec, Thresholds};
use serde_json::json;

#[test]
fn ndjson_matches_k6_byte_for_byte() {
    let run = load_jsonl("k6-samples/04-out.json.jsonl");
    let thresholds = Thresholds::from_json(&json!({"my_trend": ["p(95)<500"]}), &run.registry).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let spec = OutputSpec::Json { path: Some(path.to_string_lossy().into_owned()) };
    let mut out = spec.open(&thresholds, &[]).unwrap();
    for s in &run.samples {
        out.add(s, &run.registry.try_metric(s.metric).unwrap()).unwrap();
    }
    out.stop().unwrap();
    let got = std::fs::read_to_string(&path).unwrap();
    assert_same_text(&got, &read("k6-samples/04-out.json.jsonl"));
}

#[test]
fn metric_lines_list_abort_thresholds_and_submetrics() {
    let run = load_jsonl("k6-samples/04-out.json.jsonl");
    let thresholds = Thresholds::from_json(
        &json!({
            "my_counter": [{"threshold": "count<5", "abortOnFail": true, "delayAbortEval": "10s"}],
            "my_counter{kind:a}": ["count>0"],
        }),
        &run.registry,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json.gz");
    let spec = OutputSpec::Json { path: Some(path.to_string_lossy().into_owned()) };
    let mut out = spec.open(&thresholds, &[]).unwrap();
    let first = &run.samples[0];
    out.add(first, &run.registry.try_metric(first.metric).unwrap()).unwrap();
    out.stop().unwrap();
    let mut text = String::new();
    use std::io::Read;
    flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap()).read_to_string(&mut text).unwrap();
    let first_line = text.lines().next().unwrap();
    assert_eq!(
        first_line,
        r#"{"type":"Metric","data":{"name":"my_counter","type":"counter","contains":"default","thresholds":[{"threshold":"count<5","abortOnFail":true,"delayAbortEval":"10s"}],"submetrics":[{"name":"my_counter{kind:a}","suffix":"kind:a","tags":{"kind":"a"}}]},"metric":"my_counter"}"#
    );
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn abort_threshold_without_delay_writes_null() {
    let run = load_jsonl("k6-samples/04-out.json.jsonl");
    let thresholds = Thresholds::from_json(
        &json!({"my_counter": [{"threshold": "count<5", "abortOnFail": true}, {"threshold": "count<6", "abortOnFail": false, "delayAbortEval": "1s"}, "count<7"]}),
        &run.registry,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let spec = OutputSpec::Json { path: Some(path.to_string_lossy().into_owned()) };
    let mut out = spec.open(&thresholds, &[]).unwrap();
    let first = &run.samples[0];
    out.add(first, &run.registry.try_metric(first.metric).unwrap()).unwrap();
    out.stop().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(
        r#"{"type":"Metric","data":{"name":"my_counter","type":"counter","contains":"default","thresholds":[{"threshold":"count<5","abortOnFail":true,"delayAbortEval":null},"count<6","count<7"],"submetrics":null},"metric":"my_counter"}"#
    ), "{text}");
}
