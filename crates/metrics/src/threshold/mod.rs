//! Thresholds: the `thresholds` option parsed and validated against the metric registry.
//!
//! A key names a metric (`iterations`) or a sub-metric (`grpc_req_duration{method:Check}`); a
//! sub-metric's sink receives every sample of the parent whose tags contain all listed pairs.
//! Parsing and validation follow k6 so that the same mistakes give the same error texts; the
//! collector owns evaluation (every 2 s and at the end).

mod duration;
mod error;
pub(crate) mod expr;

use std::time::Duration;

use serde_json::Value;

pub use duration::parse_go_duration;
pub use error::ThresholdError;
pub use expr::{Aggregation, Expression, Operator};

use crate::{Metric, Registry, TagSet, TagSetBuilder};

/// One threshold of a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The expression as written in the options (`p(95)<200`).
    pub source: String,
    /// The parsed expression.
    pub expression: Expression,
    /// Abort the test when this threshold fails during the run.
    pub abort_on_fail: bool,
    /// How long after the test start an abort may happen at the earliest.
    pub delay_abort_eval: Option<Duration>,
    /// `delayAbortEval` as written, for outputs that echo the definition.
    pub delay_abort_eval_text: Option<String>,
}

/// The thresholds defined on one metric or sub-metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricThresholds {
    /// The key as written (`my_counter{kind:a}`); sub-metric names are built from it.
    pub name: String,
    /// The (parent) metric.
    pub metric: Metric,
    /// For a sub-metric: the tags a sample must carry.
    pub tags: Option<TagSet>,
    /// The thresholds in definition order.
    pub thresholds: Vec<Threshold>,
}

impl MetricThresholds {
    /// The part of the name inside the braces (`kind:a`), for sub-metrics.
    pub fn suffix(&self) -> Option<&str> {
        let open = self.name.find('{')?;
        Some(self.name[open + 1..].trim_end().strip_suffix('}').unwrap_or(""))
    }
}

/// All thresholds of a test run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    entries: Vec<MetricThresholds>,
}

impl Thresholds {
    /// Parses the `thresholds` option (a JSON object) and validates it against `registry`.
    pub fn from_json(value: &Value, registry: &Registry) -> Result<Thresholds, ThresholdError> {
        let map = match value {
            Value::Null => return Ok(Thresholds::default()),
            Value::Object(map) => map,
            other => {
                return Err(ThresholdError::Shape(format!(
                    "json: cannot unmarshal {} into Go struct field Options.thresholds of type map[string]metrics.Thresholds",
                    json_kind(other)
                )));
            }
        };
        let mut parsed = Vec::with_capacity(map.len());
        for (key, defs) in map {
            parsed.push((key, parse_definitions(defs)?));
        }
        let mut entries = Vec::with_capacity(parsed.len());
        for (key, thresholds) in parsed {
            let (name, tags) = split_key(key)?;
            let metric = registry.get(name).ok_or_else(|| ThresholdError::UnknownMetric { name: key.to_string() })?;
            for t in &thresholds {
                if !t.expression.aggregation.valid_for(metric.metric_type) {
                    return Err(ThresholdError::UnsupportedAggregation {
                        expression: t.source.clone(),
                        metric: key.to_string(),
                        method: t.expression.aggregation.method_name().to_string(),
                        metric_type: metric.metric_type.as_str().to_string(),
                        supported: expr::supported_methods(metric.metric_type).to_string(),
                    });
                }
            }
            entries.push(MetricThresholds { name: key.to_string(), metric, tags, thresholds });
        }
        Ok(Thresholds { entries })
    }

    /// Every metric/sub-metric with thresholds, in definition order.
    pub fn entries(&self) -> &[MetricThresholds] {
        &self.entries
    }

    /// True when no threshold is defined.
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(|e| e.thresholds.is_empty())
    }

    /// The thresholds defined on exactly `name` (not its sub-metrics).
    pub fn for_name(&self, name: &str) -> Option<&MetricThresholds> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The sub-metrics (entries with tags) whose parent is `metric_name`.
    pub fn submetrics_of<'a>(&'a self, metric_name: &'a str) -> impl Iterator<Item = &'a MetricThresholds> + 'a {
        self.entries.iter().filter(move |e| e.tags.is_some() && &*e.metric.name == metric_name)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn parse_definitions(defs: &Value) -> Result<Vec<Threshold>, ThresholdError> {
    let items = match defs {
        Value::Array(items) => items,
        Value::Null => return Ok(Vec::new()),
        other => {
            return Err(ThresholdError::Shape(format!(
                "json: cannot unmarshal {} into Go struct field Options.thresholds of type []metrics.thresholdConfig",
                json_kind(other)
            )));
        }
    };
    items.iter().map(parse_definition).collect()
}

