//! Conversions shared by the byte-oriented k6 modules (`k6/encoding`, `k6/crypto`): reading a
//! JS argument as bytes the way k6 does (string, `ArrayBuffer` or a byte-typed array, anything
//! else rejected with k6's Go type name in the message), turning bytes back into a JS string
//! with Go's replacement rules, and throwing k6's `GoError`.

use rquickjs::atom::PredefinedAtom;
use rquickjs::{ArrayBuffer, Ctx, Exception, Object, Value};

/// Throws a JS error named `GoError` with `msg`, the way k6 surfaces errors from Go code.
pub(crate) fn go_error(ctx: &Ctx<'_>, msg: &str) -> rquickjs::Error {
    match Exception::from_message(ctx.clone(), msg) {
        Ok(err) => match err.set("name", "GoError") {
            Ok(()) => ctx.throw(err.into_value()),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Reads `value` as bytes: strings as UTF-8, `ArrayBuffer`, `Uint8Array` and
/// `Uint8ClampedArray` as their bytes. Anything else is k6's
/// `invalid type <go type>, expected string, []byte or ArrayBuffer`, returned as the message.
pub(crate) fn bytes_of(value: &Value<'_>) -> Result<Vec<u8>, String> {
    if let Some(s) = value.as_string() {
        return Ok(js_string_lossy(s).into_bytes());
    }
    if let Some(sym) = value.as_symbol() {
        // Go sees a symbol as its description.
        let desc: Option<String> = sym.description().ok().and_then(|d| d.as_string().and_then(|s| s.to_string().ok()));
        return Ok(desc.unwrap_or_default().into_bytes());
    }
    if let Some(obj) = value.as_object() {
        if let Some(ab) = ArrayBuffer::from_object(obj.clone()) {
            return Ok(array_buffer_bytes(&ab));
        }
        if let Some(kind) = typed_array_kind(obj) {
            if kind == "Uint8Array" || kind == "Uint8ClampedArray" {
                return Ok(view_bytes(obj).unwrap_or_default());
            }
        }
    }
    Err(format!("invalid type {}, expected string, []byte or ArrayBuffer", go_type_name(value)))
}

/// A JS string as Rust text; lone surrogates become U+FFFD, as in Go.
pub(crate) fn js_string_lossy(s: &rquickjs::String<'_>) -> String {
    match s.to_string() {
        Ok(text) => text,
        // Only ill-formed UTF-16 fails; rebuild it from the code units.
        Err(_) => lossy_via_code_units(s).unwrap_or_default(),
    }
}

fn lossy_via_code_units(s: &rquickjs::String<'_>) -> Option<String> {
    let ctx = s.ctx().clone();
    let f: rquickjs::Function<'_> =
        ctx.eval("(s) => Array.from({length: s.length}, (_, i) => s.charCodeAt(i))").ok()?;
    let units: Vec<u16> = f.call((s.clone(),)).ok()?;
    Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

/// Bytes as text the way Go converts `[]byte` to a JS string: each byte that does not start a
/// valid UTF-8 sequence becomes one U+FFFD.
pub(crate) fn go_string_from_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // from_utf8 just confirmed this prefix.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                rest = &after[1..];
            }
        }
    }
    out
}

/// A new `ArrayBuffer` holding `bytes`.
pub(crate) fn new_array_buffer<'js>(ctx: &Ctx<'js>, bytes: Vec<u8>) -> rquickjs::Result<Value<'js>> {
    Ok(ArrayBuffer::new(ctx.clone(), bytes)?.into_value())
}

