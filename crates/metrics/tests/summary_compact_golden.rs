//! The compact text summary, byte for byte against k6 1.1.0 for the same samples.

use crate::common;

use common::*;
use metrics::{MetricType, SummaryMode, ValueType, render_text_summary};

#[test]
fn basic_script_compact() {
    let r = replay("basic-compact", thresholds::basic(), &DEFAULT_STATS, false, &[]);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Compact, &DEFAULT_STATS, ""));
    assert_same_text(&got, &read("runs/basic-compact/stdout.txt"));
}

#[test]
fn scenarios_compact_groups_grpc_prefixed_metrics() {
    let r = replay("scenarios-compact", thresholds::scenarios(), &DEFAULT_STATS, false, &[]);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Compact, &DEFAULT_STATS, ""));
    assert_same_text(&got, &read("runs/scenarios-compact/stdout.txt"));
}

#[test]
fn trend_stats_time_unit_empty_sinks_and_negative_gauge() {
    let stats = ["avg", "min", "med", "max", "p(90)", "p(99)", "p(99.99)", "count"];
    let extra =
        [("empty_trend", MetricType::Trend, ValueType::Default), ("empty_rate", MetricType::Rate, ValueType::Default)];
    let r = replay("trend-compact", thresholds::trend(), &stats, false, &extra);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Compact, &stats, "s"));
    assert_same_text(&got, &read("runs/trend-compact/stdout.txt"));
}

#[test]
fn locale_sorting_and_threshold_only_percentiles() {
    let r = replay("probe-compact", thresholds::probe(), &DEFAULT_STATS, false, &[]);
    let got = render_text_summary(&r.report, &opts(SummaryMode::Compact, &DEFAULT_STATS, ""));
    assert_same_text(&got, &read("runs/probe-compact/stdout.txt"));
}
