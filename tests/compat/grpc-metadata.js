// Request metadata (ASCII and -bin) echoed by the server into headers and trailers; tags on samples.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 2 };

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const r = client.invoke(
    'stampede.test.v1.Echo/Echo',
    { control: { echoMetadata: true, headers: { 'x-h': 'hv' }, trailers: { 'x-t': 'tv' } } },
    { metadata: { 'x-plain': 'abc', 'X-Upper': 'up', 'x-data-bin': new Uint8Array([1, 2, 3]) }, tags: { mytag: 'v' + __ITER } },
  );
  const pick = (m) => Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('x-')));
  observe('seen', pick(r.message.metadata));
  observe('headers', pick(r.headers));
  observe('trailers', pick(r.trailers));
};
