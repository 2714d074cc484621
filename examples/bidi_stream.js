// Bidirectional streaming: RouteGuide/RouteChat answers each note with the notes sent earlier on the
// same call to the same location. Writing the same location three times gets 0 + 1 + 2 = 3 replies.
// Run:  stampede testserver &   then   stampede run examples/bidi_stream.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'route_guide.proto');

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
  const replies = [];
  const stream = new grpc.Stream(client, 'routeguide.RouteGuide/RouteChat');
  stream.on('data', (note) => {
    replies.push(note.message);
  });
  stream.on('error', (err) => {
    console.error(`stream error: ${err.code} ${err.message}`);
  });
  stream.on('end', () => {
    check(replies, { 'got 3 earlier notes back': (r) => r.length === 3 });
  });
  const location = { latitude: 409146138, longitude: -746188906 };
  for (const message of ['first', 'second', 'third']) {
    stream.write({ location, message });
  }
  stream.end();
};
