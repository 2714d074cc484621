//! Execution segments: the instances of a sequence split every executor's VUs and iterations
//! exactly (they add up to the unsegmented plan and their global iteration numbers are disjoint
//! and complete), and a real run on each third numbers VUs and iterations across instances.

use crate::executor_support;

use std::collections::BTreeSet;

use engine::options::{Options, decode_options};
use engine::segment::{ExecutionSegment, SegmentSequence};
use engine::{ExecutionPlan, ExecutorPlan};
use executor_support::{Segment, fields, run_script_segment};

const SEQUENCES: [&str; 4] = ["0,1/3,2/3,1", "0,1/4,1/2,1", "0,0.3,0.5,0.6,0.7,1", "0,1/7,3/7,1"];

fn scenarios() -> serde_json::Value {
    serde_json::json!({ "scenarios": {
        "si": { "executor": "shared-iterations", "vus": 7, "iterations": 23 },
        "pvi": { "executor": "per-vu-iterations", "vus": 5, "iterations": 3 },
        "cv": { "executor": "constant-vus", "vus": 11, "duration": "1s" },
        "rv": { "executor": "ramping-vus", "startVUs": 2, "stages": [
            { "duration": "1s", "target": 13 }, { "duration": "700ms", "target": 4 }, { "duration": "300ms", "target": 9 } ] },
        "car": { "executor": "constant-arrival-rate", "rate": 37, "timeUnit": "1s", "duration": "2s", "preAllocatedVUs": 4, "maxVUs": 9 },
        "ec": { "executor": "externally-controlled", "vus": 5, "maxVUs": 8, "duration": "1s" },
        "rar": { "executor": "ramping-arrival-rate", "startRate": 3, "timeUnit": "1s", "preAllocatedVUs": 5, "maxVUs": 7,
            "stages": [ { "duration": "1s", "target": 20 }, { "duration": "1s", "target": 20 }, { "duration": "500ms", "target": 0 } ] }
    } })
}

fn plan(segment: Option<(&str, &str)>) -> ExecutionPlan {
    let mut options: Options = decode_options(&scenarios()).expect("options").options;
    if let Some((seg, seq)) = segment {
        options.execution_segment = Some(ExecutionSegment::parse(seg).expect("segment"));
        options.execution_segment_sequence = Some(SegmentSequence::parse(seq).expect("sequence"));
    }
    ExecutionPlan::from_options(&options, &["default".to_string()]).expect("plan")
}

/// The plans of every instance of `sequence`.
fn instances(sequence: &str) -> Vec<ExecutionPlan> {
    let seq = SegmentSequence::parse(sequence).expect("sequence");
    seq.segments().iter().map(|s| plan(Some((&s.to_string(), sequence)))).collect()
}

/// What an executor amounts to on one instance: VUs, iterations it will run (when fixed), and
/// the global numbers of its arrival-rate iterations.
fn amounts(e: &ExecutorPlan) -> (u64, u64, Vec<i64>) {
    match e {
        ExecutorPlan::SharedIterations(x) => (x.vus, x.iterations, vec![]),
        ExecutorPlan::PerVuIterations(x) => (x.vus, x.vus * x.iterations, vec![]),
        ExecutorPlan::ConstantVus(x) => (x.vus, 0, vec![]),
        ExecutorPlan::RampingVus(x) => (x.max_vus(), 0, vec![]),
        ExecutorPlan::ConstantArrivalRate(x) => {
            let n = x.scheduled_iterations() as i64;
            (x.max_vus, n as u64, (0..n).map(|k| x.iterations.global_index(k)).collect())
        }
        ExecutorPlan::RampingArrivalRate(x) => {
            let n = if x.max_vus == 0 { 0 } else { x.schedule().count() as i64 };
            (x.max_vus, n as u64, (0..n).map(|k| x.iterations.global_index(k)).collect())
        }
        ExecutorPlan::ExternallyControlled(x) => (x.max_vus, x.vus, vec![]),
    }
}

#[test]
fn instances_add_up_to_the_whole_plan_for_every_executor() {
    let whole = plan(None);
    for sequence in SEQUENCES {
        let parts = instances(sequence);
        for (i, scenario) in whole.scenarios.iter().enumerate() {
            let (vus, iterations, numbers) = amounts(&scenario.executor);
            let mut sum_vus = 0;
            let mut sum_iterations = 0;
            let mut all_numbers = Vec::new();
            for p in &parts {
                let (v, it, nums) = amounts(&p.scenarios[i].executor);
                sum_vus += v;
                sum_iterations += it;
                all_numbers.extend(nums);
            }
            assert_eq!(sum_vus, vus, "{sequence}: VUs of {}", scenario.name);
            assert_eq!(sum_iterations, iterations, "{sequence}: iterations of {}", scenario.name);
            all_numbers.sort();
            assert_eq!(all_numbers, numbers, "{sequence}: iteration numbers of {}", scenario.name);
        }
    }
}

