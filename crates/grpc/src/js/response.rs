//! k6's unary `Response` (§4.5.4): `message`, `error`, `headers`, `trailers`, `status`, in that
//! key order, `message` converted when first read (see [`super::lazy_message`]), `status` the
//! module's status object of the code (see [`StatusObjects`]). The object is sealed: existing keys
//! may be reassigned, not deleted; new ones are refused (k6's is a host object that refuses both).

use prost_reflect::DynamicMessage;
use rquickjs::{Array, Ctx, Function, JsLifetime, Object, Value, qjs};

use super::client::{ClientState, MethodEntry};
use super::lazy_message::response_with_lazy_message;
use super::mapping::error_to_js;
use crate::convert::{define_fixed_sealed, keep_shapes, shapes_kept};
use crate::transport::UnaryResult;

/// Builds the Response object of a finished call.
pub(crate) fn response_object<'js>(
    ctx: &Ctx<'js>,
    mut result: UnaryResult,
    method: &MethodEntry,
    discard: bool,
    client: &ClientState,
) -> rquickjs::Result<Object<'js>> {
    if !shapes_kept(ctx, RESPONSE_SHAPES)? {
        keep_response_shapes(ctx, method)?;
    }
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
    define_fixed_sealed(ctx, &o, "status", status_object(ctx, result.status)?)?;
    // SAFETY: a valid context and object.
    if unsafe { qjs::JS_PreventExtensions(ctx.as_raw().as_ptr(), o.as_raw()) } < 0 {
        return Err(rquickjs::Error::Exception);
    }
    Ok(o)
}

/// Key of the kept Response layouts (see [`keep_shapes`]).
const RESPONSE_SHAPES: &str = "Response";

/// Keeps a Response with each prefix of its keys (after the lazy `message`) alive.
fn keep_response_shapes<'js>(ctx: &Ctx<'js>, method: &MethodEntry) -> rquickjs::Result<()> {
    let keys = ["error", "headers", "trailers", "status"];
    let mut kept = Vec::with_capacity(keys.len() + 1);
    for len in 0..=keys.len() {
        let o = response_with_lazy_message(ctx, DynamicMessage::new(method.output.clone()).into())?;
        for key in &keys[..len] {
            define_fixed_sealed(ctx, &o, key, Value::new_undefined(ctx.clone()))?;
        }
        kept.push(o);
    }
    keep_shapes(ctx, RESPONSE_SHAPES, kept)
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
    for (i, (key, value)) in pairs.iter().enumerate() {
        // Keys rarely repeat: look the array up only when this key came before.
        if pairs[..i].iter().any(|(earlier, _)| earlier == key) {
            let values: Array<'js> = o.get(key.as_str())?;
            values.set(values.len(), value.as_str())?;
        } else {
            let values = Array::new(ctx.clone())?;
            values.set(0, value.as_str())?;
            o.set(key.as_str(), values)?;
        }
    }
    Ok(o)
}

/// The status objects `module.js` makes (one frozen object per code, so that
/// `res.status === grpc.StatusOK` is an identity test), kept by the runtime so a Response gets
/// its status without a round trip through JS: the known codes' objects by index, and the JS
/// `statusOf` for any other code. Raw values holding one reference each.
struct StatusObjects {
    runtime: *mut qjs::JSRuntime,
    known: Vec<qjs::JSValue>,
    status_of: qjs::JSValue,
}

impl Drop for StatusObjects {
    fn drop(&mut self) {
        // SAFETY: user data is dropped while its runtime is alive; each value holds a reference.
        unsafe {
            for value in &self.known {
                qjs::JS_FreeValueRT(self.runtime, *value);
            }
            qjs::JS_FreeValueRT(self.runtime, self.status_of);
        }
    }
}

// SAFETY: holds no JS values with a lifetime, only raw values of the runtime it is stored in.
unsafe impl<'js> JsLifetime<'js> for StatusObjects {
    type Changed<'to> = StatusObjects;
}

/// The `useStatuses(statuses, statusOf)` native `module.js` calls once: remembers them for
/// [`status_object`].
pub(super) fn use_statuses<'js>(ctx: Ctx<'js>, statuses: Array<'js>, status_of: Function<'js>) -> rquickjs::Result<()> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut known = Vec::with_capacity(statuses.len());
    for status in statuses.iter::<Value<'js>>() {
        // SAFETY: a value of this context; the new reference is released by `StatusObjects::drop`.
        known.push(unsafe { qjs::JS_DupValue(raw_ctx, status?.as_raw()) });
    }
    // SAFETY: as above.
    let fresh = unsafe {
        StatusObjects {
            runtime: qjs::JS_GetRuntime(raw_ctx),
            known,
            status_of: qjs::JS_DupValue(raw_ctx, status_of.as_raw()),
        }
    };
    ctx.store_userdata(fresh).map(drop).map_err(|_| rquickjs::Error::Unknown)
}

/// The status object of `code`.
fn status_object<'js>(ctx: &Ctx<'js>, code: i32) -> rquickjs::Result<Value<'js>> {
    let (known, status_of) = {
        let objects = ctx.userdata::<StatusObjects>().ok_or(rquickjs::Error::Unknown)?;
        let known = usize::try_from(code).ok().and_then(|i| objects.known.get(i).copied());
        (known, objects.status_of)
    };
    // SAFETY: the values are kept alive by the user data; each new reference is owned by the
    // returned `Value`.
    let dup = |raw| unsafe { Value::from_raw(ctx.clone(), qjs::JS_DupValue(ctx.as_raw().as_ptr(), raw)) };
    match known {
        Some(raw) => Ok(dup(raw)),
        None => {
            let status_of: Function<'js> = dup(status_of).into_function().ok_or(rquickjs::Error::Unknown)?;
            status_of.call((code,))
        }
    }
}
