// When events are delivered: never while synchronous code runs (they come after sleep), at
// await points of async functions, and the iteration lasts until every stream ended.
import grpc from 'k6/net/grpc';
import { sleep } from 'k6';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 2 };

export default async () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const order = [];
  const s = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  s.on('data', (m) => order.push('data ' + (m.seq || 0)));
  const ended = new Promise((resolve) => s.on('end', () => { order.push('end'); resolve('ended'); }));
  s.write({ count: 2 });
  sleep(0.2);
  order.push('slept');
  order.push(await ended);
  observe('order', order);
  const late = new grpc.Stream(client, 'stampede.test.v1.Echo/ServerStream');
  late.on('end', () => observe('late end after return', true));
  late.write({ count: 1, intervalMs: 100 });
};