fn parse_definition(item: &Value) -> Result<Threshold, ThresholdError> {
    let shape_err = |v: &Value| {
        ThresholdError::Shape(format!(
            "json: cannot unmarshal {} into Go struct field Options.thresholds of type metrics.rawThresholdConfig",
            json_kind(v)
        ))
    };
    match item {
        Value::String(source) => Ok(Threshold {
            expression: Expression::parse(source)?,
            source: source.clone(),
            abort_on_fail: false,
            delay_abort_eval: None,
            delay_abort_eval_text: None,
        }),
        Value::Object(obj) => {
            let source = match obj.get("threshold") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => return Err(shape_err(other)),
            };
            let abort_on_fail = match obj.get("abortOnFail") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(other) => return Err(shape_err(other)),
            };
            let (delay, delay_text) = match obj.get("delayAbortEval") {
                None | Some(Value::Null) => (None, None),
                Some(Value::String(s)) => (Some(parse_go_duration(s).map_err(ThresholdError::Shape)?), Some(s.clone())),
                Some(Value::Number(n)) => {
                    let ms = n.as_f64().unwrap_or(0.0).max(0.0);
                    (Some(Duration::from_secs_f64(ms / 1000.0)), Some(n.to_string()))
                }
                Some(other) => return Err(shape_err(other)),
            };
            Ok(Threshold {
                expression: Expression::parse(&source)?,
                source,
                abort_on_fail,
                delay_abort_eval: delay,
                delay_abort_eval_text: delay_text,
            })
        }
        other => Err(shape_err(other)),
    }
}

/// Splits `name{k:v,...}` into the metric name and its tag filter.
fn split_key(key: &str) -> Result<(&str, Option<TagSet>), ThresholdError> {
    let Some(open) = key.find('{') else {
        return Ok((key.trim(), None));
    };
    let name = key[..open].trim();
    let inner = key[open + 1..].trim_end();
    let inner = inner.strip_suffix('}').ok_or_else(|| ThresholdError::MalformedTag { tag: key[open..].to_string() })?;
    let mut tags = TagSetBuilder::new();
    for part in inner.split(',') {
        let malformed = || ThresholdError::MalformedTag { tag: part.trim().to_string() };
        let (k, v) = part.split_once(':').ok_or_else(malformed)?;
        let (k, v) = (unquote(k.trim()), unquote(v.trim()));
        if k.is_empty() || v.is_empty() {
            return Err(malformed());
        }
        tags.set(k, v);
    }
    Ok((name, Some(tags.build())))
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MetricType, ValueType};
    use serde_json::json;

    fn registry() -> Registry {
        let r = Registry::new();
        r.register("iterations", MetricType::Counter, ValueType::Default).unwrap();
        r.register("iteration_duration", MetricType::Trend, ValueType::Time).unwrap();
        r.register("checks", MetricType::Rate, ValueType::Default).unwrap();
        r.register("vus", MetricType::Gauge, ValueType::Default).unwrap();
        r
    }

    fn err(v: Value) -> String {
        Thresholds::from_json(&v, &registry()).unwrap_err().to_string()
    }

    #[test]
    fn parses_strings_objects_and_submetrics() {
        let t = Thresholds::from_json(
            &json!({
                "iteration_duration{ scenario : 'unary' }": ["p(95)<200"],
                "checks": [{"threshold": "rate>0.9", "abortOnFail": true, "delayAbortEval": "10s"}],
            }),
            &registry(),
        )
        .unwrap();
        let sub = &t.entries()[0];
        assert_eq!(sub.name, "iteration_duration{ scenario : 'unary' }");
        assert_eq!(sub.tags.as_ref().unwrap().get("scenario"), Some("unary"));
        let checks = t.for_name("checks").unwrap();
        assert!(checks.thresholds[0].abort_on_fail);
        assert_eq!(checks.thresholds[0].delay_abort_eval, Some(Duration::from_secs(10)));
        assert_eq!(t.submetrics_of("iteration_duration").count(), 1);
    }

    #[test]
    fn validation_errors_match_k6() {
        assert_eq!(
            err(json!({"iterations": ["p(95)<1"]})),
            r#"invalid threshold "p(95)<1" applied on metric iterations; reason: unsupported aggregation method p on metric of type counter. supported aggregation methods for this metric are: count, rate"#
        );
        assert_eq!(
            err(json!({"iteration_duration": ["count<1"]})),
            r#"invalid threshold "count<1" applied on metric iteration_duration; reason: unsupported aggregation method count on metric of type trend. supported aggregation methods for this metric are: avg, min, max, med, p"#
        );
        assert_eq!(
            err(json!({"vus": ["rate<1"]})),
            r#"invalid threshold "rate<1" applied on metric vus; reason: unsupported aggregation method rate on metric of type gauge. supported aggregation methods for this metric are: value"#
        );
        assert_eq!(
            err(json!({"nope": ["count>1"]})),
            r#"invalid threshold defined on nope; reason: no metric name "nope" found"#
        );
        assert_eq!(
            err(json!({"nope{a:b}": ["count>1"]})),
            r#"invalid threshold defined on nope{a:b}; reason: no metric name "nope{a:b}" found"#
        );
        assert_eq!(
            err(json!({"iterations{a:}": ["count>1"]})),
            r#"unable to validate threshold expressions; reason: parsing metric name failed, metric "a:" tag expression is malformed"#
        );
        assert_eq!(
            err(json!({"iterations": [{"thresh": "count>0"}]})),
            r#"failed parsing threshold expression ""; reason: malformed threshold expression"#
        );
        assert_eq!(
            err(json!({"iterations": [{"threshold": "count>0", "delayAbortEval": "abc"}]})),
            r#"time: invalid duration "abc""#
        );
        assert!(err(json!({"iterations": "count>1"})).contains("cannot unmarshal string"));
    }
}
