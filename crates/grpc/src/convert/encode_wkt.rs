//! Response encoding of the well-known types' special JSON forms, as protojson writes them:
//! `Any` with `@type` first, RFC 3339 `Timestamp`, `"1.500s"` `Duration`, bare-value wrappers,
//! `Struct`/`Value`/`ListValue` as plain JS values, camelCase `FieldMask` and `{}` `Empty`.
//! Values protojson refuses to write (out-of-range times, NaN in a `Value`) throw a JS `Error`
//! with protojson's text, as k6 fails such a response.

use std::borrow::Cow;

use base64::Engine;
use prost_reflect::{DynamicMessage, Kind, ReflectMessage, Value};
use rquickjs::{Array, Exception, Object, Value as JsValue};

use super::decode_wkt::resolve_any_type;
use super::encode::Encoder;
use super::time;
use super::wkt::{self, Wkt};

impl<'js> Encoder<'js> {
    /// The special form of a well-known message.
    pub(super) fn well_known(&self, msg: &DynamicMessage, wkt: Wkt) -> rquickjs::Result<JsValue<'js>> {
        let name = msg.descriptor().full_name().to_owned();
        match wkt {
            Wkt::Any => self.any(msg),
            Wkt::Timestamp | Wkt::Duration => {
                let secs = int_field(msg, 1).as_i64().unwrap_or(0);
                let nanos = int_field(msg, 2).as_i32().unwrap_or(0);
                let text = if wkt == Wkt::Timestamp {
                    time::format_timestamp(secs, nanos)
                } else {
                    time::format_duration(secs, nanos)
                };
                match text {
                    Some(s) => self.string(&s),
                    None => Err(self.fail(&format!("{name}: seconds {secs} or nanos {nanos} out of range"))),
                }
            }
            Wkt::Wrapper => match msg.descriptor().get_field(1) {
                Some(field) => self.value(&msg.get_field(&field), &field.kind()),
                None => Ok(JsValue::new_null(self.ctx.clone())),
            },
            Wkt::Struct => match msg.get_field_by_number(1).as_deref() {
                Some(Value::Map(map)) => self.map(map, &value_kind(msg, 1)),
                _ => Ok(Object::new(self.ctx.clone())?.into_value()),
            },
            Wkt::ListValue => {
                let arr = Array::new(self.ctx.clone())?;
                if let Some(Value::List(items)) = msg.get_field_by_number(1).as_deref() {
                    for (i, item) in items.iter().enumerate() {
                        arr.set(i, self.message_value(item)?)?;
                    }
                }
                Ok(arr.into_value())
            }
            Wkt::Value => self.known_value(msg),
            Wkt::FieldMask => self.field_mask(msg),
            Wkt::Empty => Ok(Object::new(self.ctx.clone())?.into_value()),
        }
    }

    fn message_value(&self, value: &Value) -> rquickjs::Result<JsValue<'js>> {
        match value {
            Value::Message(m) => self.message(m),
            _ => Ok(JsValue::new_null(self.ctx.clone())),
        }
    }

    fn fail(&self, msg: &str) -> rquickjs::Error {
        Exception::throw_message(&self.ctx, msg)
    }

    /// `google.protobuf.Value`: the set member of its `kind` oneof.
    fn known_value(&self, msg: &DynamicMessage) -> rquickjs::Result<JsValue<'js>> {
        let desc = msg.descriptor();
        for number in 1..=6 {
            if !msg.has_field_by_number(number) {
                continue;
            }
            let Some(field) = desc.get_field(number) else {
                continue;
            };
            let value = msg.get_field(&field);
            if let Value::F64(v) = value.as_ref() {
                if !v.is_finite() {
                    return Err(self.fail(&format!("google.protobuf.Value.number_value: invalid {v} value")));
                }
            }
            return self.value(&value, &field.kind());
        }
        Err(self.fail("google.protobuf.Value: none of the oneof fields is set"))
    }

    fn field_mask(&self, msg: &DynamicMessage) -> rquickjs::Result<JsValue<'js>> {
        let mut out = String::new();
        if let Some(Value::List(paths)) = msg.get_field_by_number(1).as_deref() {
            for (i, path) in paths.iter().enumerate() {
                let path = path.as_str().unwrap_or_default();
                let camel = wkt::camel_case(path);
                if !wkt::is_valid_full_name(path) || wkt::snake_case(&camel) != path {
                    return Err(self.fail(&format!("google.protobuf.FieldMask.paths contains invalid path: {path:?}")));
                }
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&camel);
            }
        }
        self.string(&out)
    }

    /// `{"@type": url, ...fields}`, or `{"@type": url, "value": <special form>}`; a type that is
    /// not known (or bytes that do not decode) keeps the raw payload as `value` in base64.
    fn any(&self, msg: &DynamicMessage) -> rquickjs::Result<JsValue<'js>> {
        let url = match msg.get_field_by_number(1).as_deref() {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let bytes = match msg.get_field_by_number(2).as_deref() {
            Some(Value::Bytes(b)) => b.clone(),
            _ => Default::default(),
        };
        self.any_parts(&msg.descriptor(), &url, &bytes)
    }

    /// Renders an `Any` given its type URL and payload.
    pub(super) fn any_parts(
        &self,
        any_desc: &prost_reflect::MessageDescriptor,
        url: &str,
        bytes: &[u8],
    ) -> rquickjs::Result<JsValue<'js>> {
        let obj = Object::new(self.ctx.clone())?;
        if url.is_empty() && bytes.is_empty() {
            return Ok(obj.into_value());
        }
        obj.set("@type", url)?;
        let inner = resolve_any_type(any_desc, url).and_then(|d| DynamicMessage::decode(d, bytes).ok());
        match inner {
            Some(inner) => match Wkt::of(&inner.descriptor()) {
                Some(wkt) => obj.set("value", self.well_known(&inner, wkt)?)?,
                None => self.fields_into(&obj, &inner)?,
            },
            None => obj.set("value", base64::engine::general_purpose::STANDARD.encode(bytes))?,
        }
        Ok(obj.into_value())
    }
}

fn int_field(msg: &DynamicMessage, number: u32) -> Value {
    msg.get_field_by_number(number).map(Cow::into_owned).unwrap_or(Value::I64(0))
}

/// The value kind of map field `number` of `msg`.
fn value_kind(msg: &DynamicMessage, number: u32) -> Kind {
    match msg.descriptor().get_field(number).map(|f| f.kind()) {
        Some(Kind::Message(entry)) => entry.map_entry_value_field().kind(),
        _ => Kind::Bool,
    }
}
