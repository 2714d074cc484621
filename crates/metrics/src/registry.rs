//! The registry of metric definitions shared by every thread of a test run.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// What kind of aggregation a metric gets (k6's four metric types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricType {
    /// Cumulative sum (`count`, `rate` in summaries).
    Counter,
    /// Last value (`value`, `min`, `max`).
    Gauge,
    /// Share of non-zero samples (`rate`, passes, fails).
    Rate,
    /// Distribution (`avg`, `min`, `med`, `max`, percentiles).
    Trend,
}

impl MetricType {
    /// The lowercase name k6 uses in JSON outputs and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Rate => "rate",
            MetricType::Trend => "trend",
        }
    }
}

/// How values of a metric are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Plain numbers.
    Default,
    /// Milliseconds.
    Time,
    /// Bytes.
    Data,
}

impl ValueType {
    /// The name k6 uses in JSON outputs (`default`, `time`, `data`).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Default => "default",
            ValueType::Time => "time",
            ValueType::Data => "data",
        }
    }
}

/// Index of a metric in its [`Registry`]; cheap to copy into every sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricId(pub u32);

/// One metric definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// The registry index of this metric.
    pub id: MetricId,
    /// The metric name, as the script or k6 gave it.
    pub name: Arc<str>,
    /// Aggregation kind.
    pub metric_type: MetricType,
    /// Display kind.
    pub value_type: ValueType,
}

/// Why a metric could not be registered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegistryError {
    /// The name breaks k6's naming rules.
    #[error("Invalid metric name: '{0}'")]
    InvalidName(String),
    /// The name exists with another type or value type.
    #[error("metric '{name}' already exists but with type {existing}, instead of {requested}")]
    TypeMismatch {
        /// The metric name.
        name: String,
        /// The registered type.
        existing: String,
        /// The type asked for now.
        requested: String,
    },
}

#[derive(Default)]
struct Inner {
    metrics: Vec<Metric>,
    by_name: HashMap<Arc<str>, MetricId>,
}

/// All metrics of a test run. Cloning shares the same registry.
#[derive(Clone, Default)]
pub struct Registry {
    inner: Arc<RwLock<Inner>>,
}

impl Registry {
    /// A registry holding k6's built-in metrics that exist in every run.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `name`, or returns the existing id when it was registered with the same types
    /// (k6 allows re-declaring a metric with identical types).
    pub fn register(
        &self,
        name: &str,
        metric_type: MetricType,
        value_type: ValueType,
    ) -> Result<MetricId, RegistryError> {
        if !valid_name(name) {
            return Err(RegistryError::InvalidName(name.to_string()));
        }
        let mut inner = self.inner.write().expect("metric registry poisoned");
        if let Some(&id) = inner.by_name.get(name) {
            let existing = &inner.metrics[id.0 as usize];
            if existing.metric_type != metric_type || existing.value_type != value_type {
                return Err(RegistryError::TypeMismatch {
                    name: name.to_string(),
                    existing: describe(existing.metric_type, existing.value_type),
                    requested: describe(metric_type, value_type),
                });
            }
            return Ok(id);
        }
        let id = MetricId(inner.metrics.len() as u32);
        let name: Arc<str> = Arc::from(name);
        inner.metrics.push(Metric { id, name: name.clone(), metric_type, value_type });
        inner.by_name.insert(name, id);
        Ok(id)
    }

    /// Looks a metric up by name.
    pub fn get(&self, name: &str) -> Option<Metric> {
        let inner = self.inner.read().expect("metric registry poisoned");
        inner.by_name.get(name).map(|id| inner.metrics[id.0 as usize].clone())
    }

    /// The definition of `id`.
    pub fn metric(&self, id: MetricId) -> Metric {
        self.inner.read().expect("metric registry poisoned").metrics[id.0 as usize].clone()
    }

    /// The definition of `id`, or `None` for an id this registry never handed out.
    pub fn try_metric(&self, id: MetricId) -> Option<Metric> {
        self.inner.read().expect("metric registry poisoned").metrics.get(id.0 as usize).cloned()
    }

    /// Every metric, in registration order.
    pub fn all(&self) -> Vec<Metric> {
        self.inner.read().expect("metric registry poisoned").metrics.clone()
    }
}

fn describe(metric_type: MetricType, value_type: ValueType) -> String {
    format!("{}/{}", metric_type.as_str(), value_type.as_str())
}

/// k6's metric name rule: 1-128 characters of ASCII letters, digits and `_`, not starting with a digit.
fn valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && !bytes[0].is_ascii_digit()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_types_share_an_id_and_other_types_are_refused() {
        let r = Registry::new();
        let a = r.register("my_trend", MetricType::Trend, ValueType::Time).unwrap();
        assert_eq!(r.register("my_trend", MetricType::Trend, ValueType::Time).unwrap(), a);
        assert!(r.register("my_trend", MetricType::Counter, ValueType::Default).is_err());
        assert!(r.register("1bad", MetricType::Counter, ValueType::Default).is_err());
        assert!(r.register("bad-name", MetricType::Counter, ValueType::Default).is_err());
    }
}
