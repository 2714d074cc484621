//! Requests straight from JS values to protobuf wire bytes, without a `DynamicMessage` between.
//!
//! Building the request as a `DynamicMessage` (a field map, a heap value per field), walking it
//! again for every length prefix and freeing it took about a tenth of the client's CPU per small
//! unary call. This walk reads the JS value with the same rules as the [`Decoder`] (it uses its
//! scalar conversions, and hands it whole subtrees it does not write itself) and writes each field
//! as it goes; the bytes are those prost would write for the decoded message: fields in number
//! order, proto3 defaults left out, packed repeated scalars.
//!
//! Written here: proto3 messages and their scalar, enum, string, bytes, message, repeated and map
//! fields; `Timestamp`, `Duration` and the wrappers (the common well-known types, whose JSON forms
//! are a string or a bare value). Handed to the [`Decoder`] and encoded by prost: the other
//! well-known types (`Any`, `Struct`, `Value`, …), proto2 messages (custom defaults, `required`),
//! groups. Any refusal is a [`Fallback`]: the caller then takes the text path for k6's exact
//! error, as before.

use std::collections::HashSet;

use bytes::BufMut;
use prost::Message;
use prost::encoding::{WireType, encode_key, encode_varint, encoded_len_varint};
use prost_reflect::{FieldDescriptor, Kind, MapKey, MessageDescriptor, OneofDescriptor, Syntax, Value};
use rquickjs::Value as JsValue;

use super::decode::{Decoder, SeenFields, map_key, takes_null};
use super::input::{Fallback, Input, JsInput, Shape};
use super::wkt::Wkt;

/// Writes one request; see the module docs.
pub(super) struct RequestWriter<'i, 'js> {
    decoder: Decoder<'i, JsInput<'js>>,
}

impl<'i, 'js> RequestWriter<'i, 'js> {
    pub(super) fn new(input: &'i JsInput<'js>) -> Self {
        Self { decoder: Decoder::new(input) }
    }

    /// The wire encoding of `node` as a message of type `desc`. `Err` also when a proto2
    /// `required` field is missing (the text path reports it).
    pub(super) fn request(mut self, node: &JsValue<'js>, desc: &MessageDescriptor) -> Result<Vec<u8>, Fallback> {
        let mut out = Vec::with_capacity(128);
        self.message(node, desc, &mut out)?;
        if self.decoder.missing_required {
            return Err(Fallback);
        }
        Ok(out)
    }

    /// A message's fields (without key or length).
    fn message(&mut self, node: &JsValue<'js>, desc: &MessageDescriptor, out: &mut Vec<u8>) -> Result<(), Fallback> {
        let wkt = Wkt::of(desc);
        let written_here = match wkt {
            None => desc.parent_file().syntax() == Syntax::Proto3,
            Some(Wkt::Timestamp | Wkt::Duration | Wkt::Wrapper) => true,
            Some(_) => false,
        };
        if !written_here {
            self.decoder.message(node, desc)?.encode_raw(out);
            return Ok(());
        }
        if self.decoder.depth >= super::MAX_DEPTH {
            return Err(Fallback);
        }
        self.decoder.depth += 1;
        let result = match wkt {
            None => self.fields(node, desc, out),
            Some(Wkt::Wrapper) => self.wrapper(node, desc, out),
            Some(time) => self.seconds_nanos(node, desc, time, out),
        };
        self.decoder.depth -= 1;
        result
    }

    /// A wrapper (`Int32Value`, `StringValue`, …) from its bare value: field 1 with a singular
    /// field's rules.
    fn wrapper(&mut self, node: &JsValue<'js>, desc: &MessageDescriptor, out: &mut Vec<u8>) -> Result<(), Fallback> {
        let field = desc.get_field(1).ok_or(Fallback)?;
        let kind = field.kind();
        if matches!(kind, Kind::Message(_)) || field.is_list() || field.is_map() {
            return Err(Fallback);
        }
        self.singular(node, &field, &kind, out)
    }

