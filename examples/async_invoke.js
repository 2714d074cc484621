// Several calls in flight at once: client.asyncInvoke() returns a Promise, Promise.all waits for all.
// Run:  stampede testserver &   then   stampede run examples/async_invoke.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'quickpizza.proto', 'route_guide.proto');

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { grpc_req_duration: ['p(95)<200'], checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default async () => {
  if (__ITER === 0) {
    client.connect(address, { plaintext: true });
  }
  const [rating, status, feature] = await Promise.all([
    client.asyncInvoke('quickpizza.GRPC/RatePizza', { ingredients: ['Mozzarella', 'Basil'], dough: 'Thin' }),
    client.asyncInvoke('quickpizza.GRPC/Status', {}),
    client.asyncInvoke('routeguide.RouteGuide/GetFeature', { latitude: 407838351, longitude: -746143763 }),
  ]);
  check(rating, { 'rating is OK': (r) => r.status === grpc.StatusOK && r.message.starsRating >= 1 });
  check(status, { 'server is ready': (r) => r.status === grpc.StatusOK && r.message.ready === true });
  check(feature, { 'feature found': (r) => r.message.name === 'Patriots Path, Mendham, NJ 07945, USA' });
};
