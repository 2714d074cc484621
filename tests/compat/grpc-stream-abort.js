// exec.test.abort() while streams are open: on the VU that aborts and on the other one (busy in
// a sleep), the replies already received are delivered, then `error` {2, "canceled by client
// (k6)"} and `end`; every reply counts in grpc_streams_msgs_received and the cut streams record
// no grpc_req_duration. The aborting iteration counts as complete, the other one does not.
// (k6 1.1.0 sometimes leaves out the other VU's `error`, depending on a race; Stampede always
// fires it, so only the aborting VU's `error` is compared.)
import grpc from 'k6/net/grpc';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 1 } } };

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const label = exec.vu.idInTest === 1 ? 'aborting' : 'other';
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  s.on('data', (m) => observe(`${label} data`, m.seq || 0));
  s.on('error', (e) => {
    if (label === 'aborting') observe(`${label} error`, [e.code, e.message]);
    else console.log(`${label} error ${e.message}`);
  });
  s.on('end', () => observe(`${label} end`, true));
  s.write({ count: 3, intervalMs: 10, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  if (exec.vu.idInTest === 1) {
    sleep(0.5);
    exec.test.abort('stop');
  }
  sleep(5);
};
