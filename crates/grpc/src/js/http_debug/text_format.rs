//! Messages in the protobuf text format, laid out as k6 v1.1.0 prints payloads under
//! `--http-debug=full`: one field per line, nested messages in braces indented by two spaces,
//! two spaces after each colon (the spacing that build of k6 uses), fields in declaration order,
//! map entries sorted by key, a resolvable `Any` expanded as `[type URL]:  { ... }`.

use std::fmt::Write;

use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MapKey, ReflectMessage, Value};

/// The whole message, a line per field (empty for a message with no populated field).
pub(super) fn format_message(msg: &DynamicMessage) -> String {
    let mut out = String::new();
    fields(&mut out, msg, 0);
    out
}

fn fields(out: &mut String, msg: &DynamicMessage, depth: usize) {
    let desc = msg.descriptor();
    if desc.full_name() == "google.protobuf.Any" && expanded_any(out, msg, depth) {
        return;
    }
    for field in desc.fields() {
        if !msg.has_field(&field) {
            continue;
        }
        let value = msg.get_field(&field);
        match value.as_ref() {
            Value::List(items) => {
                for item in items {
                    line(out, depth, field.name(), item, &field.kind());
                }
            }
            Value::Map(entries) => map(out, depth, &field, entries),
            single => line(out, depth, field.name(), single, &field.kind()),
        }
    }
}

/// `[type.googleapis.com/pkg.Type]:  { ... }` when the packed type is known.
fn expanded_any(out: &mut String, msg: &DynamicMessage, depth: usize) -> bool {
    let (Some(Value::String(url)), Some(Value::Bytes(bytes))) =
        (msg.get_field_by_number(1).as_deref().cloned(), msg.get_field_by_number(2).as_deref().cloned())
    else {
        return false;
    };
    let name = url.rsplit('/').next().unwrap_or_default();
    let Some(inner) = msg
        .descriptor()
        .parent_pool()
        .get_message_by_name(name)
        .and_then(|desc| DynamicMessage::decode(desc, bytes.as_ref()).ok())
    else {
        return false;
    };
    indent(out, depth);
    let _ = writeln!(out, "[{url}]:  {{");
    fields(out, &inner, depth + 1);
    indent(out, depth);
    out.push_str("}\n");
    true
}

fn map(out: &mut String, depth: usize, field: &FieldDescriptor, entries: &std::collections::HashMap<MapKey, Value>) {
    let Kind::Message(entry) = field.kind() else { return };
    let key_kind = entry.map_entry_key_field().kind();
    let value_kind = entry.map_entry_value_field().kind();
    let mut sorted: Vec<(&MapKey, &Value)> = entries.iter().collect();
    sorted.sort_by(|a, b| key_order(a.0, b.0));
    for (key, value) in sorted {
        indent(out, depth);
        let _ = writeln!(out, "{}:  {{", field.name());
        line(out, depth + 1, "key", &Value::from(key.clone()), &key_kind);
        line(out, depth + 1, "value", value, &value_kind);
        indent(out, depth);
        out.push_str("}\n");
    }
}

fn key_order(a: &MapKey, b: &MapKey) -> std::cmp::Ordering {
    match (a, b) {
        (MapKey::Bool(x), MapKey::Bool(y)) => x.cmp(y),
        (MapKey::I32(x), MapKey::I32(y)) => x.cmp(y),
        (MapKey::I64(x), MapKey::I64(y)) => x.cmp(y),
        (MapKey::U32(x), MapKey::U32(y)) => x.cmp(y),
        (MapKey::U64(x), MapKey::U64(y)) => x.cmp(y),
        (MapKey::String(x), MapKey::String(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

fn line(out: &mut String, depth: usize, name: &str, value: &Value, kind: &Kind) {
    indent(out, depth);
    if let Value::Message(inner) = value {
        let _ = writeln!(out, "{name}:  {{");
        fields(out, inner, depth + 1);
        indent(out, depth);
        out.push_str("}\n");
        return;
    }
    let _ = write!(out, "{name}:  ");
    scalar(out, value, kind);
    out.push('\n');
}

fn scalar(out: &mut String, value: &Value, kind: &Kind) {
    match value {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::I32(n) => {
            let _ = write!(out, "{n}");
        }
        Value::I64(n) => {
            let _ = write!(out, "{n}");
        }
        Value::U32(n) => {
            let _ = write!(out, "{n}");
        }
        Value::U64(n) => {
            let _ = write!(out, "{n}");
        }
        Value::F32(f) => out.push_str(&go_float(f64::from(*f), format!("{f:e}"))),
        Value::F64(f) => out.push_str(&go_float(*f, format!("{f:e}"))),
        Value::String(s) => quoted(out, s.as_bytes()),
        Value::Bytes(b) => quoted(out, b),
        Value::EnumNumber(n) => match kind {
            Kind::Enum(e) => match e.get_value(*n) {
                Some(v) => out.push_str(v.name()),
                None => {
                    let _ = write!(out, "{n}");
                }
            },
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::Message(_) | Value::List(_) | Value::Map(_) => {}
    }
}

/// Go's shortest `%g` form: plain notation for decimal exponents -4..=5, else `1.5e+06` style, with
/// `inf`, `-inf`, `nan`. `scientific` is Rust's shortest `{:e}` rendering of the same value.
fn go_float(value: f64, scientific: String) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{exp_sign}{:02}", exponent.abs());
    }
    let point = exponent + 1;
    if point <= 0 {
        return format!("{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize));
    }
    let point = point as usize;
    if digits.len() <= point {
        return format!("{sign}{digits}{}", "0".repeat(point - digits.len()));
    }
    format!("{sign}{}.{}", &digits[..point], &digits[point..])
}

/// A double-quoted string: `"` and `\` escaped, `\n` `\r` `\t`, other control bytes and bytes
/// that are not UTF-8 as `\xNN`, C1 controls as `\uNNNN`, everything else as is.
fn quoted(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c if (0x80..=0x9f).contains(&(c as u32)) => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(value: f64) -> String {
        go_float(value, format!("{value:e}"))
    }

    #[test]
    fn floats_use_go_shortest_g_notation() {
        assert_eq!(go(119.999974953), "119.999974953");
        assert_eq!(go(1.0), "1");
        assert_eq!(go(0.0), "0");
        assert_eq!(go(-2.5), "-2.5");
        assert_eq!(go(0.0001), "0.0001");
        assert_eq!(go(0.00001), "1e-05");
        assert_eq!(go(100000.0), "100000");
        assert_eq!(go(1234567.0), "1.234567e+06");
        assert_eq!(go(1e21), "1e+21");
        assert_eq!(go(1.5e300), "1.5e+300");
        assert_eq!(go(f64::NAN), "nan");
        assert_eq!(go(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn strings_escape_like_the_go_text_format() {
        let mut out = String::new();
        quoted(&mut out, b"a\"b\\c\n\x00\x01\x02\xfe\xc2\x85\xc3\xa9");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\x00\\x01\\x02\\xfe\\u0085\u{e9}\"");
    }
}
