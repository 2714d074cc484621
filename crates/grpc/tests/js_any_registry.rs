//! `google.protobuf.Any` resolves, as in k6, against every type any client of the run loaded or
//! reflected: a client can send and read an `Any` packing a type only another client knows.

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

const SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const probe = new grpc.Client();
probe.load(['PROTO_DIR'], 'probe/v1/probe.proto');
const pizza = new grpc.Client();
pizza.load(['PROTO_DIR'], 'quickpizza.proto');
const reflecting = new grpc.Client();

function echoAny(any) {
  try {
    const r = probe.invoke('probe.v1.Probe/Echo', { any });
    return r.message.any;
  } catch (e) {
    return String(e);
  }
}

export function setup() {
  probe.connect('ADDR', { plaintext: true });
  const out = {};
  out.loadedElsewhere = echoAny({ '@type': 'type.googleapis.com/quickpizza.PizzaRatingRequest', dough: 'thin' });
  out.unknown = echoAny({ '@type': 'type.googleapis.com/routeguide.Point', latitude: 5 });
  reflecting.connect('ADDR', { plaintext: true, reflect: true });
  out.reflectedElsewhere = echoAny({ '@type': 'type.googleapis.com/routeguide.Point', latitude: 5 });
  return out;
}
"#;

#[test]
fn any_types_resolve_across_clients() {
    let server = server();
    let run = run_setup(&script_for(&server, SCRIPT));
    let out = run.json();
    assert_eq!(
        out["loadedElsewhere"],
        json!({"@type": "type.googleapis.com/quickpizza.PizzaRatingRequest", "dough": "thin", "ingredients": []})
    );
    let unknown = out["unknown"].as_str().unwrap_or_default();
    assert!(unknown.contains("unable to resolve") && unknown.contains("routeguide.Point"), "not known yet: {out}");
    assert_eq!(
        out["reflectedElsewhere"],
        json!({"@type": "type.googleapis.com/routeguide.Point", "latitude": 5, "longitude": 0})
    );
}
