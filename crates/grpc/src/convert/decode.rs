//! Request decoding: a JSON-shaped value (see [`super::input`]) into a `DynamicMessage`, with the
//! rules of Go's protojson as k6 v1.1.0 applies them (field names, scalar forms, nulls, oneofs,
//! duplicate and unknown fields). Well-known types are in [`super::decode_wkt`].

use std::collections::HashMap;

use prost_reflect::{
    Cardinality, DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, OneofDescriptor, ReflectMessage,
    Syntax, Value,
};

use super::input::{Input, Shape};
use super::numbers;
use super::wkt::Wkt;

/// Walks one request value; generic over where the value comes from.
pub(super) struct Decoder<'i, I> {
    pub(super) input: &'i I,
    pub(super) depth: usize,
    /// A proto2 `required` field was missing somewhere (reported after the whole walk, as Go does).
    pub(super) missing_required: bool,
}

/// Field numbers already given in one JSON object.
#[derive(Default)]
pub(super) struct SeenFields {
    low: u128,
    high: Vec<u32>,
}

impl SeenFields {
    /// Records `n`; false when it was already there.
    pub(super) fn insert(&mut self, n: u32) -> bool {
        if n < 128 {
            let bit = 1u128 << n;
            let fresh = self.low & bit == 0;
            self.low |= bit;
            fresh
        } else if self.high.contains(&n) {
            false
        } else {
            self.high.push(n);
            true
        }
    }
}

/// Go's `protoreflect.Kind` names, used in error texts.
pub(super) fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Double => "double",
        Kind::Float => "float",
        Kind::Int32 => "int32",
        Kind::Int64 => "int64",
        Kind::Uint32 => "uint32",
        Kind::Uint64 => "uint64",
        Kind::Sint32 => "sint32",
        Kind::Sint64 => "sint64",
        Kind::Fixed32 => "fixed32",
        Kind::Fixed64 => "fixed64",
        Kind::Sfixed32 => "sfixed32",
        Kind::Sfixed64 => "sfixed64",
        Kind::Bool => "bool",
        Kind::String => "string",
        Kind::Bytes => "bytes",
        Kind::Message(_) => "message",
        Kind::Enum(_) => "enum",
    }
}

/// Fields for which a JSON `null` is a value rather than "unset".
pub(super) fn takes_null(kind: &Kind) -> bool {
    match kind {
        Kind::Message(m) => m.full_name() == "google.protobuf.Value",
        Kind::Enum(e) => e.full_name() == "google.protobuf.NullValue",
        _ => false,
    }
}

impl<'i, I: Input> Decoder<'i, I> {
    pub(super) fn new(input: &'i I) -> Self {
        Self { input, depth: 0, missing_required: false }
    }

    /// Decodes a value of message type `desc` (special forms for well-known types).
    pub(super) fn message(&mut self, node: &I::Node, desc: &MessageDescriptor) -> Result<DynamicMessage, I::Error> {
        if self.depth >= super::MAX_DEPTH {
            return Err(self.input.plain_error("exceeded max recursion depth"));
        }
        self.depth += 1;
        let result = match Wkt::of(desc) {
            Some(wkt) => self.well_known(node, desc, wkt),
            None => self.fields(node, desc, false),
        };
        self.depth -= 1;
        result
    }

