//! Field-name property keys interned once per VU runtime.
//!
//! Building a reply object by name (`obj.set("fString", v)`) makes QuickJS hash every field name
//! into its atom table on every response; for small unary calls that lookup alone was a sixth of
//! the client's CPU. [`FieldAtoms`] keeps, per message type, the atoms of its fields' JSON names in
//! declaration order, stored as the runtime's user data so every response of that VU reuses them.
//!
//! The atoms are held as raw ids carrying one reference each. The cache only grows with the
//! message types a script receives and releases every reference when it is dropped (rquickjs drops
//! a runtime's user data just before it frees the runtime).

use std::cell::RefCell;
use std::rc::Rc;

use foldhash::HashMap;
use prost_reflect::{Cardinality, MessageDescriptor};
use rquickjs::runtime::UserDataGuard;
use rquickjs::{Ctx, IntoJs, JsLifetime, Object, Value, qjs};

/// The atoms of one message type's field JSON names, indexed like `descriptor.fields()` (field-number
/// order).
pub(super) type Atoms = Rc<[FieldAtom]>;

/// A field's JSON-name atom and number, and the facts about it that rendering a reply asks for every
/// field of every message (read once here: each lookup through the descriptor pool is a chain of
/// pointers, which showed up in profiles of streams).
#[derive(Clone, Copy)]
pub(super) struct FieldAtom {
    pub(super) atom: qjs::JSAtom,
    pub(super) number: u32,
    pub(super) repeated: bool,
    pub(super) is_map: bool,
    pub(super) in_oneof: bool,
    pub(super) has_presence: bool,
}

/// Per-runtime cache: message full name → (descriptor, atoms). Descriptors of equal names from
/// different pools (two clients loading different files) are told apart by descriptor equality.
struct FieldAtoms {
    runtime: *mut qjs::JSRuntime,
    by_name: RefCell<HashMap<String, Vec<(MessageDescriptor, Atoms)>>>,
    /// Fixed property names of the module's own objects (`Response` keys), by the address of the
    /// `&'static str`: no hashing of the text at all.
    fixed: RefCell<HashMap<usize, qjs::JSAtom>>,
    /// Objects kept only for their shapes (see [`keep_shapes`]), by the address of their key.
    shape_keepers: RefCell<HashMap<usize, Vec<qjs::JSValue>>>,
}

impl Drop for FieldAtoms {
    fn drop(&mut self) {
        let fields = self.by_name.get_mut().drain().flat_map(|(_, entries)| entries);
        let field_atoms: Vec<qjs::JSAtom> = fields.flat_map(|(_, atoms)| atoms.to_vec()).map(|f| f.atom).collect();
        for atom in field_atoms.into_iter().chain(self.fixed.get_mut().drain().map(|(_, atom)| atom)) {
            // SAFETY: user data is dropped while its runtime is still alive; each atom holds one
            // reference taken when it was interned.
            unsafe { qjs::JS_FreeAtomRT(self.runtime, atom) };
        }
        for value in self.shape_keepers.get_mut().drain().flat_map(|(_, values)| values) {
            // SAFETY: as above; each kept object holds one reference.
            unsafe { qjs::JS_FreeValueRT(self.runtime, value) };
        }
    }
}

// SAFETY: holds no JS values with a lifetime, only raw atom ids of the runtime it is stored in.
unsafe impl<'js> JsLifetime<'js> for FieldAtoms {
    type Changed<'to> = FieldAtoms;
}

/// This runtime's cache, created on first use.
fn cache<'a>(ctx: &'a Ctx<'_>) -> rquickjs::Result<UserDataGuard<'a, FieldAtoms>> {
    if ctx.userdata::<FieldAtoms>().is_none() {
        // SAFETY: a valid context.
        let runtime = unsafe { qjs::JS_GetRuntime(ctx.as_raw().as_ptr()) };
        let fresh = FieldAtoms {
            runtime,
            by_name: RefCell::default(),
            fixed: RefCell::default(),
            shape_keepers: RefCell::default(),
        };
        // Fails only while a guard of this type is alive, and none is.
        let _ = ctx.store_userdata(fresh);
    }
    ctx.userdata::<FieldAtoms>().ok_or(rquickjs::Error::Unknown)
}

/// The field-name atoms of `desc` in this runtime, interning them on first use.
pub(super) fn field_atoms(ctx: &Ctx<'_>, desc: &MessageDescriptor) -> rquickjs::Result<Atoms> {
    let cache = cache(ctx)?;
    let mut map = cache.by_name.borrow_mut();
    if let Some((_, atoms)) = map.get(desc.full_name()).and_then(|entries| entries.iter().find(|(d, _)| d == desc)) {
        return Ok(atoms.clone());
    }
    let atoms = intern(ctx, desc)?;
    map.entry(desc.full_name().to_owned()).or_default().push((desc.clone(), atoms.clone()));
    Ok(atoms)
}

/// Whether the objects of `key` are already kept (see [`keep_shapes`]).
pub(crate) fn shapes_kept(ctx: &Ctx<'_>, key: &'static str) -> rquickjs::Result<bool> {
    Ok(cache(ctx)?.shape_keepers.borrow().contains_key(&(key.as_ptr() as usize)))
}

