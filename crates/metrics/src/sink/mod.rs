//! Sinks: the running aggregate of one metric (or sub-metric, or summary scope).
//!
//! One sink exists per metric, per sub-metric named by a threshold and, in full summary mode, per
//! group/scenario scope — never per raw tag set. Sinks answer two questions: the `values` object
//! of the summary (k6's legacy `handleSummary` shape) and the aggregate a threshold compares.

mod counter;
mod gauge;
mod rate;
mod trend;

use std::time::Duration;

pub use counter::CounterSink;
pub use gauge::GaugeSink;
pub use rate::RateSink;
pub use trend::{EXACT_SAMPLES_BOUND, TrendSink};

use crate::MetricType;
use crate::threshold::Aggregation;

/// The aggregate of one metric's samples.
#[derive(Debug, Clone)]
pub enum Sink {
    /// A Counter's sum.
    Counter(CounterSink),
    /// A Gauge's last/min/max.
    Gauge(GaugeSink),
    /// A Rate's passes and total.
    Rate(RateSink),
    /// A Trend's distribution.
    Trend(TrendSink),
}

impl Sink {
    /// An empty sink for a metric of type `metric_type`.
    pub fn new(metric_type: MetricType) -> Self {
        match metric_type {
            MetricType::Counter => Sink::Counter(CounterSink::default()),
            MetricType::Gauge => Sink::Gauge(GaugeSink::default()),
            MetricType::Rate => Sink::Rate(RateSink::default()),
            MetricType::Trend => Sink::Trend(TrendSink::default()),
        }
    }

    /// Adds one sample value.
    pub fn add(&mut self, value: f64) {
        match self {
            Sink::Counter(s) => s.add(value),
            Sink::Gauge(s) => s.add(value),
            Sink::Rate(s) => s.add(value),
            Sink::Trend(s) => s.add(value),
        }
    }

    /// True when no sample was added.
    pub fn is_empty(&self) -> bool {
        match self {
            Sink::Counter(s) => s.is_empty(),
            Sink::Gauge(s) => s.is_empty(),
            Sink::Rate(s) => s.is_empty(),
            Sink::Trend(s) => s.is_empty(),
        }
    }

    /// The metric type this sink aggregates.
    pub fn metric_type(&self) -> MetricType {
        match self {
            Sink::Counter(_) => MetricType::Counter,
            Sink::Gauge(_) => MetricType::Gauge,
            Sink::Rate(_) => MetricType::Rate,
            Sink::Trend(_) => MetricType::Trend,
        }
    }

    /// The summary `values` of this sink, in k6's key order. Trends report exactly
    /// `trend_stats` (unknown stat names are skipped); `duration` is the test run duration used
    /// for counter rates.
    pub fn values(&self, trend_stats: &[String], duration: Duration) -> Vec<(String, f64)> {
        match self {
            Sink::Counter(s) => vec![("count".to_string(), s.sum()), ("rate".to_string(), s.rate(duration))],
            Sink::Gauge(s) => {
                vec![("value".to_string(), s.value()), ("min".to_string(), s.min()), ("max".to_string(), s.max())]
            }
            Sink::Rate(s) => vec![
                ("rate".to_string(), s.rate()),
                ("passes".to_string(), s.passes() as f64),
                ("fails".to_string(), s.fails() as f64),
            ],
            Sink::Trend(s) => trend_stats.iter().filter_map(|stat| s.stat(stat).map(|v| (stat.clone(), v))).collect(),
        }
    }

    /// The value a threshold with `agg` compares, or `None` when the sink has no such value
    /// (an empty Rate has no `rate`; such a threshold passes).
    pub fn aggregate(&self, agg: &Aggregation, duration: Duration) -> Option<f64> {
        match (self, agg) {
            (Sink::Counter(s), Aggregation::Count) => Some(s.sum()),
            (Sink::Counter(s), Aggregation::Rate) => Some(s.rate(duration)),
            (Sink::Gauge(s), Aggregation::Value) => Some(s.value()),
            (Sink::Rate(s), Aggregation::Rate) => (!s.is_empty()).then(|| s.rate()),
            (Sink::Trend(s), Aggregation::Avg) => Some(s.avg()),
            (Sink::Trend(s), Aggregation::Min) => Some(s.min()),
            (Sink::Trend(s), Aggregation::Max) => Some(s.max()),
            (Sink::Trend(s), Aggregation::Med) => Some(s.percentile(50.0)),
            (Sink::Trend(s), Aggregation::Percentile(p)) => Some(s.percentile(*p)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_k6_key_order() {
        let mut c = Sink::new(MetricType::Counter);
        c.add(3.0);
        let v = c.values(&[], Duration::from_secs(2));
        assert_eq!(v, vec![("count".into(), 3.0), ("rate".into(), 1.5)]);
        let mut t = Sink::new(MetricType::Trend);
        t.add(1.0);
        let stats = vec!["max".to_string(), "count".to_string(), "bogus".to_string()];
        assert_eq!(t.values(&stats, Duration::ZERO), vec![("max".into(), 1.0), ("count".into(), 1.0)]);
    }

    #[test]
    fn empty_rate_has_no_rate_aggregate_but_empty_trend_is_zero() {
        let r = Sink::new(MetricType::Rate);
        assert_eq!(r.aggregate(&Aggregation::Rate, Duration::ZERO), None);
        let t = Sink::new(MetricType::Trend);
        assert_eq!(t.aggregate(&Aggregation::Percentile(95.0), Duration::ZERO), Some(0.0));
    }
}
