//! JS ⇄ protobuf mapping for `k6/net/grpc`, with k6 v1.1.0's protojson semantics.
//!
//! Requests: [`js_to_message`] walks the script's value against the method's input descriptor and
//! builds a `DynamicMessage` directly ([`js_to_request`] writes its wire bytes instead, see
//! [`request_wire`]) — no `JSON.stringify`, no JSON text — reading values the way `JSON.stringify`
//! would present them to Go's protojson (camelCase or proto names, 64-bit integers as numbers or
//! strings, enums by name or number, base64 bytes, well-known types in their JSON forms). Only when
//! that walk fails does the slow path run: the value is stringified exactly as k6 does and decoded
//! again from the text, which yields k6's error text with its `(line L:C)` position (or the
//! `JSON.stringify` failure, e.g. a BigInt).
//!
//! Responses: [`message_to_js`] builds JS objects straight from the message (unary responses with
//! all unpopulated fields, stream messages without them). [`status_error_to_js`] renders
//! `Response.error`. This module knows nothing about transport or the VU; it never panics on input.
//!
//! Where Stampede deliberately differs from k6 v1.1.0:
//! - an `Any` (in a response or an error detail) whose type is not in the pool renders as
//!   `{"@type": url, "value": <base64 payload>}`; k6 fails the response or blanks `Response.error`;
//! - nesting is limited to 64 levels (protojson allows 10,000) so a request cannot exhaust a VU's
//!   stack; deeper values fail with protojson's `exceeded max recursion depth`;
//! - an exception thrown by a getter or `toJSON` is reported as `Name: message` without k6's JS
//!   stack suffix;
//! - extension fields (`"[pkg.ext]"` keys) are not resolved and count as unknown fields.

mod atoms;
mod decode;
mod decode_wkt;
mod encode;
mod encode_wkt;
mod input;
mod json_text;
mod numbers;
mod own_props;
mod request_wire;
mod status;
mod time;
mod wire;
mod wkt;

use prost_reflect::{DynamicMessage, MessageDescriptor};
use rquickjs::{Ctx, Value};

pub(crate) use atoms::{define_fixed_sealed, fixed_atom, keep_shapes, shapes_kept};
pub use status::{status_details_to_js, status_error_to_js};

use decode::{Decoder, first_missing_required};
use input::{JsInput, TextInput};
use request_wire::RequestWriter;

use crate::transport::Request;

/// The prefix of protobuf errors exactly as k6 v1.1.0 prints it. Go's protobuf library picks a
/// space or a no-break space per build (to discourage matching on the text); k6 v1.1.0's build
/// prints U+00A0, and scripts that compare error texts see that.
const PROTO: &str = "proto:\u{a0}";

/// Deepest nesting of objects/arrays a request may have (protojson's own limit is higher; past
/// this a request is refused rather than risking the VU's stack).
const MAX_DEPTH: usize = 64;

/// A request value that k6 would refuse; `Display` gives k6's full `invoke` error text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// `JSON.stringify` failed (BigInt, cycle, a throwing getter or `toJSON`).
    #[error("unable to serialise request object: {0}")]
    Serialize(String),
    /// protojson refused the JSON; the text starts with `proto:` and a no-break space. Streams
    /// report it as `can't serialise request object to protocol buffer: <text>`.
    #[error("unable to serialise request object to protocol buffer: {0}")]
    Protobuf(String),
}

impl ConvertError {
    /// The text after k6's prefix (`TypeError: …` or `proto:\u{a0}…`).
    pub fn detail(&self) -> &str {
        match self {
            Self::Serialize(s) | Self::Protobuf(s) => s,
        }
    }
}

/// How [`message_to_js`] renders unpopulated fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToJsOptions {
    /// `true` for unary responses (protojson EmitUnpopulated: zero values, `null` for unset
    /// messages, `[]`/`{}`), `false` for stream messages (populated fields only).
    pub emit_unpopulated: bool,
}

/// Converts a request value to a message of type `desc`, as k6 does (`JSON.stringify` then
/// protojson), with k6's error texts. The caller handles a missing/`null` request beforehand.
pub fn js_to_message<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    desc: &MessageDescriptor,
) -> Result<DynamicMessage, ConvertError> {
    let input = JsInput::new(ctx);
    if let Ok(root) = input.root(value) {
        let mut decoder = Decoder::new(&input);
        if let Ok(msg) = decoder.message(&root, desc) {
            if !decoder.missing_required {
                return Ok(msg);
            }
        }
    }
    from_json_text(ctx, value, desc)
}

