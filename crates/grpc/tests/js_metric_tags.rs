//! Tags and metrics of RPCs (§7): `name` (overridable by `params.tags.name`), `method`,
//! `service`, `url`, `status`, the VU's tags and `params.tags`; the Stampede additions
//! `grpc_reqs`/`grpc_req_failed`, off with `STAMPEDE_GRPC_EXTRA_METRICS=false` or when the script
//! owns those names with another type; network bytes counted into `data_sent`/`data_received`.

use crate::js_common;

use js_common::{run_setup, run_setup_with, script_for, server};

const SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
import { Trend } from 'k6/metrics';
const client = new grpc.Client();
client.load(['PROTO_DIR'], 'quickpizza.proto');
OWN_METRIC
export function setup() {
  client.connect('ADDR', { plaintext: true });
  client.invoke('quickpizza.GRPC/RatePizza', {}, { tags: { name: 'rate', num: 1, flag: true, method: 'm2', url: 'u2', status: 's2' } });
  client.invoke('/quickpizza.GRPC/Status', {});
}
"#;

#[test]
fn tags_of_each_rpc() {
    let server = server();
    let run = run_setup(&script_for(&server, &SCRIPT.replace("OWN_METRIC", "")));
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].tag("name"), Some("rate"));
    assert_eq!(d[0].tag("num"), Some("1"));
    assert_eq!(d[0].tag("flag"), Some("true"));
    assert_eq!(d[0].tag("method"), Some("RatePizza"), "system tags win over params.tags");
    assert_eq!(d[0].tag("status"), Some("0"));
    assert_eq!(d[0].tag("url"), Some(format!("{}/quickpizza.GRPC/RatePizza", server.addr).as_str()));
    assert_eq!(d[0].tag("group"), Some("::setup"), "the VU's tags are kept");
    assert_eq!(d[1].tag("name"), Some("/quickpizza.GRPC/Status"));
    assert_eq!(d[1].tag("num"), None, "params.tags belong to their call only");
    assert_eq!(d[1].tag("url"), Some(format!("{}/quickpizza.GRPC/Status", server.addr).as_str()));
    assert_eq!(d[1].tag("ip"), None);
    assert_eq!(run.samples_of("grpc_reqs").len(), 2);
    assert_eq!(run.samples_of("grpc_req_failed").len(), 2);
    let sent: f64 = run.samples_of("data_sent").iter().map(|s| s.value).sum();
    let received: f64 = run.samples_of("data_received").iter().map(|s| s.value).sum();
    assert!(sent > 0.0 && received > 0.0, "sent {sent}, received {received}");
}

#[test]
fn extra_metrics_can_be_turned_off() {
    let server = server();
    let run = run_setup_with(
        &script_for(&server, &SCRIPT.replace("OWN_METRIC", "")),
        vec![("STAMPEDE_GRPC_EXTRA_METRICS".into(), "false".into())],
        None,
    );
    assert_eq!(run.samples_of("grpc_req_duration").len(), 2);
    assert!(run.samples_of("grpc_reqs").is_empty());
    assert!(run.registry.get("grpc_req_failed").is_none());
}

#[test]
fn script_metric_of_the_same_name_wins() {
    let server = server();
    let run = run_setup(&script_for(&server, &SCRIPT.replace("OWN_METRIC", "const mine = new Trend('grpc_reqs');")));
    assert!(run.samples_of("grpc_reqs").is_empty(), "no samples under a name the script owns");
    assert_eq!(run.samples_of("grpc_req_failed").len(), 2);
}

#[test]
fn system_tags_option_filters_grpc_tags() {
    let server = server();
    let run = run_setup_with(
        &script_for(&server, &SCRIPT.replace("OWN_METRIC", "")),
        Vec::new(),
        Some(serde_json::json!({"systemTags": ["status", "method", "ip"]})),
    );
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(d[1].tag("method"), Some("Status"));
    assert_eq!(d[1].tag("status"), Some("0"));
    assert_eq!(d[1].tag("url"), None);
    assert_eq!(d[1].tag("name"), None);
    assert_eq!(d[1].tag("service"), None);
    assert_eq!(d[1].tag("ip"), Some("127.0.0.1"), "ip only when systemTags lists it");
}
