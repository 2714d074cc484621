//! The legacy text summary (group tree, then one sorted metric list), byte for byte against k6.

use crate::common;

use common::*;
use metrics::{MetricType, SummaryMode, ValueType, render_text_summary};

fn legacy(dir: &str, th: serde_json::Value, stats: &[&str], extra: &[(&str, MetricType, ValueType)]) {
    let r = replay(dir, th, stats, false, extra);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Legacy, stats, ""));
    assert_same_text(&got, &read(&format!("runs/{dir}/stdout.txt")));
}

#[test]
fn basic_script_legacy() {
    legacy("basic-legacy", thresholds::basic(), &DEFAULT_STATS, &[]);
}

#[test]
fn custom_trend_stats_with_count() {
    let extra =
        [("empty_trend", MetricType::Trend, ValueType::Default), ("empty_rate", MetricType::Rate, ValueType::Default)];
    legacy("trend-legacy", thresholds::trend(), &["avg", "count", "p(99)"], &extra);
}

#[test]
fn duplicate_check_names_stay_per_group() {
    legacy("dup-legacy", thresholds::none(), &DEFAULT_STATS, &[]);
}

#[test]
fn root_checks_before_groups_and_sub_metric_marks() {
    legacy("probe-legacy", thresholds::probe(), &DEFAULT_STATS, &[]);
}
