//! The seed example: load the QuickPizza proto, connect in plaintext, rate a pizza, check it.

use crate::js_common;

use js_common::{run_setup, script_for, server};

#[test]
fn rate_pizza_with_check() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        import { check } from 'k6';
        const client = new grpc.Client();
        const methods = client.load(['PROTO_DIR'], 'quickpizza.proto');
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const res = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['cheese'], dough: 'thin' });
          const ok = check(res, { 'status is OK': (r) => r && r.status === grpc.StatusOK });
          client.close();
          return {
            ok,
            methods: methods.map((m) => m.full_method),
            first: methods[0],
            keys: Object.keys(res),
            stars: typeof res.message.starsRating,
            error: res.error,
            contentType: res.headers['content-type'],
          };
        }
        "#,
    ));
    let out = run.json();
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["methods"], serde_json::json!(["/quickpizza.GRPC/Status", "/quickpizza.GRPC/RatePizza"]));
    assert_eq!(
        out["first"],
        serde_json::json!({"package": "quickpizza", "service": "GRPC", "full_method": "/quickpizza.GRPC/Status",
            "name": "Status", "is_client_stream": false, "is_server_stream": false})
    );
    assert_eq!(out["keys"], serde_json::json!(["message", "error", "headers", "trailers", "status"]));
    assert_eq!(out["stars"], "number");
    assert_eq!(out["error"], serde_json::Value::Null);
    assert_eq!(out["contentType"], serde_json::json!(["application/grpc"]));
    let durations = run.samples_of("grpc_req_duration");
    assert_eq!(durations.len(), 1);
    let tags = &durations[0];
    assert_eq!(tags.tag("name"), Some("/quickpizza.GRPC/RatePizza"));
    assert_eq!(tags.tag("method"), Some("RatePizza"));
    assert_eq!(tags.tag("service"), Some("quickpizza.GRPC"));
    assert_eq!(tags.tag("status"), Some("0"));
    assert_eq!(tags.tag("url"), Some(format!("{}/quickpizza.GRPC/RatePizza", server.addr).as_str()));
    assert_eq!(run.samples_of("grpc_reqs").len(), 1);
    assert_eq!(run.samples_of("grpc_req_failed")[0].value, 0.0);
}
