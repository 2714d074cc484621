// TLS with a private CA, mutual TLS with a plain and a legacy-encrypted client key, tlsAuth-free.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const ca = open(`${__ENV.CERT_DIR}/ca.pem`);
const cert = open(`${__ENV.CERT_DIR}/client.pem`);
const key = open(`${__ENV.CERT_DIR}/client.key`);
const legacyKey = open(`${__ENV.CERT_DIR}/client.legacy-encrypted.key`);
const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'quickpizza.proto');
export const options = { iterations: 1 };

function rate(addr, tls) {
  client.connect(addr, { tls });
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Basil'], dough: 'Thin' });
  client.close();
  return [String(r.status), r.message.starsRating];
}

export default () => {
  observe('tls with cacerts', rate(__ENV.GRPC_TLS_ADDR, { cacerts: [ca] }));
  observe('mtls', rate(__ENV.GRPC_MTLS_ADDR, { cacerts: ca, cert, key }));
  observe('mtls legacy encrypted key', rate(__ENV.GRPC_MTLS_ADDR, { cacerts: ca, cert, key: legacyKey, password: 'stampede-secret' }));
};
