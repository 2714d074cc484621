//! The two natives the built-in k6-summary stand-in (`jslib/k6_summary.js`) calls, backed by the
//! metrics crate's renderers so that `textSummary` prints exactly what the runner prints:
//!
//! - `__stampede_text_summary(dataJson, optsJson)`: k6-summary's `textSummary(data, opts)`;
//!   options merge like the library's (`{indent: ' ', enableColors: true}` < `data.options` <
//!   `opts`), so `summaryTimeUnit`/`summaryTrendStats` given in `opts` win over `data.options`.
//! - `__stampede_humanize_value(value, metricJson, timeUnit)`: `humanizeValue`.

use rquickjs::{Ctx, Exception, Function};
use serde_json::{Map, Value};

/// Installs `__stampede_text_summary` and `__stampede_humanize_value` on the context's global
/// object. Call once per runtime before a script imports the k6-summary jslib URL.
pub fn install_summary_natives(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    globals.set(
        "__stampede_text_summary",
        Function::new(ctx.clone(), text_summary)?.with_name("__stampede_text_summary")?,
    )?;
    globals.set(
        "__stampede_humanize_value",
        Function::new(ctx.clone(), humanize_value)?.with_name("__stampede_humanize_value")?,
    )?;
    Ok(())
}

fn parse(ctx: &Ctx<'_>, what: &str, json: &str) -> rquickjs::Result<Value> {
    serde_json::from_str(json)
        .map_err(|e| Exception::throw_type(ctx, &format!("k6-summary: {what} is not valid JSON: {e}")))
}

/// JS truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn text_summary(ctx: Ctx<'_>, data_json: String, opts_json: String) -> rquickjs::Result<String> {
    let mut data = parse(&ctx, "data", &data_json)?;
    let opts = parse(&ctx, "options", &opts_json)?;
    let empty = Map::new();
    let opts = opts.as_object().unwrap_or(&empty);
    let data_opts = data.get("options").and_then(Value::as_object).cloned().unwrap_or_default();
    let pick = |key: &str| opts.get(key).or_else(|| data_opts.get(key));
    let indent = match pick("indent") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => " ".to_owned(),
        Some(other) => other.to_string(),
    };
    let colors = pick("enableColors").is_none_or(truthy);
    if let Value::Object(root) = &mut data {
        let merged = root.entry("options").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(merged) = merged {
            for key in ["summaryTimeUnit", "summaryTrendStats"] {
                if let Some(v) = opts.get(key) {
                    merged.insert(key.to_owned(), v.clone());
                }
            }
        }
    }
    Ok(metrics::jslib_text_summary(&data, &indent, colors))
}

fn humanize_value(ctx: Ctx<'_>, value: f64, metric_json: String, time_unit: String) -> rquickjs::Result<String> {
    let metric = parse(&ctx, "metric", &metric_json)?;
    let field = |k: &str| metric.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    Ok(metrics::summary::humanize_value(value, &field("type"), &field("contains"), &time_unit))
}
