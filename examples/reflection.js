// No .proto files: connect with `reflect: true` and the server describes its own services.
// Run:  stampede testserver &   then   stampede run examples/reflection.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { grpc_req_duration: ['p(95)<200'], checks: ['rate>0.99'] },
};

const client = new grpc.Client();
const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default () => {
  if (__ITER === 0) {
    client.connect(address, { plaintext: true, reflect: true });
  }
  const status = client.invoke('quickpizza.GRPC/Status', {});
  check(status, { 'status is OK': (r) => r.status === grpc.StatusOK && r.message.ready });
  const feature = client.invoke('routeguide.RouteGuide/GetFeature', { latitude: 413628156, longitude: -749015468 });
  check(feature, { 'feature found': (r) => r.message.name === 'U.S. 6, Shohola, PA 18458, USA' });
};
