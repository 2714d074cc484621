//! The error object of failed unary calls (`Response.error`): `{code, message, details}` with the
//! rich details of the `grpc-status-details-bin` trailer (a `google.rpc.Status`) rendered as `Any`
//! JSON. Unlike k6 1.1.0, a detail whose type is unknown does not blank the whole object: it is
//! shown as `{"@type": url, "value": <base64 payload>}`.

use prost::Message;
use prost_reflect::{DescriptorPool, MessageDescriptor};
use rquickjs::{Array, Ctx, Object, Value};

use super::encode::Encoder;

/// `google.rpc.Status`, decoded without needing its descriptor in the pool.
#[derive(Clone, PartialEq, Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(message, repeated, tag = "3")]
    details: Vec<prost_types::Any>,
}

/// The `Any` descriptor used to resolve detail types: the pool's, else the built-in one.
fn any_descriptor(pool: &DescriptorPool) -> Option<MessageDescriptor> {
    pool.get_message_by_name("google.protobuf.Any")
        .or_else(|| DescriptorPool::global().get_message_by_name("google.protobuf.Any"))
}

/// The `details` array of a `grpc-status-details-bin` payload (a serialized `google.rpc.Status`).
/// Empty or undecodable input gives `[]`.
pub fn status_details_to_js<'js>(
    ctx: &Ctx<'js>,
    details_bin: &[u8],
    pool: &DescriptorPool,
) -> rquickjs::Result<Value<'js>> {
    let details = RpcStatus::decode(details_bin).map(|s| s.details).unwrap_or_default();
    let arr = Array::new(ctx.clone())?;
    if details.is_empty() {
        return Ok(arr.into_value());
    }
    let enc = Encoder { ctx: ctx.clone(), emit_unpopulated: true };
    let any_desc = any_descriptor(pool);
    for (i, detail) in details.iter().enumerate() {
        let value = match &any_desc {
            Some(desc) => enc.any_parts(desc, &detail.type_url, &detail.value)?,
            None => {
                let obj = Object::new(ctx.clone())?;
                obj.set("@type", detail.type_url.as_str())?;
                obj.set("value", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &detail.value))?;
                obj.into_value()
            }
        };
        arr.set(i, value)?;
    }
    Ok(arr.into_value())
}

/// `Response.error` for a failed call: `{code, message, details}` where `code` is a plain number,
/// `message` the status message and `details` from `details_bin` (may be empty).
pub fn status_error_to_js<'js>(
    ctx: &Ctx<'js>,
    code: i32,
    message: &str,
    details_bin: &[u8],
    pool: &DescriptorPool,
) -> rquickjs::Result<Value<'js>> {
    let obj = Object::new(ctx.clone())?;
    obj.set("code", code)?;
    obj.set("message", message)?;
    obj.set("details", status_details_to_js(ctx, details_bin, pool)?)?;
    Ok(obj.into_value())
}
