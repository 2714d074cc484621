//! `--http-debug` for gRPC: the records k6 v1.1.0 logs per unary call and stream (INFO, `source=http-debug`),
//! checked through the binary against the in-process test server. Times and wire lengths vary
//! between runs and are masked.

use crate::common;

use std::process::Command;

const SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'probe/v1/probe.proto');
export const options = __ENV.IN_OPTIONS ? { httpDebug: __ENV.IN_OPTIONS } : {};
export default function () {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  client.invoke('probe.v1.Probe/Info', { headers: { 'x-h': 'hv' }, trailers: { 'x-t': 'tv' } }, { metadata: { 'x-req': 'r' } });
  client.invoke('probe.v1.Probe/Fail', { code: 5, message: 'nope', trailers: { 'x-t': 'tv' } });
  client.invoke('probe.v1.Probe/Echo', {
    str: 'hé "q"', i64: 5, db: 1.5, color: 'RED', inner: { text: 'a', num: 2 }, nums: [1, 2],
    counts: { b: 2, a: 1 }, raw: 'AAEC', any: { '@type': 'type.googleapis.com/probe.v1.Inner', text: 'x' },
  });
  client.close();
}
"#;

/// The http-debug records of a run of [`SCRIPT`], each as `msg` with times and wire lengths masked.
fn debug_records(flags: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    script_debug_records(SCRIPT, flags, env)
}

