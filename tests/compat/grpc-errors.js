// Error statuses with details, default-filled messages, and the pre-flight errors k6 throws.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 1 };

function attempt(label, fn) {
  try { observe(label, fn()); } catch (e) { observe(label + ' threw', String(e)); }
}

export default () => {
  attempt('invoke before connect', () => client.invoke('stampede.test.v1.Echo/Echo', {}));
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const r = client.invoke('stampede.test.v1.Echo/Echo', {
    payload: { fString: 'x' },
    control: { statusCode: 5, statusMessage: 'no such thing', details: ['DETAIL_KIND_ERROR_INFO', 'DETAIL_KIND_BAD_REQUEST'] },
  });
  observe('status', [Number(r.status), String(r.status), r.status === grpc.StatusNotFound]);
  observe('error', r.error);
  observe('message on error', r.message === null ? null : Object.keys(r.message).sort());
  attempt('unknown method', () => client.invoke('stampede.test.v1.Echo/Nope', {}));
  attempt('empty method', () => client.invoke('', {}));
  attempt('unknown field', () => client.invoke('stampede.test.v1.Echo/Echo', { nope: 1 }));
  attempt('bad param', () => client.invoke('stampede.test.v1.Echo/Echo', {}, { bogus: 1 }));
  attempt('load outside init', () => client.load([__ENV.PROTO_DIR], 'quickpizza.proto'));
  attempt('bad connect param', () => client.connect(__ENV.GRPC_ADDR, { plaintext: 'yes' }));
  attempt('unknown connect param', () => client.connect(__ENV.GRPC_ADDR, { foo: 1 }));
  const d = client.invoke('stampede.test.v1.Echo/Echo', { control: { sleepMs: 300 } }, { timeout: '50ms' });
  observe('deadline', [Number(d.status), d.error && d.error.message]);
  observe('constants', [grpc.StatusOK + 0, `${grpc.StatusUnavailable}`, JSON.stringify({ s: grpc.StatusInternal })]);
};
