//! An object's own enumerable string-keyed properties (what `JSON.stringify` walks) by their
//! atoms: request fields are matched against the per-runtime field atoms, so a member name becomes
//! Rust text only when something needs the text (map keys, proto names, errors).

use std::ptr::NonNull;

use rquickjs::{Ctx, Object, Value, qjs};

/// The property names of one object, held until dropped.
pub(super) struct OwnProps<'js> {
    ctx: Ctx<'js>,
    tab: *mut qjs::JSPropertyEnum,
    len: u32,
}

impl<'js> OwnProps<'js> {
    /// The names of `obj`'s own enumerable string-keyed properties, in property order.
    pub(super) fn of(ctx: &Ctx<'js>, obj: &Object<'js>) -> rquickjs::Result<Self> {
        let mut tab = std::ptr::null_mut();
        let mut len = 0;
        let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_ENUM_ONLY) as _;
        // SAFETY: a valid context and object; on success the table is ours to free.
        let status =
            unsafe { qjs::JS_GetOwnPropertyNames(ctx.as_raw().as_ptr(), &mut tab, &mut len, obj.as_raw(), flags) };
        if status < 0 {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Self { ctx: ctx.clone(), tab, len })
    }

    /// The atoms, valid while `self` lives.
    pub(super) fn atoms(&self) -> impl Iterator<Item = qjs::JSAtom> + use<'_, 'js> {
        let tab = self.tab;
        // SAFETY: `tab` holds `len` entries until drop.
        (0..self.len as usize).map(move |i| unsafe { (*tab.add(i)).atom })
    }

    /// `obj[atom]`, getters included.
    pub(super) fn get(&self, obj: &Object<'js>, atom: qjs::JSAtom) -> rquickjs::Result<Value<'js>> {
        // SAFETY: a valid context, object and atom; the result carries its own reference.
        let raw = unsafe { qjs::JS_GetProperty(self.ctx.as_raw().as_ptr(), obj.as_raw(), atom) };
        if unsafe { qjs::JS_IsException(raw) } {
            return Err(rquickjs::Error::Exception);
        }
        // SAFETY: `raw` is an owned value of this context.
        Ok(unsafe { Value::from_raw(self.ctx.clone(), raw) })
    }
}

impl Drop for OwnProps<'_> {
    fn drop(&mut self) {
        // SAFETY: the table came from JS_GetOwnPropertyNames and is freed once.
        unsafe { qjs::JS_FreePropertyEnum(self.ctx.as_raw().as_ptr(), self.tab, self.len) };
    }
}

/// An atom's text.
pub(super) fn atom_text(ctx: NonNull<qjs::JSContext>, atom: qjs::JSAtom) -> String {
    let raw_ctx = ctx.as_ptr();
    let mut len = 0;
    // SAFETY: a valid context and atom; the C string is freed right after it is copied.
    unsafe {
        let ptr = qjs::JS_AtomToCStringLen(raw_ctx, &mut len, atom);
        if ptr.is_null() {
            return String::new();
        }
        let text = String::from_utf8_lossy(std::slice::from_raw_parts(ptr.cast::<u8>(), len as usize)).into_owned();
        qjs::JS_FreeCString(raw_ctx, ptr);
        text
    }
}
