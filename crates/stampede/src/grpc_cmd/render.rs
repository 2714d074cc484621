//! Replies rendered as k6 scripts see them (k6-grpc spec §5.2): protojson with unpopulated
//! fields, lowerCamelCase names, 64-bit integers as strings, enum names — including the parts
//! prost-reflect's serializer leaves out: `null` for unset singular message fields and proto2
//! optional fields, and whole numbers printed without a fraction, as JavaScript prints them.

use std::collections::HashMap;
use std::io::Write as _;

use prost_reflect::{DynamicMessage, Kind, MapKey, ReflectMessage, SerializeOptions, Value as PbValue};
use serde_json::{Map, Value};

/// A reply as pretty-printed JSON.
pub(crate) fn reply(message: &DynamicMessage) -> String {
    let options = SerializeOptions::new().skip_default_fields(false);
    match message.serialize_with_options(serde_json::value::Serializer, &options) {
        Ok(mut value) => {
            k6_shape(message, &mut value);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        Err(e) => format!("(reply could not be rendered as JSON: {e})"),
    }
}

/// Writes `text` to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn k6_shape(message: &DynamicMessage, value: &mut Value) {
    if message.descriptor().full_name().starts_with("google.protobuf.") {
        whole_numbers(value);
        return;
    }
    let Value::Object(object) = value else { return };
    for field in message.descriptor().fields() {
        let key = field.json_name();
        if field.containing_oneof().is_none() && field.supports_presence() && !message.has_field(&field) {
            object.insert(key.to_owned(), Value::Null);
            continue;
        }
        let Some(json) = object.get_mut(key) else { continue };
        match &*message.get_field(&field) {
            PbValue::Message(inner) => k6_shape(inner, json),
            PbValue::List(items) => {
                if let Value::Array(array) = json {
                    for (item, json) in items.iter().zip(array.iter_mut()) {
                        shape_value(item, json);
                    }
                }
            }
            PbValue::Map(entries) => {
                if let (Value::Object(map), Kind::Message(entry)) = (json, field.kind()) {
                    if matches!(entry.map_entry_value_field().kind(), Kind::Message(_)) {
                        shape_map(entries, map);
                    } else {
                        map.values_mut().for_each(whole_numbers);
                    }
                }
            }
            _ => whole_numbers(json),
        }
    }
}

fn shape_map(entries: &HashMap<MapKey, PbValue>, map: &mut Map<String, Value>) {
    for (key, item) in entries {
        let key = match key {
            MapKey::Bool(b) => b.to_string(),
            MapKey::I32(n) => n.to_string(),
            MapKey::I64(n) => n.to_string(),
            MapKey::U32(n) => n.to_string(),
            MapKey::U64(n) => n.to_string(),
            MapKey::String(s) => s.clone(),
        };
        if let Some(json) = map.get_mut(&key) {
            shape_value(item, json);
        }
    }
}

fn shape_value(item: &PbValue, json: &mut Value) {
    match item {
        PbValue::Message(inner) => k6_shape(inner, json),
        _ => whole_numbers(json),
    }
}

/// `0.0` → `0`, `2.0` → `2` (JavaScript has one number type and prints no fraction).
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost_reflect::DeserializeOptions;

    fn everything(json: &str) -> DynamicMessage {
        let dir = std::path::Path::new(testserver::PROTO_DIR);
        let pool = grpc::protos::load_protos(dir, &[], &["probe/v1/probe.proto".to_owned()]).unwrap();
        let desc = pool.get_message_by_name("probe.v1.Everything").unwrap();
        let mut de = serde_json::Deserializer::from_str(json);
        DynamicMessage::deserialize_with_options(desc, &mut de, &DeserializeOptions::new()).unwrap()
    }

    fn compact(message: &DynamicMessage) -> Value {
        serde_json::from_str(&reply(message)).unwrap()
    }

    /// The k6 spec's rendering of `{}` echoed back (§5.2), key order aside.
    #[test]
    fn empty_message_as_k6_shows_it() {
        let expected: Value = serde_json::from_str(
            r#"{"any":null,"byId":{},"color":"COLOR_UNSPECIFIED","colors":[],"counts":{},"customJson":0,"db":0,"dur":null,"empty":null,"f64":"0","fl":0,"flag":false,"fm":null,"i32":0,"i64":"0","inner":null,"inners":[],"lv":null,"nums":[],"ping":null,"raw":"","raws":[],"s32":0,"sf32":0,"snakeCaseField":"","st":null,"str":"","ts":null,"u32":0,"u64":"0","val":null,"wbool":null,"wi64":null,"wstr":null}"#,
        )
        .unwrap();
        assert_eq!(compact(&everything("{}")), expected);
    }

    #[test]
    fn nested_messages_get_their_defaults_and_nulls() {
        let out =
            compact(&everything(r#"{"inners":[{"text":"a"}],"byId":{"7":{"text":"seven"}},"choiceNum":0,"db":2}"#));
        assert_eq!(out["inners"], serde_json::json!([{ "text": "a", "num": 0 }]));
        assert_eq!(out["byId"], serde_json::json!({ "7": { "text": "seven", "num": 0 } }));
        assert_eq!(out["choiceNum"], serde_json::json!(0));
        assert_eq!(out["db"].to_string(), "2");
        assert!(out.get("optI32").is_none(), "unset proto3 optional is omitted");
    }
}
