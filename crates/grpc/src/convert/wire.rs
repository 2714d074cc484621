//! Stream replies straight from their wire bytes into JS values, with the same mapping as
//! [`super::message_to_js`] in stream mode (populated fields only).
//!
//! Decoding a reply into a `DynamicMessage` first (a field map, a heap value per field) and then
//! walking it again was more than half of the client's CPU for a server stream. This walks the
//! bytes once and defines each property as its field is read, reusing the [`Encoder`]'s rendering
//! of every value, so the mapping cannot drift.
//!
//! Only canonical encodings take this path: fields in increasing number order (a repeated field's
//! items next to each other), each singular field and oneof once, no extensions or groups, and
//! no deep nesting. Anything else (and any malformed input) falls back to the `DynamicMessage` path,
//! whose merge rules (last one wins, messages merge) and error texts then apply.

use prost::bytes::Buf;
use prost::encoding::{DecodeContext, WireType, decode_key, decode_varint, skip_field};
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, Value};
use rquickjs::{Array, Object, Value as JsValue};

use super::atoms::{define, field_atoms};
use super::encode::Encoder;
use super::wkt::Wkt;

/// Nesting handled here; deeper replies take the `DynamicMessage` path.
const MAX_DEPTH: usize = 16;

/// Why the direct walk stopped.
pub(super) enum Stop {
    /// Not a canonical encoding this walk handles: use the `DynamicMessage` path.
    Fallback,
    /// A JS failure (out of memory, an exception).
    Js(rquickjs::Error),
}

impl From<rquickjs::Error> for Stop {
    fn from(e: rquickjs::Error) -> Self {
        Self::Js(e)
    }
}

impl From<prost::DecodeError> for Stop {
    fn from(_: prost::DecodeError) -> Self {
        Self::Fallback
    }
}