/// Converts a request value to the wire encoding of a message of type `desc` (what
/// [`js_to_message`] builds, encoded), with k6's error texts. The caller handles a missing/`null`
/// request beforehand.
pub fn js_to_request<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    desc: &MessageDescriptor,
) -> Result<Request, ConvertError> {
    let input = JsInput::new(ctx);
    if let Ok(root) = input.root(value) {
        if let Ok(bytes) = RequestWriter::new(&input).request(&root, desc) {
            return Ok(Request::Encoded(bytes.into()));
        }
    }
    from_json_text(ctx, value, desc).map(Request::Message)
}

/// The slow path: decode the `JSON.stringify` text of `value`, for exact error texts.
fn from_json_text<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    desc: &MessageDescriptor,
) -> Result<DynamicMessage, ConvertError> {
    let text = stringify(ctx, value)?;
    let tree = json_text::parse(&text).map_err(|e| match e {
        json_text::ParseError::TooDeep => ConvertError::Protobuf(format!("{PROTO}exceeded max recursion depth")),
        json_text::ParseError::Syntax(pos) => {
            let (line, col) = json_text::line_col(&text, pos);
            ConvertError::Protobuf(format!("{PROTO}syntax error (line {line}:{col}): invalid JSON"))
        }
    })?;
    let input = TextInput::new(&text);
    let mut decoder = Decoder::new(&input);
    let msg = decoder.message(&&tree, desc).map_err(ConvertError::Protobuf)?;
    if decoder.missing_required {
        if let Some(name) = first_missing_required(&msg) {
            return Err(ConvertError::Protobuf(format!("{PROTO}required field {name} not set")));
        }
    }
    Ok(msg)
}

/// `JSON.stringify(value)` with k6's texts for its failures; `undefined` results become `null`.
fn stringify<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Result<String, ConvertError> {
    match ctx.json_stringify(value.clone()) {
        Ok(Some(s)) => s.to_string().map_err(|e| ConvertError::Serialize(e.to_string())),
        Ok(None) => Ok("null".to_owned()),
        Err(rquickjs::Error::Exception) => Err(ConvertError::Serialize(describe_exception(ctx.catch()))),
        Err(e) => Err(ConvertError::Serialize(e.to_string())),
    }
}

/// k6's text for an exception thrown while stringifying (Sobek's wording for the common cases).
fn describe_exception(exc: Value<'_>) -> String {
    const AT: &str = " at reflect.methodValueCall (native)";
    if let Some(obj) = exc.as_object() {
        let name: String = obj.get("name").unwrap_or_default();
        let message: String = obj.get("message").unwrap_or_default();
        if name == "TypeError" && message.contains("BigInt") {
            return format!("TypeError: Do not know how to serialize a BigInt{AT}");
        }
        if name == "TypeError" && message.contains("circular") {
            return format!("TypeError: Converting circular structure to JSON{AT}");
        }
        if !name.is_empty() {
            return format!("{name}: {message}");
        }
    }
    let text = exc.as_string().and_then(|s| s.to_string().ok());
    text.unwrap_or_else(|| format!("{exc:?}"))
}

/// A stream reply (§5.3) from its wire bytes, as [`message_to_js`] renders it in stream mode,
/// without building a `DynamicMessage` when the encoding is canonical (see [`wire`]). The inner
/// `Err` is the reply's decode failure: the bytes are not a message of type `desc`.
pub fn stream_reply_to_js<'js>(
    ctx: &Ctx<'js>,
    bytes: &[u8],
    desc: &MessageDescriptor,
) -> rquickjs::Result<Result<Value<'js>, prost::DecodeError>> {
    let encoder = encode::Encoder { ctx: ctx.clone(), emit_unpopulated: false };
    if wkt::Wkt::of(desc).is_none() {
        match encoder.wire_message(desc, bytes, 0) {
            Ok(obj) => return Ok(Ok(obj.into_value())),
            Err(wire::Stop::Js(e)) => return Err(e),
            Err(wire::Stop::Fallback) => {}
        }
    }
    match DynamicMessage::decode(desc.clone(), bytes) {
        Ok(msg) => encoder.message(&msg).map(Ok),
        Err(e) => Ok(Err(e)),
    }
}

/// Converts a message to a JS value with k6's JSON mapping (see [`ToJsOptions`]). Whole-message
/// well-known types give their bare JSON form (`StringValue` → a string). Throws (returns
/// `Err`) only for values protojson cannot write, e.g. an out-of-range `Timestamp`.
pub fn message_to_js<'js>(ctx: &Ctx<'js>, msg: &DynamicMessage, opts: &ToJsOptions) -> rquickjs::Result<Value<'js>> {
    encode::Encoder { ctx: ctx.clone(), emit_unpopulated: opts.emit_unpopulated }.message(msg)
}
