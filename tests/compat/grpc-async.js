// asyncInvoke with Promise.all; rejections for pre-flight errors.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'quickpizza.proto');
export const options = { iterations: 1 };

export default async () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const calls = [1, 2, 3].map((n) => client.asyncInvoke('quickpizza.GRPC/RatePizza', { ingredients: ['x'.repeat(n)], dough: 'Thick' }));
  const rs = await Promise.all(calls);
  observe('statuses', rs.map((r) => String(r.status)));
  try { await client.asyncInvoke('quickpizza.GRPC/Nope', {}); } catch (e) { observe('rejected', String(e)); }
};