/// The items of a repeated field read so far (they are consecutive on the wire).
enum Run<'js, 'a> {
    Scalars(Vec<Value>),
    Messages(Array<'js>, usize),
    /// Entries in wire order (duplicate keys resolved when the run closes).
    Map(Vec<(MapKey, Value)>),
    /// `map<string, string>`, the common case, borrowed from the wire without copies.
    StringMap(Vec<(&'a str, &'a str)>),
}

/// A repeated field being read and where its property goes.
struct OpenRun<'js, 'a> {
    index: usize,
    field: FieldDescriptor,
    items: Run<'js, 'a>,
}

impl<'js> Encoder<'js> {
    /// `bytes` (a message of type `desc`, not a well-known type) as a JS object.
    pub(super) fn wire_message<'a>(
        &self,
        desc: &MessageDescriptor,
        mut buf: &'a [u8],
        depth: usize,
    ) -> Result<Object<'js>, Stop> {
        if depth > MAX_DEPTH {
            return Err(Stop::Fallback);
        }
        let atoms = field_atoms(&self.ctx, desc)?;
        let obj = Object::new(self.ctx.clone())?;
        let mut last = 0u32;
        let mut oneofs = Vec::new();
        let mut run: Option<OpenRun<'js, 'a>> = None;
        while buf.has_remaining() {
            let (number, wire_type) = decode_key(&mut buf)?;
            let Ok(index) = atoms.binary_search_by_key(&number, |f| f.number) else {
                if desc.get_extension(number).is_some() {
                    return Err(Stop::Fallback);
                }
                skip_field(wire_type, number, &mut buf, DecodeContext::default())?;
                continue;
            };
            let facts = atoms[index];
            if let Some(open) = run.as_mut().filter(|r| r.index == index) {
                self.read_item(open, wire_type, &mut buf, depth)?;
                continue;
            }
            if number <= last {
                return Err(Stop::Fallback);
            }
            last = number;
            if let Some(done) = run.take() {
                self.close_run(&obj, atoms[done.index].atom, done)?;
            }
            let field = desc.get_field(number).ok_or(Stop::Fallback)?;
            if facts.in_oneof {
                let oneof = field.containing_oneof().ok_or(Stop::Fallback)?;
                if oneofs.contains(&oneof) {
                    return Err(Stop::Fallback);
                }
                oneofs.push(oneof);
            }
            if facts.repeated {
                let items = if facts.is_map && is_string_map(&field) {
                    Run::StringMap(Vec::new())
                } else if facts.is_map {
                    Run::Map(Vec::new())
                } else if matches!(field.kind(), Kind::Message(_)) {
                    Run::Messages(Array::new(self.ctx.clone())?, 0)
                } else {
                    Run::Scalars(Vec::new())
                };
                let open = run.insert(OpenRun { index, field, items });
                self.read_item(open, wire_type, &mut buf, depth)?;
                continue;
            }
            let kind = field.kind();
            let value = match &kind {
                Kind::Message(sub) => self.wire_field_message(sub, wire_type, &mut buf, depth)?,
                // No `String` copy on the way to the JS string.
                Kind::String => {
                    let text = utf8(length_delimited(wire_type, &mut buf)?)?;
                    if !facts.has_presence && text.is_empty() {
                        continue;
                    }
                    self.string(text)?
                }
                _ => {
                    let mut value = Value::default_value_for_field(&field);
                    merge_scalar(&mut value, &kind, wire_type, &mut buf)?;
                    if !facts.has_presence && value.is_default_for_field(&field) {
                        continue;
                    }
                    self.value(&value, &kind)?
                }
            };
            define(&self.ctx, &obj, facts.atom, value)?;
        }
        if let Some(done) = run.take() {
            self.close_run(&obj, atoms[done.index].atom, done)?;
        }
        Ok(obj)
    }

    /// A length-delimited message field's value (a well-known type in its JSON form).
    fn wire_field_message(
        &self,
        desc: &MessageDescriptor,
        wire_type: WireType,
        buf: &mut &[u8],
        depth: usize,
    ) -> Result<JsValue<'js>, Stop> {
        let bytes = length_delimited(wire_type, buf)?;
        if Wkt::of(desc).is_some() {
            let msg = DynamicMessage::decode(desc.clone(), bytes)?;
            return Ok(self.message(&msg)?);
        }
        Ok(self.wire_message(desc, bytes, depth + 1)?.into_value())
    }

    /// Reads one wire record (an item, a packed block or a map entry) of a repeated field.
    fn read_item<'a>(
        &self,
        open: &mut OpenRun<'js, 'a>,
        wire_type: WireType,
        buf: &mut &'a [u8],
        depth: usize,
    ) -> Result<(), Stop> {
        let kind = open.field.kind();
        match &mut open.items {
            Run::Scalars(items) => {
                if wire_type == WireType::LengthDelimited && packable(&kind) {
                    let mut block = length_delimited(wire_type, buf)?;
                    while block.has_remaining() {
                        let mut value = Value::default_value(&kind);
                        merge_scalar(&mut value, &kind, kind.wire_type(), &mut block)?;
                        items.push(value);
                    }
                } else {
                    let mut value = Value::default_value(&kind);
                    merge_scalar(&mut value, &kind, wire_type, buf)?;
                    items.push(value);
                }
            }
            Run::Messages(array, n) => {
                let Kind::Message(sub) = &kind else { return Err(Stop::Fallback) };
                array.set(*n, self.wire_field_message(sub, wire_type, buf, depth)?)?;
                *n += 1;
            }
            Run::Map(map) => {
                let Kind::Message(entry) = &kind else { return Err(Stop::Fallback) };
                map.push(map_entry(entry, length_delimited(wire_type, buf)?)?);
            }
            Run::StringMap(map) => map.push(string_entry(length_delimited(wire_type, buf)?)?),
        }
        Ok(())
    }

    /// Defines a repeated field's property once its items are read (an empty list is unpopulated).
    fn close_run(&self, obj: &Object<'js>, atom: rquickjs::qjs::JSAtom, run: OpenRun<'js, '_>) -> Result<(), Stop> {
        let value = match run.items {
            Run::Scalars(items) if items.is_empty() => return Ok(()),
            Run::Scalars(items) => self.field_value(&Value::List(items), &run.field)?,
            Run::Messages(array, _) => array.into_value(),
            Run::Map(mut map) => {
                let Kind::Message(entry) = run.field.kind() else { return Err(Stop::Fallback) };
                let map = last_per_key(&mut map);
                self.map_entries(map.iter().map(|(k, v)| (k, v)), &entry.map_entry_value_field().kind())?
            }
            Run::StringMap(mut map) => {
                let obj = Object::new(self.ctx.clone())?;
                for (key, value) in last_per_key(&mut map) {
                    obj.set(*key, self.string(value)?)?;
                }
                obj.into_value()
            }
        };
        define(&self.ctx, obj, atom, value)?;
        Ok(())
    }
}

/// The bytes of a length-delimited record.
fn length_delimited<'a>(wire_type: WireType, buf: &mut &'a [u8]) -> Result<&'a [u8], Stop> {
    if wire_type != WireType::LengthDelimited {
        return Err(Stop::Fallback);
    }
    let len = usize::try_from(decode_varint(buf)?).map_err(|_| Stop::Fallback)?;
    if len > buf.len() {
        return Err(Stop::Fallback);
    }
    let (bytes, rest) = buf.split_at(len);
    *buf = rest;
    Ok(bytes)
}

/// Whether a repeated field of `kind` may come packed (every scalar but strings and bytes).
fn packable(kind: &Kind) -> bool {
    !matches!(kind, Kind::String | Kind::Bytes | Kind::Message(_))
}

