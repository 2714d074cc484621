// Benchmark (c): bidirectional ping-pong, 100 round trips per stream, one connection per VU.
import grpc from 'k6/net/grpc';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const stream = new grpc.Stream(client, 'stampede.test.v1.Echo/Bidi');
  let received = 0;
  stream.on('data', () => {
    received++;
    if (received < 100) stream.write({ payload: { fInt32: received } });
    else stream.end();
  });
  stream.on('end', () => {});
  stream.write({ payload: { fInt32: 0 } });
};
