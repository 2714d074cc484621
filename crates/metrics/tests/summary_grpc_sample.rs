//! The compact summary of k6's real gRPC run (sample 15): GRPC section, a sub-metric threshold
//! nested under its parent, data units. The data object is rebuilt from the printed numbers.

use crate::common;

use common::*;
use metrics::SummaryOptions;
use metrics::summary::render_text_summary_from_data;
use serde_json::json;

fn trend(v: [f64; 6]) -> serde_json::Value {
    json!({"avg": v[0], "min": v[1], "med": v[2], "max": v[3], "p(90)": v[4], "p(95)": v[5]})
}

#[test]
fn grpc_health_sample_summary() {
    let check = |name: &str, passes: u64, fails: u64| json!({"name": name, "path": format!("::{name}"), "id": "", "passes": passes, "fails": fails});
    let data = json!({
        "root_group": {"name": "", "path": "", "id": "", "groups": [],
            "checks": [check("status is OK", 41, 0), check("serving", 32, 9)]},
        "options": {"summaryTrendStats": ["avg","min","med","max","p(90)","p(95)"], "summaryTimeUnit": "", "noColor": false},
        "state": {"isStdOutTTY": false, "isStdErrTTY": false, "testRunDurationMs": 82.0 / 40.975229 * 1000.0},
        "metrics": {
            "checks": {"type": "rate", "contains": "default", "values": {"rate": 73.0 / 82.0, "passes": 73, "fails": 9},
                "thresholds": {"rate>0.9": {"ok": false}}},
            "iteration_duration": {"type": "trend", "contains": "time",
                "values": trend([1.315, 0.544715, 0.893865, 12.165, 1.335, 3.595])},
            "iterations": {"type": "counter", "contains": "default", "values": {"count": 41, "rate": 20.487614}},
            "vus": {"type": "gauge", "contains": "default", "values": {"value": 0, "min": 0, "max": 0}},
            "vus_max": {"type": "gauge", "contains": "default", "values": {"value": 2, "min": 2, "max": 2}},
            "data_received": {"type": "counter", "contains": "data", "values": {"count": 9349, "rate": 4671.7}},
            "data_sent": {"type": "counter", "contains": "data", "values": {"count": 4200, "rate": 2098.7}},
            "grpc_req_duration": {"type": "trend", "contains": "time",
                "values": trend([0.854125, 0.416135, 0.719795, 3.915, 0.949815, 1.175]),
                "thresholds": {"p(95)<500": {"ok": true}}},
            "grpc_req_duration{method:Check}": {"type": "trend", "contains": "time",
                "values": trend([0.796455, 0.430465, 0.719795, 3.915, 0.945875, 1.165]),
                "thresholds": {"avg<200": {"ok": true}}},
        },
    });
    let got = render_text_summary_from_data(&data, &SummaryOptions::default());
    let sample = read("k6-samples/15-grpc-health.stdout.txt");
    let start = sample.find("\n\n  █ THRESHOLDS").unwrap();
    let end = sample.rfind("\nrunning (").unwrap();
    assert_same_text(&got, &sample[start..end]);
}
