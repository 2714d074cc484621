//! `Response.message` is converted on first read: it must still behave as an own, enumerable data
//! key of a plain object — listed by `Object.keys`, serialised by `JSON.stringify` and spreading,
//! the same object on every read, replaced by assignment — also when a response is read only after
//! later calls and a garbage collection.

use crate::js_common;

use js_common::{echo_script, run_setup, server};
use serde_json::json;

#[test]
fn message_reads_like_a_plain_data_key() {
    let server = server();
    let run = run_setup(&echo_script(
        &server,
        r#"
        const echo = (req) => client.invoke('/stampede.test.v1.Echo/Echo', req);
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const first = echo({ payload: { fString: 'first', rInt32: [1, 2] } });
          const others = [];
          for (let i = 0; i < 50; i++) others.push(echo({ payload: { fInt32: i } }));
          const assigned = echo({ payload: { fString: 'replaced' } });
          assigned.message = { mine: true };
          const failed = echo({ control: { statusCode: 5 } });
          // Garbage cycles, so the cycle collector runs (and traces the pending responses).
          for (let i = 0; i < 200000; i++) { const o = {}; o.self = o; }
          return {
            keys: Object.keys(first),
            proto: Object.getPrototypeOf(first) === Object.prototype,
            lateRead: first.message.payload.fString,
            repeated: first.message.payload.rInt32,
            same: first.message === first.message,
            json: JSON.parse(JSON.stringify(first)).message.payload.fString,
            spread: { ...first }.message.payload.fString,
            enumerable: Object.entries(first).map(([k]) => k).includes('message'),
            lastOfMany: others[49].message.payload.fInt32,
            assigned: assigned.message,
            failedDefaults: failed.message.payload,
            sealed: Object.isSealed(first),
          };
        }
        "#,
    ));
    let out = run.json();
    assert_eq!(out["keys"], json!(["message", "error", "headers", "trailers", "status"]));
    assert_eq!(out["proto"], json!(true));
    assert_eq!(out["lateRead"], json!("first"));
    assert_eq!(out["repeated"], json!([1, 2]));
    assert_eq!(out["same"], json!(true));
    assert_eq!(out["json"], json!("first"));
    assert_eq!(out["spread"], json!("first"));
    assert_eq!(out["enumerable"], json!(true));
    assert_eq!(out["lastOfMany"], json!(49));
    assert_eq!(out["assigned"], json!({"mine": true}));
    assert_eq!(out["failedDefaults"], json!(null), "a failed call shows the default-filled reply");
    assert_eq!(out["sealed"], json!(true));
}
