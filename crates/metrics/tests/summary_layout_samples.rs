//! Layout of the summaries against the samples captured for the spec (a different run than our
//! replays, so numbers are masked and padding collapsed; names, order, sections, dots stay).

use crate::common;

use common::*;
use metrics::{MetricType, SummaryMode, ValueType, render_text_summary};
use regex::Regex;

fn mask(text: &str) -> String {
    let num = Regex::new(r"-?\d[\d.]*(µs|ms|ns|s|m|h|kB|MB|GB|B|%|/s)*").unwrap();
    let spaces = Regex::new(r" {2,}").unwrap();
    let masked = num.replace_all(text, "N");
    masked.lines().map(|l| spaces.replace_all(l.trim_end(), " ").into_owned()).collect::<Vec<_>>().join("\n")
}

/// The summary part of a captured stdout (banner, header and progress lines removed).
fn summary_part(stdout: &str) -> String {
    let start = stdout.find("\n  █ ").or_else(|| stdout.find("     █ ")).or_else(|| stdout.find("   ✓ ")).unwrap_or(0);
    let end = stdout[start..].find("\nrunning (").map_or(stdout.len(), |e| start + e);
    stdout[start..end].trim_end().to_string()
}

fn check(dir: &str, th: serde_json::Value, mode: SummaryMode, sample: &str, stats: &[&str], unit: &str) {
    let extra =
        [("empty_trend", MetricType::Trend, ValueType::Default), ("empty_rate", MetricType::Rate, ValueType::Default)];
    let extra: &[_] = if dir.starts_with("trend") { &extra } else { &[] };
    let r = replay(dir, th, stats, mode == SummaryMode::Full, extra);
    let got = render_text_summary(&r.report, &opts(mode, stats, unit));
    let want = read(&format!("k6-samples/{sample}"));
    let (g, w) = (mask(summary_part(&got).trim_start()), mask(summary_part(&want).trim_start()));
    for (i, (a, b)) in g.lines().zip(w.lines()).enumerate() {
        assert_eq!(a, b, "{sample}: line {}", i + 1);
    }
    assert_eq!(g, w, "{sample}");
}

#[test]
fn basic_sample_in_three_modes() {
    check(
        "basic-compact",
        thresholds::basic(),
        SummaryMode::Compact,
        "01-basic.summary-compact.stdout.txt",
        &DEFAULT_STATS,
        "",
    );
    check("basic-full", thresholds::basic(), SummaryMode::Full, "01-basic.summary-full.stdout.txt", &DEFAULT_STATS, "");
    check(
        "basic-legacy",
        thresholds::basic(),
        SummaryMode::Legacy,
        "01-basic.summary-legacy.stdout.txt",
        &DEFAULT_STATS,
        "",
    );
}

#[test]
fn scenarios_dup_checks_and_trend_stats_samples() {
    check(
        "scenarios-full",
        thresholds::scenarios(),
        SummaryMode::Full,
        "02-scenarios.summary-full.stdout.txt",
        &DEFAULT_STATS,
        "",
    );
    check("dup-full", thresholds::none(), SummaryMode::Full, "09-dup-check-names.full.stdout.txt", &DEFAULT_STATS, "");
    check(
        "dup-legacy",
        thresholds::none(),
        SummaryMode::Legacy,
        "09-dup-check-names.legacy.stdout.txt",
        &DEFAULT_STATS,
        "",
    );
    let stats = ["avg", "min", "med", "max", "p(90)", "p(99)", "p(99.99)", "count"];
    check("trend-compact", thresholds::trend(), SummaryMode::Compact, "08-trend-stats.compact.stdout.txt", &stats, "s");
    check(
        "trend-legacy",
        thresholds::trend(),
        SummaryMode::Legacy,
        "08-trend-stats.legacy.stdout.txt",
        &["avg", "count", "p(99)"],
        "",
    );
}
