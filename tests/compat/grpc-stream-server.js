// Server streaming: data for each reply (unpopulated fields left out), then end; a failing
// server stream gives data, one error {code, details, message}, then end. Stream tags on every
// sample; the iteration waits for the streams.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 1 };

function watch(label, s) {
  s.on('data', (m, meta) => observe(label + ' data', [m.seq || 0, m.payload || null, 'filler' in m, Number.isInteger(meta.ts)]));
  s.on('error', (e) => observe(label + ' error', [Number(e.code), String(e.code), e.message, e.details, e.error(), Object.keys(e)]));
  s.on('end', (x) => observe(label + ' end', x));
}

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const ok = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { tags: { kind: 'ok' } });
  watch('ok', ok);
  ok.write({ count: 3, intervalMs: 20, payload: { fString: 'hi', fInt64: '7' } });
  observe('shape', [Object.keys(ok), JSON.stringify(ok)]);
  const failing = new grpc.Stream(client, '/stampede.test.v1.Echo/ServerStream', { tags: { kind: 'failing' } });
  watch('failing', failing);
  failing.write({ count: 1, control: { statusCode: 9, statusMessage: 'boom' } });
  observe('returned', true);
};
