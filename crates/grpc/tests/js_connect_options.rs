//! `connect()` with TLS params and the run's global options: per-connection `tls` (cacerts,
//! client certificate), `insecureSkipTLSVerify`, `tlsAuth` (dropped when a `tls` object is given),
//! `userAgent` and `hosts`.

use crate::js_common;

use js_common::{run_setup_with, script_for};
use serde_json::json;
use testserver::{ServerConfig, TestServer};

/// A script whose setup() connects with `PARAMS` and returns `true` or the error text.
fn connect_script(server: &TestServer, address: &str, params: &str) -> String {
    script_for(
        server,
        &r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'quickpizza.proto');
        export function setup() {
          try {
            client.connect('ADDRESS', PARAMS);
            return client.invoke('quickpizza.GRPC/Status', {}).status === grpc.StatusOK;
          } catch (e) {
            return String(e);
          }
        }
        "#
        .replace("ADDRESS", address)
        .replace("PARAMS", params),
    )
}

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn tls_with_cacerts_or_skip_verify() {
    let server = TestServer::start_in_background(ServerConfig::tls()).unwrap();
    let certs = server.certs.clone().unwrap();
    let ok = run_setup_with(
        &connect_script(&server, "ADDR", &format!("{{ tls: {{ cacerts: [{}] }} }}", js(&certs.ca_cert_pem))),
        Vec::new(),
        None,
    );
    assert_eq!(ok.json(), &json!(true));

    let untrusted = run_setup_with(&connect_script(&server, "ADDR", "{}"), Vec::new(), None);
    let text = untrusted.json().as_str().unwrap().to_owned();
    assert!(text.contains("authentication handshake failed"), "fails at once with the cause: {text}");

    let skipped = run_setup_with(
        &connect_script(&server, "ADDR", "{}"),
        Vec::new(),
        Some(json!({"insecureSkipTLSVerify": true})),
    );
    assert_eq!(skipped.json(), &json!(true));
}

#[test]
fn client_certificates_per_connection_or_global() {
    let server = TestServer::start_in_background(ServerConfig::mutual_tls()).unwrap();
    let certs = server.certs.clone().unwrap();
    let per_connection = run_setup_with(
        &connect_script(
            &server,
            "ADDR",
            &format!(
                "{{ tls: {{ cacerts: {}, cert: {}, key: {} }} }}",
                js(&certs.ca_cert_pem),
                js(&certs.client_cert_pem),
                js(&certs.client_key_pem)
            ),
        ),
        Vec::new(),
        None,
    );
    assert_eq!(per_connection.json(), &json!(true));

    let tls_auth = json!({
        "insecureSkipTLSVerify": true,
        "tlsAuth": [{"domains": ["elsewhere.test"], "cert": certs.client_cert_pem, "key": certs.client_key_pem}],
    });
    let global = run_setup_with(&connect_script(&server, "ADDR", "{}"), Vec::new(), Some(tls_auth.clone()));
    assert_eq!(global.json(), &json!(true), "global tlsAuth applies regardless of domains");

    let dropped = run_setup_with(
        &connect_script(&server, "ADDR", &format!("{{ tls: {{ cacerts: {} }} }}", js(&certs.ca_cert_pem))),
        Vec::new(),
        Some(tls_auth),
    );
    assert_ne!(dropped.json(), &json!(true), "a tls object drops the global client certificates");
}

#[test]
fn user_agent_and_hosts_options() {
    let server = TestServer::start_in_background(ServerConfig::default()).unwrap();
    let address = format!("grpc.stampede.test:{}", server.addr.port());
    let run = run_setup_with(
        &connect_script(&server, &address, "{ plaintext: true }"),
        Vec::new(),
        Some(json!({"hosts": {"grpc.stampede.test": "127.0.0.1"}, "userAgent": "my-agent/1.0"})),
    );
    assert_eq!(run.json(), &json!(true));
    let seen = server.request_log().last_request().unwrap();
    assert_eq!(seen.user_agent(), Some("my-agent/1.0 grpc-go/1.73.0"));
    let d = run.samples_of("grpc_req_duration");
    assert_eq!(
        d[0].tag("url"),
        Some(format!("{address}/quickpizza.GRPC/Status").as_str()),
        "the url tag keeps the address as written"
    );
}
