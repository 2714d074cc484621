//! Pre-flight errors of `load`, `connect`, `invoke` and `asyncInvoke`, with k6's exact texts and
//! k6's order of checks (§4.5, §10).

use crate::js_common;

use js_common::{run_setup, script_for, server};
use serde_json::json;

/// Collects `t(label, fn)` outcomes: the returned value or `THROW <String(e)>`.
const PRELUDE: &str = r#"
import grpc from 'k6/net/grpc';
const out = {};
const t = (label, f) => { try { out[label] = f(); } catch (e) { out[label] = 'THROW ' + String(e); } };
"#;

#[test]
fn init_context_rules() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        const client = new grpc.Client();
        t('connectInit', () => client.connect('ADDR', { plaintext: true }));
        t('invokeInit', () => client.invoke('/x.Y/Z', {}));
        let rejected;
        client.asyncInvoke('/x.Y/Z', {}).catch((e) => { rejected = [String(e), e.message, e instanceof Error, Object.keys(e)]; });
        t('loadEmpty', () => client.load(['PROTO_DIR']));
        t('loadString', () => client.load('PROTO_DIR', 'quickpizza.proto'));
        t('loadMissing', () => client.load(['PROTO_DIR'], 'nope.proto'));
        t('protosetEmpty', () => client.loadProtoset());
        export function setup() {
          t('loadLater', () => client.load(['PROTO_DIR'], 'quickpizza.proto'));
          t('protosetLater', () => client.loadProtoset('x.protoset'));
          out.rejected = rejected;
          return out;
        }
        "#
        ),
    ));
    let out = run.json();
    assert_eq!(out["connectInit"], "THROW GoError: connecting to a gRPC server in the init context is not supported");
    assert_eq!(out["invokeInit"], "THROW GoError: invoking RPC methods in the init context is not supported");
    assert_eq!(
        out["rejected"],
        json!(["invoking RPC methods in the init context is not supported", null, false, ["error"]])
    );
    assert_eq!(out["loadEmpty"], json!([]));
    assert!(
        out["loadString"]
            .as_str()
            .unwrap()
            .starts_with("THROW TypeError: could not convert function call parameter 0: could not convert ")
    );
    let missing = out["loadMissing"].as_str().unwrap();
    assert!(missing.contains("nope.proto: no such file or directory"), "{missing}");
    assert!(out["protosetEmpty"].as_str().unwrap().starts_with("THROW GoError: couldn't open protoset"));
    assert_eq!(out["loadLater"], "THROW GoError: load must be called in the init context");
    assert_eq!(out["protosetLater"], "THROW GoError: load must be called in the init context");
}

#[test]
fn invoke_checks_in_k6_order() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        &format!(
            "{PRELUDE}{}",
            r#"
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'quickpizza.proto');
        export function setup() {
          t('notConnected', () => client.invoke('', {}));
          client.connect('ADDR', { plaintext: true });
          t('empty', () => client.invoke('', {}));
          t('undefinedUrl', () => client.invoke(undefined, {}));
          t('numberUrl', () => client.invoke(5, {}));
          t('unknown', () => client.invoke('quickpizza.GRPC/Nope', {}, { foo: 1 }));
          t('dotted', () => client.invoke('quickpizza.GRPC.RatePizza', {}));
          t('badParam', () => client.invoke('quickpizza.GRPC/RatePizza', {}, { foo: 1 }));
          t('badTimeout', () => client.invoke('quickpizza.GRPC/RatePizza', {}, { timeout: 'abc' }));
          t('stringParams', () => client.invoke('quickpizza.GRPC/RatePizza', {}, 'abc'));
          t('badMeta', () => client.invoke('quickpizza.GRPC/RatePizza', {}, { metadata: { 'x-num': 1 } }));
          t('badTag', () => client.invoke('quickpizza.GRPC/RatePizza', {}, { tags: { a: null } }));
          t('noRequest', () => client.invoke('quickpizza.GRPC/RatePizza'));
          t('nullRequest', () => client.invoke('quickpizza.GRPC/RatePizza', null));
          t('unknownField', () => client.invoke('quickpizza.GRPC/RatePizza', { nope: 1 }));
          t('bigint', () => client.invoke('quickpizza.GRPC/RatePizza', { dough: 1n }));
          const rejected = client.asyncInvoke('quickpizza.GRPC/Nope', {}).catch((e) => String(e));
          t('asyncNull', () => client.asyncInvoke('quickpizza.GRPC/RatePizza', null));
          client.close();
          client.close();
          t('afterClose', () => client.invoke('quickpizza.GRPC/RatePizza', {}));
          return rejected.then((r) => { out.rejected = r; return out; });
        }
        "#
        ),
    ));
    let out = run.json();
    let g = |k: &str| out[k].as_str().unwrap_or_default().to_owned();
    assert_eq!(g("notConnected"), "THROW GoError: no gRPC connection, you must call connect first");
    assert_eq!(g("empty"), "THROW GoError: method to invoke cannot be empty");
    assert_eq!(g("unknown"), "THROW GoError: method \"/quickpizza.GRPC/Nope\" not found in file descriptors");
    assert_eq!(g("dotted"), "THROW GoError: method \"/quickpizza.GRPC.RatePizza\" not found in file descriptors");
    assert_eq!(g("badParam"), "THROW GoError: invalid GRPC's client.invoke() parameters: unknown param: \"foo\"");
    assert_eq!(
        g("badTimeout"),
        "THROW GoError: invalid GRPC's client.invoke() parameters: invalid timeout value: time: invalid duration \"abc\""
    );
    assert_eq!(g("stringParams"), "THROW GoError: invalid GRPC's client.invoke() parameters: unknown param: \"0\"");
    assert_eq!(
        g("badMeta"),
        "THROW GoError: invalid GRPC's client.invoke() parameters: invalid metadata param: \"x-num\" value must be a string"
    );
    assert!(g("badTag").starts_with(
        "THROW GoError: invalid GRPC's client.invoke() parameters: metric tags: invalid value for metric tag 'a'"
    ));
    assert_eq!(g("noRequest"), "THROW GoError: request cannot be nil");
    assert_eq!(g("nullRequest"), "THROW TypeError: Cannot convert undefined or null to object");
    assert!(
        g("unknownField").starts_with("THROW GoError: unable to serialise request object to protocol buffer: "),
        "{}",
        g("unknownField")
    );
    assert!(g("bigint").starts_with("THROW GoError: unable to serialise request object: "), "{}", g("bigint"));
    assert_eq!(g("rejected"), "method \"/quickpizza.GRPC/Nope\" not found in file descriptors");
    assert_eq!(g("asyncNull"), "THROW TypeError: Cannot convert undefined or null to object");
    assert_eq!(g("afterClose"), "THROW GoError: no gRPC connection, you must call connect first");
}

