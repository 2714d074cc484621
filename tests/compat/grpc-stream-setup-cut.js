// A stream still open when setup() is cut short, by setupTimeout or (CUT=abort) by
// exec.test.abort(): no handler runs any more, but the replies already received count in
// grpc_streams_msgs_received and the bytes in data_sent/data_received. After an abort k6 runs no
// handler either; after a timeout it races (sometimes the `data` handlers run, sometimes an
// `error` one, sometimes none), so the events are compared only for the abort.
import grpc from 'k6/net/grpc';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { setupTimeout: '2s', iterations: 1 };

export function setup() {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  const note = __ENV.CUT === 'abort' ? observe : (label) => console.log(label);
  s.on('data', () => note('setup data', true));
  s.on('error', () => note('setup error', true));
  s.on('end', () => note('setup end', true));
  s.write({ count: 3, intervalMs: 10, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  if (__ENV.CUT === 'abort') {
    sleep(0.3);
    exec.test.abort('in setup');
  }
  sleep(5);
}

export default () => observe('iteration', true);
