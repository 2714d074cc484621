//! Response encoding: a `DynamicMessage` straight into JS values with k6's JSON mapping
//! (protojson, then `JSON.parse`-like values): lowerCamelCase names in declaration order, 64-bit
//! integers as strings, enums as names, bytes as padded standard base64, NaN/Infinity as strings.
//! `emit_unpopulated` selects unary-response rendering (defaults and `null`s present) or stream
//! rendering (only populated fields). Well-known types are in [`super::encode_wkt`].

use std::io::Write;

use base64::Engine;
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MapKey, ReflectMessage, Value};
use rquickjs::{Array, Ctx, Object, Value as JsValue};

use super::atoms::{define, field_atoms};
use super::wkt::Wkt;

/// Builds JS values for one message tree.
pub(super) struct Encoder<'js> {
    pub(super) ctx: Ctx<'js>,
    pub(super) emit_unpopulated: bool,
}

impl<'js> Encoder<'js> {
    /// A message as a JS value (an object, or a well-known type's special form).
    pub(super) fn message(&self, msg: &DynamicMessage) -> rquickjs::Result<JsValue<'js>> {
        let desc = msg.descriptor();
        if let Some(wkt) = Wkt::of(&desc) {
            return self.well_known(msg, wkt);
        }
        let obj = Object::new(self.ctx.clone())?;
        self.fields_into(&obj, msg)?;
        Ok(obj.into_value())
    }

    /// Sets `msg`'s fields on `obj` in declaration order, per protojson's EmitUnpopulated rules.
    pub(super) fn fields_into(&self, obj: &Object<'js>, msg: &DynamicMessage) -> rquickjs::Result<()> {
        let desc = msg.descriptor();
        let atoms = field_atoms(&self.ctx, &desc)?;
        if !self.emit_unpopulated {
            // Only populated fields: walk what the message holds, not every field of its type.
            for (field, value) in msg.fields() {
                // `atoms` is in field-number order, as `fields()` is.
                let Ok(i) = atoms.binary_search_by_key(&field.number(), |f| f.number) else { continue };
                define(&self.ctx, obj, atoms[i].atom, self.field_value(value, &field)?)?;
            }
            return Ok(());
        }
        for (field, facts) in desc.fields().zip(atoms.iter()) {
            let value = if msg.has_field(&field) {
                self.field_value(&msg.get_field(&field), &field)?
            } else if facts.in_oneof {
                // Unset oneof members (and proto3 `optional`) are omitted even in unary mode.
                continue;
            } else if facts.is_map {
                Object::new(self.ctx.clone())?.into_value()
            } else if facts.repeated {
                Array::new(self.ctx.clone())?.into_value()
            } else if facts.has_presence {
                JsValue::new_null(self.ctx.clone())
            } else {
                self.field_value(&field.default_value(), &field)?
            };
            define(&self.ctx, obj, facts.atom, value)?;
        }
        Ok(())
    }

    pub(super) fn field_value(&self, value: &Value, field: &FieldDescriptor) -> rquickjs::Result<JsValue<'js>> {
        let kind = field.kind();
        match value {
            Value::List(items) => {
                let arr = Array::new(self.ctx.clone())?;
                for (i, item) in items.iter().enumerate() {
                    arr.set(i, self.value(item, &kind)?)?;
                }
                Ok(arr.into_value())
            }
            Value::Map(map) => {
                let Kind::Message(entry) = &kind else {
                    return Ok(JsValue::new_null(self.ctx.clone()));
                };
                self.map(map, &entry.map_entry_value_field().kind())
            }
            _ => self.value(value, &kind),
        }
    }

    /// A map as an object with string keys, in protojson's sorted key order.
    pub(super) fn map(
        &self,
        map: &std::collections::HashMap<MapKey, Value>,
        value_kind: &Kind,
    ) -> rquickjs::Result<JsValue<'js>> {
        let mut entries: Vec<(&MapKey, &Value)> = map.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.map_entries(entries.into_iter(), value_kind)
    }

    /// Map entries, already in key order and one per key, as an object.
    pub(super) fn map_entries<'a>(
        &self,
        entries: impl Iterator<Item = (&'a MapKey, &'a Value)>,
        value_kind: &Kind,
    ) -> rquickjs::Result<JsValue<'js>> {
        let obj = Object::new(self.ctx.clone())?;
        let mut buf = NumBuf::new();
        for (key, value) in entries {
            let js = self.value(value, value_kind)?;
            match key {
                MapKey::String(s) => obj.set(s.as_str(), js)?,
                MapKey::Bool(b) => obj.set(if *b { "true" } else { "false" }, js)?,
                MapKey::I32(n) => obj.set(buf.fmt(n), js)?,
                MapKey::I64(n) => obj.set(buf.fmt(n), js)?,
                MapKey::U32(n) => obj.set(buf.fmt(n), js)?,
                MapKey::U64(n) => obj.set(buf.fmt(n), js)?,
            }
        }
        Ok(obj.into_value())
    }

    /// One singular value of `kind`.
    pub(super) fn value(&self, value: &Value, kind: &Kind) -> rquickjs::Result<JsValue<'js>> {
        let ctx = self.ctx.clone();
        Ok(match value {
            Value::Bool(b) => JsValue::new_bool(ctx, *b),
            Value::I32(n) => JsValue::new_int(ctx, *n),
            Value::U32(n) => JsValue::new_number(ctx, f64::from(*n)),
            Value::I64(n) => self.string(NumBuf::new().fmt(n))?,
            Value::U64(n) => self.string(NumBuf::new().fmt(n))?,
            Value::F32(v) => match special_float(f64::from(*v)) {
                Some(s) => self.string(s)?,
                None => JsValue::new_number(ctx, f32_as_json_f64(*v)),
            },
            Value::F64(v) => match special_float(*v) {
                Some(s) => self.string(s)?,
                None => JsValue::new_number(ctx, *v),
            },
            Value::String(s) => self.string(s)?,
            Value::Bytes(b) => self.string(&base64::engine::general_purpose::STANDARD.encode(b))?,
            Value::EnumNumber(n) => match kind {
                Kind::Enum(e) if e.full_name() == "google.protobuf.NullValue" => JsValue::new_null(ctx),
                Kind::Enum(e) => match e.get_value(*n) {
                    Some(v) => self.string(v.name())?,
                    None => JsValue::new_int(ctx, *n),
                },
                _ => JsValue::new_int(ctx, *n),
            },
            Value::Message(m) => self.message(m)?,
            Value::List(_) | Value::Map(_) => JsValue::new_null(ctx),
        })
    }

    pub(super) fn string(&self, s: &str) -> rquickjs::Result<JsValue<'js>> {
        Ok(rquickjs::String::from_str(self.ctx.clone(), s)?.into_value())
    }
}

/// protojson's strings for non-finite floats.
fn special_float(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// A float field as k6 shows it: protojson writes the shortest float32 spelling (`0.1`), which
/// JSON parsing then reads as a double.
fn f32_as_json_f64(v: f32) -> f64 {
    let mut buf = NumBuf::new();
    buf.fmt(&v).parse().unwrap_or(f64::from(v))
}

/// A stack buffer for formatting numbers without allocating.
struct NumBuf {
    bytes: [u8; 64],
}

impl NumBuf {
    fn new() -> Self {
        Self { bytes: [0; 64] }
    }

    fn fmt(&mut self, n: &impl std::fmt::Display) -> &str {
        let mut cursor = std::io::Cursor::new(&mut self.bytes[..]);
        let _ = write!(cursor, "{n}");
        let len = cursor.position() as usize;
        std::str::from_utf8(&self.bytes[..len]).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_uses_its_shortest_spelling() {
        assert_eq!(f32_as_json_f64(0.1), 0.1);
        assert_eq!(f32_as_json_f64(1.5), 1.5);
        assert_eq!(NumBuf::new().fmt(&u64::MAX), "18446744073709551615");
        assert_eq!(special_float(f64::NAN), Some("NaN"));
    }
}
