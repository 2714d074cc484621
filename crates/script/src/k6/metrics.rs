//! `k6/metrics`: Counter, Gauge, Rate and Trend, declared in the init context and shared by name
//! across VUs through the run's registry.

use crate::factory::eval_factory;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};

use crate::api::vu;
use crate::log::Level;

/// The classes, written in JS over two natives so `instanceof`, `name` and `add` behave as in k6.
const METRICS_JS: &str = r#"
(function (register, add) {
  // k6's metric objects are host objects: `instanceof Counter` is false, `name` is read-only.
  function make(type) {
    return function (name, isTime) {
      const id = register(name, type, !!isTime);
      const metric = {};
      Object.defineProperty(metric, 'name', { value: name, enumerable: true });
      Object.defineProperty(metric, 'add', { value: function (value, tags) { return add(id, name, arguments.length > 0, value, tags); }, enumerable: true });
      return metric;
    };
  }
  return { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
})
"#;

pub(super) fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let factory: Function<'js> = eval_factory(ctx, "k6/metrics", METRICS_JS)?;
    let register = Function::new(ctx.clone(), register)?;
    let add = Function::new(ctx.clone(), add)?;
    factory.call((register, add))
}

fn register(ctx: Ctx<'_>, name: String, kind: String, is_time: bool) -> rquickjs::Result<u32> {
    let state = vu(&ctx);
    if !state.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "metrics must be declared in the init context"));
    }
    let metric_type = match kind.as_str() {
        "counter" => metrics::MetricType::Counter,
        "gauge" => metrics::MetricType::Gauge,
        "rate" => metrics::MetricType::Rate,
        _ => metrics::MetricType::Trend,
    };
    let value_type = if is_time { metrics::ValueType::Time } else { metrics::ValueType::Default };
    let valid = name.len() >= 2
        && name.len() <= 129
        && name.as_bytes()[0].is_ascii_alphabetic() | (name.as_bytes()[0] == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        return Err(crate::api::throw_go_error(
            &ctx,
            &format!(
                "Invalid metric name: '{name}'. Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore."
            ),
        ));
    }
    match state.program.registry.register(&name, metric_type, value_type) {
        Ok(id) => Ok(id.0),
        Err(e) => Err(crate::api::throw_go_error(&ctx, &e.to_string())),
    }
}

fn add<'js>(
    ctx: Ctx<'js>,
    id: u32,
    name: String,
    given: bool,
    value: Value<'js>,
    tags: Opt<Value<'js>>,
) -> rquickjs::Result<bool> {
    let state = vu(&ctx);
    if state.in_init() {
        return Err(crate::api::throw_go_error(&ctx, "Adding to metrics in the init context is not supported"));
    }
    let number = if !given || value.is_undefined() {
        let msg = format!("no value was provided for metric '{name}', a number or a boolean value is expected");
        state.program.logger.log(Level::Warning, &msg, &[]);
        return Ok(false);
    } else if let Some(b) = value.as_bool() {
        Some(if b { 1.0 } else { 0.0 })
    } else if let Some(n) = value.as_number() {
        Some(n)
    } else if let Some(s) = value.as_string() {
        s.to_string().ok().and_then(|s| s.trim().parse::<f64>().ok())
    } else {
        None
    };
    let Some(number) = number.filter(|n| !n.is_nan()) else {
        let shown = rquickjs::Coerced::<String>::from_js(&ctx, value).map(|c| c.0).unwrap_or_default();
        let msg = format!(
            "'{}' is an invalid value for metric '{name}', a number or a boolean value is expected",
            elide(&shown)
        );
        state.program.logger.log(Level::Warning, &msg, &[]);
        return Ok(false);
    };
    let extra = super::tags_from_object(tags.0.as_ref().and_then(Value::as_object));
    let pairs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    state.record(metrics::MetricId(id), number, &pairs);
    Ok(true)
}

use rquickjs::FromJs;

/// Long values are shortened in the middle, as k6 does in this warning.
fn elide(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 20 {
        return s.to_string();
    }
    let head: String = chars[..10].iter().collect();
    let tail: String = chars[chars.len() - 10..].iter().collect();
    format!("{head}...{tail}")
}
