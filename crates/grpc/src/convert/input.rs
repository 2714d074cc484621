//! The two sources the request decoder reads: live JS values and `JSON.stringify` text.
//!
//! The decoder ([`super::decode`]) is written once against [`Input`]. [`JsInput`] walks QuickJS
//! values directly with `JSON.stringify`'s view of them (own enumerable string keys in order,
//! `toJSON`, `undefined`/functions dropped, `NaN`/`Infinity` as `null`) and stays on the hot path; it
//! does not build messages for errors, it only says "this failed" ([`Fallback`]). [`TextInput`] walks
//! the JSON text of the same value and produces Go protojson's exact error texts, positions included.

use std::borrow::Cow;

use std::cell::{OnceCell, RefCell};
use std::marker::PhantomData;
use std::ptr::NonNull;

use prost_reflect::{FieldDescriptor, MessageDescriptor};
use rquickjs::{Ctx, Function, Object, Value, atom::PredefinedAtom, function::This, qjs};

use super::atoms::{Atoms, field_atoms};
use super::own_props::{OwnProps, atom_text};

use super::PROTO;
use super::json_text::{self, Entry, Node, NodeKind};

/// What a value is, as protojson sees its JSON token.
pub(super) enum Shape<'s> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'s, str>),
    Array,
    Object,
}

/// A source of JSON-shaped values for the decoder.
pub(super) trait Input {
    /// A value (a resolved JS value, or a node of the parsed text).
    type Node: Clone;
    /// An object member's name.
    type Key;
    /// Why decoding stopped.
    type Error;

    /// True when the value is JSON `null`.
    fn is_null(&self, node: &Self::Node) -> bool;
    /// The value's kind, with its scalar payload.
    fn shape<'s>(&'s self, node: &'s Self::Node) -> Result<Shape<'s>, Self::Error>;
    /// The member name as text.
    fn key_str<'k>(&self, key: &'k Self::Key) -> &'k str;
    /// The field a member name selects: its JSON name or, as protojson also accepts, its proto name.
    fn field_of(&self, key: &Self::Key, desc: &MessageDescriptor) -> Option<FieldDescriptor> {
        let name = self.key_str(key);
        desc.get_field_by_json_name(name).or_else(|| desc.get_field_by_name(name))
    }
    /// Calls `f` for each member of an object, in `JSON.stringify` order.
    fn entries(
        &self,
        node: &Self::Node,
        f: impl FnMut(Self::Key, Self::Node) -> Result<(), Self::Error>,
    ) -> Result<(), Self::Error>;
    /// Calls `f` for each element of an array.
    fn items(&self, node: &Self::Node, f: impl FnMut(Self::Node) -> Result<(), Self::Error>)
    -> Result<(), Self::Error>;
    /// An error at a value; `msg` receives the value's raw token text.
    fn value_error(&self, node: &Self::Node, msg: impl FnOnce(&str) -> String) -> Self::Error;
    /// An error at the closing bracket of an object.
    fn close_error(&self, node: &Self::Node, msg: &str) -> Self::Error;
    /// Go's `unexpected token` syntax error at a value.
    fn syntax_error(&self, node: &Self::Node) -> Self::Error;
    /// An error at a member name; `msg` receives the name's raw token text (with quotes).
    fn key_error(&self, key: &Self::Key, msg: impl FnOnce(&str) -> String) -> Self::Error;
    /// An error without a position.
    fn plain_error(&self, msg: &str) -> Self::Error;
}

/// The JS walk failed; the caller retries on the JSON text to learn why.
#[derive(Debug)]
pub(super) struct Fallback;

impl From<rquickjs::Error> for Fallback {
    fn from(_: rquickjs::Error) -> Self {
        Fallback
    }
}

/// An object member name as QuickJS holds it; its text is made only if asked for (map keys,
/// names that are not a field's JSON name).
pub(super) struct JsKey<'js> {
    /// The walk's context, as a raw pointer: a `Ctx` clone per key (a reference count taken and
    /// dropped) showed in profiles, and the context outlives the walk anyway.
    ctx: NonNull<qjs::JSContext>,
    /// Kept alive by the [`OwnProps`] being walked.
    atom: qjs::JSAtom,
    text: OnceCell<String>,
    _js: PhantomData<Ctx<'js>>,
}

impl JsKey<'_> {
    fn text(&self) -> &str {
        self.text.get_or_init(|| atom_text(self.ctx, self.atom))
    }
}

/// What a value is, as far as the walk cares: `Value::type_of` asks six questions of every
/// object (array, constructor, function, promise, error, proxy), this at most three.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `undefined` or uninitialized.
    Undefined,
    /// A function or a symbol (with `Undefined`, what `JSON.stringify` leaves out).
    Dropped,
    Null,
    Bool,
    Int,
    Float,
    String,
    Array,
    /// Any other object except a proxy (plain objects, errors, promises, class instances).
    Object,
    /// What only the text path handles (proxies of non-arrays, BigInts, modules).
    Other,
}

