// Benchmark (d): many VUs, each iteration one call then sleep(1), one connection per VU.
import grpc from 'k6/net/grpc';
import { sleep } from 'k6';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'quickpizza.proto');

export default () => {
  if (__ITER === 0) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Cheese'], dough: 'Thick' });
  sleep(1);
};
