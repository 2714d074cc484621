//! Globals every VU has: `__ENV`, `__VU`, `__ITER`, `open()`, `console`, the timer functions,
//! `crypto`, and `global`.

use crate::factory::eval_factory;
use std::path::{Path, PathBuf};

use rquickjs::function::{Opt, Rest};
use rquickjs::object::Accessor;
use rquickjs::{ArrayBuffer, Ctx, Function, Object, Persistent, Value};

use crate::api::vu;
use crate::log::Level;
use crate::state::VuState;

/// Timer and event-loop shims written in JS over two natives; k6/timers exports the same functions.
const TIMERS_JS: &str = r#"
(function (timer, clear) {
  const timers = new Map();
  let nextId = 1;
  const ms = (d) => { const n = Number(d); return n > 0 ? n : 0; };
  function setTimeout(fn, delay, ...args) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout requires a function');
    const id = nextId++;
    timers.set(id, timer(ms(delay), () => { timers.delete(id); fn(...args); }));
    return id;
  }
  function setInterval(fn, delay, ...args) {
    if (typeof fn !== 'function') throw new TypeError('setInterval requires a function');
    const id = nextId++;
    const arm = () => timers.set(id, timer(ms(delay), () => { arm(); fn(...args); }));
    arm();
    return id;
  }
  function clearTimeout(id) {
    const op = timers.get(id);
    if (op !== undefined) { timers.delete(id); clear(op); }
  }
  return { setTimeout, clearTimeout, setInterval, clearInterval: clearTimeout };
})
"#;

/// Installs the globals into a fresh VU context.
pub(crate) fn install(ctx: &Ctx<'_>, state: &VuState) -> rquickjs::Result<()> {
    let g = ctx.globals();
    g.set("global", g.clone())?;
    let env = Object::new(ctx.clone())?;
    for (k, v) in &state.program.env {
        env.set(k.as_str(), v.as_str())?;
    }
    g.set("__ENV", env)?;
    g.prop("__VU", Accessor::new_get(|ctx: Ctx<'_>| Ok::<_, rquickjs::Error>(vu(&ctx).id as f64)))?;
    g.prop(
        "__ITER",
        Accessor::new_get(|ctx: Ctx<'_>| Ok::<_, rquickjs::Error>(vu(&ctx).iteration().map(|i| i as f64))),
    )?;
    g.set("open", Function::new(ctx.clone(), open)?.with_name("open")?)?;
    install_console(ctx)?;
    let timers = timers(ctx)?;
    for name in ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] {
        g.set(name, timers.get::<_, Value<'_>>(name)?)?;
    }
    crate::modules::crypto::install_globals(ctx)?;
    crate::modules::jslib::install_summary_natives(ctx)?;
    Ok(())
}

/// Builds the timer functions (shared by the globals and `k6/timers`).
pub(crate) fn timers<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let factory: Function<'js> = eval_factory(ctx, "timers", TIMERS_JS)?;
    let timer = Function::new(ctx.clone(), |ctx: Ctx<'js>, delay: f64, cb: Function<'js>| {
        let cb = Persistent::save(&ctx, cb);
        let d = std::time::Duration::from_secs_f64(delay.max(0.0) / 1000.0);
        let op = vu(&ctx).event_loop.spawn(tokio::time::sleep(d), move |ctx, ()| cb.restore(ctx)?.call::<_, ()>(()));
        Ok::<_, rquickjs::Error>(op.as_u64() as f64)
    })?;
    let clear = Function::new(ctx.clone(), |ctx: Ctx<'js>, op: f64| {
        vu(&ctx).event_loop.cancel(crate::event_loop::OpId::from_u64(op as u64));
    })?;
    factory.call((timer, clear))
}

/// Overlays a scenario's `env` on `__ENV` (k6 gives VUs of that scenario the merged map).
pub(crate) fn apply_scenario_env(
    ctx: &Ctx<'_>,
    state: &VuState,
    scenario_env: &[(String, String)],
) -> rquickjs::Result<()> {
    let env = Object::new(ctx.clone())?;
    for (k, v) in state.program.env.iter().chain(scenario_env) {
        env.set(k.as_str(), v.as_str())?;
    }
    ctx.globals().set("__ENV", env)
}

fn install_console<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    for (name, level) in [
        ("log", Level::Info),
        ("info", Level::Info),
        ("debug", Level::Debug),
        ("warn", Level::Warning),
        ("error", Level::Error),
    ] {
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            let text = crate::log::render_console_args(&ctx, &args.0);
            vu(&ctx).program.logger.console(level, &text);
        })?
        .with_name(name)?;
        console.set(name, f)?;
    }
    ctx.globals().set("console", console)
}

/// `open(path[, "b"])`: reads a file relative to the script, in the init context only.
fn open<'js>(ctx: Ctx<'js>, path: String, mode: Opt<String>) -> rquickjs::Result<Value<'js>> {
    let state = vu(&ctx);
    if !state.in_init() {
        return Err(crate::api::throw_go_error(
            &ctx,
            "the \"open\" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information",
        ));
    }
    let path = path.strip_prefix("file://").unwrap_or(&path);
    if path.is_empty() {
        return Err(crate::api::throw_go_error(&ctx, "open() can't be used with an empty filename"));
    }
    let base = state.program.script.parent().map(Path::to_path_buf).unwrap_or_default();
    let full: PathBuf = if Path::new(path).is_absolute() { PathBuf::from(path) } else { base.join(path) };
    if full.is_dir() {
        return Err(crate::api::throw_go_error(&ctx, &format!("open {}: is a directory", full.display())));
    }
    let data = state.program.read_file(&full).map_err(|e| {
        let reason = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file or directory".to_string()
        } else {
            e.to_string()
        };
        crate::api::throw_go_error(&ctx, &format!("open {}: {reason}", full.display()))
    })?;
    if mode.0.as_deref() == Some("b") {
        Ok(ArrayBuffer::new_copy(ctx, &*data)?.into_value())
    } else {
        Ok(rquickjs::String::from_str(ctx, &String::from_utf8_lossy(&data))?.into_value())
    }
}
