//! `client.loadProtoset()`: a `FileDescriptorSet` file gives the same MethodInfo list as `load()`
//! and its methods are invokable; an empty path throws instead of crashing (k6 1.1.0 panics).

use crate::js_common;

use js_common::{run_setup, script_for, server};
use prost::Message;
use serde_json::json;

#[test]
fn protoset_methods_are_invokable() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let set = protox::compile(["quickpizza.proto"], [testserver::PROTO_DIR]).unwrap();
    let path = dir.path().join("quickpizza.protoset");
    std::fs::write(&path, set.encode_to_vec()).unwrap();
    let run = run_setup(&script_for(
        &server,
        &r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        const methods = client.loadProtoset('PROTOSET');
        let empty;
        try { client.loadProtoset(''); } catch (e) { empty = String(e); }
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const res = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['a'] });
          return { methods: methods.map((m) => m.full_method), ok: res.status === grpc.StatusOK, empty };
        }
        "#
        .replace("PROTOSET", path.to_str().unwrap()),
    ));
    let out = run.json();
    assert_eq!(out["methods"], json!(["/quickpizza.GRPC/Status", "/quickpizza.GRPC/RatePizza"]));
    assert_eq!(out["ok"], true);
    assert!(out["empty"].as_str().unwrap().starts_with("GoError: couldn't open protoset"));
}