    /// A `Timestamp` or `Duration` from its JSON string: `seconds` (field 1) and `nanos` (field
    /// 2), each left out when zero.
    fn seconds_nanos(
        &mut self,
        node: &JsValue<'js>,
        desc: &MessageDescriptor,
        wkt: Wkt,
        out: &mut Vec<u8>,
    ) -> Result<(), Fallback> {
        let standard =
            |number: u32, kind: Kind| desc.get_field(number).is_some_and(|f| f.kind() == kind && !f.is_list());
        if !standard(1, Kind::Int64) || !standard(2, Kind::Int32) || desc.fields().len() != 2 {
            return Err(Fallback);
        }
        let (seconds, nanos) = self.decoder.time_parts(node, desc, wkt)?;
        if seconds != 0 {
            encode_key(1, WireType::Varint, out);
            encode_varint(seconds as u64, out);
        }
        if nanos != 0 {
            encode_key(2, WireType::Varint, out);
            // int32 is written sign-extended to 64 bits, as protobuf requires.
            encode_varint(i64::from(nanos) as u64, out);
        }
        Ok(())
    }

    fn fields(&mut self, node: &JsValue<'js>, desc: &MessageDescriptor, out: &mut Vec<u8>) -> Result<(), Fallback> {
        let input = self.decoder.input;
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(Fallback);
        }
        let mut seen = SeenFields::default();
        let mut oneofs: Vec<OneofDescriptor> = Vec::new();
        // Where each field's records start and end, to put them in number order afterwards.
        let mut spans: Vec<(u32, usize, usize)> = Vec::new();
        let mut in_order = true;
        input.entries(node, |key, value| {
            let field = input.field_of(&key, desc).ok_or(Fallback)?;
            let number = field.number();
            if !seen.insert(number) {
                return Err(Fallback);
            }
            let kind = field.kind();
            if input.is_null(&value) && !takes_null(&kind) {
                return Ok(());
            }
            let start = out.len();
            if field.is_map() {
                self.map(&value, &field, &kind, out)?;
            } else if field.is_list() {
                self.list(&value, &field, &kind, out)?;
            } else {
                if let Some(oneof) = field.containing_oneof() {
                    if oneofs.contains(&oneof) {
                        return Err(Fallback);
                    }
                    oneofs.push(oneof);
                }
                self.singular(&value, &field, &kind, out)?;
            }
            if out.len() > start {
                in_order &= spans.last().is_none_or(|&(last, _, _)| last < number);
                spans.push((number, start, out.len()));
            }
            Ok(())
        })?;
        if !in_order {
            put_in_number_order(out, &mut spans);
        }
        Ok(())
    }

    /// A non-repeated field (or a map entry's value): left out when it has no presence and holds its
    /// default, as prost does.
    fn singular(
        &mut self,
        node: &JsValue<'js>,
        field: &FieldDescriptor,
        kind: &Kind,
        out: &mut Vec<u8>,
    ) -> Result<(), Fallback> {
        match kind {
            Kind::Message(m) => self.message_field(field.number(), node, field, m, out),
            kind => {
                let value = self.decoder.scalar(node, field, kind)?;
                if !field.supports_presence() && value.is_default_for_field(field) {
                    return Ok(());
                }
                put_scalar(field.number(), &value, kind, out)
            }
        }
    }

    /// A message-typed field (or list item, or map value) with its key and length.
    fn message_field(
        &mut self,
        number: u32,
        node: &JsValue<'js>,
        field: &FieldDescriptor,
        desc: &MessageDescriptor,
        out: &mut Vec<u8>,
    ) -> Result<(), Fallback> {
        if field.is_group() {
            let message = self.decoder.message(node, desc)?;
            prost::encoding::group::encode(number, &message, out);
            return Ok(());
        }
        delimited(number, out, |out| self.message(node, desc, out))
    }

    fn list(
        &mut self,
        node: &JsValue<'js>,
        field: &FieldDescriptor,
        kind: &Kind,
        out: &mut Vec<u8>,
    ) -> Result<(), Fallback> {
        let input = self.decoder.input;
        if !matches!(input.shape(node)?, Shape::Array) {
            return Err(Fallback);
        }
        let number = field.number();
        if field.is_packed() {
            let start = out.len();
            delimited(number, out, |out| {
                input.items(node, |item| {
                    let value = self.decoder.scalar(&item, field, kind)?;
                    put_packed_item(&value, kind, out)
                })
            })?;
            // An empty list is unpopulated: no record at all.
            if out.len() == start + key_len(number) + 1 {
                out.truncate(start);
            }
            return Ok(());
        }
        input.items(node, |item| match kind {
            Kind::Message(m) => self.message_field(number, &item, field, m, out),
            kind => put_scalar(number, &self.decoder.scalar(&item, field, kind)?, kind, out),
        })
    }

    /// A map field: one entry record per key, key and value left out when default (as prost does).
    fn map(
        &mut self,
        node: &JsValue<'js>,
        field: &FieldDescriptor,
        kind: &Kind,
        out: &mut Vec<u8>,
    ) -> Result<(), Fallback> {
        let input = self.decoder.input;
        let Kind::Message(entry) = kind else { return Err(Fallback) };
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(Fallback);
        }
        let key_field = entry.map_entry_key_field();
        let key_kind = key_field.kind();
        let value_field = entry.map_entry_value_field();
        let value_kind = value_field.kind();
        // Names of one JS object are distinct, but numeric keys are not ("1" and "01").
        let mut numeric_keys: HashSet<MapKey> = HashSet::new();
        input.entries(node, |key, value| {
            let map_key = map_key(input.key_str(&key), &key_kind).ok_or(Fallback)?;
            if !matches!(map_key, MapKey::String(_)) && !numeric_keys.insert(map_key.clone()) {
                return Err(Fallback);
            }
            delimited(field.number(), out, |out| {
                if key_field.supports_presence() || !map_key.is_default(&key_kind) {
                    put_map_key(&map_key, &key_kind, out)?;
                }
                // The value is the entry's field 2, with a singular field's rules.
                self.singular(&value, &value_field, &value_kind, out)
            })
        })
    }
}

