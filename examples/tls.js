// TLS and mutual TLS. Start the server with generated certificates:
//   stampede testserver --tls      (or --mtls)      — it prints the directory holding them
// then point the script at them:
//   stampede run -e CA_CERT=<dir>/ca.pem examples/tls.js
//   stampede run -e CA_CERT=<dir>/ca.pem -e CLIENT_CERT=<dir>/client.pem -e CLIENT_KEY=<dir>/client.key examples/tls.js
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'quickpizza.proto');

// open() works in the init context only: read the PEM files once, here.
const tls = { cacerts: [open(__ENV.CA_CERT)] };
if (__ENV.CLIENT_CERT) {
  tls.cert = open(__ENV.CLIENT_CERT);
  tls.key = open(__ENV.CLIENT_KEY);
}

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: { grpc_req_duration: ['p(95)<200'], checks: ['rate>0.99'] },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';

export default () => {
  if (__ITER === 0) {
    client.connect(address, { tls }); // TLS is the default: no `plaintext`
  }
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Cheese'], dough: 'Thick' });
  check(r, { 'status is OK': (r) => r.status === grpc.StatusOK });
};
