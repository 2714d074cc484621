//! The standard globals a VU's script sees match k6's JavaScript runtime: no `performance`,
//! `atob`/`btoa`, `WeakRef` or `FinalizationRegistry` (k6 v1.1.0 has none of them), while the
//! standard objects k6 scripts rely on are all there and work.

use std::sync::Arc;

use metrics::Registry;
use script::log::Logger;
use script::{Program, ProgramConfig, VuPool};

/// Runs `source`'s init context in one VU and returns its `options` as JSON.
fn init_options(source: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, source).expect("write script");
    let (tx, _rx) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: path,
        env: vec![],
        samples: tx,
        registry: Registry::new(),
        logger: Arc::new(Logger::discard()),
        extra_modules: vec![],
    })
    .expect("program");
    let pool = VuPool::new(program, 1).expect("VU thread");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let info = runtime.block_on(async {
        let (vu, info) = pool.spawn_vu(1, 1, true).await.expect("init context");
        drop(vu);
        info
    });
    pool.shutdown();
    serde_json::from_str(info.options_json.as_deref().expect("options exported")).expect("options JSON")
}

#[test]
fn globals_k6_lacks_are_absent() {
    let got = init_options(
        "export const options = Object.fromEntries(
           ['performance', 'atob', 'btoa', 'WeakRef', 'FinalizationRegistry'].map((n) => [n, typeof globalThis[n]]));",
    );
    assert_eq!(
        got,
        serde_json::json!({
            "performance": "undefined", "atob": "undefined", "btoa": "undefined",
            "WeakRef": "undefined", "FinalizationRegistry": "undefined"
        })
    );
}

#[test]
fn standard_objects_scripts_use_work() {
    let got = init_options(
        r#"export const options = {
           regexp: 'k6-load'.replace(/-(\w)/, (_, c) => c.toUpperCase()),
           typed: Array.from(new Uint8Array([1, 2, 3]).map((x) => x * 2)),
           proxy: new Proxy({}, { get: (_, k) => 'got ' + String(k) }).x,
           eval: eval('1 + 2'),
           date: new Date(0).toISOString(),
           json: JSON.parse('{"a":[1]}').a[0],
           map: new Map([[1, 'x']]).get(1) + new Set([1, 1]).size,
           weak: typeof new WeakMap(),
           promise: typeof Promise.resolve(1).then,
           bigint: String(BigInt(2) ** BigInt(64)),
         };"#,
    );
    assert_eq!(
        got,
        serde_json::json!({
            "regexp": "k6Load", "typed": [2, 4, 6], "proxy": "got x", "eval": 3,
            "date": "1970-01-01T00:00:00.000Z", "json": 1, "map": "x1", "weak": "object",
            "promise": "function", "bigint": "18446744073709551616"
        })
    );
}
