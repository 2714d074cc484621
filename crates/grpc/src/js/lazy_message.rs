//! `Response.message` built on first read.
//!
//! A unary reply of a message with many fields costs more to turn into a JS object than the whole
//! HTTP/2 exchange (QuickJS adds one shape per property; ~50 properties for a mixed-type message),
//! yet most scripts only check `status`. So the Response carries the reply (still undecoded, see
//! [`Reply`]) and an own, enumerable `message` accessor: the first read decodes and converts it
//! (with the unary rules) and keeps the object, so every later read returns that same object; an
//! assignment replaces it. `Object.keys`, `JSON.stringify`, spreading and `console.log` see
//! `message` exactly as before. The one visible difference is
//! `Object.getOwnPropertyDescriptor(r, 'message')`, which shows get/set.
//!
//! The Response is an instance of [`LazyMessage`] (for the pending message) whose prototype is
//! `Object.prototype`, so it still looks like a plain object. The getter and setter are created
//! once per runtime.

use std::cell::RefCell;

use rquickjs::class::{JsClass, Readable, Trace, Tracer};
use rquickjs::function::This;
use rquickjs::runtime::UserDataGuard;
use rquickjs::{Class, Ctx, Exception, Function, JsLifetime, Object, Value, qjs};

use super::mapping::reply_to_js;
use crate::convert::fixed_atom;
use crate::transport::Reply;

/// The message of one Response, until it is first read.
pub(crate) struct LazyMessage<'js> {
    state: RefCell<State<'js>>,
}

enum State<'js> {
    Pending(Reply),
    /// Taken out while it is being converted (a garbage collection may run meanwhile).
    Converting,
    Ready(Value<'js>),
}

impl<'js> Trace<'js> for LazyMessage<'js> {
    fn trace<'a>(&self, tracer: Tracer<'a, 'js>) {
        if let Ok(state) = self.state.try_borrow() {
            if let State::Ready(value) = &*state {
                value.trace(tracer);
            }
        }
    }
}

// SAFETY: the only lifetime is the runtime's, carried by `Value<'js>`.
unsafe impl<'js> JsLifetime<'js> for LazyMessage<'js> {
    type Changed<'to> = LazyMessage<'to>;
}

impl<'js> JsClass<'js> for LazyMessage<'js> {
    const NAME: &'static str = "Object";
    type Mutable = Readable;

    fn prototype(ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        object_prototype(ctx).map(Some)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<rquickjs::function::Constructor<'js>>> {
        Ok(None)
    }
}

/// A new Response object whose `message` (its first key, not configurable: the Response gets sealed)
/// converts `message` when first read.
pub(crate) fn response_with_lazy_message<'js>(ctx: &Ctx<'js>, message: Reply) -> rquickjs::Result<Object<'js>> {
    // Interned before the accessors are looked up: user data cannot be stored while a guard of
    // any type is held.
    let atom = fixed_atom(ctx, "message")?;
    let (get, set, proto) = {
        let accessors = accessors(ctx)?;
        (accessors.get, accessors.set, accessors.object_prototype)
    };
    // SAFETY: the prototype is kept alive by the accessors; the new reference is owned by `proto`.
    let proto = unsafe { Value::from_raw(ctx.clone(), qjs::JS_DupValue(ctx.as_raw().as_ptr(), proto)) };
    let proto = proto.into_object().ok_or(rquickjs::Error::Unknown)?;
    let lazy = LazyMessage { state: RefCell::new(State::Pending(message)) };
    let object = Class::instance_proto(lazy, proto)?.into_inner();
    let flags = qjs::JS_PROP_HAS_GET
        | qjs::JS_PROP_HAS_SET
        | qjs::JS_PROP_HAS_ENUMERABLE
        | qjs::JS_PROP_ENUMERABLE
        | qjs::JS_PROP_HAS_CONFIGURABLE;
    // SAFETY: all values belong to this context; JS_DefineProperty takes references of its own.
    let status = unsafe {
        qjs::JS_DefineProperty(ctx.as_raw().as_ptr(), object.as_raw(), atom, qjs::JS_UNDEFINED, get, set, flags as _)
    };
    if status < 0 { Err(rquickjs::Error::Exception) } else { Ok(object) }
}

