//! `k6/execution`: live views of the VU, scenario, instance and test, with k6 v1.1.0's
//! restrictions per lifecycle phase (§2.8 of the core spec).

use crate::factory::eval_factory;
use std::sync::atomic::Ordering;

use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, Object, Value};

use crate::api::vu;
use crate::log::Level;
use crate::state::Phase;

const EXEC_JS: &str = r#"
(function (n) {
  const mapProxy = (get, set) => new Proxy({}, {
    get(_, k) { return typeof k === 'string' ? get()[k] : undefined; },
    set(_, k, v) { set(String(k), v); return true; },
    deleteProperty(_, k) { set(String(k), undefined); return true; },
    has(_, k) { return k in get(); },
    ownKeys() { return Reflect.ownKeys(get()); },
    getOwnPropertyDescriptor(_, k) {
      const m = get();
      return k in m ? { value: m[k], enumerable: true, configurable: true, writable: true } : undefined;
    },
  });
  const tags = mapProxy(n.getTags, n.setTag);
  const metadata = mapProxy(n.getMetadata, n.setMetadata);
  const getters = (src, keys) => {
    const o = {};
    for (const k of keys) Object.defineProperty(o, k, { get: () => src()[k], enumerable: true });
    return o;
  };
  const vu = getters(n.vu, ['idInInstance', 'idInTest', 'iterationInInstance', 'iterationInScenario']);
  Object.defineProperty(vu, 'tags', { get: () => { n.vu(); return tags; }, enumerable: true });
  Object.defineProperty(vu, 'metrics', { get: () => { n.vu(); return { tags, metadata }; }, enumerable: true });
  const scenario = getters(n.scenario, ['name', 'executor', 'startTime', 'progress', 'iterationInInstance', 'iterationInTest']);
  const instance = getters(n.instance, ['currentTestRunDuration', 'iterationsCompleted', 'iterationsInterrupted', 'vusActive', 'vusInitialized']);
  const test = { abort: n.abort, fail: n.fail };
  Object.defineProperty(test, 'options', { get: () => n.options(), enumerable: true });
  const exec = { vu, scenario, instance, test };
  return exec;
})
"#;

pub(super) fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let factory: Function<'js> = eval_factory(ctx, "k6/execution", EXEC_JS)?;
    let n = Object::new(ctx.clone())?;
    n.set("vu", Function::new(ctx.clone(), vu_info)?)?;
    n.set("scenario", Function::new(ctx.clone(), scenario_info)?)?;
    n.set("instance", Function::new(ctx.clone(), instance_info)?)?;
    n.set("options", Function::new(ctx.clone(), options)?)?;
    n.set("abort", Function::new(ctx.clone(), abort)?.with_name("abort")?)?;
    n.set("fail", Function::new(ctx.clone(), fail)?.with_name("fail")?)?;
    n.set("getTags", Function::new(ctx.clone(), get_tags)?)?;
    n.set("setTag", Function::new(ctx.clone(), set_tag)?)?;
    n.set("getMetadata", Function::new(ctx.clone(), get_metadata)?)?;
    n.set("setMetadata", Function::new(ctx.clone(), set_metadata)?)?;
    let exec: Object<'js> = factory.call((n,))?;
    Ok(exec)
}

fn vu_info<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let s = vu(&ctx);
    if s.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "getting VU information in the init context is not supported"));
    }
    let o = Object::new(ctx.clone())?;
    let regular = s.phase() == Phase::Iteration;
    o.set("idInInstance", if regular { s.id } else { 0 } as f64)?;
    o.set("idInTest", if regular { s.id_in_test } else { 0 } as f64)?;
    o.set("iterationInInstance", s.iteration().unwrap_or(0) as f64)?;
    o.set("iterationInScenario", if regular { s.iteration_in_scenario() } else { 0 } as f64)?;
    Ok(o)
}

fn scenario_info<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let s = vu(&ctx);
    let scenario = match (s.phase(), s.scenario()) {
        (Phase::Iteration, Some(sc)) => sc,
        (Phase::Init, _) => {
            return Err(crate::api::throw_go_error(
                &ctx,
                "getting scenario information in the init context is not supported",
            ));
        }
        _ => {
            return Err(crate::api::throw_go_error(
                &ctx,
                "getting scenario information outside of the VU context is not supported",
            ));
        }
    };
    let o = Object::new(ctx.clone())?;
    o.set("name", scenario.name.as_str())?;
    o.set("executor", scenario.executor.as_str())?;
    o.set("startTime", scenario.start_unix_ms.load(Ordering::Relaxed) as f64)?;
    o.set("progress", scenario.progress())?;
    o.set("iterationInInstance", s.scenario_iteration() as f64)?;
    o.set("iterationInTest", scenario.iteration_in_test(s.scenario_iteration()) as f64)?;
    Ok(o)
}