/// Writes `number`'s key and a length prefix around what `body` writes.
fn delimited<B>(number: u32, out: &mut Vec<u8>, body: B) -> Result<(), Fallback>
where
    B: FnOnce(&mut Vec<u8>) -> Result<(), Fallback>,
{
    encode_key(number, WireType::LengthDelimited, out);
    // One byte is reserved for the length, which is usually short; a longer one is made room for.
    let at = out.len();
    out.push(0);
    body(out)?;
    let len = out.len() - at - 1;
    if len < 0x80 {
        out[at] = len as u8;
    } else {
        let mut prefix = Vec::with_capacity(encoded_len_varint(len as u64));
        encode_varint(len as u64, &mut prefix);
        out.splice(at..=at, prefix);
    }
    Ok(())
}

fn key_len(number: u32) -> usize {
    encoded_len_varint(u64::from(number << 3))
}

/// Reorders the records of one message so that field numbers increase, as prost writes them.
fn put_in_number_order(out: &mut Vec<u8>, spans: &mut [(u32, usize, usize)]) {
    let Some(start) = spans.iter().map(|s| s.1).min() else { return };
    spans.sort_unstable_by_key(|s| s.0);
    let mut sorted = Vec::with_capacity(out.len() - start);
    for &(_, from, to) in spans.iter() {
        sorted.extend_from_slice(&out[from..to]);
    }
    out.truncate(start);
    out.extend_from_slice(&sorted);
}