/// Whether `field` is a `map<string, string>`.
fn is_string_map(field: &FieldDescriptor) -> bool {
    let Kind::Message(entry) = field.kind() else { return false };
    matches!(entry.map_entry_key_field().kind(), Kind::String)
        && matches!(entry.map_entry_value_field().kind(), Kind::String)
}

/// Sorts map entries by key (protojson's order) and keeps the last entry of each key (the one a
/// decoded map holds).
fn last_per_key<K: Ord, V>(entries: &mut Vec<(K, V)>) -> &[(K, V)] {
    // Stable: entries of equal keys stay in wire order, so the last one of each run wins.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.reverse();
    entries.dedup_by(|later, earlier| later.0 == earlier.0);
    entries.reverse();
    entries
}

fn utf8(bytes: &[u8]) -> Result<&str, Stop> {
    std::str::from_utf8(bytes).map_err(|_| Stop::Fallback)
}

/// One `map<string, string>` entry, borrowed (a missing key or value is empty).
fn string_entry(mut buf: &[u8]) -> Result<(&str, &str), Stop> {
    let (mut key, mut value) = ("", "");
    while buf.has_remaining() {
        let (number, wire_type) = decode_key(&mut buf)?;
        match number {
            1 => key = utf8(length_delimited(wire_type, &mut buf)?)?,
            2 => value = utf8(length_delimited(wire_type, &mut buf)?)?,
            _ => skip_field(wire_type, number, &mut buf, DecodeContext::default())?,
        }
    }
    Ok((key, value))
}

/// One map entry, with prost-reflect's defaults for a missing key or value.
fn map_entry(entry: &MessageDescriptor, mut buf: &[u8]) -> Result<(MapKey, Value), Stop> {
    let key_field = entry.map_entry_key_field();
    let value_field = entry.map_entry_value_field();
    let key_kind = key_field.kind();
    let value_kind = value_field.kind();
    let mut key = Value::default_value(&key_kind);
    let mut value = Value::default_value_for_field(&value_field);
    while buf.has_remaining() {
        let (number, wire_type) = decode_key(&mut buf)?;
        match (number, &mut value) {
            (1, _) => merge_scalar(&mut key, &key_kind, wire_type, &mut buf)?,
            (2, Value::Message(msg)) => {
                prost::encoding::message::merge(wire_type, msg, &mut buf, DecodeContext::default())?
            }
            (2, value) => merge_scalar(value, &value_kind, wire_type, &mut buf)?,
            _ => skip_field(wire_type, number, &mut buf, DecodeContext::default())?,
        }
    }
    Ok((key.into_map_key().ok_or(Stop::Fallback)?, value))
}

/// Merges one scalar record into `value` exactly as prost-reflect does (prost's decoders).
fn merge_scalar(value: &mut Value, kind: &Kind, wire_type: WireType, buf: &mut &[u8]) -> Result<(), Stop> {
    use prost::encoding as e;
    let ctx = DecodeContext::default();
    match (value, kind) {
        (Value::Bool(v), Kind::Bool) => e::bool::merge(wire_type, v, buf, ctx)?,
        (Value::I32(v), Kind::Int32) => e::int32::merge(wire_type, v, buf, ctx)?,
        (Value::I32(v), Kind::Sint32) => e::sint32::merge(wire_type, v, buf, ctx)?,
        (Value::I32(v), Kind::Sfixed32) => e::sfixed32::merge(wire_type, v, buf, ctx)?,
        (Value::I64(v), Kind::Int64) => e::int64::merge(wire_type, v, buf, ctx)?,
        (Value::I64(v), Kind::Sint64) => e::sint64::merge(wire_type, v, buf, ctx)?,
        (Value::I64(v), Kind::Sfixed64) => e::sfixed64::merge(wire_type, v, buf, ctx)?,
        (Value::U32(v), Kind::Uint32) => e::uint32::merge(wire_type, v, buf, ctx)?,
        (Value::U32(v), Kind::Fixed32) => e::fixed32::merge(wire_type, v, buf, ctx)?,
        (Value::U64(v), Kind::Uint64) => e::uint64::merge(wire_type, v, buf, ctx)?,
        (Value::U64(v), Kind::Fixed64) => e::fixed64::merge(wire_type, v, buf, ctx)?,
        (Value::F32(v), Kind::Float) => e::float::merge(wire_type, v, buf, ctx)?,
        (Value::F64(v), Kind::Double) => e::double::merge(wire_type, v, buf, ctx)?,
        (Value::String(v), Kind::String) => e::string::merge(wire_type, v, buf, ctx)?,
        (Value::Bytes(v), Kind::Bytes) => e::bytes::merge(wire_type, v, buf, ctx)?,
        (Value::EnumNumber(v), Kind::Enum(_)) => e::int32::merge(wire_type, v, buf, ctx)?,
        _ => return Err(Stop::Fallback),
    }
    Ok(())
}
