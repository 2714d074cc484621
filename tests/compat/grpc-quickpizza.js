// The seed example: QuickPizza RatePizza with a check, one connection per iteration.
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
const methods = client.load([__ENV.PROTO_DIR], 'quickpizza.proto');
observe('load', methods);
export const options = { vus: 2, iterations: 4 };

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Cheese'], dough: 'Thick' });
  check(r, { 'status is OK': (r) => r && r.status === grpc.StatusOK });
  observe('response', { status: String(r.status), message: r.message, error: r.error, trailers: r.trailers });
  client.close();
};
