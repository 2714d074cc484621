// Benchmark (a)/(b): unary Echo, one connection per VU opened on the first iteration, no sleep.
// LARGE=1 sends and receives 100 KiB; READ_REPLY=1 also reads the reply (Stampede builds
// `Response.message` only when it is read; k6 always does).
import grpc from 'k6/net/grpc';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
const large = __ENV.LARGE === '1';
const readReply = __ENV.READ_REPLY === '1';
const request = large
  ? { payload: { fString: 'x'.repeat(100 * 1024) }, control: { responseBytes: 100 * 1024 } }
  : { payload: { fString: 'stampede', fInt64: '1234567890123', rInt32: [1, 2, 3], nested: { text: 'n', num: 7 },
      kind: 'KIND_ONE', mString: { a: 'b' }, ts: '2024-01-02T03:04:05Z', wInt32: 5, fBytes: 'AQID' } };

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const r = client.invoke('stampede.test.v1.Echo/Echo', request);
  if (readReply && r.message.payload === undefined) throw new Error('no payload');
};
