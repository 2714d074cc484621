//! The call params shared by `invoke`, `asyncInvoke` and `Stream` (k6 §4.5.1): `metadata`,
//! `tags`, `timeout`, `discardResponseMessage`. Any other key is an error.

use std::time::Duration;

use rquickjs::{Coerced, FromJs, Object, Value};

use super::duration::duration_nanos;
use super::metadata::{Metadata, parse_metadata};

/// `invoke`'s timeout when none (or 0) is given: 2 minutes (k6's docs say 60 s; the binary uses
/// 2 minutes).
pub(crate) const DEFAULT_INVOKE_TIMEOUT: Duration = Duration::from_secs(120);

/// Parsed call params.
#[derive(Debug, Default)]
pub(crate) struct CallParams {
    /// Request metadata.
    pub(crate) metadata: Metadata,
    /// Extra metric tags, values already turned into strings.
    pub(crate) tags: Vec<(String, String)>,
    /// The `timeout` as given, in nanoseconds (negative allowed); `None` when absent.
    pub(crate) timeout_nanos: Option<i64>,
    /// `discardResponseMessage` (JS truthiness).
    pub(crate) discard_response: bool,
}

impl CallParams {
    /// The deadline of a unary call: absent or 0 is the 2-minute default, negative is already
    /// expired.
    pub(crate) fn unary_timeout(&self) -> Duration {
        match self.timeout_nanos {
            None | Some(0) => DEFAULT_INVOKE_TIMEOUT,
            Some(n) if n < 0 => Duration::ZERO,
            Some(n) => Duration::from_nanos(n.unsigned_abs()),
        }
    }

    /// The deadline of a stream: none unless given.
    pub(crate) fn stream_timeout(&self) -> Option<Duration> {
        match self.timeout_nanos {
            None | Some(0) => None,
            Some(n) if n < 0 => Some(Duration::ZERO),
            Some(n) => Some(Duration::from_nanos(n.unsigned_abs())),
        }
    }
}

/// Parses call params; `Err` is the text after the caller's prefix
/// (`invalid GRPC's client.invoke() parameters: `).
pub(crate) fn parse_call_params<'js>(value: &Value<'js>) -> Result<CallParams, String> {
    let mut params = CallParams::default();
    if value.is_null() || value.is_undefined() {
        return Ok(params);
    }
    if let Some(s) = value.as_string() {
        // ToObject of a string: its indexes are the keys.
        let s = s.to_string().map_err(|e| e.to_string())?;
        return if s.is_empty() { Ok(params) } else { Err("unknown param: \"0\"".to_owned()) };
    }
    let Some(object) = value.as_object() else {
        return Ok(params);
    };
    for entry in object.props::<String, Value<'js>>() {
        let (key, item) = entry.map_err(|e| e.to_string())?;
        match key.as_str() {
            "metadata" => {
                params.metadata = parse_metadata(&item).map_err(|e| format!("invalid metadata param: {e}"))?;
            }
            "tags" => params.tags = parse_tags(&item)?,
            "timeout" => {
                params.timeout_nanos = Some(duration_nanos(&item).map_err(|e| format!("invalid timeout value: {e}"))?);
            }
            "discardResponseMessage" => params.discard_response = truthy(&item),
            other => return Err(format!("unknown param: {}", super::gofmt::go_quote(other))),
        }
    }
    Ok(params)
}

/// JS truthiness.
pub(crate) fn truthy(value: &Value<'_>) -> bool {
    if let Some(b) = value.as_bool() {
        b
    } else if let Some(n) = value.as_number() {
        n != 0.0 && !n.is_nan()
    } else if let Some(s) = value.as_string() {
        s.to_string().map(|s| !s.is_empty()).unwrap_or(true)
    } else {
        !(value.is_null() || value.is_undefined())
    }
}

