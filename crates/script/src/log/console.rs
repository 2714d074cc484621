//! How `console.log(a, b, ...)` turns its arguments into one message, as k6 does it:
//! arguments joined by one space; objects, arrays and functions rendered as compact JSON
//! (`JSON.stringify`, then HTML-escaped like Go's `json.Marshal`; a function or anything
//! `JSON.stringify` skips prints `null`, an `Error` prints `{}`); when `JSON.stringify` throws
//! (a cycle, a BigInt inside, a throwing `toJSON`) the object is printed with `String(v)`
//! (`[object Object]`); primitives are `String(v)`, symbols their description.

use rquickjs::{Coerced, Ctx, FromJs, Value};

use super::quote::go_html_escape_json;
use crate::modules::binary::js_string_lossy;

/// Renders `console.*` arguments into the log message, k6-style.
pub fn render_console_args<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&render_one(ctx, arg));
    }
    out
}

fn render_one<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> String {
    if let Some(s) = value.as_string() {
        return js_string_lossy(s);
    }
    if let Some(sym) = value.as_symbol() {
        return sym.description().ok().and_then(|d| d.as_string().map(js_string_lossy)).unwrap_or_default();
    }
    if value.is_object() {
        match ctx.json_stringify(value.clone()) {
            Ok(Some(json)) => return go_html_escape_json(&js_string_lossy(&json)),
            Ok(None) => return "null".to_owned(),
            Err(_) => {
                // Clear the pending exception and fall back to String(v).
                let _ = ctx.catch();
            }
        }
    }
    match Coerced::<String>::from_js(ctx, value.clone()) {
        Ok(s) => s.0,
        Err(_) => {
            let _ = ctx.catch();
            "[object Object]".to_owned()
        }
    }
}
