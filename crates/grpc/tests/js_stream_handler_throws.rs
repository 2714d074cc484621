//! A `data` handler that throws: as in k6, the stream reports the exception as its `error`
//! (code 2) and ends, the RPC is cancelled, and the exception fails the iteration.

use crate::js_common;
use crate::js_stream_support;

use js_common::{echo_script, server};
use js_stream_support::run_setup_logged;

#[test]
fn data_handler_exception_fails_the_iteration() {
    let server = server();
    let run = run_setup_logged(
        &echo_script(
            &server,
            r#"
            export function setup() {
              client.connect('ADDR', { plaintext: true });
              const s = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
              s.on('data', () => { throw new Error('handler blew up'); });
              s.on('error', (e) => console.log('seen error', Number(e.code), e.message));
              s.on('end', () => console.log('seen end'));
              s.write({ payload: { fString: 'a' } });
              return 'returned';
            }
            "#,
        ),
        None,
    );
    let err = run.output.expect_err("the exception fails setup()");
    assert!(err.contains("handler blew up"), "{err}");
    let error_at = run.log.find("seen error 2 Error: handler blew up").expect(&run.log);
    let end_at = run.log.find("seen end").expect(&run.log);
    assert!(error_at < end_at, "{}", run.log);
    assert_eq!(run.log.matches("seen error").count(), 1, "{}", run.log);
}
