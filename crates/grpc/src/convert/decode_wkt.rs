//! Request decoding of the well-known types' special JSON forms (Go protojson rules and texts):
//! `Any` with `@type`, RFC 3339 `Timestamp`, `"1.5s"` `Duration`, bare-value wrappers,
//! `Struct`/`Value`/`ListValue` as plain JSON, `"a.b,cD"` `FieldMask`, and `{}` `Empty`.

use prost::Message;
use prost_reflect::{DynamicMessage, Kind, MessageDescriptor, ReflectMessage, Value};

use super::decode::Decoder;
use super::input::{Input, Shape};
use super::time::{self, TimeError};
use super::wkt::{self, Wkt};

impl<'i, I: Input> Decoder<'i, I> {
    /// Dispatches to the special form of `wkt`.
    pub(super) fn well_known(
        &mut self,
        node: &I::Node,
        desc: &MessageDescriptor,
        wkt: Wkt,
    ) -> Result<DynamicMessage, I::Error> {
        match wkt {
            Wkt::Any => self.any(node, desc),
            Wkt::Timestamp | Wkt::Duration => self.seconds_nanos(node, desc, wkt),
            Wkt::Wrapper => self.one_field(node, desc, Self::singular_field),
            Wkt::Struct => self.one_field(node, desc, Self::map),
            Wkt::ListValue => self.one_field(node, desc, Self::list),
            Wkt::Value => self.known_value(node, desc),
            Wkt::FieldMask => self.field_mask(node, desc),
            Wkt::Empty => self.empty(node, desc),
        }
    }

    /// Sets a field of a well-known message; a pool whose `google.protobuf` types differ from
    /// the standard ones gets an error, not a panic.
    fn put(&self, msg: &mut DynamicMessage, number: u32, value: Value) -> Result<(), I::Error> {
        msg.try_set_field_by_number(number, value)
            .map_err(|_| self.input.plain_error(&format!("unexpected definition of {}", msg.descriptor().full_name())))
    }

    fn singular_field(&mut self, node: &I::Node, field: &prost_reflect::FieldDescriptor) -> Result<Value, I::Error> {
        self.singular(node, field)
    }

    /// Messages whose JSON form is their field number 1 (wrappers, `Struct`, `ListValue`).
    fn one_field(
        &mut self,
        node: &I::Node,
        desc: &MessageDescriptor,
        read: fn(&mut Self, &I::Node, &prost_reflect::FieldDescriptor) -> Result<Value, I::Error>,
    ) -> Result<DynamicMessage, I::Error> {
        let mut msg = DynamicMessage::new(desc.clone());
        if let Some(field) = desc.get_field(1) {
            let value = read(self, node, &field)?;
            msg.set_field(&field, value);
        }
        Ok(msg)
    }

    fn string_token(&self, node: &I::Node) -> Result<String, I::Error> {
        match self.input.shape(node)? {
            Shape::String(s) => Ok(s.into_owned()),
            _ => Err(self.input.syntax_error(node)),
        }
    }

    /// The seconds and nanos of a `Timestamp` (RFC 3339) or `Duration` (`"1.5s"`) string.
    pub(super) fn time_parts(
        &self,
        node: &I::Node,
        desc: &MessageDescriptor,
        wkt: Wkt,
    ) -> Result<(i64, i32), I::Error> {
        let s = self.string_token(node)?;
        let parsed = if wkt == Wkt::Timestamp { time::parse_timestamp(&s) } else { time::parse_duration(&s) };
        let name = desc.full_name();
        parsed.map_err(|e| {
            self.input.value_error(node, |raw| match e {
                TimeError::Invalid => format!("invalid {name} value {raw}"),
                TimeError::OutOfRange => format!("{name} value out of range: {raw}"),
            })
        })
    }

    fn seconds_nanos(
        &mut self,
        node: &I::Node,
        desc: &MessageDescriptor,
        wkt: Wkt,
    ) -> Result<DynamicMessage, I::Error> {
        let (secs, nanos) = self.time_parts(node, desc, wkt)?;
        let mut msg = DynamicMessage::new(desc.clone());
        self.put(&mut msg, 1, Value::I64(secs))?;
        self.put(&mut msg, 2, Value::I32(nanos))?;
        Ok(msg)
    }

    /// `google.protobuf.Value`: whichever kind the JSON value is.
    fn known_value(&mut self, node: &I::Node, desc: &MessageDescriptor) -> Result<DynamicMessage, I::Error> {
        let input = self.input;
        let mut msg = DynamicMessage::new(desc.clone());
        let (number, value) = match input.shape(node)? {
            Shape::Null => (1, Value::EnumNumber(0)),
            Shape::Number(v) => (2, Value::F64(v)),
            Shape::String(s) => (3, Value::String(s.into_owned())),
            Shape::Bool(b) => (4, Value::Bool(b)),
            Shape::Object | Shape::Array => {
                let number = if matches!(input.shape(node)?, Shape::Object) { 5 } else { 6 };
                let Some(Kind::Message(sub)) = desc.get_field(number).map(|f| f.kind()) else {
                    return Err(input.syntax_error(node));
                };
                (number, Value::Message(self.message(node, &sub)?))
            }
        };
        self.put(&mut msg, number, value)?;
        Ok(msg)
    }

