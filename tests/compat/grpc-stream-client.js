// Client streaming: writes, end(), one reply then end; writes after end() are ignored. A unary
// method used as a stream: one data, end.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 1 };

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ClientStream', { metadata: { 'x-who': 'compat' } });
  s.on('data', (m) => observe('client data', [m.count, m.texts, m.metadata['x-who']]));
  s.on('error', (e) => observe('client error', [Number(e.code), e.message]));
  s.on('end', () => observe('client end', true));
  s.write({ payload: { fString: 'a' } });
  s.write({ payload: { fString: 'b' } });
  s.write(null);
  s.end();
  s.write({ payload: { fString: 'c' } });
  s.end();

  const u = new grpc.Stream(client, 'stampede.test.v1.Echo/Echo');
  u.on('data', (m) => observe('unary data', [m.payload, m.method]));
  u.on('end', () => observe('unary end', true));
  u.write({ payload: { fBool: true } });
};
