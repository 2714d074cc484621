//! The full text summary (GROUP and SCENARIO blocks), byte for byte against k6 1.1.0.

use crate::common;

use common::*;
use metrics::{SummaryMode, render_text_summary};

fn full(dir: &str, th: serde_json::Value) {
    let r = replay(dir, th, &DEFAULT_STATS, true, &[]);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Full, &DEFAULT_STATS, ""));
    assert_same_text(&got, &read(&format!("runs/{dir}/stdout.txt")));
}

#[test]
fn nested_groups_of_the_default_scenario() {
    full("basic-full", thresholds::basic());
}

#[test]
fn scenario_blocks_sorted_with_their_groups() {
    full("scenarios-full", thresholds::scenarios());
}

#[test]
fn same_check_name_in_two_groups_is_merged_in_total_only() {
    full("dup-full", thresholds::none());
}

#[test]
fn group_metrics_and_nested_failed_check_indentation() {
    full("probe-full", thresholds::probe());
}
