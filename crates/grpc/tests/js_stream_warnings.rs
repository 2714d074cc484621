//! The warnings k6 logs for streams: an unknown event name, an empty write, and an error with no
//! `error` handler (the stream still ends).

use crate::js_common;
use crate::js_stream_support;

use js_common::{echo_script, server};
use js_stream_support::run_setup_logged;

#[test]
fn unknown_event_empty_write_and_unhandled_error() {
    let server = server();
    let run = run_setup_logged(
        &echo_script(
            &server,
            r#"
            export function setup() {
              client.connect('ADDR', { plaintext: true });
              const events = [];
              const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
              s.on('foo', () => events.push('foo'));
              s.on('end', () => events.push('end'));
              s.write(null);
              s.write({ count: 0, control: { statusCode: 13, statusMessage: 'internal!' } });
              return events;
            }
            "#,
        ),
        None,
    );
    assert!(matches!(&run.output, Ok(script::CallOutput::Json(Some(j))) if j == r#"["end"]"#), "{:?}", run.output);
    for expected in [
        "can't register foo event handler: unknown GRPC stream's event type: foo",
        "can't send empty message",
        "no handlers for error registered, but an error happened: rpc error: code = Internal desc = internal!",
    ] {
        assert!(run.log.contains(expected), "missing {expected:?} in:\n{}", run.log);
    }
    assert!(run.log.contains("level=warning"), "{}", run.log);
}
