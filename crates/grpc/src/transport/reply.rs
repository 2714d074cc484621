//! A unary reply kept as its wire bytes until someone reads it.
//!
//! Most load-test scripts only look at `status`, yet decoding a reply into a `DynamicMessage` (a
//! field map, a heap value per field, and freeing it all again) cost ~7% of the client's CPU per
//! small unary call. Whether the bytes decode must still be known when the call ends (a reply
//! that does not decode makes the call fail with `Internal`), so [`check`] walks them once
//! without building anything. It is conservative: it accepts only what it can vouch for, and for
//! anything else (groups, extensions, map entries with extra fields, very deep nesting, any
//! malformed input) the reply is decoded at once, which gives the definitive answer and prost's
//! exact error text.

use bytes::Bytes;
use prost::encoding::{WireType, decode_key, decode_varint};
use prost_reflect::{DynamicMessage, MessageDescriptor};

use super::reply_plan::{Field, Lookup, Plan, Value, plan_for};

/// Nesting [`check`] follows; deeper replies are decoded at once (prost itself allows 100).
const MAX_DEPTH: usize = 32;

/// A reply that is known to decode as its message type.
#[derive(Debug, Clone)]
pub struct Reply(Form);

#[derive(Debug, Clone)]
enum Form {
    /// Checked by [`check`], not decoded yet.
    Encoded(MessageDescriptor, Bytes),
    Decoded(DynamicMessage),
}

impl Reply {
    /// Keeps `bytes` undecoded when [`check`] vouches for them; otherwise decodes them now.
    pub fn new(desc: &MessageDescriptor, bytes: Bytes) -> Result<Self, prost::DecodeError> {
        if check(desc, &bytes) {
            return Ok(Self(Form::Encoded(desc.clone(), bytes)));
        }
        DynamicMessage::decode(desc.clone(), bytes).map(|m| Self(Form::Decoded(m)))
    }

    /// The decoded message. An error here would mean [`check`] accepted bytes that prost refuses.
    pub fn message(&self) -> Result<DynamicMessage, prost::DecodeError> {
        match &self.0 {
            Form::Encoded(desc, bytes) => DynamicMessage::decode(desc.clone(), bytes.clone()),
            Form::Decoded(message) => Ok(message.clone()),
        }
    }
}

impl From<DynamicMessage> for Reply {
    fn from(message: DynamicMessage) -> Self {
        Self(Form::Decoded(message))
    }
}

/// Whether `bytes` certainly decode as a message of type `desc`. `false` means "not sure".
pub(crate) fn check(desc: &MessageDescriptor, bytes: &[u8]) -> bool {
    let plan = plan_for(desc);
    message(&plan, 0, bytes, 0).is_some()
}

/// Walks one message's fields; `None` as soon as something is not vouched for.
fn message(plan: &Plan, index: usize, mut buf: &[u8], depth: usize) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    let layout = &plan.messages[index];
    while !buf.is_empty() {
        let (number, wire_type) = decode_key(&mut buf).ok()?;
        match layout.lookup(number) {
            Lookup::Known(field) => known_field(plan, field, wire_type, &mut buf, depth)?,
            Lookup::Extension => return None,
            Lookup::Unknown => unknown_field(wire_type, &mut buf)?,
        }
    }
    Some(())
}

fn known_field(plan: &Plan, field: Field, wire_type: WireType, buf: &mut &[u8], depth: usize) -> Option<()> {
    match field {
        Field::Single(kind) => value(plan, kind, wire_type, buf, depth),
        // Scalars of a repeated field may come packed (strings, bytes and messages cannot).
        Field::List(kind) if wire_type == WireType::LengthDelimited => packed(kind, length_delimited(wire_type, buf)?),
        Field::List(kind) => value(plan, kind, wire_type, buf, depth),
        Field::Map(key, val) => map_entry(plan, key, val, length_delimited(wire_type, buf)?, depth),
        Field::Unsure => None,
    }
}

/// One value of `kind` (a singular field, one item of a repeated field, a map key or value).
fn value(plan: &Plan, kind: Value, wire_type: WireType, buf: &mut &[u8], depth: usize) -> Option<()> {
    match kind {
        Value::Varint => varint(wire_type, buf),
        Value::Fixed32 => fixed(wire_type, WireType::ThirtyTwoBit, 4, buf),
        Value::Fixed64 => fixed(wire_type, WireType::SixtyFourBit, 8, buf),
        Value::Utf8 => std::str::from_utf8(length_delimited(wire_type, buf)?).ok().map(drop),
        Value::Bytes => length_delimited(wire_type, buf).map(drop),
        Value::Message(inner) => message(plan, inner, length_delimited(wire_type, buf)?, depth + 1),
    }
}

/// A packed run of scalars: varints that end exactly at its end, or whole fixed-size items.
fn packed(kind: Value, mut items: &[u8]) -> Option<()> {
    match kind.wire_type() {
        WireType::Varint => {
            while !items.is_empty() {
                decode_varint(&mut items).ok()?;
            }
            Some(())
        }
        WireType::ThirtyTwoBit => (items.len() % 4 == 0).then_some(()),
        WireType::SixtyFourBit => (items.len() % 8 == 0).then_some(()),
        _ => None,
    }
}

/// A map entry: key (1) and value (2) only, each at most as their kinds allow.
fn map_entry(plan: &Plan, key: Value, val: Value, mut buf: &[u8], depth: usize) -> Option<()> {
    while !buf.is_empty() {
        let (number, wire_type) = decode_key(&mut buf).ok()?;
        let kind = match number {
            1 => key,
            2 => val,
            _ => return None,
        };
        value(plan, kind, wire_type, &mut buf, depth + 1)?;
    }
    Some(())
}

/// A field the message does not declare: kept as an unknown field if its encoding is whole.
fn unknown_field(wire_type: WireType, buf: &mut &[u8]) -> Option<()> {
    match wire_type {
        WireType::Varint => varint(wire_type, buf),
        WireType::SixtyFourBit => take(buf, 8),
        WireType::ThirtyTwoBit => take(buf, 4),
        WireType::LengthDelimited => length_delimited(wire_type, buf).map(drop),
        WireType::StartGroup | WireType::EndGroup => None,
    }
}

fn varint(wire_type: WireType, buf: &mut &[u8]) -> Option<()> {
    if wire_type != WireType::Varint {
        return None;
    }
    decode_varint(buf).ok().map(drop)
}

fn fixed(wire_type: WireType, expected: WireType, size: usize, buf: &mut &[u8]) -> Option<()> {
    if wire_type != expected {
        return None;
    }
    take(buf, size)
}

fn take(buf: &mut &[u8], n: usize) -> Option<()> {
    *buf = buf.get(n..)?;
    Some(())
}

/// The bytes of a length-delimited record, which must fit in what is left.
fn length_delimited<'a>(wire_type: WireType, buf: &mut &'a [u8]) -> Option<&'a [u8]> {
    if wire_type != WireType::LengthDelimited {
        return None;
    }
    let len = usize::try_from(decode_varint(buf).ok()?).ok()?;
    if len > buf.len() {
        return None;
    }
    let (bytes, rest) = buf.split_at(len);
    *buf = rest;
    Some(bytes)
}
