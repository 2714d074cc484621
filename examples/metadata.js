// Request metadata, response headers and trailers. probe.v1.Probe/Info reports the metadata it
// received and sends back the headers and trailers it is asked for.
// Run:  stampede testserver &   then   stampede run examples/metadata.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'probe/v1/probe.proto');

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default () => {
  if (__ITER === 0) {
    client.connect(address, { plaintext: true });
  }
  const params = {
    metadata: { 'x-request-id': `vu-${__VU}-iter-${__ITER}`, 'x-trace-bin': new Uint8Array([1, 2, 3]) },
    tags: { call: 'info' },
    timeout: '2s',
  };
  const r = client.invoke('probe.v1.Probe/Info', { headers: { 'x-served-by': 'probe' }, trailers: { 'x-cost': '7' } }, params);
  check(r, {
    'status is OK': (r) => r.status === grpc.StatusOK,
    'server saw our metadata': (r) => r.message.metadata['x-request-id'] === `vu-${__VU}-iter-${__ITER}`,
    'response header': (r) => r.headers['x-served-by'][0] === 'probe',
    'response trailer': (r) => r.trailers['x-cost'][0] === '7',
  });
};
