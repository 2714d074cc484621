// A threshold's abortOnFail stops the test while a stream is open: as after exec.test.abort(),
// the replies already received are delivered, then `error` {2, "canceled by client (k6)"} and
// `end`, and the cut stream records no grpc_req_duration.
import grpc from 'k6/net/grpc';
import { check, sleep } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = {
  iterations: 1,
  thresholds: { checks: [{ threshold: 'rate>0.5', abortOnFail: true }] },
};

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  s.on('data', (m) => observe('data', m.seq || 0));
  s.on('error', (e) => observe('error', [Number(e.code), e.message]));
  s.on('end', () => observe('end', true));
  s.write({ count: 3, intervalMs: 10, control: { action: 'ACTION_HANG' } });
  check(1, { fails: () => false });
  sleep(10);
};
