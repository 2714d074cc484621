//! `k6/crypto`: one-shot digests (`md5(input, enc)`, ...), `hmac(alg, secret, data, enc)`,
//! streaming `createHash(alg)` / `createHMAC(alg, secret)` objects with `update(data)` and
//! `digest(enc)`, `randomBytes(n)` and `hexEncode(data)`.
//!
//! Inputs are strings (UTF-8), `ArrayBuffer`s or `Uint8Array`s; output encodings are `hex`,
//! `base64`, `base64url`, `base64rawurl` and `binary` (an `ArrayBuffer`). Error texts are
//! k6 v1.1.0's. Where k6 crashes (`createHash` with an unknown algorithm) this throws
//! `GoError: invalid algorithm: <name>` instead. The WebCrypto-style `crypto` global lives in
//! `webcrypto.rs`; [`install_globals`] is re-exported here for the runtime.

use std::cell::RefCell;
use std::rc::Rc;

use rand::RngCore;
use rquickjs::function::Opt;
use rquickjs::{Coerced, Ctx, FromJs, Function, Object, Value};

use super::binary::{bytes_of, go_error, new_array_buffer};
use super::encoding::go_string_arg;
use super::go_base64::Alphabet;
use super::hashing::{Algorithm, Hasher, OutputEncoding};
pub use super::webcrypto::install_globals;

/// Builds the `k6/crypto` module object.
pub fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let module = Object::new(ctx.clone())?;
    for (name, alg) in Algorithm::ALL {
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, input: Opt<Value<'js>>, enc: Opt<Value<'js>>| {
            let input = input.0.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
            let data = bytes_of(&input).map_err(|msg| go_error(&ctx, &format!("{name} failed: {msg}")))?;
            let enc = go_string_arg(&ctx, enc.0)?;
            encode_output(&ctx, alg.digest(&data), &enc)
        })?
        .with_name(name)?;
        module.set(name, f)?;
    }
    module.set("hmac", Function::new(ctx.clone(), hmac)?.with_name("hmac")?)?;
    module.set("createHash", Function::new(ctx.clone(), create_hash)?.with_name("createHash")?)?;
    module.set("createHMAC", Function::new(ctx.clone(), create_hmac)?.with_name("createHMAC")?)?;
    module.set("randomBytes", Function::new(ctx.clone(), random_bytes)?.with_name("randomBytes")?)?;
    module.set("hexEncode", Function::new(ctx.clone(), hex_encode)?.with_name("hexEncode")?)?;
    Ok(module)
}

/// Renders a digest in a k6 output encoding (`binary` gives an `ArrayBuffer`).
fn encode_output<'js>(ctx: &Ctx<'js>, digest: Vec<u8>, enc: &str) -> rquickjs::Result<Value<'js>> {
    let text = match OutputEncoding::parse(enc).map_err(|msg| go_error(ctx, &msg))? {
        OutputEncoding::Hex => hex::encode(digest),
        OutputEncoding::Base64 => Alphabet::STD.encode(&digest),
        OutputEncoding::Base64Url => Alphabet::URL.encode(&digest),
        OutputEncoding::Base64RawUrl => Alphabet::RAW_URL.encode(&digest),
        OutputEncoding::Binary => return new_array_buffer(ctx, digest),
    };
    Ok(rquickjs::String::from_str(ctx.clone(), &text)?.into_value())
}

fn algorithm_arg<'js>(ctx: &Ctx<'js>, alg: Option<Value<'js>>) -> rquickjs::Result<Algorithm> {
    let name = go_string_arg(ctx, alg)?;
    Algorithm::from_name(&name).ok_or_else(|| go_error(ctx, &format!("invalid algorithm: {name}")))
}

fn bytes_arg<'js>(ctx: &Ctx<'js>, value: Option<Value<'js>>) -> rquickjs::Result<Vec<u8>> {
    let value = value.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
    bytes_of(&value).map_err(|msg| go_error(ctx, &msg))
}

fn hmac<'js>(
    ctx: Ctx<'js>,
    alg: Opt<Value<'js>>,
    secret: Opt<Value<'js>>,
    data: Opt<Value<'js>>,
    enc: Opt<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let alg = algorithm_arg(&ctx, alg.0)?;
    let secret = bytes_arg(&ctx, secret.0)?;
    let data = bytes_arg(&ctx, data.0)?;
    let enc = go_string_arg(&ctx, enc.0)?;
    let mut h = Hasher::hmac(alg, &secret);
    h.update(&data);
    encode_output(&ctx, h.digest(), &enc)
}

fn create_hash<'js>(ctx: Ctx<'js>, alg: Opt<Value<'js>>) -> rquickjs::Result<Object<'js>> {
    let alg = algorithm_arg(&ctx, alg.0)?;
    hasher_object(&ctx, Hasher::hash(alg))
}

fn create_hmac<'js>(ctx: Ctx<'js>, alg: Opt<Value<'js>>, secret: Opt<Value<'js>>) -> rquickjs::Result<Object<'js>> {
    let alg = algorithm_arg(&ctx, alg.0)?;
    let secret = bytes_arg(&ctx, secret.0)?;
    hasher_object(&ctx, Hasher::hmac(alg, &secret))
}

/// The object `createHash`/`createHMAC` return: own `update(data)` and `digest(enc)` methods.
fn hasher_object<'js>(ctx: &Ctx<'js>, hasher: Hasher) -> rquickjs::Result<Object<'js>> {
    let state = Rc::new(RefCell::new(hasher));
    let obj = Object::new(ctx.clone())?;
    let for_update = Rc::clone(&state);
    let update = Function::new(ctx.clone(), move |ctx: Ctx<'js>, data: Opt<Value<'js>>| {
        let data = bytes_arg(&ctx, data.0)?;
        for_update.borrow_mut().update(&data);
        Ok::<_, rquickjs::Error>(())
    })?
    .with_name("update")?;
    let digest = Function::new(ctx.clone(), move |ctx: Ctx<'js>, enc: Opt<Value<'js>>| {
        let enc = go_string_arg(&ctx, enc.0)?;
        let bytes = state.borrow().digest();
        encode_output(&ctx, bytes, &enc)
    })?
    .with_name("digest")?;
    // k6 lists Go's methods alphabetically.
    obj.set("digest", digest)?;
    obj.set("update", update)?;
    Ok(obj)
}

/// The most `randomBytes` hands out in one call (1 GiB).
const MAX_RANDOM_BYTES: usize = 1 << 30;

fn random_bytes<'js>(ctx: Ctx<'js>, size: Opt<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    let n = match size.0 {
        None => 0.0,
        Some(v) => Coerced::<f64>::from_js(&ctx, v)?.0,
    };
    // Go's int parameter: truncated, NaN is 0.
    let n = if n.is_finite() { n.trunc() } else { 0.0 };
    if n < 1.0 {
        return Err(go_error(&ctx, "invalid size"));
    }
    // k6 would try to allocate any size; one runaway call must not abort the whole process.
    if n > MAX_RANDOM_BYTES as f64 {
        return Err(go_error(
            &ctx,
            &format!("invalid size: randomBytes({n}) asks for more than {MAX_RANDOM_BYTES} bytes"),
        ));
    }
    let mut buf = vec![0u8; n as usize];
    rand::rng().fill_bytes(&mut buf);
    new_array_buffer(&ctx, buf)
}

fn hex_encode<'js>(ctx: Ctx<'js>, data: Opt<Value<'js>>) -> rquickjs::Result<String> {
    Ok(hex::encode(bytes_arg(&ctx, data.0)?))
}
