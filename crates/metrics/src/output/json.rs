//! `--out json`: NDJSON with a `Metric` line before a metric's first `Point` line, field order and
//! number formatting as k6 writes them (sample `04-out.json.jsonl`).

use std::collections::HashSet;
use std::io;

use serde_json::{Map, Value, json};
use time::UtcOffset;

use super::Output;
use super::timefmt::{local_offset, rfc3339};
use super::writer::Sink;
use crate::threshold::Thresholds;
use crate::{Metric, MetricId, Sample};

/// Writes samples as k6's JSON lines.
pub struct JsonOutput {
    sink: Sink,
    thresholds: Thresholds,
    seen: HashSet<MetricId>,
    offset: UtcOffset,
    description: String,
    line: String,
}

impl JsonOutput {
    /// Opens `path` (`None`/`-` = stdout, `.gz` = gzip).
    pub fn open(path: Option<&str>, thresholds: Thresholds, description: String) -> io::Result<Self> {
        Ok(Self {
            sink: Sink::open(path)?,
            thresholds,
            seen: HashSet::new(),
            offset: local_offset(),
            description,
            line: String::with_capacity(256),
        })
    }

    fn metric_line(&self, metric: &Metric) -> String {
        let thresholds: Vec<Value> = self
            .thresholds
            .for_name(&metric.name)
            .map(|e| {
                e.thresholds
                    .iter()
                    .map(|t| {
                        if t.abort_on_fail {
                            let mut o = Map::new();
                            o.insert("threshold".into(), json!(t.source));
                            o.insert("abortOnFail".into(), json!(true));
                            o.insert("delayAbortEval".into(), json!(t.delay_abort_eval_text));
                            Value::Object(o)
                        } else {
                            json!(t.source)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let subs: Vec<Value> = self
            .thresholds
            .submetrics_of(&metric.name)
            .map(|e| {
                let tags: Map<String, Value> =
                    e.tags.iter().flat_map(|t| t.iter()).map(|(k, v)| (k.to_string(), json!(v))).collect();
                json!({"name": e.name, "suffix": e.suffix().unwrap_or(""), "tags": tags})
            })
            .collect();
        let mut data = Map::new();
        data.insert("name".into(), json!(&*metric.name));
        data.insert("type".into(), json!(metric.metric_type.as_str()));
        data.insert("contains".into(), json!(metric.value_type.as_str()));
        data.insert("thresholds".into(), Value::Array(thresholds));
        data.insert("submetrics".into(), if subs.is_empty() { Value::Null } else { Value::Array(subs) });
        let mut line = Map::new();
        line.insert("type".into(), json!("Metric"));
        line.insert("data".into(), Value::Object(data));
        line.insert("metric".into(), json!(&*metric.name));
        Value::Object(line).to_string()
    }
}

/// A float the way Go's `encoding/json` prints it (`100`, `0.041629`, `1e-7`, `1e+21`).
pub(crate) fn go_json_float(v: f64) -> String {
    if !v.is_finite() {
        return "null".into();
    }
    let abs = v.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return format!("{v}");
    }
    let sci = format!("{v:e}");
    match sci.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => sci,
    }
}

fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&Value::from(s).to_string());
}

impl Output for JsonOutput {
    fn description(&self) -> String {
        self.description.clone()
    }

    fn add(&mut self, sample: &Sample, metric: &Metric) -> io::Result<()> {
        if self.seen.insert(metric.id) {
            let mut l = self.metric_line(metric);
            l.push('\n');
            self.sink.write_all(l.as_bytes())?;
        }
        let line = &mut self.line;
        line.clear();
        line.push_str("{\"metric\":");
        push_json_str(line, &metric.name);
        line.push_str(",\"type\":\"Point\",\"data\":{\"time\":\"");
        line.push_str(&rfc3339(sample.time, self.offset, true));
        line.push_str("\",\"value\":");
        line.push_str(&go_json_float(sample.value));
        line.push_str(",\"tags\":{");
        for (i, (k, v)) in sample.tags.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_json_str(line, k);
            line.push(':');
            push_json_str(line, v);
        }
        line.push('}');
        if let Some(meta) = sample.metadata.as_ref().filter(|m| !m.is_empty()) {
            line.push_str(",\"metadata\":{");
            for (i, (k, v)) in meta.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                push_json_str(line, k);
                line.push(':');
                push_json_str(line, v);
            }
            line.push('}');
        }
        line.push_str("}}\n");
        self.sink.write_all(line.as_bytes())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }

    fn stop(&mut self) -> io::Result<()> {
        self.sink.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(go_json_float(100.0), "100");
        assert_eq!(go_json_float(0.041629), "0.041629");
        assert_eq!(go_json_float(1100.45017), "1100.45017");
        assert_eq!(go_json_float(1e-7), "1e-7");
        assert_eq!(go_json_float(1e21), "1e+21");
        assert_eq!(go_json_float(-3.0), "-3");
    }
}
