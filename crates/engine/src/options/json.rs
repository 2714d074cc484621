//! Field decoders for options JSON that follow k6's rules and reproduce its error texts: integers
//! also accept numeric strings (`"5"`), durations accept Go syntax or milliseconds, booleans only
//! accept booleans, `null` means "not set". Each decoder names the Go struct field the way Go's
//! `encoding/json` does, because scripts and CI logs match on those messages.

use std::collections::BTreeMap;

use serde_json::Value;

use super::duration::{GoDuration, parse_option_duration};
use super::error::OptionsError;

/// Where a value sits: the Go struct and the JSON key, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    /// Go struct name, e.g. `Options`.
    pub(crate) strukt: &'a str,
    /// JSON key.
    pub(crate) key: &'a str,
}

/// Go's name for a JSON value's kind in `cannot unmarshal X into ...`.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `json: cannot unmarshal <kind> into Go struct field <S>.<key> of type <T>`, wrapped the way
/// k6 wraps type errors in script options.
pub(crate) fn type_error(ctx: Ctx<'_>, v: &Value, go_type: &str) -> OptionsError {
    let snippet = format!("\"{}\": {}", ctx.key, v);
    OptionsError::Json(format!(
        "parsing options from script got error while parsing {:?}: json: cannot unmarshal {} into Go struct field {}.{} of type {}",
        snippet,
        kind(v),
        ctx.strukt,
        ctx.key,
        go_type
    ))
}

fn null_type_error(v: &Value, null_type: &str) -> OptionsError {
    OptionsError::Json(format!("json: cannot unmarshal {} into Go value of type {}", kind(v), null_type))
}

/// Go's `strconv.ParseInt` of a string, with its error text.
pub(crate) fn parse_int_str(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|e| {
        let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) {
            "value out of range"
        } else {
            "invalid syntax"
        };
        format!("strconv.ParseInt: parsing {s:?}: {why}")
    })
}

/// A `null.Int`.
pub(crate) fn int(ctx: Ctx<'_>, v: &Value) -> Result<Option<i64>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            None => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    Ok(Some(f as i64))
                } else {
                    let snippet = format!("\"{}\":", ctx.key);
                    Err(OptionsError::Json(format!(
                        "parsing options from script got error while parsing {snippet:?}: json: cannot unmarshal number {n} into Go struct field {}.{} of type int64",
                        ctx.strukt, ctx.key
                    )))
                }
            }
        },
        Value::String(s) => parse_int_str(s).map(Some).map_err(OptionsError::Json),
        other => Err(null_type_error(other, "null.Int")),
    }
}

/// A `null.Bool`.
pub(crate) fn bool(_ctx: Ctx<'_>, v: &Value) -> Result<Option<bool>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(null_type_error(other, "null.Bool")),
    }
}

/// A `null.String`.
pub(crate) fn string(_ctx: Ctx<'_>, v: &Value) -> Result<Option<String>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(null_type_error(other, "null.String")),
    }
}

/// A `types.NullDuration`: Go syntax, or a number of milliseconds.
pub(crate) fn duration(_ctx: Ctx<'_>, v: &Value) -> Result<Option<GoDuration>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => parse_option_duration(s).map(Some).map_err(|e| OptionsError::Json(e.to_string())),
        Value::Number(n) => {
            let ms = n.as_f64().unwrap_or(0.0);
            Ok(Some(GoDuration((ms * 1e6) as i64)))
        }
        other => Err(OptionsError::Json(format!("'{other}' is not a valid duration value"))),
    }
}

/// A `[]string`.
pub(crate) fn string_list(ctx: Ctx<'_>, v: &Value) -> Result<Option<Vec<String>>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(type_error(ctx, other, "string")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        other => Err(type_error(ctx, other, "[]string")),
    }
}

/// A `map[string]string`.
pub(crate) fn string_map(ctx: Ctx<'_>, v: &Value) -> Result<Option<BTreeMap<String, String>>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            for (k, item) in map {
                match item {
                    Value::String(s) => {
                        out.insert(k.clone(), s.clone());
                    }
                    other => {
                        let snippet = format!("\"{k}\": {other}");
                        return Err(OptionsError::Json(format!(
                            "parsing options from script got error while parsing {snippet:?}: json: cannot unmarshal {} into Go struct field {}.{} of type string",
                            kind(other),
                            ctx.strukt,
                            ctx.key
                        )));
                    }
                }
            }
            Ok(Some(out))
        }
        other => Err(type_error(ctx, other, "map[string]string")),
    }
}

/// Any JSON object, kept raw (`thresholds`, `hosts`): `null` is unset.
pub(crate) fn object(
    ctx: Ctx<'_>,
    v: &Value,
    go_type: &str,
) -> Result<Option<serde_json::Map<String, Value>>, OptionsError> {
    match v {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map.clone())),
        other => Err(type_error(ctx, other, go_type)),
    }
}

/// Any JSON value kept as-is; `null` is unset.
pub(crate) fn raw(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CTX: Ctx<'static> = Ctx { strukt: "Options", key: "vus" };

    #[test]
    fn ints_accept_numeric_strings_and_report_go_errors() {
        assert_eq!(int(CTX, &json!("5")).unwrap(), Some(5));
        assert_eq!(int(CTX, &json!(5)).unwrap(), Some(5));
        assert_eq!(int(CTX, &Value::Null).unwrap(), None);
        assert_eq!(
            int(CTX, &json!("abc")).unwrap_err().to_string(),
            "strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            int(CTX, &json!(true)).unwrap_err().to_string(),
            "json: cannot unmarshal bool into Go value of type null.Int"
        );
        assert!(
            int(CTX, &json!(1.5))
                .unwrap_err()
                .to_string()
                .ends_with("json: cannot unmarshal number 1.5 into Go struct field Options.vus of type int64")
        );
    }

    #[test]
    fn durations_take_go_syntax_or_milliseconds() {
        assert_eq!(duration(CTX, &json!(1500)).unwrap(), Some(GoDuration(1_500_000_000)));
        assert_eq!(duration(CTX, &json!("1500")).unwrap(), Some(GoDuration(1_500_000_000)));
        assert_eq!(duration(CTX, &json!(true)).unwrap_err().to_string(), "'true' is not a valid duration value");
        assert_eq!(duration(CTX, &json!("abc")).unwrap_err().to_string(), "time: invalid duration \"abc\"");
    }

    #[test]
    fn bools_reject_strings() {
        assert_eq!(
            bool(CTX, &json!("yes")).unwrap_err().to_string(),
            "json: cannot unmarshal string into Go value of type null.Bool"
        );
    }
}
