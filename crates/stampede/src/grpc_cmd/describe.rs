//! `stampede grpc list` and `stampede grpc describe`: the server's services, methods and types
//! rendered as proto source, so a newcomer sees what to call and what to send.

use std::fmt::Write as _;

use prost_reflect::{
    Cardinality, DescriptorPool, EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor, MethodDescriptor,
    ServiceDescriptor, Syntax,
};

use super::error::GrpcCmdError;
use super::sample;
use super::session::find_method;

/// Service names, sorted, one a line (`list ADDRESS`).
pub(crate) fn list_services(pool: &DescriptorPool) -> String {
    let mut names: Vec<String> = pool.services().map(|s| s.full_name().to_owned()).collect();
    names.sort();
    names.iter().map(|n| format!("{n}\n")).collect()
}

/// The methods of one service as `pkg.Service/Method`, the spelling `invoke()` and `call` take.
pub(crate) fn list_methods(pool: &DescriptorPool, service: &str, address: &str) -> Result<String, GrpcCmdError> {
    let service = pool.get_service_by_name(service.trim_start_matches('/')).ok_or_else(|| GrpcCmdError::NotFound {
        kind: "service",
        name: service.to_owned(),
        hint: format!("stampede grpc list {address}"),
    })?;
    Ok(service.methods().map(|m| format!("{}/{}\n", service.full_name(), m.name())).collect())
}

/// A service, method, message or enum as proto source; every service without a symbol.
pub(crate) fn describe(pool: &DescriptorPool, symbol: Option<&str>, address: &str) -> Result<String, GrpcCmdError> {
    let Some(symbol) = symbol else {
        let mut services: Vec<ServiceDescriptor> = pool.services().collect();
        services.sort_by(|a, b| a.full_name().cmp(b.full_name()));
        return Ok(services.iter().map(describe_service).collect::<Vec<_>>().join("\n"));
    };
    let name = symbol.trim_start_matches(['/', '.']);
    if let Some(service) = pool.get_service_by_name(name) {
        return Ok(describe_service(&service));
    }
    if let Some(method) = find_method(pool, name) {
        return Ok(describe_method(&method));
    }
    if let Some(message) = pool.get_message_by_name(name) {
        return Ok(describe_message(&message));
    }
    if let Some(enumeration) = pool.get_enum_by_name(name) {
        return Ok(format!("{} is an enum:\n{}", enumeration.full_name(), enum_source(&enumeration, "")));
    }
    Err(GrpcCmdError::NotFound {
        kind: "symbol",
        name: symbol.to_owned(),
        hint: format!("stampede grpc list {address}"),
    })
}

fn describe_service(service: &ServiceDescriptor) -> String {
    let mut out = format!("{} is a service:\nservice {} {{\n", service.full_name(), service.name());
    for method in service.methods() {
        let _ = writeln!(out, "  {}", rpc_line(&method));
    }
    out.push_str("}\n");
    out
}

fn describe_method(method: &MethodDescriptor) -> String {
    let input = method.input();
    let request = serde_json::to_string(&sample::request(&input)).unwrap_or_default();
    format!(
        "{}/{} is a method:\n{}\nrequest example (JSON, as in a k6 script): {request}\n",
        method.parent_service().full_name(),
        method.name(),
        rpc_line(method)
    )
}

fn describe_message(message: &MessageDescriptor) -> String {
    let request = serde_json::to_string(&sample::request(message)).unwrap_or_default();
    format!(
        "{} is a message:\n{}example (JSON, as in a k6 script): {request}\n",
        message.full_name(),
        message_source(message, "")
    )
}

fn rpc_line(method: &MethodDescriptor) -> String {
    let stream = |yes: bool| if yes { "stream " } else { "" };
    format!(
        "rpc {}({}{}) returns ({}{});",
        method.name(),
        stream(method.is_client_streaming()),
        method.input().full_name(),
        stream(method.is_server_streaming()),
        method.output().full_name()
    )
}

fn message_source(message: &MessageDescriptor, indent: &str) -> String {
    let mut out = format!("{indent}message {} {{\n", message.name());
    let inner = format!("{indent}  ");
    let mut oneofs_done = Vec::new();
    for field in message.fields() {
        match field.containing_oneof().filter(|o| !o.is_synthetic()) {
            Some(oneof) => {
                if oneofs_done.contains(&oneof.name().to_owned()) {
                    continue;
                }
                oneofs_done.push(oneof.name().to_owned());
                let _ = writeln!(out, "{inner}oneof {} {{", oneof.name());
                for member in oneof.fields() {
                    let _ = writeln!(out, "{inner}  {}", field_line(&member));
                }
                let _ = writeln!(out, "{inner}}}");
            }
            None => {
                let _ = writeln!(out, "{inner}{}", field_line(&field));
            }
        }
    }
    for nested in message.child_messages().filter(|m| !m.is_map_entry()) {
        out.push_str(&message_source(&nested, &inner));
    }
    for nested in message.child_enums() {
        out.push_str(&enum_source(&nested, &inner));
    }
    let _ = writeln!(out, "{indent}}}");
    out
}

fn enum_source(enumeration: &EnumDescriptor, indent: &str) -> String {
    let mut out = format!("{indent}enum {} {{\n", enumeration.name());
    for value in enumeration.values() {
        let _ = writeln!(out, "{indent}  {} = {};", value.name(), value.number());
    }
    let _ = writeln!(out, "{indent}}}");
    out
}

fn field_line(field: &FieldDescriptor) -> String {
    if field.is_map() {
        if let Kind::Message(entry) = field.kind() {
            let key = entry.map_entry_key_field();
            let value = entry.map_entry_value_field();
            return format!(
                "map<{}, {}> {} = {};",
                type_name(&key.kind()),
                type_name(&value.kind()),
                field.name(),
                field.number()
            );
        }
    }
    let label = match field.cardinality() {
        Cardinality::Repeated => "repeated ",
        Cardinality::Required => "required ",
        Cardinality::Optional
            if field.parent_message().parent_file().syntax() == Syntax::Proto2
                || field.field_descriptor_proto().proto3_optional() =>
        {
            "optional "
        }
        Cardinality::Optional => "",
    };
    let json_name = if field.json_name() == lower_camel(field.name()) {
        String::new()
    } else {
        format!(" [json_name = \"{}\"]", field.json_name())
    };
    format!("{label}{} {} = {}{json_name};", type_name(&field.kind()), field.name(), field.number())
}

/// protoc's default JSON name: `snake_case_field` → `snakeCaseField`.
fn lower_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn type_name(kind: &Kind) -> String {
    match kind {
        Kind::Double => "double".into(),
        Kind::Float => "float".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Uint32 => "uint32".into(),
        Kind::Uint64 => "uint64".into(),
        Kind::Sint32 => "sint32".into(),
        Kind::Sint64 => "sint64".into(),
        Kind::Fixed32 => "fixed32".into(),
        Kind::Fixed64 => "fixed64".into(),
        Kind::Sfixed32 => "sfixed32".into(),
        Kind::Sfixed64 => "sfixed64".into(),
        Kind::Bool => "bool".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "bytes".into(),
        Kind::Message(m) => m.full_name().to_owned(),
        Kind::Enum(e) => e.full_name().to_owned(),
    }
}