    fn field_mask(&mut self, node: &I::Node, desc: &MessageDescriptor) -> Result<DynamicMessage, I::Error> {
        let s = self.string_token(node)?;
        let mut msg = DynamicMessage::new(desc.clone());
        let s = s.trim();
        if s.is_empty() {
            return Ok(msg);
        }
        let mut paths = Vec::new();
        for path in s.split(',') {
            let snake = wkt::snake_case(path);
            if path.contains('_') || !wkt::is_valid_full_name(&snake) {
                return Err(self.input.value_error(node, |_| {
                    format!("google.protobuf.FieldMask.paths contains invalid path: {path:?}")
                }));
            }
            paths.push(Value::String(snake));
        }
        self.put(&mut msg, 1, Value::List(paths))?;
        Ok(msg)
    }

    fn empty(&mut self, node: &I::Node, desc: &MessageDescriptor) -> Result<DynamicMessage, I::Error> {
        let input = self.input;
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(input.syntax_error(node));
        }
        input.entries(node, |key, _| Err(input.key_error(&key, |raw| format!("unknown field {raw}"))))?;
        Ok(DynamicMessage::new(desc.clone()))
    }

    /// `{"@type": url, ...fields}` or, for well-known payloads, `{"@type": url, "value": ...}`.
    fn any(&mut self, node: &I::Node, desc: &MessageDescriptor) -> Result<DynamicMessage, I::Error> {
        let input = self.input;
        if !matches!(input.shape(node)?, Shape::Object) {
            return Err(input.syntax_error(node));
        }
        let mut count = 0usize;
        let mut type_url: Option<(String, I::Node)> = None;
        input.entries(node, |key, value| {
            count += 1;
            if input.key_str(&key) != "@type" {
                return Ok(());
            }
            if type_url.is_some() {
                return Err(input.key_error(&key, |_| "duplicate \"@type\" field".to_owned()));
            }
            let url = match input.shape(&value)? {
                Shape::String(s) => s.into_owned(),
                _ => return Err(input.value_error(&value, |raw| format!("@type field value is not a string: {raw}"))),
            };
            if url.is_empty() {
                return Err(input.value_error(&value, |_| "@type field contains empty value".to_owned()));
            }
            type_url = Some((url, value));
            Ok(())
        })?;
        let Some((url, url_node)) = type_url else {
            if count == 0 {
                return Ok(DynamicMessage::new(desc.clone()));
            }
            return Err(input.value_error(node, |_| "missing \"@type\" field".to_owned()));
        };
        let Some(inner_desc) = resolve_any_type(desc, &url) else {
            return Err(input.value_error(&url_node, |raw| format!("unable to resolve {raw}: \"not found\"")));
        };
        // Required fields inside an Any are not checked (protojson marshals it with AllowPartial).
        let outer_missing = self.missing_required;
        let inner = match Wkt::of(&inner_desc) {
            Some(wkt) => self.any_value(node, &inner_desc, wkt)?,
            None => self.fields(node, &inner_desc, true)?,
        };
        self.missing_required = outer_missing;
        let mut msg = DynamicMessage::new(desc.clone());
        self.put(&mut msg, 1, Value::String(url))?;
        self.put(&mut msg, 2, Value::Bytes(inner.encode_to_vec().into()))?;
        Ok(msg)
    }

    /// The `"value"` member of an `Any` holding a well-known type.
    fn any_value(&mut self, node: &I::Node, desc: &MessageDescriptor, wkt: Wkt) -> Result<DynamicMessage, I::Error> {
        let input = self.input;
        let mut found: Option<DynamicMessage> = None;
        input.entries(node, |key, value| match input.key_str(&key) {
            "@type" => Ok(()),
            "value" => {
                if found.is_some() {
                    return Err(input.key_error(&key, |_| "duplicate \"value\" field".to_owned()));
                }
                found = Some(self.well_known(&value, desc, wkt)?);
                Ok(())
            }
            _ => Err(input.key_error(&key, |raw| format!("unknown field {raw}"))),
        })?;
        match found {
            Some(m) => Ok(m),
            None if wkt == Wkt::Empty => Ok(DynamicMessage::new(desc.clone())),
            None => Err(input.close_error(node, "missing \"value\" field")),
        }
    }
}

/// The message type named by an `Any` type URL: from the request's pool, else (for
/// `google.protobuf.*`) from the built-in well-known types, which k6 always knows.
pub(super) fn resolve_any_type(any_desc: &MessageDescriptor, url: &str) -> Option<MessageDescriptor> {
    let name = wkt::type_url_name(url);
    any_desc
        .parent_pool()
        .get_message_by_name(name)
        .or_else(|| prost_reflect::DescriptorPool::global().get_message_by_name(name))
}
