//! Stampede's summary line for coordinated omission: when arrival-rate iterations started late
//! (the generator fell behind its schedule), EXECUTION ends with one row saying how many, with
//! the start lag in the trend stats of the other rows:
//!
//! `iterations_started_late................: 12     start lag avg=1.2ms min=0s med=... p(95)=...`
//!
//! The two metrics behind it (`iteration_start_lag`, `iterations_started_late`) get no rows of
//! their own: with no late start the summary is k6's byte for byte, and
//! `STAMPEDE_START_LAG_METRICS=false` (the engine records neither metric) removes the line too.

use crate::builtins::{ITERATION_START_LAG, ITERATIONS_STARTED_LATE};

use super::report::ReportMetric;

/// Whether `name` (a metric or sub-metric) is one of the start-lag metrics, shown only through
/// the late-start line.
pub(super) fn is_start_lag_metric(name: &str) -> bool {
    [ITERATION_START_LAG, ITERATIONS_STARTED_LATE].iter().any(|m| name == *m || name.starts_with(&format!("{m}{{")))
}

/// The late starts of a block: how many and the lag trend, when at least one started late.
pub(super) fn late_starts(metrics: &[ReportMetric]) -> Option<(f64, &ReportMetric)> {
    let late = metrics.iter().find(|m| m.name == ITERATIONS_STARTED_LATE)?.value("count")?;
    let lag = metrics.iter().find(|m| m.name == ITERATION_START_LAG)?;
    (late > 0.0).then_some((late, lag))
}

/// The line's name.
pub(super) const LINE_NAME: &str = ITERATIONS_STARTED_LATE;

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(name: &str, metric_type: &str, values: &[(&str, f64)]) -> ReportMetric {
        ReportMetric {
            name: name.into(),
            metric_type: metric_type.into(),
            contains: if metric_type == "trend" { "time" } else { "default" }.into(),
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            thresholds: Vec::new(),
        }
    }

    #[test]
    fn only_when_something_started_late() {
        let lag = metric(ITERATION_START_LAG, "trend", &[("avg", 1.5)]);
        let late = |n| metric(ITERATIONS_STARTED_LATE, "counter", &[("count", n), ("rate", 1.0)]);
        assert_eq!(
            late_starts(&[lag.clone(), late(3.0)]).map(|(n, m)| (n, m.name.clone())),
            Some((3.0, lag.name.clone()))
        );
        assert!(late_starts(&[lag.clone(), late(0.0)]).is_none());
        assert!(late_starts(std::slice::from_ref(&lag)).is_none());
    }

    fn rendered(late: f64) -> String {
        let report = crate::summary::SummaryReport {
            duration: std::time::Duration::from_secs(1),
            total: crate::summary::ReportScope {
                metrics: vec![
                    metric("iterations", "counter", &[("count", 20.0), ("rate", 20.0)]),
                    metric(ITERATION_START_LAG, "trend", &[("avg", 2.5), ("p(95)", 12.0)]),
                    metric(ITERATIONS_STARTED_LATE, "counter", &[("count", late), ("rate", late)]),
                ],
                ..Default::default()
            },
            ..Default::default()
        };
        let opts =
            crate::summary::SummaryOptions { trend_stats: vec!["avg".into(), "p(95)".into()], ..Default::default() };
        super::super::text::render(&report, &opts)
    }

    #[test]
    fn the_line_ends_execution_and_replaces_the_lag_rows() {
        let text = rendered(3.0);
        let execution = text.split("EXECUTION\n").nth(1).expect("EXECUTION section");
        let lines: Vec<&str> = execution.lines().take_while(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].trim_start().starts_with("iterations....."), "{text}");
        assert!(lines[1].trim_start().starts_with("iterations_started_late....."), "{text}");
        assert!(lines[1].ends_with(": 3  start lag avg=2.5ms p(95)=12ms"), "{text}");
        assert!(!text.contains(ITERATION_START_LAG), "{text}");
    }

    #[test]
    fn no_late_start_no_line_and_no_lag_rows() {
        let text = rendered(0.0);
        assert!(!text.contains("started_late") && !text.contains("start_lag"), "{text}");
        assert!(text.contains("    iterations.............: 20 20/s\n"), "{text}");
    }

    #[test]
    fn names_and_sub_metrics_are_recognised() {
        assert!(is_start_lag_metric("iteration_start_lag"));
        assert!(is_start_lag_metric("iterations_started_late{scenario:a}"));
        assert!(!is_start_lag_metric("iterations"));
        assert!(!is_start_lag_metric("iteration_start_lagged"));
    }
}
