//! VUs planned up front and the most VUs possible, against k6 v1.1.0 (`k6 inspect
//! --execution-requirements` and the run header): scenarios that overlap add up, sequential
//! ones share, and at one instant scenarios are taken in (startTime, name) order, so a release
//! listed after a take does not free VUs for it.

use engine::ExecutionPlan;
use engine::options::{Options, decode_options};

fn plan(options: serde_json::Value) -> ExecutionPlan {
    let options: Options = decode_options(&options).expect("options").options;
    ExecutionPlan::from_options(&options, &["default".to_string()]).expect("plan")
}

#[test]
fn all_executors_sample() {
    // Spec sample 07: "16 max VUs", and vus_max 15 after one VU was initialised mid-test.
    let p = plan(serde_json::json!({ "scenarios": {
        "a_si": { "executor": "shared-iterations", "vus": 2, "iterations": 4 },
        "b_pvi": { "executor": "per-vu-iterations", "vus": 2, "iterations": 2 },
        "c_cv": { "executor": "constant-vus", "vus": 2, "duration": "1s" },
        "d_rv": { "executor": "ramping-vus", "startVUs": 0, "stages": [{ "duration": "1s", "target": 3 }, { "duration": "500ms", "target": 0 }] },
        "e_car": { "executor": "constant-arrival-rate", "rate": 30, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 1, "maxVUs": 2 },
        "f_rar": { "executor": "ramping-arrival-rate", "startRate": 0, "timeUnit": "1s", "preAllocatedVUs": 2, "maxVUs": 3, "stages": [{ "target": 10, "duration": "1s" }] },
        "g_ec": { "executor": "externally-controlled", "vus": 1, "maxVUs": 2, "duration": "1s" }
    } }));
    assert_eq!(p.planned_vus(), 14);
    assert_eq!(p.max_possible_vus(), 16);
}

#[test]
fn same_instant_release_and_take_depend_on_order() {
    let stages = serde_json::json!([{ "duration": "1s", "target": 3 }, { "duration": "500ms", "target": 0 }]);
    let ec = serde_json::json!({ "executor": "externally-controlled", "vus": 1, "maxVUs": 2, "duration": "1s" });
    let rv = serde_json::json!({ "executor": "ramping-vus", "startVUs": 0, "stages": stages });
    // k6 v1.1.0: 5 when the ramping scenario sorts first, 4 when the releasing one does.
    assert_eq!(plan(serde_json::json!({ "scenarios": { "d_rv": rv, "g_ec": ec } })).planned_vus(), 5);
    assert_eq!(plan(serde_json::json!({ "scenarios": { "rv": rv, "ec": ec } })).planned_vus(), 4);
}

#[test]
fn sequential_scenarios_share_vus() {
    let p = plan(serde_json::json!({ "scenarios": {
        "ec": { "executor": "externally-controlled", "vus": 1, "maxVUs": 2, "duration": "1s" },
        "cv": { "executor": "constant-vus", "vus": 2, "duration": "1s", "startTime": "1s" }
    } }));
    assert_eq!(p.planned_vus(), 2);
    let p = plan(serde_json::json!({ "scenarios": {
        "rv": { "executor": "ramping-vus", "startVUs": 0, "gracefulRampDown": "0s", "gracefulStop": "0s",
                "stages": [{ "duration": "1s", "target": 3 }, { "duration": "500ms", "target": 0 }] },
        "cv": { "executor": "constant-vus", "vus": 2, "duration": "1s", "startTime": "1500ms", "gracefulStop": "0s" }
    } }));
    assert_eq!(p.planned_vus(), 3);
}

#[test]
fn arrival_rate_headroom_counts_only_while_it_runs() {
    // k6 v1.1.0 header: "8 max VUs".
    let p = plan(serde_json::json!({ "scenarios": {
        "a": { "executor": "constant-arrival-rate", "rate": 1, "duration": "1s", "preAllocatedVUs": 1, "maxVUs": 5, "gracefulStop": "0s" },
        "b": { "executor": "constant-arrival-rate", "rate": 1, "duration": "1s", "preAllocatedVUs": 2, "maxVUs": 4, "startTime": "1s" },
        "c": { "executor": "per-vu-iterations", "vus": 3, "startTime": "500ms", "maxDuration": "1s", "gracefulStop": "0s" }
    } }));
    assert_eq!(p.max_possible_vus(), 8);
    assert_eq!(p.planned_vus(), 5);
}