fn kind_of(value: &Value<'_>) -> Kind {
    let raw = value.as_raw();
    // SAFETY: reading the tag of a live value.
    match unsafe { qjs::JS_VALUE_GET_NORM_TAG(raw) } {
        qjs::JS_TAG_UNDEFINED | qjs::JS_TAG_UNINITIALIZED => Kind::Undefined,
        qjs::JS_TAG_SYMBOL => Kind::Dropped,
        qjs::JS_TAG_NULL => Kind::Null,
        qjs::JS_TAG_BOOL => Kind::Bool,
        qjs::JS_TAG_INT => Kind::Int,
        qjs::JS_TAG_FLOAT64 => Kind::Float,
        qjs::JS_TAG_STRING | qjs::JS_TAG_STRING_ROPE => Kind::String,
        qjs::JS_TAG_OBJECT if value.is_array() => Kind::Array,
        qjs::JS_TAG_OBJECT if value.is_function() => Kind::Dropped,
        qjs::JS_TAG_OBJECT if value.is_proxy() => Kind::Other,
        qjs::JS_TAG_OBJECT => Kind::Object,
        _ => Kind::Other,
    }
}

/// Reads QuickJS values directly.
pub(super) struct JsInput<'js> {
    ctx: Ctx<'js>,
    /// The field-name atoms of the message types met so far in this value: every key of an
    /// object is looked up in its type's table, and the runtime-wide cache behind
    /// [`field_atoms`] (a hash of the type's full name) is consulted once per type, not per key.
    tables: RefCell<Vec<(MessageDescriptor, Atoms)>>,
}

impl<'js> JsInput<'js> {
    pub(super) fn new(ctx: &Ctx<'js>) -> Self {
        Self { ctx: ctx.clone(), tables: RefCell::default() }
    }

    /// The field whose JSON name is `atom`, by number.
    fn field_number_of_atom(&self, desc: &MessageDescriptor, atom: qjs::JSAtom) -> Option<u32> {
        let mut tables = self.tables.borrow_mut();
        let index = match tables.iter().position(|(d, _)| d == desc) {
            Some(i) => i,
            None => {
                tables.push((desc.clone(), field_atoms(&self.ctx, desc).ok()?));
                tables.len() - 1
            }
        };
        tables[index].1.iter().find(|f| f.atom == atom).map(|f| f.number)
    }

    /// Applies `toJSON(key)` when an object has one, as `JSON.stringify` does.
    fn resolve(&self, value: Value<'js>, key: impl FnOnce() -> String) -> Result<Value<'js>, Fallback> {
        let Some(obj) = value.as_object() else {
            return Ok(value);
        };
        let to_json: Value<'js> = obj.get(PredefinedAtom::ToJSON)?;
        match to_json.into_function() {
            Some(f) => Ok(call_to_json(&f, obj, key())?),
            None => Ok(value),
        }
    }

    /// The request value as `JSON.stringify` would start from it.
    pub(super) fn root(&self, value: &Value<'js>) -> Result<Value<'js>, Fallback> {
        self.resolve(value.clone(), String::new)
    }

    fn dropped(v: &Value<'js>) -> bool {
        matches!(kind_of(v), Kind::Undefined | Kind::Dropped)
    }
}

fn call_to_json<'js>(f: &Function<'js>, obj: &Object<'js>, key: String) -> rquickjs::Result<Value<'js>> {
    f.call((This(obj.clone()), key))
}

impl<'js> Input for JsInput<'js> {
    type Node = Value<'js>;
    type Key = JsKey<'js>;
    type Error = Fallback;

    fn is_null(&self, node: &Value<'js>) -> bool {
        match kind_of(node) {
            Kind::Null => true,
            Kind::Undefined => node.is_undefined(),
            Kind::Float => !node.as_float().is_some_and(f64::is_finite),
            _ => false,
        }
    }

    fn shape<'s>(&'s self, node: &'s Value<'js>) -> Result<Shape<'s>, Fallback> {
        Ok(match kind_of(node) {
            Kind::Null | Kind::Undefined => Shape::Null,
            Kind::Bool => Shape::Bool(node.as_bool().unwrap_or_default()),
            Kind::Int => Shape::Number(f64::from(node.as_int().unwrap_or_default())),
            Kind::Float => match node.as_float() {
                // JSON.stringify writes -0 as 0 and non-finite numbers as null.
                Some(v) if v.is_finite() => Shape::Number(v + 0.0),
                _ => Shape::Null,
            },
            Kind::String => {
                let s = node.as_string().ok_or(Fallback)?;
                Shape::String(Cow::Owned(s.to_string()?))
            }
            Kind::Array => Shape::Array,
            Kind::Object => Shape::Object,
            // Functions and symbols here, BigInts (JSON.stringify throws on them), proxies and
            // the rest are left to the text path.
            Kind::Dropped | Kind::Other => return Err(Fallback),
        })
    }

    fn key_str<'k>(&self, key: &'k JsKey<'js>) -> &'k str {
        key.text()
    }

