//! The built-in k6-utils and k6-summary stand-ins, loaded as ES modules in a plain context.

use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{Context, Function, Module, Object, Runtime};
use script::modules::gorand::GoRand;
use script::modules::jslib::jslib_source_for_url;

const UTILS: &str = "https://jslib.k6.io/k6-utils/1.4.0/index.js";
const SUMMARY: &str = "https://jslib.k6.io/k6-summary/0.0.2/index.js";

/// A `k6` module whose `check` records what it was given in `globalThis.__checks`.
const K6_STUB: &str = r#"
globalThis.__checks = [];
export function check(val, sets, tags) {
  globalThis.__checks.push({ val, sets, tags });
  return Object.values(sets).every(Boolean);
}
"#;

/// Evaluates `body` as a module that can import the two jslib URLs (`k6/crypto` backed by the
/// real module object, `k6` and `k6/execution` by stubs), with `Math.random` seeded like `randomSeed(seed)`; returns the
/// module's `globalThis.result` (JSON).
fn run(seed: i64, body: &str) -> String {
    let rt = Runtime::new().unwrap();
    let resolver = BuiltinResolver::default()
        .with_module(UTILS)
        .with_module(SUMMARY)
        .with_module("k6")
        .with_module("k6/crypto")
        .with_module("k6/execution");
    let loader = BuiltinLoader::default()
        .with_module(UTILS, jslib_source_for_url(UTILS).unwrap())
        .with_module(SUMMARY, jslib_source_for_url(SUMMARY).unwrap())
        .with_module("k6/crypto", "export const randomBytes = (n) => globalThis.__crypto.randomBytes(n);")
        .with_module("k6", K6_STUB)
        .with_module("k6/execution", "export default new Proxy({}, { get: (_, key) => globalThis.__exec[key] });");
    rt.set_loader(resolver, loader);
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let crypto = script::modules::crypto::build(&ctx).unwrap();
        ctx.globals().set("__crypto", crypto).unwrap();
        let rng = std::rc::Rc::new(std::cell::RefCell::new(GoRand::new(seed)));
        let random = Function::new(ctx.clone(), move || rng.borrow_mut().float64()).unwrap();
        ctx.globals().get::<_, Object<'_>>("Math").unwrap().set("random", random).unwrap();
        let describe = |e: rquickjs::Error| format!("{e}: {:?}", ctx.catch());
        let promise = Module::evaluate(ctx.clone(), "test", body).map_err(describe).unwrap();
        promise.finish::<()>().map_err(describe).unwrap();
        ctx.eval::<String, _>("JSON.stringify(globalThis.result)").unwrap()
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
    assert_eq!(v[1], "Error: k6-summary: this runner does not provide __stampede_text_summary");
    assert_eq!(v[2], r#"summary of 3 {"indent":" "}"#);
}

#[test]
fn k6_utils_check_records_sync_results_at_once() {
    let body = format!(
        r#"import {{ check }} from '{UTILS}';
        const r = check(5, {{ 'gt 1': (v) => v > 1, 'lit 0': 0, 'str': 'x' }}, {{ t: 'a' }});
        globalThis.result = [r, globalThis.__checks];"#
    );
    assert_eq!(
        run(1, &body),
        r#"[false,[{"val":null,"sets":{"gt 1":true,"lit 0":false,"str":true},"tags":{"t":"a"}}]]"#
    );
}

#[test]
fn k6_utils_check_awaits_promises_before_recording() {
    let body = format!(
        r#"import {{ check }} from '{UTILS}';
        const p = check(2, {{ 'async fn': async (v) => v === 2, 'promise': Promise.resolve(false) }});
        const before = globalThis.__checks.length;
        const ok = await p;
        globalThis.result = [p instanceof Promise, before, ok, globalThis.__checks[0].sets];"#
    );
    assert_eq!(run(1, &body), r#"[true,0,false,{"async fn":true,"promise":false}]"#);
}

#[test]
fn k6_utils_normal_distribution_stages_shape() {
    let body = format!(
        r#"import {{ normalDistributionStages }} from '{UTILS}';
        globalThis.result = [normalDistributionStages(100, 60, 6), normalDistributionStages(10, 20).length];"#
    );
    let v: serde_json::Value = serde_json::from_str(&run(1, &body)).unwrap();
    let stages = v[0].as_array().unwrap();
    assert_eq!(stages.len(), 6);
    assert!(stages.iter().all(|s| s["duration"] == "10s"));
    let targets: Vec<i64> = stages.iter().map(|s| s["target"].as_i64().unwrap()).collect();
    assert_eq!(targets, [14, 61, 100, 61, 14, 0]);
    assert_eq!(v[1], 10);
}

#[test]
fn k6_utils_stage_helpers_follow_the_clock() {
    let body = format!(
        r#"import {{ getCurrentStageIndex, tagWithCurrentStageIndex, tagWithCurrentStageProfile }} from '{UTILS}';
        const stages = [{{ duration: '1m', target: 10 }}, {{ duration: '30s', target: 10 }}, {{ duration: '1m30s', target: 0 }}];
        globalThis.__exec = {{
          scenario: {{ name: 'ramp', startTime: 0 }},
          test: {{ options: {{ scenarios: {{ ramp: {{ executor: 'ramping-vus', startVUs: 0, stages }} }} }} }},
          vu: {{ tags: {{}} }},
        }};
        const at = (ms) => {{ globalThis.__exec.scenario.startTime = Date.now() - ms; }};
        const seen = [];
        for (const ms of [1000, 61000, 95000, 999999]) {{
          at(ms);
          tagWithCurrentStageIndex();
          tagWithCurrentStageProfile();
          seen.push([getCurrentStageIndex(), globalThis.__exec.vu.tags.stage, globalThis.__exec.vu.tags.stage_profile]);
        }}
        globalThis.__exec.test.options.scenarios.ramp.stages = undefined;
        let err = '';
        try {{ getCurrentStageIndex(); }} catch (e) {{ err = String(e); }}
        globalThis.result = [seen, err];"#
    );
    assert_eq!(
        run(1, &body),
        r#"[[[0,0,"ramp-up"],[1,1,"steady"],[2,2,"ramp-down"],[2,2,"ramp-down"]],"Error: the current scenario \"ramp\" does not define stages"]"#
    );
}

/// Runs `body` (a module importing k6-summary) with the summary natives installed.
fn run_with_natives(body: &str) -> String {
    let rt = Runtime::new().unwrap();
    let resolver = BuiltinResolver::default().with_module(SUMMARY);
    let loader = BuiltinLoader::default().with_module(SUMMARY, jslib_source_for_url(SUMMARY).unwrap());
    rt.set_loader(resolver, loader);
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        script::modules::jslib::install_summary_natives(&ctx).unwrap();
        let data = include_str!("fixtures/03-handlesummary.data-arg.json");
        ctx.globals().set("__data", data).unwrap();
        let describe = |e: rquickjs::Error| format!("{e}: {:?}", ctx.catch());
        let promise = Module::evaluate(ctx.clone(), "test", body).map_err(describe).unwrap();
        promise.finish::<()>().map_err(describe).unwrap();
        ctx.eval::<String, _>("JSON.stringify(globalThis.result)").unwrap()
    })
}