/// A copy of an `ArrayBuffer`'s bytes (empty when detached).
pub(crate) fn array_buffer_bytes(ab: &ArrayBuffer<'_>) -> Vec<u8> {
    // SAFETY: the slice is copied before any JavaScript can run.
    unsafe { ab.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

/// The constructor name (`"Int16Array"`, ...) when `obj` is a typed array, else `None`.
pub(crate) fn typed_array_kind(obj: &Object<'_>) -> Option<String> {
    const KINDS: [&str; 11] = [
        "Int8Array",
        "Uint8Array",
        "Uint8ClampedArray",
        "Int16Array",
        "Uint16Array",
        "Int32Array",
        "Uint32Array",
        "Float32Array",
        "Float64Array",
        "BigInt64Array",
        "BigUint64Array",
    ];
    let buffer: Value<'_> = obj.get("buffer").ok()?;
    ArrayBuffer::from_value(buffer)?;
    // The typed-array prototypes answer Symbol.toStringTag with their constructor name.
    let tag: String = obj.get(PredefinedAtom::SymbolToStringTag).ok()?;
    KINDS.contains(&tag.as_str()).then_some(tag)
}

/// The bytes a typed array views (respecting its offset and length).
pub(crate) fn view_bytes(obj: &Object<'_>) -> Option<Vec<u8>> {
    let buffer: Value<'_> = obj.get("buffer").ok()?;
    let ab = ArrayBuffer::from_value(buffer)?;
    let offset: usize = obj.get::<_, f64>("byteOffset").ok()? as usize;
    let len: usize = obj.get::<_, f64>("byteLength").ok()? as usize;
    // SAFETY: the slice is copied before any JavaScript can run.
    let all = unsafe { ab.as_bytes() }?;
    all.get(offset..offset.checked_add(len)?).map(<[u8]>::to_vec)
}

/// Writes `bytes` into the memory a typed array views. Returns false if it is detached.
pub(crate) fn fill_view(obj: &Object<'_>, bytes: &[u8]) -> bool {
    let Ok(buffer) = obj.get::<_, Value<'_>>("buffer") else {
        return false;
    };
    let Some(ab) = ArrayBuffer::from_value(buffer) else {
        return false;
    };
    let offset = obj.get::<_, f64>("byteOffset").unwrap_or(0.0) as usize;
    let Some(raw) = ab.as_raw() else { return false };
    let len = raw.len();
    if offset > len || bytes.len() > len - offset {
        return false;
    }
    // SAFETY: the range was checked against the buffer's live length and no JavaScript runs
    // while the bytes are copied.
    unsafe {
        let dst = (raw.as_ptr() as *mut u8).add(offset);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len());
    }
    true
}

/// The Go type k6 reports for a JS value it cannot use (`int64`, `map[string]interface {}`...).
pub(crate) fn go_type_name(value: &Value<'_>) -> String {
    if value.is_undefined() || value.is_null() {
        return "<nil>".into();
    }
    if value.is_bool() {
        return "bool".into();
    }
    if value.is_int() {
        return "int64".into();
    }
    if let Some(f) = value.as_float() {
        let integral = f.fract() == 0.0 && f.abs() < 9.2e18 && !(f == 0.0 && f.is_sign_negative());
        return if integral { "int64" } else { "float64" }.into();
    }
    if value.is_big_int() {
        return "*big.Int".into();
    }
    if value.is_function() {
        return "func(sobek.FunctionCall) sobek.Value".into();
    }
    if value.is_array() {
        return "[]interface {}".into();
    }
    if let Some(obj) = value.as_object() {
        if let Some(kind) = typed_array_kind(obj) {
            let elem = match kind.as_str() {
                "Int8Array" => "int8",
                "Int16Array" => "int16",
                "Uint16Array" => "uint16",
                "Int32Array" => "int32",
                "Uint32Array" => "uint32",
                "Float32Array" => "float32",
                "Float64Array" => "float64",
                "BigInt64Array" => "int64",
                "BigUint64Array" => "uint64",
                _ => "uint8",
            };
            return format!("[]{elem}");
        }
    }
    "map[string]interface {}".into()
}

#[cfg(test)]
mod tests {
    use super::go_string_from_bytes;

    #[test]
    fn invalid_utf8_becomes_one_replacement_per_byte() {
        assert_eq!(go_string_from_bytes(b"ok"), "ok");
        assert_eq!(go_string_from_bytes(&[0xd7, b'm', 0xf8]), "\u{fffd}m\u{fffd}");
        // A truncated 3-byte sequence is two bad bytes in Go (Rust's lossy would give one).
        assert_eq!(go_string_from_bytes(&[0xe6, 0x97]), "\u{fffd}\u{fffd}");
        assert_eq!(go_string_from_bytes("日本".as_bytes()), "日本");
    }
}
