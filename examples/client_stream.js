// Client streaming: many requests, one reply. RouteGuide/RecordRoute counts the points written and
// answers with a summary once the client calls stream.end().
// Run:  stampede testserver &   then   stampede run examples/client_stream.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'route_guide.proto');

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { grpc_streams_msgs_sent: ['count>0'], checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

const route = [
  { latitude: 407838351, longitude: -746143763 },
  { latitude: 408122808, longitude: -743999179 },
  { latitude: 413628156, longitude: -749015468 },
];

export default () => {
  if (__ITER === 0) {
    client.connect(address, { plaintext: true });
  }
  const stream = new grpc.Stream(client, 'routeguide.RouteGuide/RecordRoute');
  stream.on('data', (summary) => {
    check(summary, {
      'all points counted': (s) => s.pointCount === route.length,
      'all features found': (s) => s.featureCount === route.length,
    });
  });
  stream.on('error', (err) => {
    console.error(`stream error: ${err.code} ${err.message}`);
  });
  for (const point of route) {
    stream.write(point);
  }
  stream.end();
};
