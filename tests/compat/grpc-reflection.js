// Server reflection instead of load(): methods resolved at connect time.
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
export const options = { iterations: 2 };

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true, reflect: true });
  const r = client.invoke('grpc.health.v1.Health/Check', { service: '' });
  check(r, { serving: (r) => r.message.status === 'SERVING' });
  observe('health', r.message);
  const p = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Olives'], dough: 'Thin' });
  observe('pizza', [String(p.status), typeof p.message.starsRating]);
};
