//! How k6's Go code prints JS values in its error texts: `%#v` (`'"true"'`, `'1'`,
//! `'map[string]interface {}{"cert":0}'`), `%T` (`<nil>`, `bool`) and `strconv.Quote`.
//!
//! Sobek hands Go an integer-valued number as `int64` and other numbers as `float64`, objects as
//! `map[string]interface {}` and arrays as `[]interface {}`; the texts below follow that.

use std::fmt::Write;

use rquickjs::{Array, Object, Value};

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%T` of the value Sobek would export.
pub(crate) fn go_type_name(value: &Value<'_>) -> &'static str {
    if value.is_null() || value.is_undefined() {
        "<nil>"
    } else if value.is_bool() {
        "bool"
    } else if let Some(n) = value.as_number() {
        if is_integral(n) { "int64" } else { "float64" }
    } else if value.is_string() {
        "string"
    } else if value.is_array() {
        "[]interface {}"
    } else if value.is_function() {
        "func(sobek.FunctionCall) sobek.Value"
    } else {
        "map[string]interface {}"
    }
}

/// Go's `%#v` of the value Sobek would export.
pub(crate) fn go_repr(value: &Value<'_>) -> String {
    let mut out = String::new();
    write_repr(&mut out, value, 0);
    out
}

fn is_integral(n: f64) -> bool {
    n.fract() == 0.0 && n.abs() < 9.2e18
}

fn write_repr(out: &mut String, value: &Value<'_>, depth: usize) {
    if depth > 16 {
        out.push_str("...");
        return;
    }
    if value.is_null() || value.is_undefined() {
        out.push_str("<nil>");
    } else if let Some(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Some(n) = value.as_number() {
        if is_integral(n) {
            let _ = write!(out, "{}", n as i64);
        } else {
            let _ = write!(out, "{n}");
        }
    } else if let Some(s) = value.as_string() {
        out.push_str(&go_quote(&s.to_string().unwrap_or_default()));
    } else if let Some(array) = value.as_array() {
        write_array(out, array, depth);
    } else if let Some(object) = value.as_object() {
        write_object(out, object, depth);
    } else {
        out.push_str("<nil>");
    }
}

fn write_array(out: &mut String, array: &Array<'_>, depth: usize) {
    out.push_str("[]interface {}{");
    for (i, item) in array.iter::<Value<'_>>().flatten().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(out, &item, depth + 1);
    }
    out.push('}');
}

fn write_object(out: &mut String, object: &Object<'_>, depth: usize) {
    // Go prints map keys sorted.
    let mut entries: Vec<(String, Value<'_>)> = object.props::<String, Value<'_>>().flatten().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    out.push_str("map[string]interface {}{");
    for (i, (key, item)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&go_quote(key));
        out.push(':');
        write_repr(out, item, depth + 1);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(go_quote("true"), "\"true\"");
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
    }

    #[test]
    fn reprs_like_go() {
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            let v: Value<'_> = ctx.eval("({cert: 0, b: 'x'})").unwrap();
            assert_eq!(go_repr(&v), "map[string]interface {}{\"b\":\"x\", \"cert\":0}");
            let v: Value<'_> = ctx.eval("1.5").unwrap();
            assert_eq!(go_repr(&v), "1.5");
            let v: Value<'_> = ctx.eval("1").unwrap();
            assert_eq!(go_repr(&v), "1");
            let v: Value<'_> = ctx.eval("null").unwrap();
            assert_eq!(go_type_name(&v), "<nil>");
        });
    }
}
