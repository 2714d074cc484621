// The QuickPizza gRPC example from k6's docs, pointed at `stampede testserver` (default port 50051).
// Run:  stampede testserver &   then   stampede run examples/quickpizza.js
import grpc from 'k6/net/grpc';
import { check, sleep } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'quickpizza.proto');

export const options = {
  vus: 5,
  duration: '10s',
  thresholds: { grpc_req_duration: ['p(95)<200'], checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default () => {
  client.connect(address, { plaintext: true });
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Cheese'], dough: 'Thick' });
  check(r, { 'status is OK': (r) => r && r.status === grpc.StatusOK });
  client.close();
  sleep(1);
};