#[test]
fn k6_summary_text_summary_uses_the_metrics_renderer() {
    let body = format!(
        r#"import {{ textSummary }} from '{SUMMARY}';
        const data = JSON.parse(globalThis.__data);
        globalThis.result = [
          textSummary(data, {{ indent: '', enableColors: false }}),
          textSummary(data),
          textSummary(data, {{ enableColors: false, summaryTimeUnit: 'ms' }}),
        ];"#
    );
    let v: Vec<String> = serde_json::from_str(&run_with_natives(&body)).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/03-handlesummary.data-arg.json")).unwrap();
    assert_eq!(v[0], metrics::jslib_text_summary(&data, "", false));
    // The library's defaults: one-space indent, colors on.
    assert_eq!(v[1], metrics::jslib_text_summary(&data, " ", true));
    assert!(v[1].contains("\x1b["));
    // Options given to textSummary override data.options.
    let mut with_ms = data.clone();
    with_ms["options"]["summaryTimeUnit"] = "ms".into();
    assert_eq!(v[2], metrics::jslib_text_summary(&with_ms, " ", false));
    assert_ne!(v[2], metrics::jslib_text_summary(&data, " ", false));
}

#[test]
fn k6_summary_humanize_value_and_junit_for_checks() {
    let body = format!(
        r#"import {{ humanizeValue, jUnitForChecks }} from '{SUMMARY}';
        const data = {{
          metrics: {{ iteration_duration: {{ values: {{ max: 12.5 }} }} }},
          root_group: {{ checks: [{{ name: 'ok <1>', passes: 1, fails: 0 }}, {{ name: 'bad', passes: 3, fails: 1 }}] }},
        }};
        globalThis.result = [
          humanizeValue(0.5, {{ type: 'rate' }}),
          humanizeValue(1500, {{ type: 'counter', contains: 'data' }}),
          humanizeValue(1234.5, {{ type: 'trend', contains: 'time' }}),
          humanizeValue(1234.5, {{ type: 'trend', contains: 'time' }}, 'ms'),
          humanizeValue(1 / 3, {{ type: 'gauge', contains: 'default' }}),
          jUnitForChecks(data, 'suite').replace(/timestamp="[^"]*"/, 'timestamp="T"'),
        ];"#
    );
    let v: Vec<String> = serde_json::from_str(&run_with_natives(&body)).unwrap();
    assert_eq!(v[..5], ["50.00%", "1.5 kB", "1.23s", "1234.50ms", "0.333333"]);
    assert_eq!(
        v[5],
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<testsuites tests=\"2\" failures=\"1\" time=\"12.5\">\n\
         <testsuite name=\"suite\" tests=\"2\" failures=\"1\" time=\"12.5\" timestamp=\"T\">\n\
         <testcase name=\"ok &lt;1&gt;\"/>\n<testcase name=\"bad\"><failure message=\"failed\"/></testcase>\n\
         </testsuite>\n</testsuites>"
    );
}
