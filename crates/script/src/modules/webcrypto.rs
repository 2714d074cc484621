//! The `crypto` global (the WebCrypto subset k6 scripts use without importing anything):
//! `crypto.getRandomValues(typedArray)` and `crypto.randomUUID()`.
//!
//! k6 v1.1.0 rules: only integer typed arrays of 8, 16 or 32 bits are accepted (else
//! `GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance`), at most
//! 65536 *elements* (else `QuotaExceededError: ...`), and the same array is returned.
//! `crypto.subtle` (`subtle.js`) covers `digest` and HMAC keys; it is built on first access,
//! so runtimes that never touch it pay nothing for it.

use crate::factory::eval_factory;
use rand::RngCore;
use rquickjs::function::Opt;
use rquickjs::object::Accessor;
use rquickjs::{Ctx, Function, Object, Value};

use super::binary::{fill_view, go_error, typed_array_kind};

/// The largest element count `getRandomValues` fills.
const MAX_RANDOM_VALUES: f64 = 65536.0;

/// Installs the global `crypto` object on the context.
pub fn install_globals(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let crypto = Object::new(ctx.clone())?;
    crypto.set("getRandomValues", Function::new(ctx.clone(), get_random_values)?.with_name("getRandomValues")?)?;
    crypto.set("randomUUID", Function::new(ctx.clone(), random_uuid)?.with_name("randomUUID")?)?;
    crypto.prop("subtle", Accessor::new_get(subtle_on_first_use).configurable().enumerable())?;
    ctx.globals().set("crypto", crypto)?;
    Ok(())
}

fn get_random_values<'js>(ctx: Ctx<'js>, array: Opt<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    let mismatch = || go_error(&ctx, "TypeMismatchError: typedArray parameter isn't a TypedArray instance");
    let array = array.0.ok_or_else(mismatch)?;
    let obj = array.as_object().ok_or_else(mismatch)?;
    let kind = typed_array_kind(obj).ok_or_else(mismatch)?;
    let integer = matches!(
        kind.as_str(),
        "Int8Array" | "Uint8Array" | "Uint8ClampedArray" | "Int16Array" | "Uint16Array" | "Int32Array" | "Uint32Array"
    );
    if !integer {
        return Err(mismatch());
    }
    let length: f64 = obj.get("length")?;
    if length > MAX_RANDOM_VALUES {
        return Err(go_error(&ctx, "QuotaExceededError: typedArray parameter is too big; maximum length is 65536"));
    }
    let len = obj.get::<_, f64>("byteLength").unwrap_or(0.0) as usize;
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    fill_view(obj, &bytes);
    Ok(array)
}

/// The JS factory behind `crypto.subtle`, called with the `k6/crypto` module object.
const SUBTLE_JS: &str = include_str!("subtle.js");

/// Builds `crypto.subtle` and replaces the getter with the built object.
fn subtle_on_first_use<'js>(
    ctx: Ctx<'js>,
    this: rquickjs::function::This<Object<'js>>,
) -> rquickjs::Result<Object<'js>> {
    let factory: Function<'js> = eval_factory(&ctx, "webcrypto", SUBTLE_JS)?;
    let subtle: Object<'js> = factory.call((super::crypto::build(&ctx)?,))?;
    this.0.prop("subtle", rquickjs::object::Property::from(subtle.clone()).enumerable())?;
    Ok(subtle)
}

fn random_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}
