//! Glue code written in JS (the factories behind `k6/metrics`, `k6/execution`, timers,
//! `k6/net/grpc`, …), compiled once per process instead of once per VU.
//!
//! Each VU used to parse every factory's source when it started; at 10,000 VUs that parsing was
//! a fifth of the start-up CPU. A factory's source is fixed at build time, so its bytecode is
//! written once (as a module whose default export is the factory expression) and every VU loads
//! that bytecode.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rquickjs::module::{Declared, WriteOptions};
use rquickjs::{Ctx, FromJs, Module};

/// Bytecode of each factory, by name.
fn cache() -> &'static Mutex<HashMap<&'static str, Arc<[u8]>>> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Arc<[u8]>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// Evaluates `source`, one JS expression (usually a function; a trailing `;` is allowed), in
/// strict mode, and returns its value. `name`
/// identifies the source for the process-wide bytecode cache and in stack traces; each name must
/// always come with the same source.
pub fn eval_factory<'js, T: FromJs<'js>>(
    ctx: &Ctx<'js>,
    name: &'static str,
    source: &'static str,
) -> rquickjs::Result<T> {
    let module = declared(ctx, name, source)?;
    let (module, _done) = module.eval()?;
    module.get("default")
}

fn declared<'js>(ctx: &Ctx<'js>, name: &'static str, source: &'static str) -> rquickjs::Result<Module<'js, Declared>> {
    let cached = cache().lock().ok().and_then(|map| map.get(name).cloned());
    if let Some(bytes) = cached {
        // SAFETY: the bytes were written by Module::write in this process, with this QuickJS build.
        return unsafe { Module::load(ctx.clone(), &bytes) };
    }
    // The expression may end with a statement's `;`, which cannot stand inside the parentheses.
    let expression = source.trim_end().trim_end_matches(';');
    let code = format!("export default (\n{expression}\n);");
    let module = Module::declare(ctx.clone(), format!("stampede:internal/{name}"), code)?;
    // Without their source text: every VU would hold a copy of it (per nested function) only for
    // `Function.prototype.toString`, which then says `[native code]`, as for k6's Go natives.
    let options = WriteOptions { strip_source: true, ..WriteOptions::default() };
    if let (Ok(bytes), Ok(mut map)) = (module.write(options), cache().lock()) {
        map.insert(name, Arc::from(bytes));
    }
    Ok(module)
}
