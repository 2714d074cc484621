//! The `k6` module: check, group, sleep, fail, randomSeed.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};

use crate::api::vu;
use crate::modules::gorand::GoRand;

pub(super) fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let m = Object::new(ctx.clone())?;
    m.set("check", Function::new(ctx.clone(), check)?.with_name("check")?)?;
    m.set("group", Function::new(ctx.clone(), group)?.with_name("group")?)?;
    m.set("sleep", Function::new(ctx.clone(), sleep)?.with_name("sleep")?)?;
    m.set("fail", Function::new(ctx.clone(), fail)?.with_name("fail")?)?;
    m.set("randomSeed", Function::new(ctx.clone(), random_seed)?.with_name("randomSeed")?)?;
    Ok(m)
}

fn check<'js>(ctx: Ctx<'js>, val: Value<'js>, sets: Object<'js>, tags: Opt<Object<'js>>) -> rquickjs::Result<bool> {
    let state = vu(&ctx);
    if state.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "check() is not supported in the init context"));
    }
    let extra = super::tags_from_object(tags.0.as_ref());
    let checks = state.program.builtin.checks;
    let mut all = true;
    for entry in sets.props::<String, Value<'js>>() {
        let (name, cond) = entry?;
        if name.contains("::") {
            return Err(crate::api::throw_go_error(&ctx, "group and check names may not contain '::'"));
        }
        let record = |ok: bool| {
            let mut pairs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            pairs.push(("check", name.as_str()));
            state.record(checks, if ok { 1.0 } else { 0.0 }, &pairs);
        };
        let ok = if let Some(f) = cond.as_function() {
            if is_async(f) {
                return Err(crate::api::throw_go_error(
                    &ctx,
                    "check() does not support async functions as check conditions",
                ));
            }
            match f.call::<_, Value<'js>>((val.clone(),)) {
                Ok(v) => truthy(&v),
                Err(e) => {
                    record(false);
                    return Err(e);
                }
            }
        } else {
            truthy(&cond)
        };
        record(ok);
        all &= ok;
    }
    Ok(all)
}

fn truthy(v: &Value<'_>) -> bool {
    if let Some(b) = v.as_bool() {
        return b;
    }
    if v.is_null() || v.is_undefined() {
        return false;
    }
    if let Some(n) = v.as_number() {
        return n != 0.0 && !n.is_nan();
    }
    if let Some(s) = v.as_string() {
        return !s.to_string().unwrap_or_default().is_empty();
    }
    true
}

fn is_async(f: &Function<'_>) -> bool {
    f.get::<_, Object<'_>>("constructor").and_then(|c| c.get::<_, String>("name")).is_ok_and(|n| n == "AsyncFunction")
}

fn group<'js>(ctx: Ctx<'js>, name: String, f: Function<'js>) -> rquickjs::Result<Value<'js>> {
    let state = vu(&ctx);
    if state.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "group() is not supported in the init context"));
    }
    if name.contains("::") {
        return Err(crate::api::throw_go_error(&ctx, "group and check names may not contain '::'"));
    }
    if is_async(&f) {
        return Err(crate::api::throw_go_error(
            &ctx,
            "group() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/ for more info",
        ));
    }
    let outer = state.group();
    let inner = format!("{outer}::{name}");
    state.set_group(inner);
    let started = Instant::now();
    let result = f.call::<_, Value<'js>>(());
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    state.record(state.program.builtin.group_duration, elapsed, &[]);
    state.set_group(outer);
    result
}

fn sleep(ctx: Ctx<'_>, seconds: Opt<f64>) -> rquickjs::Result<()> {
    let secs = seconds.0.unwrap_or(0.0);
    if !secs.is_finite() || secs <= 0.0 {
        return Ok(());
    }
    crate::vu::vu_sleep(&ctx, Duration::from_secs_f64(secs))
}

fn fail<'js>(ctx: Ctx<'js>, msg: Opt<Value<'js>>) -> rquickjs::Result<()> {
    let text = match msg.0 {
        Some(v) if !v.is_undefined() => rquickjs::Coerced::<String>::from_js(&ctx, v)?.0,
        _ => String::new(),
    };
    Err(crate::api::throw_go_error(&ctx, &text))
}

use rquickjs::FromJs;

fn random_seed(ctx: Ctx<'_>, seed: f64) -> rquickjs::Result<()> {
    let rng = Rc::new(RefCell::new(GoRand::new(seed as i64)));
    let random = Function::new(ctx.clone(), move || rng.borrow_mut().float64())?.with_name("random")?;
    let math: Object<'_> = ctx.globals().get("Math")?;
    math.set("random", random)?;
    Ok(())
}