fn instance_info<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let s = vu(&ctx);
    if matches!(s.phase(), Phase::Init | Phase::Teardown) {
        return Err(crate::api::throw_go_error(
            &ctx,
            "getting instance information in the init context is not supported",
        ));
    }
    let c = &s.program.instance;
    let o = Object::new(ctx.clone())?;
    o.set("currentTestRunDuration", c.elapsed_ms())?;
    o.set("iterationsCompleted", c.iterations_completed.load(Ordering::Relaxed) as f64)?;
    o.set("iterationsInterrupted", c.iterations_interrupted.load(Ordering::Relaxed) as f64)?;
    o.set("vusActive", c.vus_active.load(Ordering::Relaxed) as f64)?;
    o.set("vusInitialized", c.vus_initialized.load(Ordering::Relaxed) as f64)?;
    Ok(o)
}

fn options<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Value<'js>> {
    let s = vu(&ctx);
    if s.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "getting test options in the init context is not supported"));
    }
    let json = s.program.options_json().to_string();
    let v = ctx.json_parse(json)?;
    let freeze: Function<'js> = ctx.eval("(o) => { const f = (x) => { if (x && typeof x === 'object') { Object.values(x).forEach(f); Object.freeze(x); } return x; }; return f(o); }")?;
    freeze.call((v,))
}

fn abort(ctx: Ctx<'_>, msg: Opt<String>) -> rquickjs::Result<()> {
    let s = vu(&ctx);
    let mut reason = "test aborted".to_string();
    if let Some(m) = msg.0.filter(|m| !m.is_empty()) {
        reason.push_str(": ");
        reason.push_str(&m);
        // As k6: VU code names the calling frame, the init context its position; setup() and
        // teardown() give the message alone.
        let frame = match s.phase() {
            Phase::Iteration => caller_frame(&ctx),
            Phase::Init => caller_frame(&ctx).map(|f| position_only(&f).to_string()),
            _ => None,
        };
        if let Some(frame) = frame {
            reason.push_str(" at ");
            reason.push_str(&frame);
        }
    }
    s.program.signals.abort(reason.clone());
    s.set_aborting();
    Err(crate::api::throw_go_error(&ctx, &reason))
}

/// `default (file:///x.js:3:45)`: the JS frame that called a native, as k6 names it.
fn caller_frame(ctx: &Ctx<'_>) -> Option<String> {
    let stack: String = ctx.eval::<String, _>("new Error().stack").ok()?;
    stack
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("at ").filter(|f| !f.starts_with("<eval>")).map(str::to_string))
}

/// `file:///x.js:2:11` of a frame `<anonymous> (file:///x.js:2:11)`.
fn position_only(frame: &str) -> &str {
    frame.rsplit_once(" (").map_or(frame, |(_, position)| position.strip_suffix(')').unwrap_or(position))
}

fn fail(ctx: Ctx<'_>, msg: Opt<String>) -> rquickjs::Result<()> {
    let s = vu(&ctx);
    let text = match msg.0 {
        Some(m) if !m.is_empty() => format!("test marked as failed: {m}"),
        _ => "test marked as failed".to_string(),
    };
    s.program.logger.log(Level::Error, &text, &[]);
    s.program.signals.mark_failed();
    Ok(())
}

fn map_object<'js>(ctx: &Ctx<'js>, map: std::collections::BTreeMap<String, String>) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    for (k, v) in map {
        o.set(k, v)?;
    }
    Ok(o)
}

fn get_tags<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let s = vu(&ctx);
    let mut m = std::collections::BTreeMap::new();
    for (k, v) in s.tags().iter() {
        m.insert(k.to_string(), v.to_string());
    }
    map_object(&ctx, m)
}

fn set_tag<'js>(ctx: Ctx<'js>, key: String, value: Value<'js>) -> rquickjs::Result<()> {
    let s = vu(&ctx);
    let v = tag_value(&ctx, &key, value)?;
    s.set_user_tag(&key, v);
    Ok(())
}

fn get_metadata<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    map_object(&ctx, vu(&ctx).metadata())
}

fn set_metadata<'js>(ctx: Ctx<'js>, key: String, value: Value<'js>) -> rquickjs::Result<()> {
    let v = tag_value(&ctx, &key, value)?;
    vu(&ctx).set_metadata(&key, v);
    Ok(())
}

fn tag_value<'js>(ctx: &Ctx<'js>, key: &str, value: Value<'js>) -> rquickjs::Result<Option<String>> {
    if value.is_undefined() {
        return Ok(None);
    }
    if value.is_string() || value.is_number() || value.is_bool() {
        return Ok(Some(rquickjs::Coerced::<String>::from_js(ctx, value)?.0));
    }
    Err(Exception::throw_type(
        ctx,
        &format!(
            "invalid value for metric tag '{key}': only String, Boolean and Number types are accepted as a metric tag value"
        ),
    ))
}

use rquickjs::FromJs;
