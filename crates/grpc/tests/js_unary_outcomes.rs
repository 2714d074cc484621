//! Every RPC outcome is a Response, never a throw: error statuses with their message, headers and
//! trailers, the default-filled message on failure, `discardResponseMessage`, deadlines (recorded
//! with status 4) and size limits.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

const PRELUDE: &str = r#"
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
const echo = (req, params) => client.invoke('/stampede.test.v1.Echo/Echo', req, params);
"#;

#[test]
fn error_status_with_message_headers_and_trailers() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const ok = echo({ payload: { fString: 'x' }, control: { headers: { 'x-h': 'hv' }, trailers: { 'x-t': 'tv' } } });
          const nf = echo({ control: { statusCode: 5, statusMessage: 'not here', trailers: { 'x-t': 'tv' } } });
          const discarded = echo({}, { discardResponseMessage: true });
          return {
            okHeader: ok.headers['x-h'], okTrailer: ok.trailers['x-t'], okError: ok.error,
            okDefaults: [ok.message.seq, ok.message.method, ok.message.filler],
            nfStatus: Number(nf.status), nfError: nf.error, nfTrailer: nf.trailers['x-t'],
            nfMessage: nf.message !== null && typeof nf.message === 'object',
            discarded: discarded.message,
          };
        }
        "#
        ),
    ));
    let out = run.json();
    assert_eq!(out["okHeader"], json!(["hv"]));
    assert_eq!(out["okTrailer"], json!(["tv"]));
    assert_eq!(out["okError"], json!(null));
    assert_eq!(out["okDefaults"], json!([0, "/stampede.test.v1.Echo/Echo", ""]));
    assert_eq!(out["nfStatus"], 5);
    assert_eq!(out["nfError"], json!({"code": 5, "message": "not here", "details": []}));
    assert_eq!(out["nfTrailer"], json!(["tv"]));
    assert_eq!(out["nfMessage"], true, "message is default-filled on failure");
    assert_eq!(out["discarded"], json!(null));
    let statuses: Vec<_> =
        run.samples_of("grpc_req_duration").iter().map(|s| s.tag("status").unwrap().to_owned()).collect();
    assert_eq!(statuses, ["0", "5", "0"]);
    let failed: Vec<f64> = run.samples_of("grpc_req_failed").iter().map(|s| s.value).collect();
    assert_eq!(failed, [0.0, 1.0, 0.0]);
}

#[test]
fn deadline_exceeded_is_a_response_and_a_sample() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const slow = echo({ control: { sleepMs: 2000 } }, { timeout: '100ms' });
          const negative = echo({}, { timeout: -1 });
          const remaining = echo({}).message.deadlineRemainingS;
          return { slow: [Number(slow.status), slow.error], negative: Number(negative.status), remaining };
        }
        "#
        ),
    ));
    let out = run.json();
    assert_eq!(out["slow"], json!([4, {"code": 4, "message": "context deadline exceeded", "details": []}]));
    assert_eq!(out["negative"], 4);
    let remaining = out["remaining"].as_f64().unwrap();
    assert!(remaining > 60.0 && remaining <= 120.0, "default 2 min deadline, got {remaining}");
    let durations = run.samples_of("grpc_req_duration");
    assert_eq!(durations[0].tag("status"), Some("4"), "deadline calls are recorded (k6 defect fixed)");
}

#[test]
fn max_receive_size_fails_the_call() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true, maxReceiveSize: 1000 });
          const big = echo({ control: { responseBytes: 5000 } });
          const small = echo({ control: { responseBytes: 10 } });
          return { big: [Number(big.status), big.error.message], small: Number(small.status) };
        }
        "#
        ),
    ));
    let out = run.json();
    assert_eq!(out["big"][0], 8);
    assert!(out["big"][1].as_str().unwrap().starts_with("grpc: received message larger than max ("), "{out}");
    assert_eq!(out["small"], 0);
}

#[test]
fn error_details_are_rendered() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const known = echo({ control: { statusCode: 9, statusMessage: 'precond', details: ['DETAIL_KIND_TEST_DETAIL', 'DETAIL_KIND_ERROR_INFO'] } });
          const unknown = echo({ control: { statusCode: 9, statusMessage: 'precond', details: ['DETAIL_KIND_UNKNOWN'] } });
          return { known: known.error, unknown: unknown.error };
        }
        "#
        ),
    ));
    let out = run.json();
    assert_eq!(out["known"]["code"], 9);
    assert_eq!(out["known"]["message"], "precond");
    let details = out["known"]["details"].as_array().unwrap();
    assert_eq!(details.len(), 2, "{out}");
    assert_eq!(details[0]["@type"], "type.googleapis.com/stampede.test.v1.TestDetail");
    assert_eq!(details[1]["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
    assert_eq!(out["unknown"]["code"], 9, "code and message kept (k6 blanks the error)");
    assert_eq!(out["unknown"]["details"][0]["@type"], testserver::UNKNOWN_DETAIL_TYPE_URL);
    assert!(out["unknown"]["details"][0]["value"].is_string());
}
