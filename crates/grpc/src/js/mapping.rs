//! The JS <-> protobuf mapping as this module uses it (a seam over [`crate::convert`]): requests
//! from JS values, replies with k6's unary rules, and `Response.error`.

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};
use rquickjs::{Ctx, Value};

use crate::convert::{ConvertError, ToJsOptions, js_to_request, message_to_js, status_error_to_js};
use crate::transport::Request;

/// Unary replies show unpopulated fields (protojson EmitUnpopulated).
const UNARY: ToJsOptions = ToJsOptions { emit_unpopulated: true };

/// Builds the request message; the error's `Display` is k6's full text.
pub(crate) fn request_from_js<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    desc: &MessageDescriptor,
) -> Result<Request, ConvertError> {
    js_to_request(ctx, value, desc)
}

/// A reply as a JS value with k6's unary rules (defaults emitted).
pub(crate) fn reply_to_js<'js>(ctx: &Ctx<'js>, msg: &DynamicMessage) -> rquickjs::Result<Value<'js>> {
    message_to_js(ctx, msg, &UNARY)
}

/// `Response.error` of a failed call: `{code, message, details}`.
pub(crate) fn error_to_js<'js>(
    ctx: &Ctx<'js>,
    code: i32,
    message: &str,
    details_bin: &[u8],
    pool: &DescriptorPool,
) -> rquickjs::Result<Value<'js>> {
    status_error_to_js(ctx, code, message, details_bin, pool)
}
