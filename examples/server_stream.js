// Server streaming: one request, many replies. RouteGuide/ListFeatures streams every feature inside
// a rectangle; the iteration ends when the stream does.
// Run:  stampede testserver &   then   stampede run examples/server_stream.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'route_guide.proto');

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { grpc_streams_msgs_received: ['count>0'], checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default () => {
  if (__ITER === 0) {
    client.connect(address, { plaintext: true });
  }
  const features = [];
  const stream = new grpc.Stream(client, 'routeguide.RouteGuide/ListFeatures');
  stream.on('data', (feature) => {
    features.push(feature.name);
  });
  stream.on('error', (err) => {
    console.error(`stream error: ${err.code} ${err.message}`);
  });
  stream.on('end', () => {
    // The whole test database lies in this rectangle: 10 features.
    check(features, { 'received all 10 features': (f) => f.length === 10 });
  });
  stream.write({
    lo: { latitude: 400000000, longitude: -750000000 },
    hi: { latitude: 420000000, longitude: -730000000 },
  });
};
