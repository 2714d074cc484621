//! `client.load()` and `client.loadProtoset()`: init-context only, parsed once per test through
//! the run-wide [`ProtoCache`], merged into the client, answered with k6's `MethodInfo` objects
//! (snake_case keys, as k6 1.1.0 returns them).

use std::sync::Arc;

use rquickjs::{Array, Coerced, Ctx, Exception, FromJs, Object, Value};
use script::api::{throw_go_error, vu};

use super::client::ClientState;
use super::protocache::{Loaded, ProtoCache};

const LOAD_OUTSIDE_INIT: &str = "load must be called in the init context";

pub(super) fn load<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    paths: Value<'js>,
    files: Array<'js>,
) -> rquickjs::Result<Array<'js>> {
    let vu = vu(ctx);
    if !vu.in_init() {
        return Err(throw_go_error(ctx, LOAD_OUTSIDE_INIT));
    }
    let import_paths = string_list(ctx, &paths)?;
    let files: Vec<String> =
        files.iter::<Coerced<String>>().map(|f| f.map(|f| f.0)).collect::<rquickjs::Result<_>>()?;
    if files.is_empty() {
        return Array::new(ctx.clone());
    }
    let cache = vu.program.extension(ProtoCache::default);
    let loaded = cache.protos(script_dir(&vu.program), import_paths, files).map_err(|e| throw_go_error(ctx, &e))?;
    finish_load(ctx, state, &loaded)
}

pub(super) fn load_protoset<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    path: Option<Value<'js>>,
) -> rquickjs::Result<Array<'js>> {
    let vu = vu(ctx);
    if !vu.in_init() {
        return Err(throw_go_error(ctx, LOAD_OUTSIDE_INIT));
    }
    let path = match path {
        Some(v) if !v.is_undefined() && !v.is_null() => Coerced::<String>::from_js(ctx, v)?.0,
        _ => String::new(),
    };
    let cache = vu.program.extension(ProtoCache::default);
    let loaded = cache.protoset(script_dir(&vu.program), path).map_err(|e| throw_go_error(ctx, &e))?;
    finish_load(ctx, state, &loaded)
}

fn finish_load<'js>(ctx: &Ctx<'js>, state: &ClientState, loaded: &Arc<Loaded>) -> rquickjs::Result<Array<'js>> {
    state.add_pool(&loaded.pool).map_err(|e| throw_go_error(ctx, &e))?;
    let out = Array::new(ctx.clone())?;
    for (i, m) in loaded.methods.iter().enumerate() {
        let o = Object::new(ctx.clone())?;
        o.set("package", m.package.as_str())?;
        o.set("service", m.service.as_str())?;
        o.set("full_method", m.full_method.as_str())?;
        o.set("name", m.name.as_str())?;
        o.set("is_client_stream", m.is_client_stream)?;
        o.set("is_server_stream", m.is_server_stream)?;
        out.set(i, o)?;
    }
    Ok(out)
}

fn script_dir(program: &script::Program) -> &std::path::Path {
    program.script.parent().unwrap_or_else(|| std::path::Path::new("."))
}

/// k6's `[]string` conversion of `importPaths`: null/undefined are empty, arrays give their items.
fn string_list<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Vec<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(Vec::new());
    }
    let Some(array) = value.as_array() else {
        let shown = Coerced::<String>::from_js(ctx, value.clone()).map(|c| c.0).unwrap_or_default();
        return Err(Exception::throw_type(
            ctx,
            &format!("could not convert function call parameter 0: could not convert {shown} to []string"),
        ));
    };
    array.iter::<Coerced<String>>().map(|v| v.map(|v| v.0)).collect()
}
