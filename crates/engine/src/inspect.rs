//! `stampede inspect [--execution-requirements]`: the JSON k6 prints for `k6 inspect`, byte for
//! byte (two-space indentation, `<`, `>` and `&` escaped the way Go's encoder does), because
//! k6-operator parses it.
//!
//! Plain inspect shows the script's own options only (no config file, environment, flags or
//! defaults). With `--execution-requirements` it shows the consolidated options with scenarios
//! derived and defaults for `summaryTrendStats`/`systemTags`, plus `totalDuration` and `maxVUs`.

use serde_json::Value;

use crate::options::{Options, execution_requirements, options_json};
use crate::segment::{ExecutionTuple, SegmentError};

/// The `k6 inspect` object for the script's own options.
pub fn inspect_json(script_options: &Options) -> Value {
    options_json(script_options, false)
}

/// The `k6 inspect --execution-requirements` object for consolidated, derived options.
pub fn execution_requirements_json(options: &Options) -> Result<Value, SegmentError> {
    let tuple = ExecutionTuple::new(options.execution_segment.as_ref(), options.execution_segment_sequence.as_ref())?;
    let req = execution_requirements(options, &tuple);
    let mut v = options_json(options, true);
    if let Value::Object(m) = &mut v {
        m.insert("totalDuration".into(), Value::String(req.total_duration.to_string()));
        m.insert("maxVUs".into(), Value::from(req.max_vus));
    }
    Ok(v)
}

/// Go's `json.MarshalIndent(v, "", "  ")`, HTML-escaping included (no trailing newline).
pub fn to_go_json_pretty(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    go_escape(&text)
}

/// Applies Go's default JSON escaping of `<`, `>`, `&`, U+2028 and U+2029. These characters
/// can only occur inside JSON strings, so replacing them in the whole text is safe.
pub fn go_escape(json_text: &str) -> String {
    let mut out = String::with_capacity(json_text.len());
    for c in json_text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
