// Streams still open when the VU is stopped (gracefulStop expires during a sleep): the replies
// received meanwhile are delivered, then `end` fires.
// The interrupted iteration reports data_sent/data_received but no iteration_duration, and the
// cut streams no grpc_req_duration. No `error` handler: k6 1.1.0 fires a code-4 error for those
// streams (racily); Stampede does not. A VU stopped while idle is covered by
// crates/stampede/tests/interrupted_streams.rs (k6 1.1.0 drops some `end` events there; README).
import grpc from 'k6/net/grpc';
import { sleep } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');

export const options = {
  scenarios: { sleeping: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '500ms' } },
};

export default function () {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  client.invoke('stampede.test.v1.Echo/Echo', { payload: { fString: 'x'.repeat(5000) } });
  const server = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  server.on('data', (m) => observe('server data', m.seq || 0));
  server.on('end', (x, meta) => observe('server end', [x, Number.isInteger(meta.ts)]));
  server.write({ count: 3, intervalMs: 20, payload: { fString: 'y'.repeat(2000) }, control: { action: 'ACTION_HANG' } });
  const bidi = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
  bidi.on('data', (m) => observe('bidi data', m.payload));
  bidi.on('end', () => observe('bidi end', true));
  bidi.write({ payload: { fString: 'z' } });
  // Whether k6 runs code after this sleep once the VU is stopped is racy, so none follows.
  sleep(5);
}
