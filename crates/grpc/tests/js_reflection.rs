//! `connect(addr, {reflect: true})`: methods become invokable without `load()`, reflected
//! definitions merge with loaded ones, and a server without reflection gives k6's error while the
//! connection stays usable.

mod js_common;

use js_common::{run_setup, script_for};
use serde_json::json;
use testserver::{ServerConfig, TestServer};

const SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const loaded = new grpc.Client();
loaded.load(['PROTO_DIR'], 'quickpizza.proto');
export function setup() {
  const client = new grpc.Client();
  const out = {};
  try {
    out.connect = client.connect('ADDR', { plaintext: true, reflect: true, reflectMetadata: { 'x-refl': 'yes' } });
    const res = client.invoke('stampede.test.v1.Echo/Echo', { payload: { fString: 'hi' } });
    out.echo = [res.status === grpc.StatusOK, res.message.payload.fString];
    out.health = client.invoke('/grpc.health.v1.Health/Check', {}).message.status;
  } catch (e) {
    out.connect = String(e);
  }
  try {
    loaded.connect('ADDR', { plaintext: true, reflect: true });
  } catch (e) {
    out.loadedError = String(e);
  }
  out.loaded = loaded.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['x'] }).status === grpc.StatusOK;
  return out;
}
"#;

#[test]
fn reflected_methods_are_invokable() {
    let server = TestServer::start_in_background(ServerConfig::default()).unwrap();
    let run = run_setup(&script_for(&server, SCRIPT));
    let out = run.json();
    assert_eq!(out["connect"], true, "{out}");
    assert_eq!(out["echo"], json!([true, "hi"]));
    assert_eq!(out["health"], "SERVING");
    assert_eq!(out["loaded"], true);
    assert!(out.get("loadedError").is_none(), "{out}");
    // Reflection RPCs are not grpc_req_duration samples with method tags.
    assert!(run.samples_of("grpc_req_duration").iter().all(|s| s.tag("method").is_some()));
}

#[test]
fn no_reflection_throws_but_keeps_the_connection() {
    let server =
        TestServer::start_in_background(ServerConfig { reflection: false, ..ServerConfig::default() }).unwrap();
    let run = run_setup(&script_for(&server, SCRIPT));
    let out = run.json();
    let err = out["loadedError"].as_str().unwrap();
    assert!(err.starts_with("GoError: can't list services: rpc error: code = Unimplemented desc = "), "{err}");
    assert_eq!(out["loaded"], true, "the connection stays usable: {out}");
}
