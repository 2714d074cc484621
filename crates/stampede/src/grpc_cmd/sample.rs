//! A sample request for a message type: every field filled with a plausible value, in the JSON
//! form k6 scripts write (protojson, lowerCamelCase). Used by `scaffold` as the request template
//! and by `describe` as an example; the result always decodes back into the message.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value, json};

/// The sample request for `message`.
pub(crate) fn request(message: &MessageDescriptor) -> Value {
    let mut path = Vec::new();
    message_value(message, &mut path).unwrap_or_else(|| Value::Object(Map::new()))
}

/// `None` when the type cannot be filled without recursing into itself (or is `Any`).
fn message_value(message: &MessageDescriptor, path: &mut Vec<String>) -> Option<Value> {
    if let Some(value) = well_known(message.full_name()) {
        return value;
    }
    if path.iter().any(|p| p == message.full_name()) {
        return None;
    }
    path.push(message.full_name().to_owned());
    let mut fields = Map::new();
    let mut oneofs_done = Vec::new();
    for field in message.fields() {
        if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
            if oneofs_done.contains(&oneof.name().to_owned()) {
                continue;
            }
            let Some(value) = field_value(&field, path) else { continue };
            oneofs_done.push(oneof.name().to_owned());
            fields.insert(field.json_name().to_owned(), value);
            continue;
        }
        if let Some(value) = field_value(&field, path) {
            fields.insert(field.json_name().to_owned(), value);
        }
    }
    path.pop();
    Some(Value::Object(fields))
}

fn field_value(field: &FieldDescriptor, path: &mut Vec<String>) -> Option<Value> {
    if field.is_map() {
        let Kind::Message(entry) = field.kind() else { return None };
        let key = match entry.map_entry_key_field().kind() {
            Kind::String => "key".to_owned(),
            Kind::Bool => "true".to_owned(),
            _ => "1".to_owned(),
        };
        let value = single_value(&entry.map_entry_value_field().kind(), path)?;
        return Some(json!({ key: value }));
    }
    let value = single_value(&field.kind(), path)?;
    Some(if field.is_list() { Value::Array(vec![value]) } else { value })
}

fn single_value(kind: &Kind, path: &mut Vec<String>) -> Option<Value> {
    Some(match kind {
        Kind::Double | Kind::Float => json!(1.5),
        Kind::Int32
        | Kind::Int64
        | Kind::Uint32
        | Kind::Uint64
        | Kind::Sint32
        | Kind::Sint64
        | Kind::Fixed32
        | Kind::Fixed64
        | Kind::Sfixed32
        | Kind::Sfixed64 => json!(1),
        Kind::Bool => json!(true),
        Kind::String => json!("example"),
        Kind::Bytes => json!("ZXhhbXBsZQ=="), // base64 of "example"
        Kind::Enum(e) => {
            let value = e.values().find(|v| v.number() != 0).or_else(|| e.values().next())?;
            json!(value.name())
        }
        Kind::Message(m) => message_value(m, path)?,
    })
}

/// The JSON form of a well-known type; `Some(None)` for types left out (`Any` needs a type URL).
fn well_known(full_name: &str) -> Option<Option<Value>> {
    let value = match full_name {
        "google.protobuf.Timestamp" => json!("2024-01-01T00:00:00Z"),
        "google.protobuf.Duration" => json!("1s"),
        "google.protobuf.StringValue" => json!("example"),
        "google.protobuf.BytesValue" => json!("ZXhhbXBsZQ=="),
        "google.protobuf.BoolValue" => json!(true),
        "google.protobuf.Int32Value"
        | "google.protobuf.UInt32Value"
        | "google.protobuf.Int64Value"
        | "google.protobuf.UInt64Value" => json!(1),
        "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => json!(1.5),
        "google.protobuf.Struct" | "google.protobuf.Empty" => json!({}),
        "google.protobuf.Value" => json!("example"),
        "google.protobuf.ListValue" => json!([]),
        "google.protobuf.FieldMask" => json!(""),
        "google.protobuf.Any" => return Some(None),
        _ => return None,
    };
    Some(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost_reflect::{DeserializeOptions, DynamicMessage};

    fn pool() -> prost_reflect::DescriptorPool {
        let dir = std::path::Path::new(testserver::PROTO_DIR);
        let files: Vec<String> = [
            "quickpizza.proto",
            "route_guide.proto",
            "probe/v1/probe.proto",
            "stampede/test/v1/echo.proto",
            "legacy.proto",
            "side/v1/side.proto",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        grpc::protos::load_protos(dir, &[], &files).expect("test protos load")
    }

    #[test]
    fn quickpizza_request_has_every_field() {
        let pool = pool();
        let msg = pool.get_message_by_name("quickpizza.PizzaRatingRequest").unwrap();
        assert_eq!(request(&msg), json!({ "ingredients": ["example"], "dough": "example" }));
    }

    /// Every method input of the test server gets a sample that decodes back into its type.
    #[test]
    fn every_sample_decodes() {
        let pool = pool();
        let mut checked = 0;
        for service in pool.services() {
            for method in service.methods() {
                let input = method.input();
                let value = request(&input);
                let text = value.to_string();
                let mut de = serde_json::Deserializer::from_str(&text);
                let decoded =
                    DynamicMessage::deserialize_with_options(input.clone(), &mut de, &DeserializeOptions::new());
                assert!(decoded.is_ok(), "{}: {text}: {}", input.full_name(), decoded.unwrap_err());
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} methods");
    }

    #[test]
    fn recursive_types_stop() {
        let pool = pool();
        for message in pool.all_messages() {
            let _ = request(&message); // must terminate
        }
    }
}