#[test]
fn ramping_vus_counts_add_up_at_every_instant() {
    let whole = plan(None);
    let rv = |p: &ExecutionPlan| match &p.scenarios.iter().find(|s| s.name == "rv").expect("rv").executor {
        ExecutorPlan::RampingVus(r) => r.clone(),
        other => panic!("unexpected {other:?}"),
    };
    let at = |r: &engine::executor::RampingVus, ms: u64| {
        let t = std::time::Duration::from_millis(ms);
        r.vu_steps().iter().take_while(|s| s.offset <= t).last().map_or(0, |s| s.vus)
    };
    let whole_rv = rv(&whole);
    for sequence in SEQUENCES {
        let parts: Vec<_> = instances(sequence).iter().map(rv).collect();
        for ms in (0..=2000).step_by(10) {
            let sum: u64 = parts.iter().map(|r| at(r, ms)).sum();
            assert_eq!(sum, at(&whole_rv, ms), "{sequence} at {ms}ms");
        }
    }
}

#[test]
fn planned_vus_match_k6_for_the_segment_sample() {
    // k6 v1.1.0 (spec sample 11): 20 max VUs on one instance; 8, 7 and 5 on thirds.
    let source = serde_json::json!({ "scenarios": {
        "si": { "executor": "shared-iterations", "vus": 3, "iterations": 10, "exec": "si" },
        "pvi": { "executor": "per-vu-iterations", "vus": 5, "iterations": 2, "exec": "pvi" },
        "car": { "executor": "constant-arrival-rate", "rate": 10, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 5, "exec": "car" },
        "rv": { "executor": "ramping-vus", "startVUs": 0, "stages": [{ "duration": "1s", "target": 7 }], "gracefulRampDown": "0s", "exec": "rv" }
    } });
    let exports: Vec<String> = ["si", "pvi", "car", "rv"].iter().map(|s| s.to_string()).collect();
    let mut options: Options = decode_options(&source).expect("options").options;
    assert_eq!(ExecutionPlan::from_options(&options, &exports).expect("plan").planned_vus(), 20);
    let mut got = Vec::new();
    for seg in ["0:1/3", "1/3:2/3", "2/3:1"] {
        options.execution_segment = Some(ExecutionSegment::parse(seg).expect("segment"));
        options.execution_segment_sequence = Some(SegmentSequence::parse("0,1/3,2/3,1").expect("sequence"));
        got.push(ExecutionPlan::from_options(&options, &exports).expect("plan").max_possible_vus());
    }
    assert_eq!(got, vec![8, 7, 5]);
}

const SEGMENTED_SCRIPT: &str = r#"
import exec from 'k6/execution';
export const options = {
  scenarios: {
    si: { executor: 'shared-iterations', vus: 3, iterations: 10, exec: 'work' },
    pvi: { executor: 'per-vu-iterations', vus: 5, iterations: 2, exec: 'work' },
    car: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 5, exec: 'work' },
  },
};
export function work() {
  console.log(`it s=${exec.scenario.name} vu=${__VU} g=${exec.vu.idInTest} itTest=${exec.scenario.iterationInTest}`);
}
"#;

#[test]
fn a_run_on_each_third_numbers_vus_and_iterations_across_instances() {
    let mut vu_ids: Vec<BTreeSet<u64>> = Vec::new();
    let mut iterations: Vec<(String, u64)> = Vec::new();
    for seg in ["0:1/3", "1/3:2/3", "2/3:1"] {
        let run = run_script_segment(SEGMENTED_SCRIPT, Some(Segment { segment: seg, sequence: Some("0,1/3,2/3,1") }));
        let mut ids = BTreeSet::new();
        for line in run.lines("it ") {
            let f = fields(&line);
            let (vu, g): (u64, u64) = (f["vu"].parse().expect("vu"), f["g"].parse().expect("g"));
            // Thirds: instance j's local VU k is global VU j + 3(k-1) + 1.
            assert_eq!((g - 1) % 3, vu_ids.len() as u64, "{line}");
            assert_eq!((g - 1) / 3, vu - 1, "{line}");
            ids.insert(g);
            iterations.push((f["s"].clone(), f["itTest"].parse().expect("itTest")));
        }
        vu_ids.push(ids);
    }
    for (i, a) in vu_ids.iter().enumerate() {
        for b in &vu_ids[i + 1..] {
            assert!(a.is_disjoint(b), "VU ids overlap: {a:?} {b:?}");
        }
    }
    let numbers = |scenario: &str| {
        let mut n: Vec<u64> = iterations.iter().filter(|(s, _)| s == scenario).map(|(_, n)| *n).collect();
        n.sort();
        n
    };
    assert_eq!(numbers("si"), (0..10).collect::<Vec<_>>());
    assert_eq!(numbers("car"), (0..11).collect::<Vec<_>>());
    // per-vu-iterations numbers along the original thirds, as k6 v1.1.0 does (sample 11):
    // 0,3,6,9 / 1,4,7,10 / 2,5 — unique, with a gap where the third instance has one VU less.
    assert_eq!(numbers("pvi"), vec![0, 1, 2, 3, 4, 5, 6, 7, 9, 10]);
}