/// One scalar field record, as prost writes the value for `kind`.
fn put_scalar(number: u32, value: &Value, kind: &Kind, out: &mut Vec<u8>) -> Result<(), Fallback> {
    use prost::encoding as e;
    match (value, kind) {
        (Value::Bool(v), Kind::Bool) => e::bool::encode(number, v, out),
        (Value::I32(v), Kind::Int32) => e::int32::encode(number, v, out),
        (Value::I32(v), Kind::Sint32) => e::sint32::encode(number, v, out),
        (Value::I32(v), Kind::Sfixed32) => e::sfixed32::encode(number, v, out),
        (Value::I64(v), Kind::Int64) => e::int64::encode(number, v, out),
        (Value::I64(v), Kind::Sint64) => e::sint64::encode(number, v, out),
        (Value::I64(v), Kind::Sfixed64) => e::sfixed64::encode(number, v, out),
        (Value::U32(v), Kind::Uint32) => e::uint32::encode(number, v, out),
        (Value::U32(v), Kind::Fixed32) => e::fixed32::encode(number, v, out),
        (Value::U64(v), Kind::Uint64) => e::uint64::encode(number, v, out),
        (Value::U64(v), Kind::Fixed64) => e::fixed64::encode(number, v, out),
        (Value::F32(v), Kind::Float) => e::float::encode(number, v, out),
        (Value::F64(v), Kind::Double) => e::double::encode(number, v, out),
        (Value::String(v), Kind::String) => e::string::encode(number, v, out),
        (Value::Bytes(v), Kind::Bytes) => e::bytes::encode(number, v, out),
        (Value::EnumNumber(v), Kind::Enum(_)) => e::int32::encode(number, v, out),
        _ => return Err(Fallback),
    }
    Ok(())
}

/// One item of a packed list, without key.
fn put_packed_item(value: &Value, kind: &Kind, out: &mut Vec<u8>) -> Result<(), Fallback> {
    match (value, kind) {
        (Value::Bool(v), Kind::Bool) => encode_varint(u64::from(*v), out),
        (Value::I32(v), Kind::Int32) | (Value::EnumNumber(v), Kind::Enum(_)) => encode_varint(*v as u64, out),
        (Value::I32(v), Kind::Sint32) => encode_varint(u64::from(((v << 1) ^ (v >> 31)) as u32), out),
        (Value::I32(v), Kind::Sfixed32) => out.put_i32_le(*v),
        (Value::I64(v), Kind::Int64) => encode_varint(*v as u64, out),
        (Value::I64(v), Kind::Sint64) => encode_varint(((v << 1) ^ (v >> 63)) as u64, out),
        (Value::I64(v), Kind::Sfixed64) => out.put_i64_le(*v),
        (Value::U32(v), Kind::Uint32) => encode_varint(u64::from(*v), out),
        (Value::U32(v), Kind::Fixed32) => out.put_u32_le(*v),
        (Value::U64(v), Kind::Uint64) => encode_varint(*v, out),
        (Value::U64(v), Kind::Fixed64) => out.put_u64_le(*v),
        (Value::F32(v), Kind::Float) => out.put_f32_le(*v),
        (Value::F64(v), Kind::Double) => out.put_f64_le(*v),
        _ => return Err(Fallback),
    }
    Ok(())
}

/// A map entry's key record (field 1).
fn put_map_key(key: &MapKey, kind: &Kind, out: &mut Vec<u8>) -> Result<(), Fallback> {
    use prost::encoding as e;
    match (key, kind) {
        (MapKey::Bool(v), Kind::Bool) => e::bool::encode(1, v, out),
        (MapKey::I32(v), Kind::Int32) => e::int32::encode(1, v, out),
        (MapKey::I32(v), Kind::Sint32) => e::sint32::encode(1, v, out),
        (MapKey::I32(v), Kind::Sfixed32) => e::sfixed32::encode(1, v, out),
        (MapKey::I64(v), Kind::Int64) => e::int64::encode(1, v, out),
        (MapKey::I64(v), Kind::Sint64) => e::sint64::encode(1, v, out),
        (MapKey::I64(v), Kind::Sfixed64) => e::sfixed64::encode(1, v, out),
        (MapKey::U32(v), Kind::Uint32) => e::uint32::encode(1, v, out),
        (MapKey::U32(v), Kind::Fixed32) => e::fixed32::encode(1, v, out),
        (MapKey::U64(v), Kind::Uint64) => e::uint64::encode(1, v, out),
        (MapKey::U64(v), Kind::Fixed64) => e::fixed64::encode(1, v, out),
        (MapKey::String(v), Kind::String) => e::string::encode(1, v, out),
        _ => return Err(Fallback),
    }
    Ok(())
}
