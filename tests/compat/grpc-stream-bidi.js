// Bidirectional streaming: replies while writing, end() from a handler (remaining replies still
// arrive), a server that finishes first, a stream timeout, constructor refusals and on() checks.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 1 };
const B = 'stampede.test.v1.Echo/Bidi';

function attempt(label, fn) {
  try { fn(); observe(label, 'ok'); } catch (e) { observe(label + ' threw', String(e)); }
}

export default () => {
  attempt('before connect', () => new grpc.Stream(client, B));
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  attempt('no client', () => new grpc.Stream());
  attempt('not a client', () => new grpc.Stream({}, B));
  attempt('no url', () => new grpc.Stream(client));
  attempt('empty url', () => new grpc.Stream(client, ''));
  attempt('unknown method', () => new grpc.Stream(client, 'x.Y/Z'));
  attempt('bad param', () => new grpc.Stream(client, B, { foo: 1 }));
  attempt('bad timeout', () => new grpc.Stream(client, B, { timeout: 'x' }));

  const s = new grpc.Stream(client, B);
  attempt('on undefined', () => s.on('data'));
  attempt('on string', () => s.on('data', 'x'));
  attempt('on unknown', () => s.on('foo', () => 1));
  attempt('on status', () => s.on('status', () => 1));
  let n = 0;
  s.on('data', (m) => {
    n += 1;
    observe('bidi data', m.payload.fString);
    if (n < 3) s.write({ payload: { fString: 'r' + n } });
    if (n === 3) s.end();
  });
  s.on('end', () => observe('bidi end', n));
  s.write({ payload: { fString: 'first' } });

  const f = new grpc.Stream(client, B);
  f.on('data', (m) => observe('finish data', m.payload ? m.payload.fString : null));
  f.on('error', (e) => observe('finish error', [Number(e.code), e.message]));
  f.on('end', () => observe('finish end', true));
  f.write({ payload: { fString: 'a' } });
  f.write({ payload: { fString: 'b' }, control: { action: 'ACTION_FINISH' } });

  const t = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream', { timeout: '500ms' });
  t.on('data', () => observe('timeout data', true));
  t.on('error', (e) => observe('timeout error', [Number(e.code), String(e.code), e.message]));
  t.on('end', () => observe('timeout end', true));
  t.write({ count: 1, control: { action: 'ACTION_HANG' } });
};
