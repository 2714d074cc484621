// The `stampede demo` script: QuickPizza ratings over gRPC against the embedded test server,
// with server reflection (no .proto files needed), checks and thresholds.
import grpc from 'k6/net/grpc';
import { check, sleep } from 'k6';

export const options = {
  vus: 10,
  duration: '5s',
  thresholds: { grpc_req_duration: ['p(95)<500'], checks: ['rate>0.99'] },
};

const client = new grpc.Client();

export default () => {
  if (__ITER === 0) {
    client.connect(__ENV.GRPC_ADDR || 'localhost:50051', { plaintext: true, reflect: true });
  }
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Cheese', 'Tomato'], dough: 'Thick' });
  check(r, {
    'status is OK': (r) => r && r.status === grpc.StatusOK,
    'has a rating': (r) => r && r.message.starsRating > 0,
  });
  sleep(0.5);
};
