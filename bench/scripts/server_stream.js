// Benchmark (c): server streaming, 100 messages per stream, one connection per VU.
import grpc from 'k6/net/grpc';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const stream = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  stream.on('data', () => {});
  stream.on('end', () => {});
  stream.write({ count: 100, payload: { fString: 'stampede' } });
  stream.end();
};