/// Keeps `objects` alive for the runtime's lifetime, for their shapes only.
///
/// QuickJS finds an object's next shape in a runtime-wide hash only while some object has that
/// shape; otherwise every new object of a recurring layout clones its first shape and grows it
/// key by key, and frees it again when the object dies. Objects holding each prefix of a layout
/// (built once, with the same keys and flags as the real ones) keep the whole chain alive, so the
/// objects built on every call find each shape at once.
pub(crate) fn keep_shapes<'js>(ctx: &Ctx<'js>, key: &'static str, objects: Vec<Object<'js>>) -> rquickjs::Result<()> {
    let raw: Vec<qjs::JSValue> = objects
        .into_iter()
        // SAFETY: the duplicated reference is released when the cache is dropped.
        .map(|o| unsafe { qjs::JS_DupValue(ctx.as_raw().as_ptr(), o.as_raw()) })
        .collect();
    cache(ctx)?.shape_keepers.borrow_mut().insert(key.as_ptr() as usize, raw);
    Ok(())
}

/// Defines `obj[name] = value` for a name fixed in the program, its atom interned once per runtime,
/// as a key that can be neither deleted nor redefined: a key of an object that is then sealed with
/// `JS_PreventExtensions` (cheaper than `Object.seal`, which rewrites every key).
pub(crate) fn define_fixed_sealed<'js>(
    ctx: &Ctx<'js>,
    obj: &Object<'js>,
    name: &'static str,
    value: impl IntoJs<'js>,
) -> rquickjs::Result<()> {
    let value = value.into_js(ctx)?;
    let flags = qjs::JS_PROP_WRITABLE | qjs::JS_PROP_ENUMERABLE;
    define_with_flags(ctx, obj, fixed_atom(ctx, name)?, value, flags)
}

/// The atom of a name fixed in the program, interned once per runtime and kept alive by the cache.
pub(crate) fn fixed_atom(ctx: &Ctx<'_>, name: &'static str) -> rquickjs::Result<qjs::JSAtom> {
    let cache = cache(ctx)?;
    let mut fixed = cache.fixed.borrow_mut();
    if let Some(&atom) = fixed.get(&(name.as_ptr() as usize)) {
        return Ok(atom);
    }
    let atom = new_atom(ctx, name)?;
    fixed.insert(name.as_ptr() as usize, atom);
    Ok(atom)
}

fn new_atom(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<qjs::JSAtom> {
    // SAFETY: a valid context and a (pointer, length) pair of a live string.
    let atom = unsafe { qjs::JS_NewAtomLen(ctx.as_raw().as_ptr(), name.as_ptr().cast(), name.len() as _) };
    if atom == qjs::JS_ATOM_NULL { Err(rquickjs::Error::Exception) } else { Ok(atom) }
}

/// New atoms for `desc`'s field names, one reference each (all released again on failure).
fn intern(ctx: &Ctx<'_>, desc: &MessageDescriptor) -> rquickjs::Result<Atoms> {
    let mut atoms = Vec::with_capacity(desc.fields().len());
    for field in desc.fields() {
        match new_atom(ctx, field.json_name()) {
            Ok(atom) => atoms.push(FieldAtom {
                atom,
                number: field.number(),
                repeated: field.cardinality() == Cardinality::Repeated,
                is_map: field.is_map(),
                in_oneof: field.containing_oneof().is_some(),
                has_presence: field.supports_presence(),
            }),
            Err(e) => {
                for a in &atoms {
                    // SAFETY: each was interned just above.
                    unsafe { qjs::JS_FreeAtom(ctx.as_raw().as_ptr(), a.atom) };
                }
                return Err(e);
            }
        }
    }
    Ok(atoms.into())
}

/// Defines `obj[atom] = value` as an own enumerable, writable, configurable property — what
/// `JSON.parse` produces, without consulting setters on the prototype chain.
pub(super) fn define<'js>(
    ctx: &Ctx<'js>,
    obj: &Object<'js>,
    atom: qjs::JSAtom,
    value: Value<'js>,
) -> rquickjs::Result<()> {
    define_with_flags(ctx, obj, atom, value, qjs::JS_PROP_C_W_E)
}

fn define_with_flags<'js>(
    ctx: &Ctx<'js>,
    obj: &Object<'js>,
    atom: qjs::JSAtom,
    value: Value<'js>,
    flags: u32,
) -> rquickjs::Result<()> {
    let raw_ctx = ctx.as_raw().as_ptr();
    // The property takes a reference of its own; `value` (and the context reference it holds)
    // is released as usual when it goes out of scope.
    // SAFETY: `obj` and `value` belong to this context; `atom` was interned in its runtime and is
    // kept alive by the cache.
    let status = unsafe {
        let raw = qjs::JS_DupValue(raw_ctx, value.as_raw());
        qjs::JS_DefinePropertyValue(raw_ctx, obj.as_raw(), atom, raw, flags as _)
    };
    if status < 0 { Err(rquickjs::Error::Exception) } else { Ok(()) }
}