/// `params.tags`: string, number and boolean values, turned into strings with `String()`.
fn parse_tags<'js>(value: &Value<'js>) -> Result<Vec<(String, String)>, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(Vec::new());
    }
    if let Some(s) = value.as_string() {
        // ToObject of a string: index -> character.
        let s = s.to_string().map_err(|e| e.to_string())?;
        return Ok(s.chars().enumerate().map(|(i, c)| (i.to_string(), c.to_string())).collect());
    }
    let Some(object) = value.as_object() else {
        return Ok(Vec::new());
    };
    tags_of(object)
}

fn tags_of<'js>(object: &Object<'js>) -> Result<Vec<(String, String)>, String> {
    let mut tags = Vec::new();
    for entry in object.props::<String, Value<'js>>() {
        let (key, item) = entry.map_err(|e| e.to_string())?;
        if !(item.is_string() || item.is_number() || item.is_bool()) {
            return Err(format!(
                "metric tags: invalid value for metric tag '{key}': only String, Boolean and Number types are accepted as a metric tag values"
            ));
        }
        let text = Coerced::<String>::from_js(&item.ctx().clone(), item).map_err(|e| e.to_string())?.0;
        tags.push((key, text));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_value(src: &str, check: impl FnOnce(Result<CallParams, String>)) {
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            let v: Value<'_> = ctx.eval(src).unwrap();
            check(parse_call_params(&v));
        });
    }

    #[test]
    fn defaults() {
        with_value("undefined", |p| {
            let p = p.unwrap();
            assert_eq!(p.unary_timeout(), DEFAULT_INVOKE_TIMEOUT);
            assert_eq!(p.stream_timeout(), None);
            assert!(!p.discard_response);
        });
    }

    #[test]
    fn timeouts() {
        with_value("({timeout: 0})", |p| assert_eq!(p.unwrap().unary_timeout(), DEFAULT_INVOKE_TIMEOUT));
        with_value("({timeout: '1.5s'})", |p| assert_eq!(p.unwrap().unary_timeout(), Duration::from_millis(1500)));
        with_value("({timeout: -5})", |p| assert_eq!(p.unwrap().unary_timeout(), Duration::ZERO));
        with_value("({timeout: 'abc'})", |p| {
            assert_eq!(p.unwrap_err(), "invalid timeout value: time: invalid duration \"abc\"")
        });
        with_value("({timeout: null})", |p| {
            assert_eq!(p.unwrap_err(), "invalid timeout value: unable to use type <nil> as a duration value")
        });
    }

    #[test]
    fn unknown_keys_and_strings() {
        with_value("({foo: 1})", |p| assert_eq!(p.unwrap_err(), "unknown param: \"foo\""));
        with_value("'abc'", |p| assert_eq!(p.unwrap_err(), "unknown param: \"0\""));
    }

    #[test]
    fn tags_and_metadata() {
        with_value(
            "({tags: {a: 'x', n: 1.5, b: true}, metadata: {'X-Up': 'v'}, discardResponseMessage: 'yes'})",
            |p| {
                let p = p.unwrap();
                assert_eq!(
                    p.tags,
                    vec![
                        ("a".to_owned(), "x".to_owned()),
                        ("n".to_owned(), "1.5".to_owned()),
                        ("b".to_owned(), "true".to_owned())
                    ]
                );
                assert_eq!(p.metadata.0[0].0, "x-up");
                assert!(p.discard_response);
            },
        );
        with_value("({tags: {a: null}})", |p| {
            assert!(
                p.unwrap_err()
                    .starts_with("metric tags: invalid value for metric tag 'a': only String, Boolean and Number")
            )
        });
        with_value("({metadata: {'x-data-bin': 'str'}})", |p| {
            assert_eq!(p.unwrap_err(), "invalid metadata param: \"x-data-bin\" value must be binary")
        });
        with_value("({metadata: {'x-data-bin': new Uint8Array([1,2]).buffer}})", |p| {
            assert!(p.is_ok(), "ArrayBuffer accepted (k6 docs promise it)")
        });
        with_value("({metadata: 'x'})", |p| {
            assert_eq!(p.unwrap_err(), "invalid metadata param: must be an object with key-value pairs")
        });
    }
}