#[test]
fn connect_param_errors() {
    let run = run_setup(&format!(
        "{PRELUDE}{}",
        r#"
        const client = new grpc.Client();
        export function setup() {
          const p = 'invalid grpc.connect() parameters: ';
          t('plaintext', () => client.connect('127.0.0.1:1', { plaintext: 'true' }));
          t('plaintextNum', () => client.connect('127.0.0.1:1', { plaintext: 1 }));
          t('reflect', () => client.connect('127.0.0.1:1', { reflect: 'yes' }));
          t('unknown', () => client.connect('127.0.0.1:1', { authority: 'x' }));
          t('string', () => client.connect('127.0.0.1:1', 'abc'));
          t('timeout', () => client.connect('127.0.0.1:1', { timeout: 'abc' }));
          t('timeoutBool', () => client.connect('127.0.0.1:1', { timeout: true }));
          t('maxRecv', () => client.connect('127.0.0.1:1', { maxReceiveSize: 'x' }));
          t('maxRecvFrac', () => client.connect('127.0.0.1:1', { maxReceiveSize: 1.5 }));
          t('maxSendNeg', () => client.connect('127.0.0.1:1', { maxSendSize: -1 }));
          t('reflectMeta', () => client.connect('127.0.0.1:1', { reflectMetadata: 'x' }));
          t('reflectMetaVal', () => client.connect('127.0.0.1:1', { reflectMetadata: { a: 1 } }));
          t('tls', () => client.connect('127.0.0.1:1', { tls: 'x' }));
          t('tlsCert', () => client.connect('127.0.0.1:1', { tls: { cert: 0 } }));
          t('tlsCacerts', () => client.connect('127.0.0.1:1', { tls: { cacerts: 5 } }));
          t('zeroTimeout', () => client.connect('127.0.0.1:1', { plaintext: true, timeout: 0 }));
          t('refused', () => client.connect('127.0.0.1:1', { plaintext: true }));
          return out;
        }
        "#
    ));
    let out = run.json();
    let g = |k: &str| out[k].as_str().unwrap_or_default().to_owned();
    let p = "THROW GoError: invalid grpc.connect() parameters: ";
    assert_eq!(g("plaintext"), format!("{p}invalid plaintext value: '\"true\"', it needs to be boolean"));
    assert_eq!(g("plaintextNum"), format!("{p}invalid plaintext value: '1', it needs to be boolean"));
    assert_eq!(g("reflect"), format!("{p}invalid reflect value: '\"yes\"', it needs to be boolean"));
    assert_eq!(g("unknown"), format!("{p}unknown connect param: \"authority\""));
    assert_eq!(g("string"), format!("{p}unknown connect param: \"0\""));
    assert_eq!(g("timeout"), format!("{p}invalid timeout value: time: invalid duration \"abc\""));
    assert_eq!(g("timeoutBool"), format!("{p}invalid timeout value: unable to use type bool as a duration value"));
    assert_eq!(g("maxRecv"), format!("{p}invalid maxReceiveSize value: '\"x\"', it needs to be an integer"));
    assert_eq!(g("maxRecvFrac"), format!("{p}invalid maxReceiveSize value: '1.5', it needs to be an integer"));
    assert_eq!(g("maxSendNeg"), format!("{p}invalid maxSendSize value: '-1, it needs to be a positive integer"));
    assert_eq!(g("reflectMeta"), format!("{p}invalid reflectMetadata param: must be an object with key-value pairs"));
    assert_eq!(g("reflectMetaVal"), format!("{p}invalid reflectMetadata param: \"a\" value must be a string"));
    assert_eq!(
        g("tls"),
        format!("{p}invalid tls value: '\"x\"', expected (optional) keys: cert, key, password, and cacerts")
    );
    assert_eq!(
        g("tlsCert"),
        format!(
            "{p}invalid tls cert value: 'map[string]interface {{}}{{\"cert\":0}}', it needs to be a PEM formatted string"
        )
    );
    assert!(g("tlsCacerts").starts_with(&format!("{p}invalid tls cacerts value: ")));
    assert_eq!(g("zeroTimeout"), "THROW GoError: context deadline exceeded");
    assert!(
        g("refused").starts_with("THROW GoError: connection error: desc = \"transport: error while dialing: "),
        "{}",
        g("refused")
    );
}
