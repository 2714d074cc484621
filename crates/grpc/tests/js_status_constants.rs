//! The module surface and the §3.1 semantics of the status constants: objects, `===` by identity
//! (also against `Response.status`), numbers when coerced numerically, names as strings, numbers
//! in JSON.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

#[test]
fn module_exports_and_constructors() {
    let run = run_setup(
        r#"
        import grpc from 'k6/net/grpc';
        import * as ns from 'k6/net/grpc';
        export function setup() {
          const c = grpc.Client();
          let stream;
          try { new grpc.Stream(c, '/x'); } catch (e) { stream = String(e); }
          return {
            keys: Object.keys(grpc).sort(),
            named: typeof ns.StatusOK,
            clientKeys: Object.keys(c).sort(),
            instance: c instanceof grpc.Client,
            json: JSON.stringify(c),
            str: String(c),
            health: [grpc.HealthCheckUnknown, grpc.HealthCheckServing, grpc.HealthCheckNotServing, grpc.HealthCheckServiceUnknown],
            stream,
          };
        }
        "#,
    );
    let out = run.json();
    let keys: Vec<&str> = out["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    for k in ["Client", "Stream", "StatusOK", "StatusCanceled", "StatusDeadlineExceeded", "StatusUnauthenticated"] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(keys.iter().filter(|k| k.starts_with("Status")).count(), 17);
    assert_eq!(out["named"], "object");
    assert_eq!(
        out["clientKeys"],
        json!(["asyncInvoke", "close", "connect", "healthCheck", "invoke", "load", "loadProtoset"])
    );
    assert_eq!(out["instance"], false);
    assert_eq!(out["json"], "{}");
    assert_eq!(out["str"], "[object Object]");
    assert_eq!(out["health"], json!([0, 1, 2, 3]));
    assert_eq!(out["stream"], "GoError: invalid GRPC Stream's client: no gRPC connection, you must call connect first");
}

#[test]
fn coercions_follow_k6() {
    let run = run_setup(
        r#"
        import grpc from 'k6/net/grpc';
        export function setup() {
          const x = grpc.StatusNotFound;
          let sw;
          switch (grpc.StatusOK) { case 0: sw = 'zero'; break; case grpc.StatusOK: sw = 'const'; break; }
          return {
            typeof: typeof x, strictNum: x === 5, loose: x == 5, plus: +x, num: Number(x), add: x + 1, gt: x > 4,
            concat: 's=' + x, tpl: `${x}`, str: String(x), join: [x].join(), key: Object.keys({[x]: 1})[0],
            json: JSON.stringify(x), jsonObj: JSON.stringify({s: x}), sw,
            map: [new Map([[grpc.StatusOK, 'a']]).get(grpc.StatusOK), new Map([[grpc.StatusOK, 'a']]).get(0) === undefined],
            includes: [[0, 5].includes(x), [grpc.StatusOK, grpc.StatusNotFound].includes(x)],
            frozen: Object.isFrozen(x),
          };
        }
        "#,
    );
    assert_eq!(
        run.json(),
        &json!({
            "typeof": "object", "strictNum": false, "loose": true, "plus": 5, "num": 5, "add": 6, "gt": true,
            "concat": "s=5", "tpl": "NotFound", "str": "NotFound", "join": "NotFound", "key": "NotFound",
            "json": "5", "jsonObj": "{\"s\":5}", "sw": "const", "map": ["a", true], "includes": [false, true],
            "frozen": true
        })
    );
}

#[test]
fn response_status_is_the_same_object() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const ok = client.invoke('/stampede.test.v1.Echo/Echo', {});
          const nf = client.invoke('/stampede.test.v1.Echo/Echo', { control: { statusCode: 5, statusMessage: 'not here' } });
          let added;
          try { ok.extra = 1; added = 'no error'; } catch (e) { added = e.name; }
          ok.message = 'reassigned';
          return {
            okSame: ok.status === grpc.StatusOK, nfSame: nf.status === grpc.StatusNotFound,
            nfNum: nf.status === 5, codeNum: nf.error.code === 5, codeConst: nf.error.code === grpc.StatusNotFound,
            added, reassigned: ok.message, json: JSON.parse(JSON.stringify(nf)).status,
          };
        }
        "#,
    ));
    assert_eq!(
        run.json(),
        &json!({"okSame": true, "nfSame": true, "nfNum": false, "codeNum": true, "codeConst": false,
                "added": "TypeError", "reassigned": "reassigned", "json": 5})
    );
}