/// The http-debug records of a run of `script`.
fn script_debug_records(script: &str, flags: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let server = common::TestServer::start();
    let dir = common::script_dir("debug.js", script);
    let out = Command::new(common::stampede_bin())
        .args(["run", "-q", "--no-color"])
        .args(flags)
        .arg("debug.js")
        .env("PROTO_DIR", server.proto_dir())
        .env("GRPC_ADDR", server.addr())
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .output()
        .expect("stampede starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
        .lines()
        .filter(|l| l.ends_with("source=http-debug"))
        .map(|l| {
            assert!(l.contains(" level=info msg=\""), "{l}");
            let msg = &l[l.find("msg=\"").expect("msg field") + 5..l.len() - " source=http-debug".len() - 1];
            mask(&msg.replace(&server.addr(), "ADDR"))
        })
        .collect()
}

fn mask(msg: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for part in msg.split("\\n") {
        let masked = if part.starts_with("Wire Length: ") {
            "Wire Length: N".to_owned()
        } else if let Some(label) = ["Sent Time: ", "Received Time: "].into_iter().find(|l| part.starts_with(l)) {
            assert!(part.contains(" +0000 UTC m=+"), "Go's time layout: {part}");
            format!("{label}T")
        } else {
            part.to_owned()
        };
        out.push(masked);
    }
    out.join("\\n")
}

const OUT_INFO: &str =
    r"Out Header:\nFull Method: /probe.v1.Probe/Info\nRemote Address: ADDR\nx-req: r\nuser-agent: grpc-go/1.73.0\n\n";
const OUT_FAIL: &str =
    r"Out Header:\nFull Method: /probe.v1.Probe/Fail\nRemote Address: ADDR\nuser-agent: grpc-go/1.73.0\n\n";
const OUT_ECHO: &str =
    r"Out Header:\nFull Method: /probe.v1.Probe/Echo\nRemote Address: ADDR\nuser-agent: grpc-go/1.73.0\n\n";

#[test]
fn headers_mode_logs_k6s_header_and_trailer_records() {
    let records = debug_records(&["--http-debug"], &[]);
    assert_eq!(records.len(), 7, "{records:#?}");
    assert_eq!(records[0], OUT_INFO);
    let in_header = &records[1];
    assert!(in_header.starts_with(r"In Header:\nWire Length: N\n"), "{in_header}");
    assert!(in_header.contains(r"\nx-h: hv\n") && in_header.contains(r"\ncontent-type: application/grpc\n"));
    assert_eq!(records[2], r"In Trailer:\nWire Length: N\nx-t: tv\n\n");
    // A trailers-only failure: no In Header record, all of its headers in the trailer.
    assert_eq!(records[3], OUT_FAIL);
    assert!(records[4].starts_with(r"In Trailer:\nWire Length: N\n"), "{}", records[4]);
    assert!(records[4].contains(r"\nx-t: tv\n") && records[4].contains(r"\ncontent-type: application/grpc\n"));
    assert_eq!(records[5], OUT_ECHO);
    // Only grpc-status in the trailers: nothing to log.
    assert_eq!(records[6], r"In Header:\nWire Length: N\ncontent-type: application/grpc\n\n");
}

#[test]
fn full_mode_adds_payloads_in_protobuf_text_format() {
    let records = debug_records(&["--http-debug=full"], &[]);
    assert_eq!(records.len(), 12, "{records:#?}");
    assert_eq!(records[0], OUT_INFO);
    assert_eq!(
        records[1],
        r#"Out Payload:\nWire Length: N\nSent Time: T\nheaders:  {\n  key:  \"x-h\"\n  value:  \"hv\"\n}\ntrailers:  {\n  key:  \"x-t\"\n  value:  \"tv\"\n}\n\n\n"#
    );
    assert!(records[4].starts_with(r"In Payload:\nWire Length: N\nReceived Time: T\nmetadata:  {\n"), "{}", records[4]);
    assert!(records[4].contains(r#"\nmethod:  \"/probe.v1.Probe/Info\"\n\n\n"#), "{}", records[4]);
    assert_eq!(records[5], OUT_FAIL);
    assert!(records[6].starts_with(r#"Out Payload:\nWire Length: N\nSent Time: T\ncode:  5\nmessage:  \"nope\"\n"#));
    assert!(records[7].starts_with(r"In Trailer:"), "a failed call has no In Payload: {}", records[7]);
    let echo = r#"i64:  5\ndb:  1.5\nstr:  \"hé \\\"q\\\"\"\nraw:  \"\\x00\\x01\\x02\"\ncolor:  RED\ninner:  {\n  text:  \"a\"\n  num:  2\n}\nnums:  1\nnums:  2\ncounts:  {\n  key:  \"a\"\n  value:  1\n}\ncounts:  {\n  key:  \"b\"\n  value:  2\n}\nany:  {\n  [type.googleapis.com/probe.v1.Inner]:  {\n    text:  \"x\"\n  }\n}\n\n\n"#;
    assert_eq!(records[8], OUT_ECHO);
    assert_eq!(records[10], r"In Header:\nWire Length: N\ncontent-type: application/grpc\n\n");
    assert_eq!(records[9], format!(r"Out Payload:\nWire Length: N\nSent Time: T\n{echo}"));
    assert_eq!(records[11], format!(r"In Payload:\nWire Length: N\nReceived Time: T\n{echo}"));
}

#[test]
fn env_var_and_script_option_turn_it_on_too() {
    assert_eq!(debug_records(&[], &[("K6_HTTP_DEBUG", "full")]).len(), 12);
    assert_eq!(debug_records(&[], &[("IN_OPTIONS", "full")]).len(), 12);
    assert_eq!(debug_records(&[], &[("IN_OPTIONS", "headers")]).len(), 7);
}

#[test]
fn nothing_is_logged_without_it() {
    assert!(debug_records(&[], &[]).is_empty());
}

#[test]
fn reflection_streams_are_logged_too() {
    let server = common::TestServer::start_v1alpha_reflection();
    let script = "import grpc from 'k6/net/grpc';\nconst client = new grpc.Client();\n\
                  export default function () { client.connect(__ENV.GRPC_ADDR, { plaintext: true, reflect: true }); }\n";
    let dir = common::script_dir("reflect.js", script);
    let out = Command::new(common::stampede_bin())
        .args(["run", "-q", "--no-color", "--http-debug", "reflect.js"])
        .env("GRPC_ADDR", server.addr())
        .current_dir(dir.path())
        .output()
        .expect("stampede starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let titles: Vec<String> = stderr
        .lines()
        .filter(|l| l.ends_with("source=http-debug"))
        .map(|l| {
            let msg = &l[l.find("msg=\"").expect("msg field") + 5..];
            let mut parts = msg.split("\\n");
            let title = parts.next().unwrap_or_default();
            let detail = parts.next().unwrap_or_default();
            format!("{title} {}", if title == "Out Header:" { detail } else { "" }).trim_end().to_owned()
        })
        .collect();
    // The v1 stream fails (trailers only), then v1alpha answers.
    assert_eq!(
        titles,
        [
            "Out Header: Full Method: /grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            "In Trailer:",
            "Out Header: Full Method: /grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            "In Header:",
        ],
        "{stderr}"
    );
}

/// A server stream with request metadata and a custom trailer, then (once it ended) a
/// bidirectional one without trailers.
const STREAM_SCRIPT: &str = r#"
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export default function () {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { metadata: { 'x-req': 'r' } });
  s.on('end', () => {
    const b = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
    b.on('end', () => client.close());
    b.write({ payload: { fString: 'b' } });
    b.end();
  });
  s.write({ count: 2, payload: { fString: 'p' }, control: { trailers: { 'x-t': 'tv' } } });
}
"#;

const OUT_SERVER_STREAM: &str = r"Out Header:\nFull Method: /stampede.test.v1.Echo/ServerStream\nRemote Address: ADDR\nx-req: r\nuser-agent: grpc-go/1.73.0\n\n";
const OUT_BIDI: &str =
    r"Out Header:\nFull Method: /stampede.test.v1.Echo/Bidi\nRemote Address: ADDR\nuser-agent: grpc-go/1.73.0\n\n";
const IN_HEADER: &str = r"In Header:\nWire Length: N\ncontent-type: application/grpc\n\n";

#[test]
fn streams_log_headers_and_non_empty_trailers() {
    // As k6: the request metadata (no grpc-timeout) when the stream opens, the response headers,
    // and the trailers only when something is left besides the status.
    let records = script_debug_records(STREAM_SCRIPT, &["--http-debug"], &[]);
    assert_eq!(
        records,
        [OUT_SERVER_STREAM, IN_HEADER, r"In Trailer:\nWire Length: N\nx-t: tv\n\n", OUT_BIDI, IN_HEADER],
        "{records:#?}"
    );
}

#[test]
fn full_mode_logs_every_stream_message() {
    // One Out Payload per write, one In Payload per reply. (k6 writes the In Trailer record
    // before the In Payload ones when the replies were still buffered as the trailers arrived;
    // Stampede logs in arrival order.)
    let records = script_debug_records(STREAM_SCRIPT, &["--http-debug=full"], &[]);
    assert_eq!(records.len(), 10, "{records:#?}");
    assert_eq!(records[0], OUT_SERVER_STREAM);
    assert_eq!(
        records[1],
        r#"Out Payload:\nWire Length: N\nSent Time: T\ncount:  2\npayload:  {\n  f_string:  \"p\"\n}\ncontrol:  {\n  trailers:  {\n    key:  \"x-t\"\n    value:  \"tv\"\n  }\n}\n\n\n"#
    );
    assert_eq!(records[2], IN_HEADER);
    let first = r#"In Payload:\nWire Length: N\nReceived Time: T\npayload:  {\n  f_string:  \"p\"\n}\nmetadata:  {\n"#;
    assert!(records[3].starts_with(first), "{}", records[3]);
    let second = r#"In Payload:\nWire Length: N\nReceived Time: T\npayload:  {\n  f_string:  \"p\"\n}\nseq:  1\n"#;
    assert!(records[4].starts_with(second), "{}", records[4]);
    assert_eq!(records[5], r"In Trailer:\nWire Length: N\nx-t: tv\n\n");
    assert_eq!(records[6], OUT_BIDI);
    assert_eq!(records[7], r#"Out Payload:\nWire Length: N\nSent Time: T\npayload:  {\n  f_string:  \"b\"\n}\n\n\n"#);
    assert_eq!(records[8], IN_HEADER);
    assert!(
        records[9]
            .starts_with(r#"In Payload:\nWire Length: N\nReceived Time: T\npayload:  {\n  f_string:  \"b\"\n}\n"#)
    );
}
