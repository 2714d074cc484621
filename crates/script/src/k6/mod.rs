//! k6's own modules: `k6`, `k6/metrics`, `k6/execution`, `k6/data`, `k6/timers`, plus the
//! encoding and crypto modules from [`crate::modules`].

mod core;
mod data;
mod execution;
mod metrics;

use rquickjs::{Ctx, Object};

use crate::program::ModuleBuilder;

/// The native modules every program has.
pub(crate) fn builtin_modules() -> Vec<(&'static str, ModuleBuilder)> {
    vec![
        ("k6", core::build as ModuleBuilder),
        ("k6/metrics", metrics::build),
        ("k6/execution", execution::build),
        ("k6/data", data::build),
        ("k6/timers", timers),
        ("k6/encoding", crate::modules::encoding::build),
        ("k6/crypto", crate::modules::crypto::build),
    ]
}

fn timers<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let g = ctx.globals();
    let o = Object::new(ctx.clone())?;
    for name in ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] {
        o.set(name, g.get::<_, rquickjs::Value<'js>>(name)?)?;
    }
    Ok(o)
}

/// The tags a script passes as an object (`check(v, sets, tags)`, `metric.add(v, tags)`), values
/// converted with `String()` as k6 does.
pub(crate) fn tags_from_object(tags: Option<&Object<'_>>) -> Vec<(String, String)> {
    match tags {
        Some(t) => {
            t.props::<String, rquickjs::Coerced<String>>().filter_map(Result::ok).map(|(k, v)| (k, v.0)).collect()
        }
        None => Vec::new(),
    }
}
