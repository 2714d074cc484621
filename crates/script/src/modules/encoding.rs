//! `k6/encoding`: `b64encode(input, encoding?)` and `b64decode(input, encoding?, format?)`.
//!
//! Semantics pinned against k6 v1.1.0: `encoding` is `std` (default, also for any unknown
//! name), `rawstd`, `url` or `rawurl`; `b64encode` takes a string (UTF-8), an `ArrayBuffer` or
//! a `Uint8Array` and throws `GoError: invalid type <go type>, expected string, []byte or
//! ArrayBuffer` otherwise; `b64decode` reads its input as a string and returns an
//! `ArrayBuffer`, or a string when `format` is exactly `"s"` (invalid UTF-8 bytes become
//! U+FFFD); malformed input throws `GoError: illegal base64 data at input byte N`.

use rquickjs::function::Opt;
use rquickjs::{Coerced, Ctx, FromJs, Function, Object, Value};

use super::binary::{bytes_of, go_error, go_string_from_bytes, js_string_lossy, new_array_buffer};
use super::go_base64::Alphabet;

/// Builds the `k6/encoding` module object (named exports `b64encode`, `b64decode`).
pub fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let module = Object::new(ctx.clone())?;
    module.set("b64encode", Function::new(ctx.clone(), b64encode)?.with_name("b64encode")?)?;
    module.set("b64decode", Function::new(ctx.clone(), b64decode)?.with_name("b64decode")?)?;
    Ok(module)
}

/// The alphabet k6 picks for an encoding name; anything unknown is `std`.
pub(crate) fn alphabet_for(name: &str) -> Alphabet {
    match name {
        "rawstd" => Alphabet::RAW_STD,
        "url" => Alphabet::URL,
        "rawurl" => Alphabet::RAW_URL,
        _ => Alphabet::STD,
    }
}

/// A Go `string` parameter: `undefined` and `null` are `""`, anything else `String(v)`.
pub(crate) fn go_string_arg<'js>(ctx: &Ctx<'js>, value: Option<Value<'js>>) -> rquickjs::Result<String> {
    match value {
        None => Ok(String::new()),
        Some(v) if v.is_undefined() || v.is_null() => Ok(String::new()),
        Some(v) => match v.as_string() {
            Some(s) => Ok(js_string_lossy(s)),
            None => Ok(Coerced::<String>::from_js(ctx, v)?.0),
        },
    }
}

fn b64encode<'js>(ctx: Ctx<'js>, input: Opt<Value<'js>>, encoding: Opt<Value<'js>>) -> rquickjs::Result<String> {
    let input = input.0.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
    let bytes = bytes_of(&input).map_err(|msg| go_error(&ctx, &msg))?;
    let encoding = go_string_arg(&ctx, encoding.0)?;
    Ok(alphabet_for(&encoding).encode(&bytes))
}

fn b64decode<'js>(
    ctx: Ctx<'js>,
    input: Opt<Value<'js>>,
    encoding: Opt<Value<'js>>,
    format: Opt<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let input = go_string_arg(&ctx, input.0)?;
    let encoding = go_string_arg(&ctx, encoding.0)?;
    let format = go_string_arg(&ctx, format.0)?;
    let bytes = alphabet_for(&encoding)
        .decode(input.as_bytes())
        .map_err(|at| go_error(&ctx, &format!("illegal base64 data at input byte {at}")))?;
    if format == "s" {
        rquickjs::String::from_str(ctx, &go_string_from_bytes(&bytes)).map(|s| s.into_value())
    } else {
        new_array_buffer(&ctx, bytes)
    }
}
