//! `k6/data`: SharedArray. Elements are serialised once per run (by the first VU that constructs
//! the array) and parsed lazily on access in each VU, so a large data file costs memory once.

use crate::factory::eval_factory;
use rquickjs::{Ctx, Function, Object, Value};

use crate::api::vu;

const SHARED_ARRAY_JS: &str = r#"
(function (make, get) {
  return class SharedArray {
    constructor(name, fn) {
      const len = make(name, fn);
      const target = [];
      return new Proxy(target, {
        get(t, k) {
          if (k === 'length') return len;
          if (typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k)) { const i = Number(k); return i < len ? get(name, i) : undefined; }
          if (k === Symbol.iterator) return function* () { for (let i = 0; i < len; i++) yield get(name, i); };
          const v = Array.prototype[k];
          return typeof v === 'function' ? v : undefined;
        },
        set() { throw new TypeError('SharedArray is read-only'); },
        has(t, k) { return k === 'length' || (typeof k === 'string' && Number(k) < len); },
      });
    }
  };
})
"#;

pub(super) fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let factory: Function<'js> = eval_factory(ctx, "k6/data", SHARED_ARRAY_JS)?;
    let class: Value<'js> = factory.call((Function::new(ctx.clone(), make)?, Function::new(ctx.clone(), get)?))?;
    let m = Object::new(ctx.clone())?;
    m.set("SharedArray", class)?;
    Ok(m)
}

fn make<'js>(ctx: Ctx<'js>, name: String, f: Function<'js>) -> rquickjs::Result<f64> {
    let s = vu(&ctx);
    if !s.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "new SharedArray must be called in the init context"));
    }
    if name.is_empty() {
        return Err(crate::api::throw_go_error(&ctx, "empty name provided to SharedArray's constructor"));
    }
    let items = s.program.shared_array(&name, || {
        let arr: Value<'js> = f.call(())?;
        let Some(array) = arr.as_array() else {
            return Err(crate::api::throw_go_error(&ctx, "only arrays can be made into SharedArray"));
        };
        let mut out = Vec::with_capacity(array.len());
        for v in array.iter::<Value<'js>>() {
            let json = ctx.json_stringify(v?)?.map(|s| s.to_string()).transpose()?.unwrap_or_else(|| "null".into());
            out.push(json);
        }
        Ok(out)
    })?;
    Ok(items.len() as f64)
}

fn get<'js>(ctx: Ctx<'js>, name: String, index: usize) -> rquickjs::Result<Value<'js>> {
    let s = vu(&ctx);
    let items = s.program.shared_array(&name, || Ok(Vec::new()))?;
    match items.get(index) {
        Some(json) => ctx.json_parse(json.clone()),
        None => Ok(Value::new_undefined(ctx.clone())),
    }
}
