//! k6's unary `Response` (§4.5.4): `message`, `error`, `headers`, `trailers`, `status`, in that
//! key order, `message` converted when first read (see [`super::lazy_message`]). The JS wrapper
//! swaps the numeric `status` for the interned status object. The object is sealed: existing keys
//! may be reassigned, not deleted; new ones are refused (k6's is a host object that refuses both).

use prost_reflect::DynamicMessage;
use rquickjs::{Array, Ctx, Object, Value, qjs};

use super::client::{ClientState, MethodEntry};
use super::lazy_message::response_with_lazy_message;
use super::mapping::error_to_js;
use crate::convert::define_fixed_sealed;
use crate::transport::UnaryResult;

/// Builds the Response object of a finished call.
pub(crate) fn response_object<'js>(
    ctx: &Ctx<'js>,
    mut result: UnaryResult,
    method: &MethodEntry,
    discard: bool,
    client: &ClientState,
) -> rquickjs::Result<Object<'js>> {
    let o = match result.message.take() {
        _ if discard => {
            let o = Object::new(ctx.clone())?;
            define_fixed_sealed(ctx, &o, "message", Value::new_null(ctx.clone()))?;
            o
        }
        Some(reply) => response_with_lazy_message(ctx, reply)?,
        // k6 shows the default-filled reply on failure (its docs say null; the binary does not).
        None => response_with_lazy_message(ctx, DynamicMessage::new(method.output.clone()).into())?,
    };
    define_fixed_sealed(ctx, &o, "error", error_object(ctx, &result, client)?)?;
    define_fixed_sealed(ctx, &o, "headers", metadata_object(ctx, &result.headers)?)?;
    define_fixed_sealed(ctx, &o, "trailers", metadata_object(ctx, &result.trailers)?)?;
    define_fixed_sealed(ctx, &o, "status", result.status)?;
    // SAFETY: a valid context and object.
    if unsafe { qjs::JS_PreventExtensions(ctx.as_raw().as_ptr(), o.as_raw()) } < 0 {
        return Err(rquickjs::Error::Exception);
    }
    Ok(o)
}

/// `null` on OK, else `{code, message, details}` (the `google.rpc.Status` of the failure).
fn error_object<'js>(ctx: &Ctx<'js>, result: &UnaryResult, client: &ClientState) -> rquickjs::Result<Value<'js>> {
    if result.status == 0 {
        return Ok(Value::new_null(ctx.clone()));
    }
    let details = result.details.as_deref().unwrap_or_default();
    error_to_js(ctx, result.status, &result.status_message, details, &client.pool())
}

/// Metadata as k6 shows it: lower-case key -> array of string values.
fn metadata_object<'js>(ctx: &Ctx<'js>, pairs: &[(String, String)]) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    for (key, value) in pairs {
        let values: Array<'js> = match o.get::<_, Option<Array<'js>>>(key.as_str())? {
            Some(a) => a,
            None => {
                let a = Array::new(ctx.clone())?;
                o.set(key.as_str(), a.clone())?;
                a
            }
        };
        values.set(values.len(), value.as_str())?;
    }
    Ok(o)
}
