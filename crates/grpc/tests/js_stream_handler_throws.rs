//! A `data` handler that throws: as in k6, the stream reports the exception as its `error`
//! (code 2) and ends, the RPC is cancelled, and the exception fails the iteration.

mod js_common;

use js_common::{run_setup, script_for, server};

#[test]
fn data_handler_exception_fails_the_iteration() {
    let server = server();
    let run = run_setup(&script_for(
        &server,
        r#"
        import grpc from 'k6/net/grpc';
        const client = new grpc.Client();
        client.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');
        export const seen = [];
        export function setup() {
          client.connect('ADDR', { plaintext: true });
          const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
          s.on('data', () => { throw new Error('handler blew up'); });
          s.on('error', (e) => console.log('error', Number(e.code), e.message));
          s.on('end', () => console.log('end'));
          s.write({ payload: { fString: 'a' } });
          return 'returned';
        }
        "#,
    ));
    let err = run.output.as_ref().expect_err("the exception fails setup()");
    assert!(err.contains("handler blew up"), "{err}");
    assert_eq!(run.samples_of("grpc_streams").len(), 1);
}