    /// Decodes a JSON object field by field; `skip_type_url` ignores `@type` (inside an `Any`).
    pub(super) fn fields(
        &mut self,
        node: &I::Node,
        desc: &MessageDescriptor,
        skip_type_url: bool,
    ) -> Result<DynamicMessage, I::Error> {
        let input = self.input;
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(input.syntax_error(node));
        }
        let mut msg = DynamicMessage::new(desc.clone());
        let mut seen = SeenFields::default();
        let mut oneofs: Vec<OneofDescriptor> = Vec::new();
        input.entries(node, |key, value| {
            let Some(field) = input.field_of(&key, desc) else {
                if skip_type_url && input.key_str(&key) == "@type" {
                    return Ok(());
                }
                return Err(input.key_error(&key, |raw| format!("unknown field {raw}")));
            };
            if !seen.insert(field.number()) {
                return Err(input.key_error(&key, |raw| format!("duplicate field {raw}")));
            }
            let kind = field.kind();
            if input.is_null(&value) && !takes_null(&kind) {
                return Ok(());
            }
            let decoded = if field.cardinality() == Cardinality::Repeated {
                match &kind {
                    Kind::Message(m) if m.is_map_entry() => self.map(&value, &field)?,
                    _ => self.list(&value, &field)?,
                }
            } else {
                if let Some(oneof) = field.containing_oneof() {
                    if oneofs.contains(&oneof) {
                        return Err(input.key_error(&key, |raw| {
                            format!("error parsing {raw}, oneof {} is already set", oneof.full_name())
                        }));
                    }
                    oneofs.push(oneof);
                }
                match &kind {
                    Kind::Message(m) => Value::Message(self.message(&value, m)?),
                    kind => self.scalar(&value, &field, kind)?,
                }
            };
            msg.set_field(&field, decoded);
            Ok(())
        })?;
        if desc.parent_file().syntax() != Syntax::Proto3 && has_missing_required(&msg) {
            self.missing_required = true;
        }
        Ok(msg)
    }

    /// A non-repeated field's value.
    pub(super) fn singular(&mut self, node: &I::Node, field: &FieldDescriptor) -> Result<Value, I::Error> {
        match field.kind() {
            Kind::Message(m) => Ok(Value::Message(self.message(node, &m)?)),
            kind => self.scalar(node, field, &kind),
        }
    }

    /// A repeated field: a JSON array.
    pub(super) fn list(&mut self, node: &I::Node, field: &FieldDescriptor) -> Result<Value, I::Error> {
        let input = self.input;
        if !matches!(input.shape(node)?, Shape::Array) {
            return Err(input.syntax_error(node));
        }
        let kind = field.kind();
        let mut values = Vec::new();
        input.items(node, |item| {
            values.push(match &kind {
                Kind::Message(m) => Value::Message(self.message(&item, m)?),
                kind => self.scalar(&item, field, kind)?,
            });
            Ok(())
        })?;
        Ok(Value::List(values))
    }

    /// A map field: a JSON object whose names are the keys.
    pub(super) fn map(&mut self, node: &I::Node, field: &FieldDescriptor) -> Result<Value, I::Error> {
        let input = self.input;
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(input.syntax_error(node));
        }
        let Kind::Message(entry) = field.kind() else {
            return Err(input.syntax_error(node));
        };
        let key_kind = entry.map_entry_key_field().kind();
        let value_field = entry.map_entry_value_field();
        let value_kind = value_field.kind();
        let mut map = HashMap::new();
        input.entries(node, |key, value| {
            let Some(map_key) = map_key(input.key_str(&key), &key_kind) else {
                return Err(
                    input.key_error(&key, |raw| format!("invalid value for {} key: {raw}", kind_name(&key_kind)))
                );
            };
            if map.contains_key(&map_key) {
                return Err(input.key_error(&key, |raw| format!("duplicate map key {raw}")));
            }
            let v = match &value_kind {
                Kind::Message(m) => Value::Message(self.message(&value, m)?),
                kind => self.scalar(&value, &value_field, kind)?,
            };
            map.insert(map_key, v);
            Ok(())
        })?;
        Ok(Value::Map(map))
    }

    /// A scalar of `kind`; `field` names it in error texts.
    pub(super) fn scalar(&mut self, node: &I::Node, field: &FieldDescriptor, kind: &Kind) -> Result<Value, I::Error> {
        let input = self.input;
        let shape = input.shape(node)?;
        let value = match (kind, shape) {
            (Kind::Bool, Shape::Bool(b)) => Some(Value::Bool(b)),
            (Kind::Int32 | Kind::Sint32 | Kind::Sfixed32, shape) => signed(&shape, 32).map(|n| Value::I32(n as i32)),
            (Kind::Int64 | Kind::Sint64 | Kind::Sfixed64, shape) => signed(&shape, 64).map(Value::I64),
            (Kind::Uint32 | Kind::Fixed32, shape) => unsigned(&shape, 32).map(|n| Value::U32(n as u32)),
            (Kind::Uint64 | Kind::Fixed64, shape) => unsigned(&shape, 64).map(Value::U64),
            (Kind::Float, shape) => float(&shape, 32).map(|v| Value::F32(v as f32)),
            (Kind::Double, shape) => float(&shape, 64).map(Value::F64),
            (Kind::String, Shape::String(s)) => Some(Value::String(s.into_owned())),
            (Kind::Bytes, Shape::String(s)) => decode_base64(&s).map(|b| Value::Bytes(b.into())),
            (Kind::Enum(e), Shape::String(s)) => e.get_value_by_name(&s).map(|v| Value::EnumNumber(v.number())),
            (Kind::Enum(_), Shape::Number(v)) => numbers::signed_from_f64(v, 32).map(|n| Value::EnumNumber(n as i32)),
            (Kind::Enum(e), Shape::Null) if e.full_name() == "google.protobuf.NullValue" => Some(Value::EnumNumber(0)),
            _ => None,
        };
        value.ok_or_else(|| {
            input.value_error(node, |raw| {
                format!("invalid value for {} field {}: {raw}", kind_name(kind), field.json_name())
            })
        })
    }
}

