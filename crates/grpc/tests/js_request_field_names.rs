//! Request members are matched to fields by JSON name or, as protojson also accepts, by proto
//! name, at every nesting level; map keys keep their text; an unknown name is k6's error.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn json_and_proto_names_select_the_same_fields() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const r = client.invoke('/stampede.test.v1.Echo/Echo', {
            payload: { f_string: 'proto', fInt32: 7, r_int32: [1, 2], nested: { text: 'n', num: 3 },
                       m_string: { 'some key': 'v', fString: 'not a field' }, o_string: 'opt' },
          });
          let unknown;
          try {
            client.invoke('/stampede.test.v1.Echo/Echo', { payload: { fstring: 'x' } });
          } catch (e) { unknown = String(e); }
          const p = r.message.payload;
          return { s: p.fString, i: p.fInt32, r: p.rInt32, n: p.nested, m: p.mString, o: p.oString, unknown };
        }
        "#,
    ));
    let out = run.json();
    assert_eq!(out["s"], json!("proto"));
    assert_eq!(out["i"], json!(7));
    assert_eq!(out["r"], json!([1, 2]));
    assert_eq!(out["n"]["text"], json!("n"));
    assert_eq!(out["n"]["num"], json!(3));
    assert_eq!(out["m"], json!({"fString": "not a field", "some key": "v"}));
    assert_eq!(out["o"], json!("opt"));
    let unknown = out["unknown"].as_str().unwrap();
    assert!(unknown.contains(r#"unknown field "fstring""#), "{unknown}");
}
