//! ANSI colours in the compact summary, byte for byte against k6's TTY output (sample 05).

use crate::common;

use common::*;
use metrics::summary::render_text_summary_from_data;
use metrics::{SummaryMode, SummaryOptions};
use serde_json::json;

#[test]
fn colored_compact_summary_matches_tty_capture() {
    let data = json!({
        "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": [],
            "checks": [{"name": "ok", "path": "::ok", "id": "", "passes": 25, "fails": 0}]},
        "options": {"summaryTrendStats": ["avg","min","med","max","p(90)","p(95)"], "summaryTimeUnit": "", "noColor": false},
        "state": {"isStdOutTTY": true, "isStdErrTTY": true, "testRunDurationMs": 25.0 / 10.866252 * 1000.0},
        "metrics": {
            "checks": {"type": "rate", "contains": "default", "values": {"rate": 1, "passes": 25, "fails": 0},
                "thresholds": {"rate>0.5": {"ok": true}}},
            "iteration_duration": {"type": "trend", "contains": "time", "values": {"avg": 300.56, "min": 300.07,
                "med": 300.57, "max": 301.06, "p(90)": 300.98, "p(95)": 301.04}},
            "iterations": {"type": "counter", "contains": "default", "values": {"count": 25, "rate": 10.866252}},
            "vus": {"type": "gauge", "contains": "default", "values": {"value": 3, "min": 3, "max": 3}},
            "vus_max": {"type": "gauge", "contains": "default", "values": {"value": 4, "min": 4, "max": 4}},
            "data_received": {"type": "counter", "contains": "data", "values": {"count": 0, "rate": 0}},
            "data_sent": {"type": "counter", "contains": "data", "values": {"count": 0, "rate": 0}},
        },
        "setup_data": null,
    });
    let opts = SummaryOptions { mode: SummaryMode::Compact, colors: true, ..SummaryOptions::default() };
    let got = render_text_summary_from_data(&data, &opts);
    assert_same_text(&got, &read("k6-samples/05-tty.summary.txt"));
}