fn signed(shape: &Shape<'_>, bits: u32) -> Option<i64> {
    match shape {
        Shape::Number(v) => numbers::signed_from_f64(*v, bits),
        Shape::String(s) => numbers::signed_from_str(s, bits),
        _ => None,
    }
}

fn unsigned(shape: &Shape<'_>, bits: u32) -> Option<u64> {
    match shape {
        Shape::Number(v) => numbers::unsigned_from_f64(*v, bits),
        Shape::String(s) => numbers::unsigned_from_str(s, bits),
        _ => None,
    }
}

fn float(shape: &Shape<'_>, bits: u32) -> Option<f64> {
    match shape {
        Shape::Number(v) => numbers::float_from_f64(*v, bits),
        Shape::String(s) => numbers::float_from_str(s, bits),
        _ => None,
    }
}

/// A map key from its JSON name (Go's `strconv.Parse*` rules for integer keys).
pub(super) fn map_key(name: &str, kind: &Kind) -> Option<MapKey> {
    Some(match kind {
        Kind::String => MapKey::String(name.to_owned()),
        Kind::Bool => match name {
            "true" => MapKey::Bool(true),
            "false" => MapKey::Bool(false),
            _ => return None,
        },
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => MapKey::I32(name.parse().ok()?),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => MapKey::I64(name.parse().ok()?),
        Kind::Uint32 | Kind::Fixed32 => MapKey::U32(name.parse().ok()?),
        Kind::Uint64 | Kind::Fixed64 => MapKey::U64(name.parse().ok()?),
        _ => return None,
    })
}

/// Base64 as protojson reads it: standard or URL-safe alphabet, padded or not, line breaks ignored.
pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    use base64::alphabet::{STANDARD, URL_SAFE};
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const fn config(padding: DecodePaddingMode) -> GeneralPurposeConfig {
        GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true).with_decode_padding_mode(padding)
    }
    const PADDED: GeneralPurposeConfig = config(DecodePaddingMode::Indifferent);
    const UNPADDED: GeneralPurposeConfig = config(DecodePaddingMode::RequireNone);
    // Built at compile time: making an engine fills its decode tables.
    static ENGINES: [[GeneralPurpose; 2]; 2] = [
        [GeneralPurpose::new(&STANDARD, UNPADDED), GeneralPurpose::new(&STANDARD, PADDED)],
        [GeneralPurpose::new(&URL_SAFE, UNPADDED), GeneralPurpose::new(&URL_SAFE, PADDED)],
    ];
    let url = s.contains(['-', '_']);
    let padded = s.len() % 4 == 0;
    let engine = &ENGINES[usize::from(url)][usize::from(padded)];
    if s.contains(['\r', '\n']) {
        let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        engine.decode(cleaned).ok()
    } else {
        engine.decode(s).ok()
    }
}

/// True when one of `msg`'s own proto2 `required` fields is unset (sub-messages are checked when
/// they are decoded).
fn has_missing_required(msg: &DynamicMessage) -> bool {
    msg.descriptor().fields().any(|f| f.cardinality() == Cardinality::Required && !msg.has_field(&f))
}

/// Go's `proto.CheckInitialized` order: this message's required fields first, then set
/// sub-messages in field order. Returns the full name of the first unset required field.
pub(super) fn first_missing_required(msg: &DynamicMessage) -> Option<String> {
    let desc = msg.descriptor();
    for field in desc.fields() {
        if field.cardinality() == Cardinality::Required && !msg.has_field(&field) {
            return Some(field.full_name().to_owned());
        }
    }
    for (_, value) in msg.fields() {
        let found = match value {
            Value::Message(m) => first_missing_required(m),
            Value::List(items) => items.iter().find_map(|v| v.as_message().and_then(first_missing_required)),
            Value::Map(map) => map.values().find_map(|v| v.as_message().and_then(first_missing_required)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_variants() {
        assert_eq!(decode_base64("AQID/w=="), Some(vec![1, 2, 3, 255]));
        assert_eq!(decode_base64("AQID/w"), Some(vec![1, 2, 3, 255]));
        assert_eq!(decode_base64("_-8"), Some(vec![255, 239]));
        assert_eq!(decode_base64("_-8="), Some(vec![255, 239]));
        assert_eq!(decode_base64("AB=="), Some(vec![0]));
        assert_eq!(decode_base64("A"), None);
        assert_eq!(decode_base64("!!"), None);
        assert_eq!(decode_base64(""), Some(vec![]));
    }

    #[test]
    fn seen_fields() {
        let mut s = SeenFields::default();
        assert!(s.insert(1));
        assert!(!s.insert(1));
        assert!(s.insert(500));
        assert!(!s.insert(500));
    }
}
