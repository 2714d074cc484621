//! Scenario header lines and the `scenarios:` summary line (max VUs, max duration) for all
//! seven executors and for execution segments, against real k6 output (spec samples
//! 07-all-executors and 11-segments, copied into `fixtures/`).

use engine::options::{ConfigLayers, Options, consolidate, decode_options, execution_requirements, validate};
use engine::segment::{ExecutionSegment, ExecutionTuple, SegmentSequence};
use serde_json::json;

fn options(script: serde_json::Value) -> Options {
    let layers = ConfigLayers { script: Some(decode_options(&script).unwrap()), ..Default::default() };
    let c = consolidate(&layers).unwrap();
    let exports: Vec<String> = ["default", "si", "pvi", "car", "rv"].iter().map(|s| s.to_string()).collect();
    validate(&c.options, &exports).unwrap();
    c.options
}

/// The header block k6 prints for `options` on the instance `tuple`.
fn header(o: &Options, tuple: &ExecutionTuple) -> Vec<String> {
    let mut lines: Vec<String> =
        o.sorted_scenarios().iter().map(|(n, s)| format!("              * {n}: {}", s.describe(tuple))).collect();
    let req = execution_requirements(o, tuple);
    let pct = tuple.segment().length().to_f64() * 100.0;
    lines.push(format!(
        "     scenarios: ({pct:.2}%) {} scenarios, {} max VUs, {} max duration (incl. graceful stop):",
        o.sorted_scenarios().len(),
        req.max_vus,
        req.total_duration
    ));
    lines
}

#[test]
fn all_executors() {
    let o = options(json!({"scenarios": {
        "a_si": { "executor": "shared-iterations", "vus": 2, "iterations": 4 },
        "b_pvi": { "executor": "per-vu-iterations", "vus": 2, "iterations": 2 },
        "c_cv": { "executor": "constant-vus", "vus": 2, "duration": "1s" },
        "d_rv": { "executor": "ramping-vus", "startVUs": 0, "stages": [{ "duration": "1s", "target": 3 }, { "duration": "500ms", "target": 0 }] },
        "e_car": { "executor": "constant-arrival-rate", "rate": 30, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 1, "maxVUs": 2 },
        "f_rar": { "executor": "ramping-arrival-rate", "startRate": 0, "timeUnit": "1s", "preAllocatedVUs": 2, "maxVUs": 3, "stages": [{ "target": 10, "duration": "1s" }] },
        "g_ec": { "executor": "externally-controlled", "vus": 1, "maxVUs": 2, "duration": "1s" },
    }}));
    let mut got = header(&o, &ExecutionTuple::full());
    // The fixture has the `scenarios:` line first (k6 prints it above the list).
    let summary = got.pop().unwrap();
    got.insert(0, summary);
    let expected: Vec<&str> = include_str!("fixtures/options_describe.all-executors.txt").lines().collect();
    assert_eq!(got, expected);
}

#[test]
fn segments() {
    let o = options(json!({"scenarios": {
        "si": { "executor": "shared-iterations", "vus": 3, "iterations": 10, "exec": "si" },
        "pvi": { "executor": "per-vu-iterations", "vus": 5, "iterations": 2, "exec": "pvi" },
        "car": { "executor": "constant-arrival-rate", "rate": 10, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 5, "exec": "car" },
        "rv": { "executor": "ramping-vus", "startVUs": 0, "stages": [{ "duration": "1s", "target": 7 }], "gracefulRampDown": "0s", "exec": "rv" },
    }}));
    let text = include_str!("fixtures/options_describe.segments.txt");
    let mut blocks = 0;
    for block in text.split("=== ").filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let command = lines.next().unwrap();
        let arg =
            |flag: &str| command.split(' ').skip_while(|w| *w != flag).nth(1).map(|v| v.trim_matches('\'').to_string());
        let segment = ExecutionSegment::parse(&arg("--execution-segment").unwrap()).unwrap();
        let sequence = arg("--execution-segment-sequence").map(|s| SegmentSequence::parse(&s).unwrap());
        let tuple = ExecutionTuple::new(Some(&segment), sequence.as_ref()).unwrap();
        let expected: Vec<&str> = lines.collect();
        assert_eq!(header(&o, &tuple), expected, "{command}");
        blocks += 1;
    }
    assert_eq!(blocks, 7);
}

#[test]
fn segmented_arrival_rate_quirks() {
    // Lines printed by k6 v1.1.0 on the last or middle third of `0,1/3,2/3,1`.
    let o = options(json!({"scenarios": {
        "car": {"executor": "constant-arrival-rate", "startTime": "2500ms", "gracefulStop": "1s", "rate": 2, "timeUnit": "1s", "duration": "2s", "preAllocatedVUs": 2, "maxVUs": 3},
        "rar0": {"executor": "ramping-arrival-rate", "gracefulStop": "1s", "stages": [{"duration": "1s", "target": 9}], "preAllocatedVUs": 0, "maxVUs": 2},
        "rar1": {"executor": "ramping-arrival-rate", "gracefulStop": "0s", "stages": [{"duration": "2s", "target": 10}], "preAllocatedVUs": 5, "maxVUs": 8},
    }}));
    let seq = SegmentSequence::parse("0,1/3,2/3,1").unwrap();
    let tuple = |s: &str| ExecutionTuple::new(Some(&ExecutionSegment::parse(s).unwrap()), Some(&seq)).unwrap();
    let describe = |name: &str, t: &ExecutionTuple| o.scenarios.as_ref().unwrap()[name].describe(t);
    assert_eq!(
        describe("car", &tuple("1/3:2/3")),
        "0.67 iterations/s for 2s (maxVUs: 1, startTime: 2.5s, gracefulStop: 1s)"
    );
    assert_eq!(
        describe("rar0", &tuple("2/3:1")),
        "Up to 3.00 iterations/s for 1s over 1 stages (maxVUs: 0-0, gracefulStop: 1s)"
    );
    assert_eq!(describe("rar1", &tuple("2/3:1")), "Up to 3.33 iterations/s for 2s over 1 stages (maxVUs: 1-2)");
}
