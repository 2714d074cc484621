//! `--summary-export FILE`: k6's old machine-readable summary derived from the legacy data.
//!
//! `options` and `state` are dropped, each metric becomes its flat `values` object (Rate `rate`
//! renamed `value`), thresholds become `{source: failed}` (true means FAILED, the inverse of
//! `handleSummary`'s `ok`), and the group tree's arrays become objects keyed by name.

use serde::Serialize;
use serde_json::{Map, Value};

/// The `--summary-export` JSON for `data` (the `handleSummary` data object).
pub fn summary_export(data: &Value) -> Value {
    let mut out = Map::new();
    if let Some(Value::Object(metrics)) = data.get("metrics") {
        let mut flat = Map::new();
        for (name, m) in metrics {
            let mut values = match m.get("values") {
                Some(Value::Object(v)) => v.clone(),
                _ => Map::new(),
            };
            if let Some(Value::Object(th)) = m.get("thresholds") {
                if !th.is_empty() {
                    let inverted: Map<String, Value> = th
                        .iter()
                        .map(|(k, t)| {
                            let ok = t.get("ok").and_then(Value::as_bool).unwrap_or(false);
                            (k.clone(), Value::Bool(!ok))
                        })
                        .collect();
                    values.insert("thresholds".into(), Value::Object(inverted));
                }
            }
            if m.get("type").and_then(Value::as_str) == Some("rate") {
                if let Some(rate) = values.remove("rate") {
                    values.insert("value".into(), rate);
                }
            }
            flat.insert(name.clone(), Value::Object(values));
        }
        out.insert("metrics".into(), Value::Object(flat));
    }
    for (k, v) in data.as_object().into_iter().flatten() {
        match k.as_str() {
            "metrics" | "options" | "state" => {}
            "root_group" => {
                out.insert(k.clone(), transform_group(v));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// The export serialised like `JSON.stringify(x, null, 4)`.
pub fn summary_export_string(data: &Value) -> String {
    let value = summary_export(data);
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    // Serialising a Value into memory cannot fail.
    let _ = value.serialize(&mut ser);
    String::from_utf8(buf).unwrap_or_default()
}

fn transform_group(group: &Value) -> Value {
    let Value::Object(g) = group else {
        return group.clone();
    };
    let mut out = g.clone();
    if let Some(Value::Array(groups)) = g.get("groups") {
        let map: Map<String, Value> = groups
            .iter()
            .map(|c| (c.get("name").and_then(Value::as_str).unwrap_or("").to_string(), transform_group(c)))
            .collect();
        out.insert("groups".into(), Value::Object(map));
    }
    if let Some(Value::Array(checks)) = g.get("checks") {
        let map: Map<String, Value> = checks
            .iter()
            .map(|c| (c.get("name").and_then(Value::as_str).unwrap_or("").to_string(), c.clone()))
            .collect();
        out.insert("checks".into(), Value::Object(map));
    }
    Value::Object(out)
}
