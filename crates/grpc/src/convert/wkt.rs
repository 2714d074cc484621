//! Recognising the well-known types that have a special protobuf JSON form.

use prost_reflect::MessageDescriptor;

/// A `google.protobuf` message with its own JSON mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wkt {
    Any,
    Timestamp,
    Duration,
    /// `DoubleValue`, `Int64Value`, `StringValue`… : the bare `value` field.
    Wrapper,
    Struct,
    Value,
    ListValue,
    FieldMask,
    Empty,
}

impl Wkt {
    /// The special form of `desc`, if it has one.
    pub(super) fn of(desc: &MessageDescriptor) -> Option<Self> {
        let name = desc.full_name().strip_prefix("google.protobuf.")?;
        Some(match name {
            "Any" => Self::Any,
            "Timestamp" => Self::Timestamp,
            "Duration" => Self::Duration,
            "DoubleValue" | "FloatValue" | "Int64Value" | "UInt64Value" | "Int32Value" | "UInt32Value"
            | "BoolValue" | "StringValue" | "BytesValue" => Self::Wrapper,
            "Struct" => Self::Struct,
            "Value" => Self::Value,
            "ListValue" => Self::ListValue,
            "FieldMask" => Self::FieldMask,
            "Empty" => Self::Empty,
            _ => return None,
        })
    }
}

/// The message name of an `Any` type URL: the text after the last `/` (Go's rule).
pub(super) fn type_url_name(url: &str) -> &str {
    url.rsplit_once('/').map_or(url, |(_, name)| name)
}

/// Go's `strs.JSONCamelCase`: `foo_bar` → `fooBar`.
pub(super) fn camel_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut was_underscore = false;
    for c in s.chars() {
        if c != '_' {
            if was_underscore && c.is_ascii_lowercase() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
        }
        was_underscore = c == '_';
    }
    out
}

/// Go's `strs.JSONSnakeCase`: `fooBar` → `foo_bar`.
pub(super) fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Go's `protoreflect.FullName.IsValid`: dot-separated identifiers.
pub(super) fn is_valid_full_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
                && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_url_name("type.googleapis.com/a.B"), "a.B");
        assert_eq!(type_url_name("a.B"), "a.B");
        assert_eq!(camel_case("a.b_c"), "a.bC");
        assert_eq!(snake_case("a.bC"), "a.b_c");
        assert!(is_valid_full_name("a.b_c"));
        assert!(!is_valid_full_name("a..b"));
        assert!(!is_valid_full_name("1a"));
    }
}
