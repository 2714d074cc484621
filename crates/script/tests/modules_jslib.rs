//! The built-in k6-utils and k6-summary stand-ins, loaded as ES modules in a plain context.

use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{Context, Function, Module, Object, Runtime};
use script::modules::gorand::GoRand;
use script::modules::jslib::jslib_source_for_url;

const UTILS: &str = "https://jslib.k6.io/k6-utils/1.4.0/index.js";
const SUMMARY: &str = "https://jslib.k6.io/k6-summary/0.0.2/index.js";

/// Evaluates `body` as a module that can import the two jslib URLs (and `k6/crypto`, backed by
/// the real module object), with `Math.random` seeded like `randomSeed(seed)`; returns the
/// module's `globalThis.result` (JSON).
fn run(seed: i64, body: &str) -> String {
    let rt = Runtime::new().unwrap();
    let resolver = BuiltinResolver::default()
        .with_module(UTILS)
        .with_module(SUMMARY)
        .with_module("k6/crypto");
    let loader = BuiltinLoader::default()
        .with_module(UTILS, jslib_source_for_url(UTILS).unwrap())
        .with_module(SUMMARY, jslib_source_for_url(SUMMARY).unwrap())
        .with_module(
            "k6/crypto",
            "export const randomBytes = (n) => globalThis.__crypto.randomBytes(n);",
        );
    rt.set_loader(resolver, loader);
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let crypto = script::modules::crypto::build(&ctx).unwrap();
        ctx.globals().set("__crypto", crypto).unwrap();
        let rng = std::rc::Rc::new(std::cell::RefCell::new(GoRand::new(seed)));
        let random = Function::new(ctx.clone(), move || rng.borrow_mut().float64()).unwrap();
        ctx.globals()
            .get::<_, Object<'_>>("Math")
            .unwrap()
            .set("random", random)
            .unwrap();
        let promise = Module::evaluate(ctx.clone(), "test", body).unwrap();
        promise.finish::<()>().unwrap();
        ctx.eval::<String, _>("JSON.stringify(globalThis.result)")
            .unwrap()
    })
}

#[test]
fn k6_utils_random_helpers_follow_math_random() {
    let body = format!(
        r#"import {{ randomIntBetween, randomItem, randomString }} from '{UTILS}';
        globalThis.result = [randomIntBetween(1, 100), randomItem(['a', 'b', 'c', 'd']), randomString(8), randomString(4, 'XY')];"#
    );
    let a = run(7, &body);
    assert_eq!(a, run(7, &body), "same seed, same values");
    let v: Vec<serde_json::Value> = serde_json::from_str(&a).unwrap();
    let n = v[0].as_i64().unwrap();
    assert!((1..=100).contains(&n));
    // randomIntBetween consumes exactly one Math.random() in the documented way.
    let mut rng = GoRand::new(7);
    assert_eq!(n, (rng.float64() * 100.0 + 1.0).floor() as i64);
    assert!(["a", "b", "c", "d"].contains(&v[1].as_str().unwrap()));
    let s = v[2].as_str().unwrap();
    assert_eq!(s.len(), 8);
    assert!(s.chars().all(|c| c.is_ascii_lowercase()));
    assert!(v[3].as_str().unwrap().chars().all(|c| c == 'X' || c == 'Y'));
}

#[test]
fn k6_utils_uuidv4_both_modes() {
    let body = format!(
        r#"import {{ uuidv4 }} from '{UTILS}';
        const re = /^[0-9a-f]{{8}}-[0-9a-f]{{4}}-4[0-9a-f]{{3}}-[89ab][0-9a-f]{{3}}-[0-9a-f]{{12}}$/;
        globalThis.result = [re.test(uuidv4()), re.test(uuidv4(true)), uuidv4(true) !== uuidv4(true)];"#
    );
    assert_eq!(run(1, &body), "[true,true,true]");
}

#[test]
fn k6_utils_find_between() {
    let body = format!(
        r#"import {{ findBetween }} from '{UTILS}';
        globalThis.result = [
          findBetween('<a>1</a><a>2</a>', '<a>', '</a>'),
          findBetween('<a>1</a><a>2</a>', '<a>', '</a>', true),
          findBetween('x', 'a', 'b'),
          findBetween('x', 'a', 'b', true),
          findBetween('a[1', '[', ']'),
        ];"#
    );
    assert_eq!(run(1, &body), r#"["1",["1","2"],null,null,null]"#);
}

#[test]
fn k6_summary_junit_and_native_contract() {
    let body = format!(
        r#"import {{ jUnit, textSummary }} from '{SUMMARY}';
        const data = {{ metrics: {{
          a: {{ type: 'counter', thresholds: {{ 'count>0': {{ ok: true }} }} }},
          'b<x>': {{ type: 'rate', thresholds: {{ 'rate>0.9': {{ ok: false }} }} }},
          c: {{ type: 'trend' }},
        }} }};
        let err = '';
        try {{ textSummary(data, {{}}); }} catch (e) {{ err = String(e); }}
        globalThis.__stampede_text_summary = (d, o) => 'summary of ' + Object.keys(JSON.parse(d).metrics).length + ' ' + o;
        globalThis.result = [jUnit(data, {{ name: 'suite' }}), err, textSummary(data, {{ indent: ' ' }})];"#
    );
    let v: Vec<String> = serde_json::from_str(&run(1, &body)).unwrap();
    assert_eq!(
        v[0],
        "<?xml version=\"1.0\"?>\n<testsuites tests=\"2\" failures=\"1\">\n<testsuite name=\"suite\" tests=\"2\" failures=\"1\">\
         <testcase name=\"a - count&gt;0\" />\n<testcase name=\"b&lt;x&gt; - rate&gt;0.9\"><failure message=\"failed\" /></testcase>\
         \n</testsuite >\n</testsuites >"
    );
    assert_eq!(
        v[1],
        "Error: k6-summary: this runner does not provide __stampede_text_summary"
    );
    assert_eq!(v[2], r#"summary of 3 {"indent":" "}"#);
}