    fn field_of(&self, key: &JsKey<'js>, desc: &MessageDescriptor) -> Option<FieldDescriptor> {
        // The usual case, a JSON name, is found by atom: no text, no hashing.
        match self.field_number_of_atom(desc, key.atom) {
            Some(number) => desc.get_field(number),
            None => desc.get_field_by_name(key.text()),
        }
    }

    fn entries(
        &self,
        node: &Value<'js>,
        mut f: impl FnMut(JsKey<'js>, Value<'js>) -> Result<(), Fallback>,
    ) -> Result<(), Fallback> {
        let obj = node.as_object().ok_or(Fallback)?;
        let props = OwnProps::of(&self.ctx, obj)?;
        for atom in props.atoms() {
            let value = props.get(obj, atom)?;
            let key = JsKey { ctx: self.ctx.as_raw(), atom, text: OnceCell::new(), _js: PhantomData };
            let value = self.resolve(value, || key.text().to_owned())?;
            if Self::dropped(&value) {
                continue;
            }
            f(key, value)?;
        }
        Ok(())
    }

    fn items(&self, node: &Value<'js>, mut f: impl FnMut(Value<'js>) -> Result<(), Fallback>) -> Result<(), Fallback> {
        let arr = node.as_array().ok_or(Fallback)?;
        for i in 0..arr.len() {
            let value = self.resolve(arr.get(i)?, || i.to_string())?;
            if Self::dropped(&value) {
                f(Value::new_null(self.ctx.clone()))?;
            } else {
                f(value)?;
            }
        }
        Ok(())
    }

    fn value_error(&self, _: &Value<'js>, _: impl FnOnce(&str) -> String) -> Fallback {
        Fallback
    }

    fn close_error(&self, _: &Value<'js>, _: &str) -> Fallback {
        Fallback
    }

    fn syntax_error(&self, _: &Value<'js>) -> Fallback {
        Fallback
    }

    fn key_error(&self, _: &JsKey<'js>, _: impl FnOnce(&str) -> String) -> Fallback {
        Fallback
    }

    fn plain_error(&self, _: &str) -> Fallback {
        Fallback
    }
}

/// Reads the JSON text of a request and reports errors exactly as Go's protojson.
pub(super) struct TextInput<'a> {
    text: &'a str,
}

impl<'a> TextInput<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self { text }
    }

    fn at(&self, pos: usize, msg: &str) -> String {
        let (line, col) = json_text::line_col(self.text, pos);
        format!("{PROTO}(line {line}:{col}): {msg}")
    }
}

impl<'a> Input for TextInput<'a> {
    type Node = &'a Node<'a>;
    type Key = &'a Entry<'a>;
    type Error = String;

    fn is_null(&self, node: &&'a Node<'a>) -> bool {
        matches!(node.kind, NodeKind::Null)
    }

    fn shape<'s>(&'s self, node: &'s &'a Node<'a>) -> Result<Shape<'s>, String> {
        Ok(match &node.kind {
            NodeKind::Null => Shape::Null,
            NodeKind::Bool(b) => Shape::Bool(*b),
            NodeKind::Number(n) => Shape::Number(*n),
            NodeKind::String(s) => Shape::String(Cow::Borrowed(s.as_ref())),
            NodeKind::BadString(e) => {
                let (line, col) = json_text::line_col(self.text, node.pos);
                return Err(format!("{PROTO}syntax error (line {line}:{col}): {e}"));
            }
            NodeKind::Array(_) => Shape::Array,
            NodeKind::Object(_) => Shape::Object,
        })
    }

    fn key_str<'k>(&self, key: &'k &'a Entry<'a>) -> &'k str {
        &key.key
    }

    fn entries(
        &self,
        node: &&'a Node<'a>,
        mut f: impl FnMut(&'a Entry<'a>, &'a Node<'a>) -> Result<(), String>,
    ) -> Result<(), String> {
        if let NodeKind::Object(entries) = &node.kind {
            for e in entries {
                f(e, &e.value)?;
            }
        }
        Ok(())
    }

    fn items(&self, node: &&'a Node<'a>, mut f: impl FnMut(&'a Node<'a>) -> Result<(), String>) -> Result<(), String> {
        if let NodeKind::Array(items) = &node.kind {
            for item in items {
                f(item)?;
            }
        }
        Ok(())
    }

    fn value_error(&self, node: &&'a Node<'a>, msg: impl FnOnce(&str) -> String) -> String {
        self.at(node.pos, &msg(node.raw))
    }

    fn close_error(&self, node: &&'a Node<'a>, msg: &str) -> String {
        self.at(node.close, msg)
    }

    fn syntax_error(&self, node: &&'a Node<'a>) -> String {
        let (line, col) = json_text::line_col(self.text, node.pos);
        format!("{PROTO}syntax error (line {line}:{col}): unexpected token {}", node.raw)
    }

    fn key_error(&self, key: &&'a Entry<'a>, msg: impl FnOnce(&str) -> String) -> String {
        self.at(key.key_pos, &msg(key.key_raw))
    }

    fn plain_error(&self, msg: &str) -> String {
        format!("{PROTO}{msg}")
    }
}
