//! k6's built-in metrics, registered for every test so that thresholds on them are always valid.

use crate::{MetricType, Registry, ValueType};

/// Name, type and value type of every metric k6 registers for every test (spec §5.2).
pub const K6_BUILTIN_METRICS: [(&str, MetricType, ValueType); 9] = [
    ("vus", MetricType::Gauge, ValueType::Default),
    ("vus_max", MetricType::Gauge, ValueType::Default),
    ("iterations", MetricType::Counter, ValueType::Default),
    ("iteration_duration", MetricType::Trend, ValueType::Time),
    ("dropped_iterations", MetricType::Counter, ValueType::Default),
    ("checks", MetricType::Rate, ValueType::Default),
    ("group_duration", MetricType::Trend, ValueType::Time),
    ("data_sent", MetricType::Counter, ValueType::Data),
    ("data_received", MetricType::Counter, ValueType::Data),
];

/// Stampede's own metric: how late each arrival-rate iteration started versus its schedule
/// (Trend, time). Not in k6; the summary shows it only as the late-start line.
pub const ITERATION_START_LAG: &str = "iteration_start_lag";
/// Stampede's own metric: arrival-rate iterations that started more than 1 ms late (Counter).
pub const ITERATIONS_STARTED_LATE: &str = "iterations_started_late";

impl Registry {
    /// A registry with [`K6_BUILTIN_METRICS`] already registered.
    pub fn with_k6_builtins() -> Self {
        let r = Registry::new();
        for (name, t, v) in K6_BUILTIN_METRICS {
            // Fresh registry, valid names: registration cannot fail.
            let _ = r.register(name, t, v);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_registered() {
        let r = Registry::with_k6_builtins();
        assert_eq!(r.get("checks").map(|m| m.metric_type), Some(MetricType::Rate));
        assert_eq!(r.get("data_sent").map(|m| m.value_type), Some(ValueType::Data));
        assert_eq!(r.all().len(), K6_BUILTIN_METRICS.len());
    }
}
