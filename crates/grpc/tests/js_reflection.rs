//! `connect(addr, {reflect: true})`: methods become invokable without `load()`, reflected
//! definitions merge with loaded ones, and a server without reflection gives k6's error while the
//! connection stays usable.

use crate::js_common;

use js_common::{run_setup, script_for};
use serde_json::json;
use testserver::{ReflectionVersions, ServerConfig, TestServer};

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

const STATUS_AFTER_REFLECTION: &str = r#"
import grpc from 'k6/net/grpc';
export function setup() {
  const client = new grpc.Client();
  try {
    client.connect('ADDR', { plaintext: true, reflect: true });
    return String(client.invoke('quickpizza.GRPC/Status', {}).status);
  } catch (e) {
    return String(e);
  }
}
"#;

/// The status tags of the reflection samples of a run: `grpc_req_duration` samples without the
/// per-method tags (k6 tags them with the VU's tags and `status` only).
fn reflection_samples(run: &js_common::Run) -> Vec<String> {
    run.samples_of("grpc_req_duration")
        .into_iter()
        .filter(|s| ["method", "name", "service", "url"].iter().all(|t| s.tag(t).is_none()))
        .map(|s| s.tag("status").unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn v1alpha_only_server_costs_one_failed_v1_sample() {
    let config = ServerConfig { reflection_versions: ReflectionVersions::V1AlphaOnly, ..ServerConfig::default() };
    let server = TestServer::start_in_background(config).unwrap();
    let run = run_setup(&script_for(&server, STATUS_AFTER_REFLECTION));
    assert_eq!(run.json(), "OK", "reflection fell back to v1alpha");
    assert_eq!(reflection_samples(&run), vec!["12".to_owned()]);
    assert_eq!(run.samples_of("grpc_req_duration").len(), 2, "plus the Status call");
}

#[test]
fn server_without_reflection_costs_three_failed_samples() {
    let server = TestServer::start_in_background(ServerConfig::default().without_reflection()).unwrap();
    let run = run_setup(&script_for(&server, STATUS_AFTER_REFLECTION));
    let err = run.json().as_str().unwrap().to_owned();
    assert!(err.starts_with("GoError: can't list services: rpc error: code = Unimplemented"), "{err}");
    assert_eq!(reflection_samples(&run), vec!["12".to_owned(); 3], "v1, v1alpha, v1alpha again");
}

#[test]
fn servers_with_v1_cost_no_sample() {
    for versions in [ReflectionVersions::Both, ReflectionVersions::V1Only] {
        let config = ServerConfig { reflection_versions: versions, ..ServerConfig::default() };
        let server = TestServer::start_in_background(config).unwrap();
        let run = run_setup(&script_for(&server, STATUS_AFTER_REFLECTION));
        assert_eq!(run.json(), "OK");
        assert!(reflection_samples(&run).is_empty(), "{versions:?}");
    }
}