fn object_prototype<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    ctx.globals().get::<_, Object<'js>>("Object")?.get("prototype")
}

/// The getter: converts on the first read, then returns the same object.
fn get_message<'js>(ctx: Ctx<'js>, this: This<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    let Some(lazy) = this.0.as_object().and_then(Class::<LazyMessage<'js>>::from_object) else {
        return Ok(Value::new_undefined(ctx));
    };
    let lazy = lazy.borrow();
    if let State::Ready(value) = &*lazy.state.borrow() {
        return Ok(value.clone());
    }
    let State::Pending(pending) = lazy.state.replace(State::Converting) else {
        return Ok(Value::new_undefined(ctx));
    };
    // The reply was checked when it arrived, so this decodes; if it ever did not, the read throws.
    let converted = match pending.message() {
        Ok(message) => reply_to_js(&ctx, &message),
        Err(e) => Err(Exception::throw_internal(&ctx, &crate::transport::unmarshal_error(&e))),
    };
    match converted {
        Ok(value) => {
            *lazy.state.borrow_mut() = State::Ready(value.clone());
            Ok(value)
        }
        Err(e) => {
            *lazy.state.borrow_mut() = State::Pending(pending);
            Err(e)
        }
    }
}

/// The setter: what is assigned is what later reads return.
fn set_message<'js>(this: This<Value<'js>>, value: Value<'js>) {
    if let Some(lazy) = this.0.as_object().and_then(Class::<LazyMessage<'js>>::from_object) {
        *lazy.borrow().state.borrow_mut() = State::Ready(value);
    }
}

/// The runtime's getter and setter functions and `Object.prototype`, as raw values holding one
/// reference each.
struct Accessors {
    runtime: *mut qjs::JSRuntime,
    get: qjs::JSValue,
    set: qjs::JSValue,
    object_prototype: qjs::JSValue,
}

impl Drop for Accessors {
    fn drop(&mut self) {
        // SAFETY: user data is dropped while its runtime is alive; each value holds a reference.
        unsafe {
            qjs::JS_FreeValueRT(self.runtime, self.get);
            qjs::JS_FreeValueRT(self.runtime, self.set);
            qjs::JS_FreeValueRT(self.runtime, self.object_prototype);
        }
    }
}

// SAFETY: holds no JS values with a lifetime, only raw values of the runtime it is stored in.
unsafe impl<'js> JsLifetime<'js> for Accessors {
    type Changed<'to> = Accessors;
}

fn accessors<'a>(ctx: &'a Ctx<'_>) -> rquickjs::Result<UserDataGuard<'a, Accessors>> {
    if ctx.userdata::<Accessors>().is_none() {
        let get = Function::new(ctx.clone(), get_message)?;
        let set = Function::new(ctx.clone(), set_message)?;
        let object_prototype = object_prototype(ctx)?;
        let raw_ctx = ctx.as_raw().as_ptr();
        // SAFETY: a valid context; the duplicated references are released by `Accessors::drop`.
        let fresh = unsafe {
            Accessors {
                runtime: qjs::JS_GetRuntime(raw_ctx),
                get: qjs::JS_DupValue(raw_ctx, get.as_raw()),
                set: qjs::JS_DupValue(raw_ctx, set.as_raw()),
                object_prototype: qjs::JS_DupValue(raw_ctx, object_prototype.as_raw()),
            }
        };
        // Fails only while a guard of this type is alive, and none is.
        let _ = ctx.store_userdata(fresh);
    }
    ctx.userdata::<Accessors>().ok_or(rquickjs::Error::Unknown)
}
